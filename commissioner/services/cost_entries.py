"""Writing costs: cost lines, the figures in their monthly profile, and the council's
list of cost categories.

A block of cells (typed, pasted or imported) is one unit of work: every value is
checked first, and one bad cell writes nothing. Each write returns what undo needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import CostCategory, CostLine, CostPeriod
from commissioner.models.cost_rules import month_start
from commissioner.models.money import MoneyFormatError, format_pounds, parse_pounds
from commissioner.services.costs import MEASURES
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.supplier_input import optional_line, required_line
from commissioner.storage import Database

#: No single month of one line is £10 billion or more; a figure that big is a typo.
CELL_LIMIT_PENCE = 10**12


@dataclass(frozen=True)
class CellEdit:
    """One figure to set: a line's budget, forecast or actual for a month (None clears)."""

    line_id: int
    month: dt.date
    measure: str
    pence: int | None


def parse_cell(text: str, measure: str) -> int | None:
    """A cell as typed or pasted ('£1,250.50', '1.2k', '(300)', blank) in pence.

    Raises ValueError with a message naming the problem. Accounting brackets mean a
    negative figure, which an actual or forecast may be (a credit) but a budget not.
    """
    cleaned = text.strip()
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "-" + cleaned[1:-1]
    try:
        pence = parse_pounds(cleaned)
    except MoneyFormatError as error:
        raise ValueError(str(error)) from None
    _check_cell(pence, measure)
    return pence


def _check_cell(pence: int | None, measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"“{measure}” is not budget, forecast or actual.")
    if pence is None:
        return
    if measure == "budget" and pence < 0:
        raise ValueError("A budget cannot be negative; record a credit as a negative actual.")
    if abs(pence) >= CELL_LIMIT_PENCE:
        raise ValueError(f"{format_pounds(pence)} in one month is implausible; check the figure.")


def set_cells(db: Database, project_id: int, edits: Sequence[CellEdit]) -> tuple[CellEdit, ...]:
    """Set every figure in ``edits`` at once; returns the figures they replaced, for undo.

    Setting the returned figures puts the sheet back exactly: one per cell, in the order
    first edited, each as it was before the block (a cell edited twice appears once).
    Raises ValidationError naming the first bad cell; nothing is written then.
    """
    for edit in edits:
        try:
            _check_cell(edit.pence, edit.measure)
        except ValueError as error:
            raise ValidationError({"cells": f"{edit.month:%b %Y}: {error}"}) from None
    with db.session() as session:
        require_project(session, project_id)
        _check_lines(session, project_id, edits)
        periods = _periods_for(session, edits)
        replaced: dict[tuple[int, dt.date, str], CellEdit] = {}
        for edit in edits:
            before = _set_cell(session, periods, edit, project_id)
            replaced.setdefault((before.line_id, before.month, before.measure), before)
        for period in periods.values():
            if all(getattr(period, f"{m}_pence") is None for m in MEASURES):
                # A month left blank everywhere is no month at all.
                if period in session.new:
                    session.expunge(period)
                elif period.id is not None:
                    session.delete(period)
        return tuple(replaced.values())


def _check_lines(session: Session, project_id: int, edits: Sequence[CellEdit]) -> None:
    """Refuse a block touching a deleted line or another project's, naming the month."""
    line_ids = {edit.line_id for edit in edits}
    owners = dict(
        session.execute(
            select(CostLine.id, CostLine.project_id).where(CostLine.id.in_(line_ids))
        ).all()
    )
    for edit in edits:
        owner = owners.get(edit.line_id)
        if owner == project_id:
            continue
        problem = (
            "A cost line has been deleted; reopen the costs."
            if owner is None
            else "That cost line belongs to another project."
        )
        raise ValidationError({"cells": f"{edit.month:%b %Y}: {problem}"})


_PeriodKey = tuple[int, dt.date]


def _periods_for(session: Session, edits: Sequence[CellEdit]) -> dict[_PeriodKey, CostPeriod]:
    """Every stored month the block touches, read in one query (a paste can be hundreds)."""
    line_ids = {edit.line_id for edit in edits}
    months = {month_start(edit.month) for edit in edits}
    query = select(CostPeriod).where(
        CostPeriod.cost_line_id.in_(line_ids), CostPeriod.month.in_(months)
    )
    return {(period.cost_line_id, period.month): period for period in session.scalars(query)}


def _set_cell(
    session: Session, periods: dict[_PeriodKey, CostPeriod], edit: CellEdit, project_id: int
) -> CellEdit:
    month = month_start(edit.month)
    period = periods.get((edit.line_id, month))
    column = f"{edit.measure}_pence"
    before = getattr(period, column) if period is not None else None
    if period is None:
        if edit.pence is None:
            return CellEdit(edit.line_id, month, edit.measure, None)
        period = CostPeriod(cost_line_id=edit.line_id, month=month)
        session.add(period)
        periods[(edit.line_id, month)] = period
    # The audit trail files the change under the project without a query per cell.
    vars(period)["known_project_id"] = project_id
    if before != edit.pence:
        setattr(period, column, edit.pence)
    return CellEdit(edit.line_id, month, edit.measure, before)


# --- Cost lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLineInput:
    name: str
    category_id: int
    finance_code: str = ""
    notes: str = ""


def _validate_line(session: Session, form: CostLineInput) -> dict[str, object]:
    problems: dict[str, str] = {}
    name = required_line(problems, "name", form.name, "cost line's name", 200)
    code = optional_line(problems, "finance_code", form.finance_code, "finance code", 50)
    if session.get(CostCategory, form.category_id) is None:
        problems["category_id"] = "Choose a cost category."
    if problems:
        raise ValidationError(problems)
    return {
        "name": name,
        "category_id": form.category_id,
        "finance_code": code,
        "notes": form.notes.strip(),
    }


def add_cost_line(db: Database, project_id: int, form: CostLineInput) -> int:
    with db.session() as session:
        require_project(session, project_id)
        values = _validate_line(session, form)
        last = session.scalar(
            select(func.max(CostLine.sort_order)).where(CostLine.project_id == project_id)
        )
        line = CostLine(project_id=project_id, sort_order=(last or 0) + 1, **values)
        session.add(line)
        session.flush()
        return line.id


def update_cost_line(db: Database, line_id: int, form: CostLineInput) -> None:
    with db.session() as session:
        values = _validate_line(session, form)
        assign(load(session, CostLine, line_id, "cost line"), values)


def delete_cost_line(db: Database, line_id: int) -> Removal:
    """Delete a line with every month of its profile (undo puts them all back)."""
    with db.session() as session:
        return remove(session, load(session, CostLine, line_id, "cost line"))


# --- Categories ------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    line_count: int


def list_categories(db: Database) -> list[CategoryRow]:
    """The council's cost categories in order, with how many lines use each."""
    count = func.count(CostLine.id)
    query = (
        select(CostCategory.id, CostCategory.name, count)
        .outerjoin(CostLine, CostLine.category_id == CostCategory.id)
        .group_by(CostCategory.id)
        .order_by(CostCategory.sort_order, CostCategory.id)
    )
    with db.session() as session:
        return [CategoryRow(*row) for row in session.execute(query)]


def replace_categories(
    db: Database, categories: Sequence[tuple[int | None, str]]
) -> list[tuple[int | None, str]]:
    """Make the list exactly ``categories`` — (id, name), id None for a new one — in that
    order; returns the list as it was, for undo. A category in use cannot be removed."""
    names = _category_names(categories)
    before: list[tuple[int | None, str]] = [(row.id, row.name) for row in list_categories(db)]
    kept = {category_id for category_id, _ in categories if category_id is not None}
    with db.session() as session:
        existing = {row.id: row for row in session.scalars(select(CostCategory))}
        _remove_unused(session, [row for i, row in existing.items() if i not in kept])
        wanted = [
            (i if i in existing else None, name)
            for (i, _), name in zip(categories, names, strict=True)
        ]
        _free_names(session, {i for i, name in wanted if i and existing[i].name != name})
        for order, (category_id, name) in enumerate(wanted):
            if category_id is None:
                session.add(CostCategory(name=name, sort_order=order))
            else:
                assign(existing[category_id], {"name": name, "sort_order": order})
    return before


def _category_names(categories: Sequence[tuple[int | None, str]]) -> list[str]:
    names = [" ".join(name.split()) for _, name in categories]
    problem = None
    if not names:
        problem = "Keep at least one cost category."
    elif any(not name for name in names):
        problem = "Give every category a name."
    elif len({name.casefold() for name in names}) != len(names):
        problem = "Each category needs its own name."
    elif any(len(name) > 100 for name in names):
        problem = "Keep category names to 100 characters."
    if problem:
        raise ValidationError({"categories": problem})
    return names


def _remove_unused(session: Session, removed: Sequence[CostCategory]) -> None:
    for row in removed:
        in_use = session.scalar(
            select(func.count(CostLine.id)).where(CostLine.category_id == row.id)
        )
        if in_use:
            raise ValidationError(
                {"categories": f"{row.name} is used by {in_use} cost line(s); keep it."}
            )
        session.delete(row)
    session.flush()


def _free_names(session: Session, category_ids: set[int]) -> None:
    """Park the renamed categories' names so that two can swap names without colliding.

    A Core update bypasses the audit trail (the ORM objects still hold the real names),
    so the trail records each rename once, old name to new.
    """
    if not category_ids:
        return
    session.execute(
        update(CostCategory)
        .where(CostCategory.id.in_(category_ids))
        .values(name="\u2060renaming " + cast(CostCategory.id, String))
        .execution_options(synchronize_session=False)
    )
