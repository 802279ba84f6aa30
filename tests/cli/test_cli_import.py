"""`commissioner import-register`: per-row report, summary, dry run, one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from commissioner import cli
from commissioner.cli_import import add_import_register_parser, run_import_register
from commissioner.errors import CommissionerError
from commissioner.storage import Database
from tests.conftest import MakeProject

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "quantitative-cost-risk-register.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Through ``cli.main`` once the verb is wired there; until then, as main would run it."""
    if "import-register" in cli._VERBS:
        code = cli.main(list(args))
    else:
        parser = argparse.ArgumentParser(prog="commissioner")
        add_import_register_parser(parser.add_subparsers(dest="verb"))
        try:
            code = run_import_register(parser.parse_args(args))
        except CommissionerError as error:
            print(f"commissioner: {error}", file=sys.stderr)
            code = cli.EXIT_FAILURE
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def database(db: Database, make_project: MakeProject) -> Path:
    make_project(db, reference="WST-2026-01")
    db.close()
    return db.path


def test_import_prints_each_row_and_a_summary(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "import-register", "--db", str(database), "--project", "WST-2026-01", str(SAMPLE)
    )
    assert code == 0 and err == ""
    assert "row 2: imported as R-001 (was 1)" in out
    assert "row 31: skipped: an opportunity, not a risk" in out
    assert "Likelihood (2) → Residual likelihood" in out
    assert out.rstrip().endswith("Imported 51 of 52 rows into WST-2026-01, 1 skipped.")


def test_dry_run_writes_nothing(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = database.read_bytes()
    code, out, _ = run(capsys, "import-register", "--db", str(database), "--project",
                       "wst-2026-01", str(SAMPLE), "--dry-run")  # fmt: skip
    assert code == 0
    assert (
        "Dry run: would import 51 of 52 rows into WST-2026-01 (1 skipped); nothing written." in out
    )
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    ("project", "file", "message"),
    [
        ("NOPE-1", SAMPLE, "no project with the reference NOPE-1"),
        ("WST-2026-01", DATA / "missing.xlsx", "missing.xlsx was not found"),
        ("WST-2026-01", DATA / "README.md", "use .xlsx or .csv"),
    ],
)
def test_failures_are_one_line(
    database: Path, capsys: pytest.CaptureFixture[str], project: str, file: Path, message: str
) -> None:
    before = database.read_bytes()
    code, _, err = run(
        capsys, "import-register", "--db", str(database), "--project", project, str(file)
    )
    assert code == 1 and err.count("\n") == 1 and message in err
    assert database.read_bytes() == before


def test_missing_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import-register", "--db", str(tmp_path / "none.db"),
                       "--project", "X", str(SAMPLE))  # fmt: skip
    assert code == 1 and err.count("\n") == 1
    assert not (tmp_path / "none.db").exists()
