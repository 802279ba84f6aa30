"""A project's approved budget — how much, when and where it was approved — and the cost
tolerances it is judged against (its own, or the council's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from commissioner.errors import ValidationError
from commissioner.models import Project, ProjectBudget
from commissioner.models.cost_rules import tolerance_problem
from commissioner.models.money import MoneyFormatError, format_pounds, parse_pounds
from commissioner.services.golden_thread_records import assign, load
from commissioner.services.supplier_input import date_field, optional_line
from commissioner.storage import Database

BUDGET_LIMIT_PENCE = 10**15


@dataclass(frozen=True)
class BudgetInput:
    """The budget form as typed; blank tolerances mean the council's apply."""

    approved_budget: str
    approved_on: str = ""
    source: str = ""
    amber_percent: str = ""
    red_percent: str = ""


def percent_text(basis_points: int | None) -> str:
    """500 → '5', 1000 → '10', 750 → '7.5', 1025 → '10.25'; None → ''."""
    if basis_points is None:
        return ""
    whole, hundredths = divmod(basis_points, 100)
    if not hundredths:
        return str(whole)  # 1000 → '10': only decimals lose their trailing zeros
    return f"{Decimal(basis_points) / 100:f}".rstrip("0")


def get_budget(db: Database, project_id: int) -> BudgetInput:
    with db.session() as session:
        project = load(session, Project, project_id, "project")
        budget = session.scalar(select(ProjectBudget).where(ProjectBudget.project_id == project_id))
        return BudgetInput(
            approved_budget=format_pounds(project.approved_budget_pence, with_pence=True),
            approved_on=budget.approved_on.strftime("%d/%m/%Y")
            if budget and budget.approved_on
            else "",
            source=budget.source if budget else "",
            amber_percent=percent_text(budget.amber_tolerance_bp if budget else None),
            red_percent=percent_text(budget.red_tolerance_bp if budget else None),
        )


def parse_percent(text: str) -> int | None:
    """'5', '7.5%' or ' 10 ' as basis points; blank gives None; ValueError otherwise."""
    cleaned = text.strip().removesuffix("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
        # NaN, Infinity and '1e100' (beyond quantize's precision) are not percentages.
        if not value.is_finite():
            raise InvalidOperation
        hundredths = value.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"“{text.strip()}” is not a percentage, e.g. 5 or 7.5.") from None
    if value != hundredths:
        raise ValueError("Give the percentage to at most two decimal places.")
    return int(value * 100)


def parse_tolerances(
    amber_text: str, red_text: str, problems: dict[str, str]
) -> tuple[int | None, int | None]:
    """Amber and red tolerances as typed, in basis points; both blank gives (None, None).

    Problems go into ``problems`` under "amber_percent" and "red_percent".
    """
    parsed: dict[str, int | None] = {}
    for key, text in (("amber_percent", amber_text), ("red_percent", red_text)):
        try:
            parsed[key] = parse_percent(text)
        except ValueError as error:
            problems[key] = str(error)
    amber, red = parsed.get("amber_percent"), parsed.get("red_percent")
    if len(parsed) < 2:  # one could not be read: its message says why
        return None, None
    if (amber is None) != (red is None):
        problems.setdefault(  # a caller's own message for a blank field comes first
            "red_percent" if red is None else "amber_percent",
            "Give both tolerances, or leave both blank to use the council's.",
        )
    elif amber is not None and red is not None:
        problem = tolerance_problem(Decimal(amber) / 100, Decimal(red) / 100)
        if problem:
            problems["amber_percent" if amber < 0 else "red_percent"] = problem
    return amber, red


def update_budget(db: Database, project_id: int, form: BudgetInput, today: dt.date) -> None:
    """Save the approved budget, its approval and the project's own tolerances."""
    _save_budget(db, project_id, form, today, blank_allowed=False)


def restore_budget(db: Database, project_id: int, before: BudgetInput, today: dt.date) -> None:
    """Undo a budget edit: put back the form as ``get_budget`` read it, even when the
    project had no approved budget then."""
    _save_budget(db, project_id, before, today, blank_allowed=True)


def _budget_problem(pence: int | None, blank_allowed: bool) -> str | None:
    if pence is None:
        return None if blank_allowed else "Give the approved budget, e.g. £1,250,000."
    if pence <= 0:
        return "An approved budget must be more than £0."
    if pence >= BUDGET_LIMIT_PENCE:
        return "That budget is implausibly large; check the figure."
    return None


def _save_budget(
    db: Database, project_id: int, form: BudgetInput, today: dt.date, *, blank_allowed: bool
) -> None:
    problems: dict[str, str] = {}
    try:
        pence = parse_pounds(form.approved_budget)
    except MoneyFormatError as error:
        problems["approved_budget"] = str(error)
        pence = None
    problem = _budget_problem(pence, blank_allowed)
    if problem and "approved_budget" not in problems:
        problems["approved_budget"] = problem
    approved_on = date_field(problems, "approved_on", form.approved_on, today, noun="approval date")
    source = optional_line(problems, "source", form.source, "approval's source", 300)
    amber, red = parse_tolerances(form.amber_percent, form.red_percent, problems)
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        project = load(session, Project, project_id, "project")
        assign(project, {"approved_budget_pence": pence})
        budget = session.scalar(select(ProjectBudget).where(ProjectBudget.project_id == project_id))
        if budget is None:
            budget = ProjectBudget(project_id=project_id)
            session.add(budget)
        assign(
            budget,
            {
                "approved_on": approved_on,
                "source": source,
                "amber_tolerance_bp": amber,
                "red_tolerance_bp": red,
            },
        )
