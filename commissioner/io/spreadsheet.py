"""Read a register from an .xlsx workbook or a .csv file into a plain table of cells.

No database and no Qt: the result is a ``SheetTable`` of text, numbers and dates with
the header row found below any title rows. Workbooks are read in openpyxl's normal
mode (read-only mode cannot see merged cells) with ``data_only=True``, so a formula
cell gives the value Excel last saved for it; a formula that was never calculated has
no saved value, and the row says so instead of silently reading a blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from commissioner.errors import CommissionerError

Cell = str | int | float | dt.date | None
#: How many rows from the top may hold titles before the header row.
HEADER_SEARCH_ROWS = 15
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(CommissionerError):
    """A file that cannot be read as a register."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank row under the header: its row number in the file and its cells."""

    number: int
    cells: tuple[Cell, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetTable:
    """A register as read: column names (made distinct) and the rows below them."""

    source: str
    sheet: str
    header_row: int
    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    notes: tuple[str, ...] = ()

    def column_values(self, column: int, limit: int = 50) -> list[Cell]:
        """The first ``limit`` non-blank values of a column, for guessing what it holds."""
        found: list[Cell] = []
        for row in self.rows:
            value = row.cells[column] if column < len(row.cells) else None
            if value is not None and value != "":
                found.append(value)
                if len(found) >= limit:
                    break
        return found


@dataclass(frozen=True)
class _Grid:
    name: str
    rows: list[list[Cell]]
    #: Row index (0-based) → notes about that row's cells.
    notes: dict[int, list[str]]


LooksLikeHeader = Callable[[str], bool]


def read_table(path: Path | str, looks_like_header: LooksLikeHeader | None = None) -> SheetTable:
    """Read the register in ``path`` (.xlsx or .csv).

    ``looks_like_header`` says whether a cell's text is a known column name; it finds
    the header row under title rows and, in a workbook, the sheet that holds the register.
    """
    path = Path(path)
    known = looks_like_header or (lambda _text: False)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SpreadsheetError(f"{path.name} was not found.")
    if suffix in XLSX_SUFFIXES:
        grids = _read_workbook(path)
    elif suffix in CSV_SUFFIXES:
        try:
            grids = [_read_csv(path)]
        except PermissionError as error:
            raise locked_file_error(path) from error
        except OSError as error:
            raise SpreadsheetError(f"{path.name} could not be read: {error.strerror}.") from error
    else:
        raise SpreadsheetError(
            f"{path.name} is not a spreadsheet Commissioner can read: use .xlsx or .csv."
        )
    best = max(grids, key=lambda grid: _known_header_count(grid.rows, known))
    table = _table(path.name, best, known)
    if len(grids) > 1:
        note = f"Read the sheet “{best.name}” (the workbook has {len(grids)} sheets)."
        table = SheetTable(**{**table.__dict__, "notes": (note, *table.notes)})
    return table


def _table(source: str, grid: _Grid, known: LooksLikeHeader) -> SheetTable:
    header_index = find_header_row(grid.rows, known)
    if header_index is None:
        raise SpreadsheetError(f"{source} has no rows to import.")
    header = grid.rows[header_index]
    width = max(len(row) for row in grid.rows[header_index:])
    names = distinct_names([_header_text(header, i) for i in range(width)])
    rows = []
    for index in range(header_index + 1, len(grid.rows)):
        cells = grid.rows[index]
        if all(_blank(cell) for cell in cells):
            continue
        padded = tuple(cells) + (None,) * (width - len(cells))
        rows.append(SheetRow(index + 1, padded, tuple(grid.notes.get(index, ()))))
    return SheetTable(source, grid.name, header_index + 1, names, tuple(rows))


def _header_text(header: Sequence[Cell], index: int) -> str:
    value = header[index] if index < len(header) else None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or f"Column {column_letter(index)}"


def column_letter(index: int) -> str:
    """0 → 'A', 26 → 'AA', as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def distinct_names(names: Sequence[str]) -> tuple[str, ...]:
    """Keep repeated column names apart: 'Likelihood', 'Likelihood (2)'."""
    seen: Counter[str] = Counter()
    result = []
    for name in names:
        seen[name.casefold()] += 1
        count = seen[name.casefold()]
        result.append(name if count == 1 else f"{name} ({count})")
    return tuple(result)


def find_header_row(rows: Sequence[Sequence[Cell]], known: LooksLikeHeader) -> int | None:
    """The first of the top rows with two known column names, else the one with most text."""
    top = [(i, row) for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if not _all_blank(row)]
    if not top:
        return None
    for index, row in top:
        if _known_count(row, known) >= 2:
            return index
    # Count distinct texts so a title merged across columns does not win.
    return max(top, key=lambda item: (len(_texts(item[1])), -item[0]))[0]


def _known_header_count(rows: Sequence[Sequence[Cell]], known: LooksLikeHeader) -> int:
    return max((_known_count(row, known) for row in rows[:HEADER_SEARCH_ROWS]), default=0)


def _known_count(row: Sequence[Cell], known: LooksLikeHeader) -> int:
    return sum(1 for text in _texts(row) if known(text))


def _texts(row: Sequence[Cell]) -> set[str]:
    return {" ".join(cell.split()) for cell in row if isinstance(cell, str) and cell.strip()}


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _all_blank(row: Sequence[Cell]) -> bool:
    return all(_blank(cell) for cell in row)


def undo_neutralised(text: str) -> str:
    """Drop the apostrophe our exports put before text that a spreadsheet would run."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(_DANGEROUS_START):
        return text[1:]
    return text


# --- CSV ---------------------------------------------------------------------------------


def locked_file_error(path: Path) -> SpreadsheetError:
    """What to say when the system will not let us read a file (Windows locks a file
    that Excel has open)."""
    return SpreadsheetError(
        f"{path.name} is locked: it may be open in Excel or another program, or you "
        "may not have permission to read it. Close it and try again."
    )


def _read_csv(path: Path) -> _Grid:
    text = decode_text(path.read_bytes())
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = [[_csv_cell(value) for value in line] for line in reader]
    return _Grid(path.stem, rows, {})


def _csv_cell(value: str) -> Cell:
    text = undo_neutralised(value.strip())
    return text or None


def decode_text(data: bytes) -> str:
    """Text from a CSV file: UTF-16 or UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on a UK Windows laptop is cp1252; latin-1 never fails.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
    sample = text[:20_000]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        lines = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        counts = Counter(len(row) for row in lines[:30])
        width, agreeing = max(counts.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (agreeing, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- XLSX --------------------------------------------------------------------------------


def _read_workbook(path: Path) -> list[_Grid]:
    import openpyxl  # imported here: the app starts without it

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
        uncached = _uncached_formulas(path)
    except PermissionError as error:
        raise locked_file_error(path) from error
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(f"{path.name} could not be read as an Excel workbook.") from error
    try:
        return [
            _sheet_grid(sheet, uncached.get(sheet.title, set()))
            for sheet in workbook.worksheets
            if sheet.max_row > 0
        ]
    finally:
        workbook.close()


def _sheet_grid(sheet: object, uncached: set[str]) -> _Grid:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    rows: list[list[Cell]] = []
    notes: dict[int, list[str]] = {}
    for index, cells in enumerate(sheet.iter_rows()):
        row = [_xlsx_cell(cell.value, cell.number_format) for cell in cells]
        for cell in cells:
            if cell.coordinate in uncached:
                notes.setdefault(index, []).append(
                    f"cell {cell.coordinate} holds a formula with no saved result "
                    "(open and save the file in Excel to calculate it); read as blank"
                )
        rows.append(row)
    _fill_merged(sheet, rows)
    return _Grid(sheet.title, rows, notes)


def _fill_merged(sheet: object, rows: list[list[Cell]]) -> None:
    """Give every cell of a merged range the range's value, as the reader sees it."""
    for merged in list(sheet.merged_cells.ranges):  # type: ignore[attr-defined]
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                rows[r][c] = value


def _xlsx_cell(value: object, number_format: str) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{value * 100:g}%"
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = undo_neutralised(str(value).strip())
    return text or None


_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]+[0-9]+)"[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>', re.S)
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


def _uncached_formulas(path: Path) -> dict[str, set[str]]:
    """Per sheet name, the cells holding a formula without a saved value."""
    found: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            data = archive.read(part)
            if b"<f" not in data:
                continue
            cells = {
                match.group(1).decode()
                for match in _CELL.finditer(data)
                if b"<f" in match.group(2) and not _CACHED.search(match.group(2))
            }
            if cells:
                found[name] = cells
    return found


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        if part in archive.namelist():
            parts[sheet.get("name", "")] = part
    return parts
