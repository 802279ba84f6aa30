"""Importing actuals from a finance export: preview with reasons, apply, undo, bad files.

The sample ``tests/data/finance-transactions-p06-p08.csv`` is a made-up council GL
listing: two title rows, cost centre and account columns (once written as one code),
"P07 2026/27" periods (one blank with a posting date, one "Adj"), "£" amounts with
credits in brackets, "TBC" for an amount, another project's cost centre and a total row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from commissioner.errors import ValidationError
from commissioner.io.actuals_mapping import ActualsField
from commissioner.io.spreadsheet import SpreadsheetError
from commissioner.services.actuals_import import (
    ImportMode,
    apply_actuals,
    preview_actuals,
    read_export,
    remap,
)
from commissioner.services.cost_entries import (
    CellEdit,
    CostLineInput,
    add_cost_line,
    list_categories,
    set_cells,
)
from commissioner.services.costs import get_cost_sheet
from commissioner.storage import Database
from tests.conftest import MakeProject

D = dt.date
F = ActualsField
SAMPLE = Path(__file__).parents[1] / "data" / "finance-transactions-p06-p08.csv"
TODAY = D(2026, 11, 20)
SEP, OCT, NOV = D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)


def _category(db: Database, name: str) -> int:
    return next(row.id for row in list_categories(db) if row.name == name)


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> tuple[int, dict[str, int]]:
    """A home care project with four cost lines, three of them coded in the ledger."""
    project_id = make_project(db)
    lines = {
        "Interim staff": ("Staff", "C4410/5001"),
        "Provider payments": ("Supplier payments", "C4410 / 5420"),
        "Case system": ("One-off implementation", "C4410-5610"),
        "Contingency": ("Contingency", ""),
    }
    ids = {
        name: add_cost_line(db, project_id, CostLineInput(name, _category(db, category), code))
        for name, (category, code) in lines.items()
    }
    return project_id, ids


def _actuals(db: Database, project_id: int) -> dict[tuple[str, dt.date], int | None]:
    sheet = get_cost_sheet(db, project_id, TODAY)
    return {
        (line.name, month): cell.actual
        for line in sheet.lines
        for month, cell in line.periods.items()
        if cell.actual is not None
    }


def test_the_sample_is_previewed_row_by_row_with_reasons(
    db: Database, project: tuple[int, dict[str, int]]
) -> None:
    project_id, _ = project
    preview = preview_actuals(db, project_id, read_export(SAMPLE), today=TODAY)
    assert preview.table.header_row == 3  # under the two title rows
    assert preview.financial_year == 2026  # the current one: the name gives none
    outcomes = [
        (row.row_number, row.line_name, row.month, row.pence, row.skipped_because)
        for row in preview.rows
    ]
    assert outcomes == [
        (4, "Interim staff", SEP, 845_000, ""),
        (5, "Interim staff", OCT, 845_000, ""),
        (6, "Interim staff", OCT, -120_000, ""),  # a credit in brackets
        (7, "Provider payments", OCT, 4_231_867, ""),
        (8, "Provider payments", OCT, 391_240, ""),
        (9, "Provider payments", OCT, -51_200, ""),
        (10, "Case system", NOV, 1_500_000, ""),  # no period: the posting date's month
        (11, "", None, None, "no cost line has the finance code or name “C9920 / 5001”"),
        (12, "Provider payments", NOV, None, "the amount “TBC” is not a number"),
        (13, "Case system", None, None, "the period “Adj” is not a month or a financial period"),
        (14, "", None, None, "a total row, not a transaction"),
    ]
    assert (preview.imported_rows, preview.skipped_rows) == (7, 4)
    summed = [(m.line_name, m.month, m.pence, m.row_count) for m in preview.months]
    assert summed == [
        ("Interim staff", SEP, 845_000, 1),
        ("Interim staff", OCT, 725_000, 2),
        ("Provider payments", OCT, 4_571_907, 3),
        ("Case system", NOV, 1_500_000, 1),
    ]
    assert (preview.line_count, preview.month_count, preview.total_pence) == (3, 3, 7_641_907)


def test_apply_replaces_the_months_actuals_and_undo_restores_them(
    db: Database, project: tuple[int, dict[str, int]]
) -> None:
    project_id, ids = project
    entered = [
        CellEdit(ids["Interim staff"], OCT, "actual", 900_000),  # typed in before the export
        CellEdit(ids["Interim staff"], D(2026, 8, 1), "actual", 812_500),  # not in the file
        CellEdit(ids["Provider payments"], OCT, "forecast", 4_500_000),
    ]
    set_cells(db, project_id, entered)
    before = _actuals(db, project_id)
    preview = preview_actuals(db, project_id, read_export(SAMPLE), today=TODAY)
    assert preview.mode is ImportMode.REPLACE  # the default: the ledger is the truth
    staff_october = next(m for m in preview.months if m.month == OCT and m.line_name[0] == "I")
    assert (staff_october.before, staff_october.after) == (900_000, 725_000)

    imported = apply_actuals(db, project_id, preview)
    assert imported.report == (
        "Imported 7 rows into 3 cost lines over 3 months: £76,419.07 in all."
    )
    assert _actuals(db, project_id) == {
        ("Interim staff", D(2026, 8, 1)): 812_500,  # a month the file does not mention
        ("Interim staff", SEP): 845_000,
        ("Interim staff", OCT): 725_000,
        ("Provider payments", OCT): 4_571_907,
        ("Case system", NOV): 1_500_000,
    }
    forecast = get_cost_sheet(db, project_id, TODAY).lines[1].periods[OCT].forecast
    assert forecast == 4_500_000  # the forecast beside the imported actual is untouched

    set_cells(db, project_id, imported.previous)  # what undo does
    assert _actuals(db, project_id) == before
    set_cells(db, project_id, imported.written)  # and redo
    assert _actuals(db, project_id)[("Provider payments", OCT)] == 4_571_907


def test_add_mode_adds_to_what_is_recorded(
    db: Database, project: tuple[int, dict[str, int]]
) -> None:
    project_id, ids = project
    set_cells(db, project_id, [CellEdit(ids["Interim staff"], OCT, "actual", 100_000)])
    preview = preview_actuals(db, project_id, read_export(SAMPLE), mode=ImportMode.ADD)
    apply_actuals(db, project_id, preview)
    assert _actuals(db, project_id)[("Interim staff", OCT)] == 825_000


def test_changing_a_column_previews_again(
    db: Database, project: tuple[int, dict[str, int]]
) -> None:
    project_id, _ = project
    preview = preview_actuals(db, project_id, read_export(SAMPLE), today=TODAY)
    by_date = dict(preview.columns)
    del by_date[F.PERIOD]  # read the month from the posting date instead
    again = remap(db, preview, by_date)
    accrual = next(row for row in again.rows if row.row_number == 6)
    assert accrual.month == OCT and again.rows[0].month == SEP
    adjustment = next(row for row in again.rows if row.row_number == 13)
    assert adjustment.month == NOV and adjustment.imported  # "Adj" is no longer read


def test_periods_without_a_year_take_the_chosen_financial_year(
    db: Database, project: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    project_id, _ = project
    path = tmp_path / "Actuals FY 2025-26.csv"
    path.write_text("Account,Period,Amount\nContingency,P10,£250.00\nContingency,P01,£1.00\n")
    preview = preview_actuals(db, project_id, read_export(path), today=TODAY)
    assert preview.financial_year == 2025  # from the file's name
    assert [row.month for row in preview.rows] == [D(2026, 1, 1), D(2025, 4, 1)]
    assert preview.rows[0].line_name == "Contingency"  # no code: matched on the name
    later = remap(db, preview, year=2026)
    assert [row.month for row in later.rows] == [D(2027, 1, 1), D(2026, 4, 1)]


def test_a_workbook_with_real_dates_and_numbers(
    db: Database, project: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    project_id, _ = project
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "GL 2026-27"
    sheet.append(["Transactions for C4410"])
    sheet.append(["Cost Centre Code", "Subjective", "Narrative", "GL Date", "Net"])
    sheet.append(["C4410", 5420, "Brightwell Care invoice", dt.datetime(2026, 10, 15), 42318.67])
    sheet.append(["C4410", 5420, "Brightwell Care credit", dt.datetime(2026, 10, 29), -512])
    sheet.append(["C4410", 5001, "Agency", dt.datetime(2026, 9, 30), 8450])
    workbook.save(tmp_path / "gl.xlsx")
    preview = preview_actuals(db, project_id, read_export(tmp_path / "gl.xlsx"), today=TODAY)
    assert preview.columns == {F.COST_CENTRE: 0, F.ACCOUNT: 1, F.DESCRIPTION: 2,
                               F.POSTING_DATE: 3, F.AMOUNT: 4}  # fmt: skip
    apply_actuals(db, project_id, preview)
    assert _actuals(db, project_id) == {
        ("Provider payments", OCT): 4_180_667,
        ("Interim staff", SEP): 845_000,
    }


def test_a_code_shared_by_two_lines_is_not_guessed_between_them(
    db: Database, project: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    project_id, _ = project
    add_cost_line(
        db, project_id, CostLineInput("Agency top-up", _category(db, "Staff"), "C4410/5001")
    )
    path = tmp_path / "x.csv"
    path.write_text("Cost centre,Account,Period,Amount\nC4410,5001,P07 2026/27,10\n")
    row = preview_actuals(db, project_id, read_export(path)).rows[0]
    assert row.skipped_because == "more than one cost line has the finance code “C4410 / 5001”"


# --- Files that cannot be imported -------------------------------------------------------


def test_a_header_with_no_amount_column_explains_and_writes_nothing(
    db: Database, project: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    project_id, _ = project
    path = tmp_path / "no-amount.csv"
    path.write_text("Cost centre,Account,Period,Supplier\nC4410,5001,P07 2026/27,Brightwell\n")
    preview = preview_actuals(db, project_id, read_export(path))
    assert preview.problem.startswith("No column is matched to Amount")
    with pytest.raises(ValidationError, match="No column is matched to Amount"):
        apply_actuals(db, project_id, preview)
    assert _actuals(db, project_id) == {}


def test_a_project_without_cost_lines_is_told_to_add_them(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    preview = preview_actuals(db, project_id, read_export(SAMPLE))
    assert "has no cost lines yet" in preview.problem and preview.months == ()


def test_nothing_matching_writes_nothing(
    db: Database, project: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    project_id, _ = project
    path = tmp_path / "other.csv"
    path.write_text("Cost centre,Account,Period,Amount\nC9999,5001,P07 2026/27,10\n")
    preview = preview_actuals(db, project_id, read_export(path))
    with pytest.raises(ValidationError, match="No row of the file matches"):
        apply_actuals(db, project_id, preview)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "has no rows to import"),
        ("only-header.csv", b"Cost centre,Period,Amount\n", "no rows under them"),
        ("report.pdf", b"%PDF-1.7", "not a spreadsheet Commissioner can read"),
        ("renamed.xlsx", b"Cost centre,Amount", "could not be read as an Excel workbook"),
    ],
)
def test_bad_files_give_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message):
        read_export(path)


def test_a_locked_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "open-in-excel.csv"
    path.write_text("Cost centre,Period,Amount\nC1,P01,1\n")

    def locked(_self: Path) -> bytes:  # what Windows does while Excel holds the file
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", locked)
    with pytest.raises(SpreadsheetError, match="is locked: it may be open in Excel"):
        read_export(path)
