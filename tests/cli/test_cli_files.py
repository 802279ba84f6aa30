"""`commissioner export` and `commissioner import`: project files from a script."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from commissioner.cli import main

WASTE = "WST-2023-01"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_file(tmp_path: Path, demo_portfolio_file: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    return path


@pytest.fixture
def waste_file(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "waste.commission"
    code, _, err = run(
        capsys, "export", "--db", str(demo_file), "--project", WASTE, "--out", str(out)
    )
    assert (code, err) == (0, "")
    return out


def references(capsys: pytest.CaptureFixture[str], db: Path) -> list[str]:
    code, printed, _ = run(capsys, "projects", "--db", str(db), "--json", "--all")
    assert code == 0
    return sorted(row["reference"] for row in json.loads(printed))


def test_export_then_import_into_a_new_database(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "two.commission"
    code, printed, err = run(
        capsys, "export", "--db", str(demo_file), "--project", "wst-2023-01",
        "--project", "HWY-2022-01", "--out", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert re.search(r"^Exported WST-2023-01 \(Waste collection and recycling contract\) with "
                     r"[\d,]+ records$", printed, re.MULTILINE)  # fmt: skip
    assert f"Wrote {out} (" in printed

    target = tmp_path / "colleague.db"
    code, printed, err = run(capsys, "import", "--db", str(target), str(out))

    assert (code, err) == (0, "")
    lines = sorted(printed.splitlines())
    assert len(lines) == 2
    assert re.fullmatch(r"Imported HWY-2022-01 \(Highways maintenance term contract\) with "
                        r"[\d,]+ records", lines[0])  # fmt: skip
    assert lines[1].startswith("Imported WST-2023-01 (Waste collection and recycling contract)")
    assert references(capsys, target) == ["HWY-2022-01", WASTE]


def test_an_existing_reference_is_refused_with_the_choices_and_nothing_changes(
    demo_file: Path, waste_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha256(demo_file)
    code, printed, err = run(capsys, "import", "--db", str(demo_file), str(waste_file))
    assert (code, printed) == (1, "")
    assert err == f"commissioner: {WASTE} already exists: use --as-copy or --replace\n"
    assert sha256(demo_file) == before


def test_as_copy_imports_under_a_new_reference(
    demo_file: Path, waste_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, err = run(capsys, "import", "--db", str(demo_file), str(waste_file), "--as-copy")
    assert (code, err) == (0, "")
    assert printed.startswith(f"Imported {WASTE} as {WASTE}-COPY (Waste collection")
    assert f"{WASTE}-COPY" in references(capsys, demo_file)


def test_replace_says_where_the_backup_went(
    demo_file: Path, waste_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, err = run(capsys, "import", "--db", str(demo_file), str(waste_file), "--replace")
    assert (code, err) == (0, "")
    backup = re.search(r"backed up first to (\S+\.db)$", printed, re.MULTILINE)
    assert backup is not None and Path(backup[1]).is_file()
    assert references(capsys, demo_file).count(WASTE) == 1


def test_as_copy_and_replace_cannot_be_given_together(
    demo_file: Path, waste_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["import", "--db", str(demo_file), str(waste_file), "--as-copy", "--replace"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "not allowed with argument" in err and err.count("\n") == 1


def test_a_password_file_protects_the_export_and_opens_the_import(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret, wrong, empty = tmp_path / "pw.txt", tmp_path / "wrong.txt", tmp_path / "empty.txt"
    secret.write_text("correct horse battery\nignored second line\n", encoding="utf-8")
    wrong.write_text("incorrect\n", encoding="utf-8")
    empty.write_text("\n", encoding="utf-8")
    out, target = tmp_path / "secret.commission", tmp_path / "colleague.db"
    export = ["export", "--db", str(demo_file), "--project", WASTE, "--out", str(out)]
    code, printed, _ = run(capsys, *export, "--password-file", str(secret))
    assert code == 0 and "protected by the password" in printed

    code, _, err = run(capsys, "import", "--db", str(target), str(out))
    assert code == 1 and "protected by a password" in err and "--password-file" in err
    code, _, err = run(
        capsys, "import", "--db", str(target), str(out), "--password-file", str(wrong)
    )
    assert code == 1 and "password is wrong" in err
    code, _, err = run(
        capsys, "import", "--db", str(target), str(out), "--password-file", str(empty)
    )
    assert (code, err) == (1, f"commissioner: the password file {empty} is empty: put the "
                              "password on its first line\n")  # fmt: skip
    assert not target.exists()  # refused files never create the database

    code, printed, err = run(
        capsys, "import", "--db", str(target), str(out), "--password-file", str(secret)
    )
    assert (code, err) == (0, "")
    assert printed.startswith(f"Imported {WASTE}")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--project", "NOPE-1", "--out", "{tmp}/x.commission"], "no project with the reference"),
        (["--project", WASTE, "--out", "{tmp}/x.zip"], "give --out a name like x.commission"),
        (["--project", WASTE, "--out", "{tmp}/missing/x.commission"], "there is no folder"),
        (["--project", WASTE, "--out", "{tmp}/x.commission", "--password-file", "{tmp}/none"],
         "cannot read the password file"),
    ],
)  # fmt: skip
def test_export_refusals_are_one_line(
    arguments: list[str],
    message: str,
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    code, printed, err = run(capsys, "export", "--db", str(demo_file), *filled)
    assert (code, printed) == (1, "")
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.commission").exists()


def test_a_file_that_is_not_a_project_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.commission"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    target = tmp_path / "colleague.db"
    code, printed, err = run(capsys, "import", "--db", str(target), str(junk))
    assert (code, printed) == (1, "")
    assert err.startswith("commissioner: ") and err.count("\n") == 1
    assert not target.exists()
