"""Spreadsheet exports of any list: typed cells, formula-safe text, and all or nothing on disk."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commissioner.io.table_export import (
    ExportCancelledError,
    ExportColumn,
    ExportError,
    TableExport,
    sheet_title,
    write_table,
)

INJECTIONS = ('=HYPERLINK("http://evil","click")', "+44 1234", "-2+3", "@SUM(A1)", "\tx", "\rx")
WELSH = "Gwasanaethau Cymdeithasol — Ŵyr ŷ caffi ☕ ailgylchu ♻️ 🚮"
COLUMNS = (
    ExportColumn("Reference"),
    ExportColumn("Title"),
    ExportColumn("Due", "date"),
    ExportColumn("Logged", "datetime"),
    ExportColumn("Budget", "money"),
    ExportColumn("Spent", "percent"),
    ExportColumn("Score", "integer"),
    ExportColumn("Value", "number"),
)


def sample(rows: int = 3) -> TableExport:
    body = [
        (
            "WST-2023-01",
            WELSH,
            dt.date(2026, 4, 30),
            dt.datetime(2026, 5, 12, 10, 15),
            125_000_050,
            0.25,
            12,
            85.5,
        ),
        ("HWY-2022-01", INJECTIONS[0], None, None, None, None, None, None),
        ("ASC-2025-01", "Not approved", None, None, "Not approved", 0.075, 3.0, 7),
    ]
    body += [(f"GEN-{n:05d}", "x", None, None, n, None, n, None) for n in range(rows - 3)]
    return TableExport("Waste & recycling: portfolio", "Portfolio", COLUMNS, tuple(body))


def test_a_workbook_holds_real_dates_pounds_and_percentages(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    assert write_table(sample(), path) == 3
    sheet = load_workbook(path)["Portfolio"]
    first = [cell for cell in sheet[2]]
    assert first[0].value == "WST-2023-01" and first[1].value == WELSH
    assert first[2].value == dt.datetime(2026, 4, 30) and first[2].number_format == "DD/MM/YYYY"
    assert first[3].value == dt.datetime(2026, 5, 12, 10, 15)
    assert first[3].number_format == "DD/MM/YYYY HH:MM"
    # The app keeps pence; the sheet holds pounds, as a number with a currency format.
    assert isinstance(first[4].value, float) and first[4].value == 1_250_000.50
    assert first[4].number_format == "£#,##0.00"
    assert first[5].value == 0.25 and first[5].number_format == "0.0%"
    assert first[6].value == 12 and first[7].value == 85.5
    blank = [cell.value for cell in sheet[3]][2:]
    assert blank == [None] * 6


def test_a_workbook_has_a_bold_frozen_filtered_header_and_fitted_columns(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    write_table(sample(), path)
    workbook = load_workbook(path)
    sheet = workbook["Portfolio"]
    assert [cell.value for cell in sheet[1]] == [column.name for column in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H4"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert workbook.properties.title == "Waste & recycling: portfolio"


def test_a_value_of_another_type_is_kept_as_the_words_shown(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    write_table(sample(), path)
    third = [cell.value for cell in load_workbook(path)["Portfolio"][4]]
    assert third[4] == "Not approved"  # a money column showing words stays readable
    assert third[5:8] == [0.075, 3, 7]


def test_formulas_are_stored_as_text_in_a_workbook(tmp_path: Path) -> None:
    rows = tuple((text, text) for text in INJECTIONS)
    export = TableExport("Risks", "Risks", (ExportColumn("Title"), ExportColumn("Notes")), rows)
    path = tmp_path / "risks.xlsx"
    write_table(export, path)
    sheet = load_workbook(path)["Risks"]
    cells = [sheet.cell(row=n, column=1) for n in range(2, len(INJECTIONS) + 2)]
    # XML reads a carriage return back as a line feed; what matters is that it is text.
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in INJECTIONS]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_a_csv_file_is_utf8_with_a_bom_iso_dates_plain_numbers_and_safe_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "portfolio.csv"
    write_table(sample(), path)
    assert path.read_bytes().startswith("\ufeff".encode())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [column.name for column in COLUMNS]
    assert rows[1] == [
        "WST-2023-01", WELSH, "2026-04-30", "2026-05-12 10:15", "1250000.50", "25%", "12", "85.5"
    ]  # fmt: skip
    assert rows[2] == ["HWY-2022-01", f"'{INJECTIONS[0]}", "", "", "", "", "", ""]
    assert rows[3][4:] == ["Not approved", "7.5%", "3", "7"]


def test_every_formula_start_gets_an_apostrophe_in_csv(tmp_path: Path) -> None:
    export = TableExport(
        "Risks", "Risks", (ExportColumn("Title"),), tuple((t,) for t in INJECTIONS)
    )
    path = tmp_path / "risks.csv"
    write_table(export, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        titles = [row[0] for row in csv.reader(handle)][1:]
    assert titles == [f"'{text}" for text in INJECTIONS]


def test_control_characters_that_break_a_workbook_are_dropped(tmp_path: Path) -> None:
    export = TableExport("Log", "Log", (ExportColumn("Subject"),), (("Bell\x07 and\x0b tab\tok",),))
    path = tmp_path / "log.xlsx"
    write_table(export, path)
    assert load_workbook(path)["Log"]["A2"].value == "Bell and tab\tok"


def test_sheet_names_are_made_acceptable_to_excel() -> None:
    assert sheet_title("Risks [open]: 2026/27?") == "Risks  open   2026 27"
    assert sheet_title("A" * 40) == "A" * 31
    assert sheet_title("///") == "Sheet1"


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.xlsx or \.csv"):
        write_table(sample(), tmp_path / "portfolio.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_the_target_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "exports.xlsx"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="is a folder"):
        write_table(sample(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["exports.xlsx"]
    assert (target / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_read_only_file_is_refused_and_unchanged(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"portfolio{suffix}"
    target.write_bytes(b"the old export")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        with pytest.raises(ExportError, match="read-only") as raised:
            write_table(sample(), target)
        assert "\n" not in str(raised.value)
        assert target.read_bytes() == b"the old export"
        assert [p.name for p in tmp_path.iterdir()] == [target.name]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_file_that_cannot_be_replaced_keeps_its_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when Excel holds the file open on Windows: the swap at the end fails."""
    target = tmp_path / "portfolio.xlsx"
    target.write_bytes(b"the old export")

    def locked(_source: object, _target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="open in another program") as raised:
        write_table(sample(), target)
    assert "\n" not in str(raised.value)
    assert target.read_bytes() == b"the old export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_cancelling_part_way_leaves_the_old_file_and_no_leftovers(
    tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"audit{suffix}"
    target.write_bytes(b"the old export")
    seen: list[int] = []

    def progress(written: int) -> bool:
        seen.append(written)
        return written < 1000

    with pytest.raises(ExportCancelledError):
        write_table(sample(rows=2500), target, progress=progress)
    assert seen == [500, 1000]
    assert target.read_bytes() == b"the old export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_progress_reaches_the_last_row_and_a_new_file_replaces_the_old(tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    target.write_text("old")
    seen: list[int] = []

    def progress(written: int) -> bool:
        seen.append(written)
        return True

    write_table(sample(rows=1203), target, progress=progress)
    assert seen == [500, 1000, 1203]
    with target.open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in handle) == 1204


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="needs 2 values"):
        TableExport("Bad", "Bad", (ExportColumn("A"), ExportColumn("B")), (("only one",),))


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; install libreoffice-calc to run this check",
)
def test_libreoffice_reads_the_workbook_with_the_expected_values(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    write_table(sample(), path)
    out = tmp_path / "converted"
    # Filter options 44,34,76: comma, double quote, UTF-8; first sheet only.
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    command = ["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(out)]
    subprocess.run([*command, str(path)], check=True, capture_output=True, timeout=180)
    with (out / "portfolio.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first, second = rows[0], rows[1]
    assert first["Title"] == WELSH
    assert first["Due"] == "30/04/2026" and first["Logged"] == "12/05/2026 10:15"
    assert first["Budget"] == "£1,250,000.50" and first["Spent"] == "25.0%"
    assert first["Score"] == "12" and first["Value"] == "85.5"
    assert second["Title"] == INJECTIONS[0]  # shown as text, never run
