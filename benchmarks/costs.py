"""Costs at scale: one large project's cost sheet, the portfolio's cost table, and a
pasted block of cells.

A project of 50 lines × 10 years of months (budget, forecast and actual in every month)
and a portfolio of 200 projects × 8 lines × 5 years. Each figure is set beside raw
sqlite3 reading or writing the same rows in the same run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.timing import median_seconds, report
from commissioner.models import CostCategory, CostLine, CostPeriod, Project
from commissioner.models.cost_rules import add_months
from commissioner.services.cost_entries import CellEdit, set_cells
from commissioner.services.costs import get_cost_sheet, portfolio_costs
from commissioner.storage import open_database

TODAY = dt.date(2026, 6, 1)
FIRST_MONTH = dt.date(2021, 4, 1)
BIG_LINES, BIG_MONTHS = 50, 120
PORTFOLIO_PROJECTS, PORTFOLIO_LINES, PORTFOLIO_MONTHS = 200, 8, 60
#: A pasted block: every line's actuals for ten months.
PASTE_MONTHS = 10
CHUNK = 50_000

_SHEET_SQL = (
    "SELECT l.id, l.name, l.category_id, c.name, l.finance_code, l.notes FROM cost_lines l"
    " JOIN cost_categories c ON c.id = l.category_id WHERE l.project_id = ?"
    " ORDER BY c.sort_order, l.sort_order, l.id",
    "SELECT p.cost_line_id, p.month, p.budget_pence, p.forecast_pence, p.actual_pence"
    " FROM cost_periods p JOIN cost_lines l ON l.id = p.cost_line_id WHERE l.project_id = ?",
)
_PORTFOLIO_SQL = (
    "SELECT id, reference, name, approved_budget_pence FROM projects"
    " WHERE archived_at IS NULL ORDER BY reference",
    "SELECT l.project_id, l.id, l.name, c.name FROM cost_lines l"
    " JOIN cost_categories c ON c.id = l.category_id",
    "SELECT l.project_id, p.cost_line_id, p.month, p.budget_pence, p.forecast_pence,"
    " p.actual_pence FROM cost_periods p JOIN cost_lines l ON l.id = p.cost_line_id",
    "SELECT project_id, sum(cost_impact_pence) FROM change_requests"
    " WHERE status = 'approved' GROUP BY project_id",
)
_UPSERT_SQL = (
    "INSERT INTO cost_periods (cost_line_id, month, actual_pence) VALUES (?, ?, ?)"
    " ON CONFLICT (cost_line_id, month) DO UPDATE SET actual_pence = excluded.actual_pence"
)


def fill_costs(path: Path, projects: int, lines: int, months: int) -> None:
    """Projects with cost lines and every month's budget, forecast and actual (Core inserts)."""
    db = open_database(path, actor="benchmark")
    with db.session() as session:
        categories = list(session.scalars(select(CostCategory.id)))
        session.execute(insert(Project), [_project(n, lines, months) for n in range(projects)])
        session.execute(
            insert(CostLine),
            [
                {"project_id": p + 1, "category_id": categories[n % len(categories)],
                 "name": f"Cost line {n + 1}", "finance_code": f"BEN-{n + 1:04d}",
                 "notes": "", "sort_order": n}
                for p in range(projects)
                for n in range(lines)
            ],
        )  # fmt: skip
        rows = (
            {"cost_line_id": line, "month": add_months(FIRST_MONTH, m),
             "budget_pence": 1_000_000 + line, "forecast_pence": 1_050_000 + m,
             "actual_pence": 1_040_000 + line + m if add_months(FIRST_MONTH, m) < TODAY else None}
            for line in range(1, projects * lines + 1)
            for m in range(months)
        )  # fmt: skip
        while chunk := list(itertools.islice(rows, CHUNK)):
            session.execute(insert(CostPeriod), chunk)
    db.close()


def _project(number: int, lines: int, months: int) -> dict[str, object]:
    return {
        "reference": f"CST-{number + 1:04d}",
        "name": f"Costed project {number + 1}",
        "service_area": "Corporate services",
        "description": "",
        "approved_budget_pence": lines * months * 1_000_000 + number,
        "start_date": FIRST_MONTH,
        "end_date": add_months(FIRST_MONTH, months) - dt.timedelta(days=1),
    }


def _read(path: Path, statements: tuple[str, ...], *parameters: object) -> Callable[[], None]:
    def run() -> None:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            for sql in statements:
                connection.execute(sql, parameters if "?" in sql else ()).fetchall()

    return run


def _paste_block(path: Path) -> tuple[Callable[[], object], Callable[[], None]]:
    """A 500-cell paste through the service, and the same 500 upserts in raw sqlite3; each
    run writes new figures so every cell really changes."""
    db = open_database(path, actor="benchmark")
    runs = itertools.count(1)
    months = [add_months(TODAY, -PASTE_MONTHS + m) for m in range(PASTE_MONTHS)]
    cells = [(line, month) for line in range(1, BIG_LINES + 1) for month in months]

    def service() -> None:
        run = next(runs)
        set_cells(db, 1, [CellEdit(line, month, "actual", 990_000 + run) for line, month in cells])

    def raw() -> None:
        run = next(runs)
        with contextlib.closing(sqlite3.connect(path)) as connection, connection:
            connection.executemany(
                _UPSERT_SQL, [(line, month.isoformat(), 990_000 + run) for line, month in cells]
            )

    return service, raw


def run() -> None:
    """Build both files, then report each measure beside its raw sqlite3 floor."""
    with tempfile.TemporaryDirectory() as folder:
        big, portfolio = Path(folder) / "big.db", Path(folder) / "portfolio.db"
        started = time.perf_counter()
        fill_costs(big, 1, BIG_LINES, BIG_MONTHS)
        fill_costs(portfolio, PORTFOLIO_PROJECTS, PORTFOLIO_LINES, PORTFOLIO_MONTHS)
        print(
            f"Built one project of {BIG_LINES} lines × {BIG_MONTHS} months and a portfolio "
            f"of {PORTFOLIO_PROJECTS} projects × {PORTFOLIO_LINES} lines × "
            f"{PORTFOLIO_MONTHS} months in {time.perf_counter() - started:.1f} s\n"
        )
        db = open_database(big, actor="benchmark")
        report(
            f"cost sheet, {BIG_LINES} lines × {BIG_MONTHS} months",
            median_seconds(lambda: get_cost_sheet(db, 1, TODAY)),
            median_seconds(_read(big, _SHEET_SQL, 1)),
            "raw sqlite3 select",
        )
        db.close()
        db = open_database(portfolio, actor="benchmark")
        report(
            f"portfolio costs, {PORTFOLIO_PROJECTS * PORTFOLIO_LINES * PORTFOLIO_MONTHS:,} months",
            median_seconds(lambda: portfolio_costs(db, TODAY), 5),
            median_seconds(_read(portfolio, _PORTFOLIO_SQL), 5),
            "raw sqlite3 select",
        )
        db.close()
        service, raw = _paste_block(big)
        report(
            f"paste {BIG_LINES * PASTE_MONTHS} cells (one unit of work, audited)",
            median_seconds(service),
            median_seconds(raw),
            "raw sqlite3 upsert",
        )


if __name__ == "__main__":
    run()
