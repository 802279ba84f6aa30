"""Write any list the app shows to .xlsx or .csv: typed columns, safe text, whole or not at all.

Plain data in, file out: no database, no Qt. Each column has a kind, so a spreadsheet
gets real dates it can sort, money as numbers in pounds (the app keeps pence) with a
currency format, and percentages as fractions shown with "%". Text a spreadsheet would
run as a formula is neutralised the way the register export does it: stored as text in
a workbook, behind an apostrophe in a CSV file. The file is written beside its target
under a temporary name and swapped in only when complete, so a failure or a cancel
never leaves half a file where the user's old one was.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import secrets
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args

from commissioner.errors import CommissionerError
from commissioner.io.register_export import DANGEROUS_START, neutralise

ColumnKind = Literal["text", "date", "datetime", "money", "number", "percent", "integer"]
KINDS: frozenset[str] = frozenset(get_args(ColumnKind))
EXPORT_SUFFIXES = (".xlsx", ".csv")
#: Excel's number formats, UK style; text and plain numbers keep Excel's "General".
NUMBER_FORMATS = {
    "date": "DD/MM/YYYY",
    "datetime": "DD/MM/YYYY HH:MM",
    "money": "£#,##0.00",
    "percent": "0.0%",
    "integer": "0",
}
#: How many rows are written between progress reports (and chances to cancel).
PROGRESS_EVERY = 500
#: Excel refuses longer text in a cell.
MAX_CELL_TEXT = 32_767
#: Characters Excel's XML cannot hold (control characters other than tab and line breaks).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

#: Told how many rows are written so far; returns False to stop (nothing is kept).
Progress = Callable[[int], bool]
Value = str | int | float | Decimal | dt.date | None


class ExportError(CommissionerError):
    """A spreadsheet export that could not be written; nothing was changed on disk."""


class ExportCancelledError(ExportError):
    """The user stopped the export; the target file was left as it was."""


@dataclass(frozen=True)
class ExportColumn:
    """A column's title and what its values are, which decides how a spreadsheet shows them."""

    name: str
    kind: ColumnKind = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r} for {self.name!r}")


@dataclass(frozen=True)
class TableExport:
    """A list as exported: a title, a sheet name, typed columns and the rows in view order.

    Values follow their column's kind: ``datetime.date`` for dates, pence as ``int``
    for money, fractions (0.25 is 25%) for percentages. A value of another type is
    written as text, so a list shows what the user saw rather than failing.
    """

    title: str
    sheet_name: str
    columns: tuple[ExportColumn, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        width = len(self.columns)
        if any(len(row) != width for row in self.rows):
            raise ValueError(f"Every row of {self.title!r} needs {width} values")


def write_table(export: TableExport, path: Path | str, *, progress: Progress | None = None) -> int:
    """Write ``export`` as .xlsx or .csv (chosen by the suffix); returns the rows written.

    Raises ExportError with a one-line message; the target is then unchanged.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportError(f"{path.name}: export to a .xlsx or .csv file.")
    writer = _write_csv if suffix == ".csv" else _write_xlsx
    write_atomically(path, lambda temporary: writer(export, temporary, progress))
    return len(export.rows)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Run ``write`` on a temporary file beside ``path``, then swap it in whole.

    The temporary file sits in the same folder so the swap is one rename; it is
    removed whatever happens, so a failure leaves the folder as it was.
    """
    _check_target(path)
    temporary = path.with_name(f".{path.stem}-{secrets.token_hex(4)}{path.suffix}")
    try:
        temporary.touch(exist_ok=False)
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise ExportError(_os_message(path, error)) from error
    finally:
        temporary.unlink(missing_ok=True)


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ExportError(f"{path.name} is a folder: choose a file name for the export.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")
    # A file marked read-only is one its owner meant to keep: refuse, as Excel does,
    # even where the folder would let us replace it (and even for an administrator).
    if path.exists() and (
        not os.access(path, os.W_OK) or not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP)
    ):
        raise ExportError(f"{path.name} is read-only: choose another name or make it writable.")


def _os_message(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return (
            f"{path.name} could not be written: it may be open in another program, "
            "or the folder is read-only."
        )
    return f"{path.name} could not be written: {error.strerror or error}."


def _report(progress: Progress | None, written: int, total: int) -> None:
    due = written % PROGRESS_EVERY == 0 or written == total
    if progress is not None and due and not progress(written):
        raise ExportCancelledError("Export cancelled: no file was written.")


# --- Values ------------------------------------------------------------------------------


def cell_value(value: object, kind: str) -> Value:
    """What a cell holds for ``value`` in a column of ``kind``: money in pounds as a
    Decimal, dates as dates, anything of an unexpected type as text; blanks as None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    typed = _typed(value, kind)
    if typed is not None:
        return typed
    return str(value)


def _typed(value: object, kind: str) -> Value:
    """``value`` as ``kind`` wants it, or None when it is not of that kind."""
    if kind == "text":
        return value if isinstance(value, str) else None
    if isinstance(value, dt.date):
        return _typed_date(value, kind)
    if not isinstance(value, int | float | Decimal) or not _finite(value):
        return None
    if kind == "money":
        return Decimal(value) / 100 if isinstance(value, int) else None
    if kind == "integer":
        return int(value) if value == int(value) else None
    return value if kind in ("number", "percent") else None


def _typed_date(value: dt.date, kind: str) -> Value:
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)  # Excel has no time zones; keep the wall time
        return dt.datetime.combine(value, dt.time())
    if kind == "date":
        return value.date() if isinstance(value, dt.datetime) else value
    return None


def _finite(value: int | float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return not isinstance(value, float) or math.isfinite(value)


def csv_text(value: Value, kind: str) -> str:
    """A value as CSV text: ISO dates, plain numbers, "25%", formula-safe words."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    if kind == "money":
        return f"{value:.2f}"
    if kind == "percent":
        return f"{_plain(Decimal(str(value)) * 100)}%"
    return _plain(value)


def _plain(number: int | float | Decimal) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    if isinstance(number, Decimal):
        return format(number.normalize(), "f")
    return str(number)


# --- CSV ---------------------------------------------------------------------------------


def _write_csv(export: TableExport, path: Path, progress: Progress | None) -> None:
    """UTF-8 with a byte-order mark, so Excel reads "£" and accents rather than guessing."""
    kinds = [column.kind for column in export.columns]
    total = len(export.rows)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(column.name) for column in export.columns])
        for written, row in enumerate(export.rows, start=1):
            pairs = zip(row, kinds, strict=True)
            writer.writerow([csv_text(cell_value(value, kind), kind) for value, kind in pairs])
            _report(progress, written, total)


# --- Excel -------------------------------------------------------------------------------


def _write_xlsx(export: TableExport, path: Path, progress: Progress | None) -> None:
    """One sheet: a bold, frozen header row with filters, then the rows, typed."""
    from openpyxl import Workbook  # imported here: the app starts without it

    workbook = Workbook(write_only=True)
    workbook.properties.title = export.title
    sheet = workbook.create_sheet(sheet_title(export.sheet_name))
    _lay_out_sheet(sheet, export)
    sheet.append(_header_cells(sheet, export.columns))
    kinds = [column.kind for column in export.columns]
    total = len(export.rows)
    stopped: ExportCancelledError | None = None
    try:
        for written, row in enumerate(export.rows, start=1):
            pairs = zip(row, kinds, strict=True)
            sheet.append([_xlsx_cell(sheet, value, kind) for value, kind in pairs])
            _report(progress, written, total)
    except ExportCancelledError as cancel:
        stopped = cancel
    # Saving also removes openpyxl's own temporary files; a cancelled file is then
    # thrown away with the rest of our temporary file.
    workbook.save(path)
    if stopped is not None:
        raise stopped


def _lay_out_sheet(sheet: Any, export: TableExport) -> None:
    """Widths, frozen header, filters and print set-up: settled before any row is written."""
    from openpyxl.utils import get_column_letter

    for number, width in enumerate(column_widths(export), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    last = get_column_letter(max(len(export.columns), 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(export.rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    # "&" starts a code in Excel's page headers; "&&" prints one.
    sheet.oddHeader.center.text = export.title.replace("&", "&&")


def _header_cells(sheet: Any, columns: Sequence[ExportColumn]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE3EE")
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, _ILLEGAL.sub("", column.name))
        cell.data_type = "s"  # a title is never a formula, whatever it starts with
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
        cells.append(cell)
    return cells


def _xlsx_cell(sheet: Any, raw: object, kind: str) -> Any:
    """A plain value where Excel's defaults show it right (quicker to write), else a cell
    carrying its number format, or text a formula would otherwise be read from."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(raw, kind)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)[:MAX_CELL_TEXT]
        if not value.startswith(DANGEROUS_START):
            return value
        cell = WriteOnlyCell(sheet, value)
        # Stored as text with Excel's quote prefix: shown as typed, never run.
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if isinstance(value, Decimal):
        value = float(value)  # Excel holds every number as a double anyway
    if value is None or kind not in NUMBER_FORMATS:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = NUMBER_FORMATS[kind]
    return cell


def column_widths(export: TableExport, sample: int = 200) -> list[float]:
    """Widths in characters: room for the title and the longest of the first rows."""
    fixed = {"date": 12, "datetime": 17, "money": 15, "percent": 9, "integer": 9}
    widths = []
    for number, column in enumerate(export.columns):
        longest = max(
            (len(str(row[number])) for row in export.rows[:sample] if row[number] is not None),
            default=0,
        )
        content = fixed.get(column.kind, longest + 2)
        widths.append(float(min(max(len(column.name) + 3, content, 8), 60)))
    return widths


def sheet_title(name: str) -> str:
    """``name`` as Excel allows a sheet's name: no []:*?/\\, at most 31 characters."""
    cleaned = _SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"
