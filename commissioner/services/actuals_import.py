"""Import a project's actuals from a finance-system export (.csv or .xlsx), preview first.

``preview_actuals`` says row by row which cost line and month each row goes to, or why
it is skipped, and sums the rows for each line and month; nothing is written.
``apply_actuals`` writes every month in one transaction through ``cost_entries.set_cells``
and returns the figures it replaced, so one undo step puts them back.

A row finds its cost line by the line's finance code: the row's finance code, its cost
centre and account together, the account alone, then the cost centre alone. A line's
finance code may list several codes ("C1234/5001; C1234/5002"); spaces and separators do
not matter ("C1234-5001" is "C1234 / 5001"). A row that matches no code is matched on
the line's name. Periods and amounts are read by the rules in
``commissioner.io.actuals_mapping``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.io.actuals_mapping import (
    LINE_FIELDS,
    ActualsField,
    ColumnChoice,
    financial_year_in,
    guess_columns,
    is_known_header,
    is_total,
    read_amount,
    read_period,
)
from commissioner.io.register_rows import cell_text
from commissioner.io.spreadsheet import Cell, SheetRow, SheetTable, SpreadsheetError, read_table
from commissioner.models import CostLine, CostPeriod, OrganisationSettings
from commissioner.models.cost_rules import financial_year
from commissioner.models.money import format_pounds
from commissioner.services.cost_entries import CellEdit, set_cells
from commissioner.services.golden_thread_records import require_project
from commissioner.storage import Database

F = ActualsField


class ImportMode(StrEnum):
    """What an imported month does to the actual already recorded for it."""

    #: The finance system is the source of truth for the months in its export.
    REPLACE = "replace"
    ADD = "add"

    @property
    def explanation(self) -> str:
        if self is ImportMode.REPLACE:
            return (
                "Replace: each line's actual for a month in the file becomes the file's "
                "total for it. Lines and months the file does not mention are left alone."
            )
        return "Add: the file's totals are added to the actuals already recorded."


@dataclass(frozen=True)
class ActualsRow:
    """One row of the export: where its amount goes, or why it is skipped."""

    row_number: int
    #: What identified the line in the file, e.g. "C1234 / 5001".
    source: str
    description: str
    line_id: int | None = None
    line_name: str = ""
    month: dt.date | None = None
    pence: int | None = None
    skipped_because: str = ""

    @property
    def imported(self) -> bool:
        return not self.skipped_because


@dataclass(frozen=True)
class MonthActual:
    """One line's month as the import leaves it: the rows summed, before and after."""

    line_id: int
    line_name: str
    month: dt.date
    pence: int
    row_count: int
    before: int | None
    after: int


@dataclass(frozen=True)
class ActualsPreview:
    """What importing a file would do; ``problem`` says why it cannot be imported yet."""

    project_id: int
    table: SheetTable
    columns: ColumnChoice
    financial_year: int
    start_month: int
    mode: ImportMode
    rows: tuple[ActualsRow, ...]
    months: tuple[MonthActual, ...]
    problem: str = ""

    @property
    def imported_rows(self) -> int:
        return sum(1 for row in self.rows if row.imported)

    @property
    def skipped_rows(self) -> int:
        return len(self.rows) - self.imported_rows

    @property
    def line_count(self) -> int:
        return len({month.line_id for month in self.months})

    @property
    def month_count(self) -> int:
        return len({month.month for month in self.months})

    @property
    def total_pence(self) -> int:
        return sum(month.pence for month in self.months)


@dataclass(frozen=True)
class ActualsImported:
    """What ``apply_actuals`` wrote, and the figures it replaced (for undo)."""

    written: tuple[CellEdit, ...]
    previous: tuple[CellEdit, ...]
    row_count: int
    line_count: int
    month_count: int
    total_pence: int

    @property
    def report(self) -> str:
        rows = "row" if self.row_count == 1 else "rows"
        lines = "cost line" if self.line_count == 1 else "cost lines"
        months = "month" if self.month_count == 1 else "months"
        total = format_pounds(self.total_pence, with_pence=True)
        return (
            f"Imported {self.row_count} {rows} into {self.line_count} {lines} over "
            f"{self.month_count} {months}: {total} in all."
        )


def read_export(path: Path | str) -> SheetTable:
    """Read a finance export; raises SpreadsheetError with a message the user can act on."""
    path = Path(path)
    table = read_table(path, is_known_header)
    if not table.rows:
        raise SpreadsheetError(f"{path.name} has column names but no rows under them.")
    return table


def preview_actuals(
    db: Database,
    project_id: int,
    table: SheetTable,
    columns: ColumnChoice | None = None,
    *,
    mode: ImportMode = ImportMode.REPLACE,
    year: int | None = None,
    today: dt.date | None = None,
) -> ActualsPreview:
    """Say what importing ``table`` would do; nothing is written.

    ``columns`` defaults to the guess; ``year`` is the financial year (its starting
    calendar year) for periods written without one, by default the one the file's name
    gives, else the current one.
    """
    chosen = dict(guess_columns(table) if columns is None else columns)
    if any(not 0 <= index < len(table.columns) for index in chosen.values()):
        raise ValueError("A chosen column is not in the file.")
    with db.session() as session:
        require_project(session, project_id)
        settings = session.get(OrganisationSettings, 1)
        start_month = settings.financial_year_start_month if settings else 4
        lines = session.execute(
            select(CostLine.id, CostLine.name, CostLine.finance_code)
            .where(CostLine.project_id == project_id)
            .order_by(CostLine.sort_order, CostLine.id)
        ).all()
        actuals = _current_actuals(session, project_id)
    if year is None:
        year = default_year(table, today or dt.date.today(), start_month)
    matcher = LineMatcher([(line_id, name, code) for line_id, name, code in lines])
    reader = _RowReader(chosen, matcher, start_month, year)
    rows = tuple(reader.read(row) for row in table.rows)
    problem = _problem(chosen, bool(lines))
    months = () if problem else month_totals(rows, actuals, mode)
    return ActualsPreview(project_id, table, chosen, year, start_month, mode, rows, months, problem)


def remap(
    db: Database,
    preview: ActualsPreview,
    columns: ColumnChoice | None = None,
    *,
    mode: ImportMode | None = None,
    year: int | None = None,
) -> ActualsPreview:
    """The same file with other columns, mode or year, without reading the file again."""
    return preview_actuals(
        db,
        preview.project_id,
        preview.table,
        preview.columns if columns is None else columns,
        mode=mode or preview.mode,
        year=year or preview.financial_year,
    )


def apply_actuals(db: Database, project_id: int, preview: ActualsPreview) -> ActualsImported:
    """Write every line's month the preview imports, in one transaction.

    The totals are worked out again against the actuals as they are now, so an edit
    made since the preview is not lost in "add" mode.
    """
    if preview.project_id != project_id:
        raise ValueError("The preview was made for another project.")
    if preview.problem:
        raise ValidationError({"file": preview.problem})
    with db.session() as session:
        actuals = _current_actuals(session, project_id)
    months = month_totals(preview.rows, actuals, preview.mode)
    if not months:
        raise ValidationError({"file": "No row of the file matches this project's cost lines."})
    written = tuple(CellEdit(m.line_id, m.month, "actual", m.after) for m in months)
    previous = set_cells(db, project_id, written)
    return ActualsImported(
        written,
        previous,
        row_count=sum(m.row_count for m in months),
        line_count=len({m.line_id for m in months}),
        month_count=len({m.month for m in months}),
        total_pence=sum(m.pence for m in months),
    )


def default_year(table: SheetTable, today: dt.date, start_month: int) -> int:
    """The financial year the file's or sheet's name gives, else the current one."""
    for text in (table.source, table.sheet):
        found = financial_year_in(re.sub(r"[_.]", " ", text))
        if found is not None:
            return found
    return financial_year(today, start_month)


def month_totals(
    rows: Iterable[ActualsRow], actuals: dict[tuple[int, dt.date], int | None], mode: ImportMode
) -> tuple[MonthActual, ...]:
    """The imported rows summed per line and month, with the actual before and after."""
    sums: dict[tuple[int, dt.date], tuple[str, int, int]] = {}
    for row in rows:
        if not row.imported:
            continue
        assert row.line_id is not None and row.month is not None and row.pence is not None
        key = (row.line_id, row.month)
        _name, pence, count = sums.get(key, (row.line_name, 0, 0))
        sums[key] = (row.line_name, pence + row.pence, count + 1)
    result = []
    for (line_id, month), (name, pence, count) in sums.items():
        before = actuals.get((line_id, month))
        after = pence if mode is ImportMode.REPLACE else (before or 0) + pence
        result.append(MonthActual(line_id, name, month, pence, count, before, after))
    return tuple(sorted(result, key=lambda m: (m.month, m.line_name.casefold(), m.line_id)))


def _current_actuals(session: Session, project_id: int) -> dict[tuple[int, dt.date], int | None]:
    query = (
        select(CostPeriod.cost_line_id, CostPeriod.month, CostPeriod.actual_pence)
        .join(CostLine, CostLine.id == CostPeriod.cost_line_id)
        .where(CostLine.project_id == project_id)
    )
    return {(line_id, month): pence for line_id, month, pence in session.execute(query)}


def _problem(columns: ColumnChoice, has_lines: bool) -> str:
    if not has_lines:
        return (
            "This project has no cost lines yet: add them, with their finance codes, "
            "on the Costs page first."
        )
    if F.AMOUNT not in columns:
        return "No column is matched to Amount: choose the column that holds the money."
    if not any(field in columns for field in LINE_FIELDS):
        return (
            "No column says which cost line a row is for: choose the finance code, cost "
            "centre, account or cost line name column."
        )
    if F.PERIOD not in columns and F.POSTING_DATE not in columns:
        return "No column gives the month: choose the period or posting date column."
    return ""


# --- Matching rows to cost lines ---------------------------------------------------------


def code_key(text: str) -> str:
    """A finance code without case, spaces or separators: 'C1234 / 5001' → 'c12345001'."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


class LineMatcher:
    """Finds a project's cost line from a row's codes, then from its name."""

    def __init__(self, lines: Sequence[tuple[int, str, str]]) -> None:
        self.names = {line_id: name for line_id, name, _code in lines}
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.shared: set[str] = set()
        for line_id, name, codes in lines:
            for code in filter(None, (code_key(c) for c in re.split(r"[,;]", codes))):
                if self.by_code.setdefault(code, line_id) != line_id:
                    self.shared.add(code)
            self.by_name.setdefault(_name_key(name), line_id)

    def match(self, cells: dict[ActualsField, str]) -> tuple[int | None, str]:
        """The line for a row's identifying cells, or why there is none."""
        code, centre, account = (cells.get(f, "") for f in LINE_FIELDS[:3])
        both = f"{centre} / {account}" if centre and account else ""
        candidates = [code, both, f"{account} / {centre}" if both else "", account, centre]
        for shown in filter(code_key, candidates):
            key = code_key(shown)
            if key in self.shared:
                return None, f"more than one cost line has the finance code “{shown}”"
            if key in self.by_code:
                return self.by_code[key], ""
        for text in (cells.get(F.LINE_NAME, ""), code, account, centre):
            if text and _name_key(text) in self.by_name:
                return self.by_name[_name_key(text)], ""
        shown = _source_text(cells)
        if not shown:
            return None, "no finance code, cost centre, account or line name"
        return None, f"no cost line has the finance code or name “{shown}”"


_SHOWN_ORDER = (F.FINANCE_CODE, F.COST_CENTRE, F.ACCOUNT, F.LINE_NAME)


def _source_text(cells: dict[ActualsField, str]) -> str:
    return " / ".join(text for f in _SHOWN_ORDER if (text := cells.get(f, "")))


class _RowReader:
    """Reads rows under one choice of columns."""

    def __init__(
        self, columns: ColumnChoice, matcher: LineMatcher, start_month: int, year: int
    ) -> None:
        self.columns, self.matcher = columns, matcher
        self.start_month, self.year = start_month, year

    def _cell(self, row: SheetRow, field: ActualsField) -> Cell:
        index = self.columns.get(field)
        return None if index is None else row.cells[index]

    def read(self, row: SheetRow) -> ActualsRow:
        texts = {f: cell_text(self._cell(row, f)) for f in (*LINE_FIELDS, F.DESCRIPTION)}
        base = ActualsRow(row.number, _source_text(texts), texts[F.DESCRIPTION])
        code_cells = [self._cell(row, f) for f in LINE_FIELDS[:3]]
        text_cells = [self._cell(row, F.DESCRIPTION), self._cell(row, F.LINE_NAME), row.cells[0]]
        if is_total(code_cells, text_cells):
            return replace(base, skipped_because="a total row, not a transaction")
        line_id, no_line = self.matcher.match(texts)
        if line_id is None:
            return replace(base, skipped_because=no_line)
        base = replace(base, line_id=line_id, line_name=self.matcher.names[line_id])
        month, no_month = self._month(row)
        if month is None:
            return replace(base, skipped_because=no_month)
        if F.AMOUNT not in self.columns:
            return replace(base, month=month, skipped_because="no column is matched to Amount")
        pence, no_amount = read_amount(self._cell(row, F.AMOUNT))
        if pence is None:
            return replace(base, month=month, skipped_because=no_amount)
        return replace(base, month=month, pence=pence)

    def _month(self, row: SheetRow) -> tuple[dt.date | None, str]:
        year = financial_year_in(self._cell(row, F.FINANCIAL_YEAR)) or self.year
        period = self._cell(row, F.PERIOD)
        if period is None or period == "":
            period = self._cell(row, F.POSTING_DATE)
        return read_period(period, self.start_month, year)
