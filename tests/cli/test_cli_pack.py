"""`commissioner pack`: governance packs from a script, with one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commissioner.cli import main
from tests.pdf_checks import assert_qpdf_accepts, page_texts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_file(tmp_path: Path, demo_portfolio_file: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    return path


def test_a_project_pack_with_its_marking(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "waste.pdf"
    code, printed, err = run(
        capsys,
        "pack",
        "--db",
        str(demo_file),
        "--project",
        "wst-2023-01",
        "--out",
        str(out),
        "--period",
        "2026-11",
        "--marking",
        "OFFICIAL-SENSITIVE",
        "--descriptor",
        "commercial",
        "--sections",
        "summary,costs",
    )
    assert (code, err) == (0, "")
    texts = page_texts(out)
    assert f"Wrote {len(texts)} pages to {out}" in printed
    assert all(text.count("OFFICIAL-SENSITIVE COMMERCIAL") >= 2 for text in texts)
    assert "Cost position" in " ".join(texts)
    assert "Risk profile" not in " ".join(texts)
    assert_qpdf_accepts(out)


def test_no_marking_and_the_portfolio(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "portfolio.pdf"
    code, printed, _ = run(
        capsys,
        "pack",
        "--db",
        str(demo_file),
        "--portfolio",
        "--out",
        str(out),
        "--marking",
        "NONE",
    )
    assert code == 0 and "Wrote" in printed
    text = " ".join(page_texts(out))
    assert "OFFICIAL" not in text
    assert "WST-2023-01" in text and "Portfolio summary" in text


def test_an_earlier_pack_is_drawn_again_identically(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.pdf"
    base = ("pack", "--db", str(demo_file))
    assert (
        run(
            capsys, *base, "--project", "WST-2023-01", "--out", str(first), "--sections", "summary"
        )[0]
        == 0
    )
    code, printed, _ = run(capsys, *base, "--regenerate", "1", "--out", str(tmp_path / "again.pdf"))
    assert code == 0
    assert "identical to the pack first generated" in printed
    assert (tmp_path / "again.pdf").read_bytes() == first.read_bytes()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--project", "NOPE-1", "--out", "{tmp}/x.pdf"), "no project with the reference NOPE-1"),
        (("--project", "WST-2023-01", "--out", "{tmp}/x.txt"), "ending .pdf"),
        (("--project", "WST-2023-01", "--out", "{tmp}/missing/x.pdf"), "no folder"),
        (
            ("--project", "WST-2023-01", "--out", "{tmp}/x.pdf", "--period", "2026-13"),
            "year and month",
        ),
        (
            ("--project", "WST-2023-01", "--out", "{tmp}/x.pdf", "--sections", "gossip"),
            "Unknown section",
        ),
        (("--regenerate", "99", "--out", "{tmp}/x.pdf"), "no longer in the file"),
    ],
)
def test_bad_input_gives_one_line_and_no_file(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: tuple[str, ...],
    message: str,
) -> None:
    filled = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    code, printed, err = run(capsys, "pack", "--db", str(demo_file), *filled)
    assert code == 1 and printed == ""
    assert err.startswith("commissioner: ") and err.count("\n") == 1
    assert message in err
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.txt"))


def test_the_worker_reports_progress_as_json_lines(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "worker.pdf"
    command = [sys.executable, "-m", "commissioner", "pack", "--db", str(demo_file)]
    command += [
        "--project",
        "WST-2023-01",
        "--out",
        str(out),
        "--sections",
        "summary",
        "--progress",
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    fractions = [line["progress"] for line in lines[:-1]]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    done = lines[-1]
    assert done["done"] is True and done["pages"] == len(page_texts(out))
    assert Path(done["path"]) == out
