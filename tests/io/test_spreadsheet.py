"""Reading registers from .xlsx and .csv: header row, merged cells, formulas, encodings."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from commissioner.io.register_mapping import is_known_header
from commissioner.io.spreadsheet import (
    SpreadsheetError,
    column_letter,
    decode_text,
    distinct_names,
    read_table,
    sniff_delimiter,
)


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_with_bom_semicolons_and_title_rows(tmp_path: Path) -> None:
    text = (
        "Adult social care risk register;;\n"
        "Printed 01/04/2026;;\n"
        ";;\n"
        "Ref;Risk description;Likelihood\n"
        "R1;Provider failure;3\n"
        ";;\n"
        "R2;TUPE costs;4\n"
    )
    table = read_table(write_csv(tmp_path / "r.csv", text, "utf-8-sig"), is_known_header)
    assert table.header_row == 4
    assert table.columns == ("Ref", "Risk description", "Likelihood")
    assert [row.number for row in table.rows] == [5, 7]  # the blank row is skipped
    assert table.rows[0].cells == ("R1", "Provider failure", "3")


def test_cp1252_file_from_a_windows_laptop(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", "Ref,Title,Cost\nR1,Café closure,£50k\n", "cp1252")
    table = read_table(path, is_known_header)
    assert table.rows[0].cells == ("R1", "Café closure", "£50k")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("£5".encode("utf-16"), "£5"),
        ("\ufeff£5".encode(), "£5"),
        ("£5".encode("cp1252"), "£5"),
        (b"\x81\xa3", "\x81£"),  # undefined in cp1252: latin-1 never fails
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ('a|b\n"x,y"|2\n', "|"),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_repeated_and_blank_column_names_are_kept_apart() -> None:
    assert distinct_names(["Likelihood", "Impact", "Likelihood", "likelihood"]) == (
        "Likelihood",
        "Impact",
        "Likelihood (2)",
        "likelihood (3)",
    )
    assert column_letter(0) == "A" and column_letter(27) == "AB"


def test_header_without_known_names_is_the_row_with_most_text(tmp_path: Path) -> None:
    text = "Waste contract,,\nAlpha,Beta,Gamma\nx,y,z\n"
    table = read_table(write_csv(tmp_path / "r.csv", text))
    assert table.columns == ("Alpha", "Beta", "Gamma")


def test_blank_header_cells_are_named_by_their_letter(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "r.csv", "Ref,,Owner\nR1,x,Jo\n"), is_known_header)
    assert table.columns == ("Ref", "Column B", "Owner")


def _messy_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Risks"
    sheet["A1"] = "Borough Council — Home care risk register"
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["Risk ID", "Category", "Title", "Likelihood", "Review date"])
    sheet.append(["R1", "Financial", "Inflation", 0.2, dt.datetime(2026, 4, 1)])
    sheet.append(["R2", None, "Market exit", "=2+1", "01/05/2026"])
    sheet.merge_cells("B4:B5")
    sheet["D4"].number_format = "0%"
    workbook.create_sheet("Notes")["A1"] = "Nothing to see"
    workbook.save(path)
    return path


def test_workbook_title_merged_cells_percentages_dates_and_formulas(tmp_path: Path) -> None:
    table = read_table(_messy_workbook(tmp_path / "r.xlsx"), is_known_header)
    assert table.sheet == "Risks" and table.header_row == 3
    assert "Risks" in table.notes[0] and "2 sheets" in table.notes[0]
    first, second = table.rows
    assert first.cells == ("R1", "Financial", "Inflation", "20%", dt.date(2026, 4, 1))
    assert second.cells[1] == "Financial"  # the merged cell fills the rows it covers
    assert second.cells[3] is None  # openpyxl saves no result for the formula …
    assert "D5" in second.notes[0] and "no saved result" in second.notes[0]  # … and we say so
    assert second.cells[4] == "01/05/2026"


def test_formula_with_a_saved_result_gives_the_result(tmp_path: Path) -> None:
    path = _messy_workbook(tmp_path / "r.xlsx")
    # Add the cached value Excel would have saved for =2+1.
    patched = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"(<f>2\+1</f>)(<v\s*/>|<v></v>)?", rb"\1<v>3</v>", data)
            target.writestr(item, data)
    table = read_table(patched, is_known_header)
    assert table.rows[1].cells[3] == 3 and table.rows[1].notes == ()


def test_unreadable_files_give_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="not found"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "r.pdf").write_bytes(b"%PDF")
    with pytest.raises(SpreadsheetError, match=r"\.xlsx or \.csv"):
        read_table(tmp_path / "r.pdf")
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(SpreadsheetError, match="Excel workbook"):
        read_table(tmp_path / "fake.xlsx")
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(SpreadsheetError, match="no rows"):
        read_table(tmp_path / "empty.csv")


def test_neutralised_text_from_our_own_export_reads_back_as_typed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", "Ref,Title\nR1,'=1+1\nR2,'plain\n")
    table = read_table(path, is_known_header)
    assert [row.cells[1] for row in table.rows] == ["=1+1", "'plain"]


def test_an_unreadable_csv_gets_a_message_not_an_errno(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "register.csv"
    locked.write_text("Title,Likelihood\nFlood,High\n", encoding="utf-8")

    def refuse(_self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # as Windows does for a file Excel holds
    with pytest.raises(SpreadsheetError, match="is locked: it may be open in Excel"):
        read_table(locked)
