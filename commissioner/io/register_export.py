"""Write a project's register to .xlsx (register, legend, heat map) or .csv.

Plain data in, file out: no database, no Qt. Text a spreadsheet would run as a formula
(starting with =, +, -, @, a tab or a carriage return) is neutralised: stored as text
with Excel's quote prefix in a workbook, and behind an apostrophe in a CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commissioner.models.risk_rules import MATRIX_SIZE, Band, band_for

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
Level = int | None


@dataclass(frozen=True)
class RegisterEntry:
    """One RAID entry as exported: words, numbers and dates, no ids."""

    reference: str
    kind: str
    title: str
    cause: str
    event: str
    consequence: str
    description: str
    category: str
    owner: str
    actionee: str
    inherent: tuple[Level, Level]
    residual: tuple[Level, Level]
    target: tuple[Level, Level]
    response: str
    status: str
    closed: bool
    raised_on: dt.date | None
    next_review_on: dt.date | None
    actions: tuple[str, ...]

    @property
    def residual_score(self) -> int | None:
        likelihood, impact = self.residual
        return likelihood * impact if likelihood and impact else None


@dataclass(frozen=True)
class RegisterExport:
    """Everything the export writes: the entries and the council's matrix settings."""

    project_reference: str
    project_name: str
    entries: tuple[RegisterEntry, ...]
    likelihood_words: tuple[str, ...]
    impact_words: tuple[str, ...]
    bands: tuple[Band, ...]
    exported_on: dt.date


Column = tuple[str, Callable[[RegisterEntry, Sequence[Band]], Any], int]


def _band(entry: RegisterEntry, bands: Sequence[Band]) -> str:
    band = band_for(entry.residual_score, bands)
    return band.name if band else ""


#: (title, value, width in characters) of each register column, left to right.
COLUMNS: tuple[Column, ...] = (
    ("Reference", lambda e, _b: e.reference, 11),
    ("Type", lambda e, _b: e.kind, 11),
    ("Title", lambda e, _b: e.title, 40),
    ("Cause", lambda e, _b: e.cause, 30),
    ("Event", lambda e, _b: e.event, 30),
    ("Consequence", lambda e, _b: e.consequence, 30),
    ("Description", lambda e, _b: e.description, 40),
    ("Category", lambda e, _b: e.category, 22),
    ("Owner", lambda e, _b: e.owner, 20),
    ("Actionee", lambda e, _b: e.actionee, 20),
    ("Inherent likelihood", lambda e, _b: e.inherent[0], 10),
    ("Inherent impact", lambda e, _b: e.inherent[1], 10),
    ("Residual likelihood", lambda e, _b: e.residual[0], 10),
    ("Residual impact", lambda e, _b: e.residual[1], 10),
    ("Residual score", lambda e, _b: e.residual_score, 10),
    ("Band", _band, 10),
    ("Target likelihood", lambda e, _b: e.target[0], 10),
    ("Target impact", lambda e, _b: e.target[1], 10),
    ("Response", lambda e, _b: e.response, 11),
    ("Status", lambda e, _b: e.status, 11),
    ("Date raised", lambda e, _b: e.raised_on, 12),
    ("Next review", lambda e, _b: e.next_review_on, 12),
    ("Mitigating actions", lambda e, _b: "\n".join(e.actions), 40),
)


def neutralise(text: str) -> str:
    """Put an apostrophe before text a spreadsheet would treat as a formula (CSV only)."""
    return f"'{text}" if text.startswith(DANGEROUS_START) else text


def register_rows(export: RegisterExport) -> list[list[Any]]:
    """The register's values, one list per entry, in ``COLUMNS`` order."""
    return [[value(entry, export.bands) for _, value, _ in COLUMNS] for entry in export.entries]


def write_register(export: RegisterExport, path: Path) -> None:
    """Write ``export`` as .xlsx or .csv, chosen by the file's suffix."""
    if path.suffix.lower() == ".csv":
        write_csv(export, path)
    else:
        write_xlsx(export, path)


def write_csv(export: RegisterExport, path: Path) -> None:
    """UTF-8 with a byte-order mark, so Excel reads the accents; dates in ISO form."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title for title, _, _ in COLUMNS])
        for row in register_rows(export):
            writer.writerow([_csv_value(value) for value in row])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value) if isinstance(value, str) else str(value)


def write_xlsx(export: RegisterExport, path: Path) -> None:
    """A workbook with the sheets Register, Legend and Heat map."""
    from openpyxl import Workbook  # imported here: the app starts without it

    workbook = Workbook()
    register = workbook.active
    register.title = "Register"
    _write_register_sheet(register, export)
    _write_legend(workbook.create_sheet("Legend"), export)
    _write_heat_map(workbook.create_sheet("Heat map"), export)
    workbook.save(path)


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BDBDBD")
    return {
        "header_font": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor="1F3864"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "bold": Font(bold=True),
    }


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell; text that would run as a formula is stored as quoted text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def _write_register_sheet(sheet: Any, export: RegisterExport) -> None:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    for column, (title, _, width) in enumerate(COLUMNS, start=1):
        cell = _put(sheet, 1, column, title)
        cell.font, cell.fill, cell.alignment = (
            styles["header_font"], styles["header_fill"], styles["centre"],
        )  # fmt: skip
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, values in enumerate(register_rows(export), start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, row_number, column, value).alignment = styles["wrap"]
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(export.entries)) + 1}"
    sheet.row_dimensions[1].height = 32


def _write_legend(sheet: Any, export: RegisterExport) -> None:
    from openpyxl.styles import PatternFill

    styles = _styles()
    lines: list[tuple[Any, ...]] = [
        (f"{export.project_reference} {export.project_name}: risk register",),
        (f"Exported on {export.exported_on:%d/%m/%Y}. Score = likelihood × impact, 1 to 25.",),
        (),
        ("Level", "Likelihood", "Impact"),
    ]
    lines += [
        (level, _word(export.likelihood_words, level), _word(export.impact_words, level))
        for level in range(1, MATRIX_SIZE + 1)
    ]
    lines += [(), ("Band", "Scores", "")]
    start_of_bands = len(lines) + 1
    lines += [(band.name, f"{band.min_score} to {band.max_score}", "") for band in export.bands]
    for row, values in enumerate(lines, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
    for row in (1, 4, start_of_bands - 1):
        for column in range(1, 4):
            sheet.cell(row=row, column=column).font = styles["bold"]
    for offset, band in enumerate(export.bands):
        fill = PatternFill("solid", fgColor=band.colour.lstrip("#").upper())
        sheet.cell(row=start_of_bands + offset, column=3).fill = fill
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 22


def _write_heat_map(sheet: Any, export: RegisterExport) -> None:
    from openpyxl.styles import Font, PatternFill

    styles = _styles()
    counts = heat_map_counts(export.entries)
    _put(sheet, 1, 1, "Open risks by residual likelihood (rows) and impact (columns)")
    sheet.cell(row=1, column=1).font = styles["bold"]
    for impact in range(1, MATRIX_SIZE + 1):
        header = _put(sheet, 2, impact + 1, f"{impact} {_word(export.impact_words, impact)}")
        header.font, header.alignment = styles["bold"], styles["centre"]
    for offset, likelihood in enumerate(range(MATRIX_SIZE, 0, -1)):
        row = 3 + offset
        label = _put(sheet, row, 1, f"{likelihood} {_word(export.likelihood_words, likelihood)}")
        label.font, label.alignment = styles["bold"], styles["centre"]
        for impact in range(1, MATRIX_SIZE + 1):
            cell = _put(sheet, row, impact + 1, counts.get((likelihood, impact), 0))
            cell.alignment, cell.border = styles["centre"], styles["border"]
            band = band_for(likelihood * impact, export.bands)
            if band is not None:
                cell.fill = PatternFill("solid", fgColor=band.colour.lstrip("#").upper())
                cell.font = Font(bold=True, color="FFFFFF")
        sheet.row_dimensions[row].height = 36
    for column in "ABCDEF":
        sheet.column_dimensions[column].width = 16


def heat_map_counts(entries: Sequence[RegisterEntry]) -> Counter[tuple[int, int]]:
    """How many open risks sit in each (likelihood, impact) cell of the residual matrix."""
    return Counter(
        (entry.residual[0], entry.residual[1])  # type: ignore[misc]
        for entry in entries
        if entry.kind == "Risk" and not entry.closed and None not in entry.residual
    )


def _word(words: Sequence[str], level: int) -> str:
    return words[level - 1] if len(words) >= level else ""
