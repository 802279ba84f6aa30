"""The command line: scripted use from outside, one-line errors, never a traceback."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from commissioner import __version__
from commissioner.cli import main
from commissioner.models.enums import StageKind

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.db"
    code, out, _ = run(capsys, "demo", "--db", str(path))
    assert code == 0 and "demo portfolio" in out
    return path


def test_demo_then_projects_json_lists_every_stage(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "projects", "--db", str(demo_db), "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert len(rows) >= 6
    for row in rows:
        assert {"reference", "name", "service_area", "stage", "status"} <= row.keys()
    assert {row["stage"] for row in rows} == {kind.value for kind in StageKind}


def test_projects_table_has_a_header_and_a_row_per_project(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "projects", "--db", str(demo_db))
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Reference")
    code, out_json, _ = run(capsys, "projects", "--db", str(demo_db), "--json")
    assert len(lines) == 1 + len(json.loads(out_json))


def test_archived_projects_only_with_all(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, shown, _ = run(capsys, "projects", "--db", str(demo_db), "--json")
    _, every, _ = run(capsys, "projects", "--db", str(demo_db), "--json", "--all")
    assert len(json.loads(every)) > len(json.loads(shown))


def test_demo_refuses_a_file_that_already_has_projects(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_db.read_bytes()
    code, _, err = run(capsys, "demo", "--db", str(demo_db))
    assert code == 1
    assert err.count("\n") == 1 and "already" in err
    assert demo_db.read_bytes() == before


def test_check_passes_a_good_file(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and "ok" in out


def test_check_fails_a_file_with_broken_links(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(demo_db) as raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("UPDATE stages SET project_id = 9999 WHERE id = 1")
    code, _, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1 and "Broken link" in err


@pytest.mark.parametrize("verb", ["projects", "check"])
def test_files_that_are_not_ours_are_refused_untouched(
    verb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = tmp_path / "register.csv"
    register.write_text("Ref,Risk\nR1,Flood & <storm>\n")
    code, out, err = run(capsys, verb, "--db", str(register))
    assert code == 1 and out == ""
    assert err.startswith("commissioner: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert register.read_text() == "Ref,Risk\nR1,Flood & <storm>\n"


def test_newer_file_is_refused_untouched(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = demo_db.read_bytes()
    code, _, err = run(capsys, "projects", "--db", str(demo_db))
    assert code == 1 and "newer version" in err
    assert demo_db.read_bytes() == before


def test_a_new_db_path_is_created_and_migrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fresh.db"
    code, out, _ = run(capsys, "projects", "--db", str(path), "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "check", "--db", str(path))
    assert code == 0


def test_missing_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "projects", "--db", str(tmp_path / "nowhere" / "x.db"))
    assert code == 1 and "does not exist" in err and err.count("\n") == 1


def test_unknown_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["pakc"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice" in err


def test_main_py_and_version_from_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"commissioner {__version__}"


def test_a_listing_piped_into_a_reader_that_stops_early_is_not_an_error(
    demo_db: Path,
) -> None:
    # Like `commissioner projects | head -0`: the reader has gone before anything is written.
    command = [sys.executable, "-m", "commissioner", "projects", "--db", str(demo_db)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read()
    assert errors == b""
    assert process.returncode == 0
