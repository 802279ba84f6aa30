"""What a commissioner types into the gate and stage-dates forms, and the rules it must meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commissioner.errors import ValidationError
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import GateDecision, StageKind, StageStatus
from commissioner.models.stage_rules import date_order_problem, future_date_problem

#: Column limits, so that a long entry is refused with a message, not a database error.
NAME_LIMIT = 200
GATEWAY_LIMIT = 100

#: (text, owner, due date) of one condition that passed the rules.
ValidCondition = tuple[str, str, dt.date | None]


@dataclass(frozen=True)
class ConditionInput:
    """One condition as typed: wording, who owns it, and when it is due (as text)."""

    text: str
    owner: str = ""
    due_on: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.text.strip() or self.owner.strip() or self.due_on.strip())


@dataclass(frozen=True)
class GateInput:
    """The gate form's fields as entered; the date still as text."""

    decision: GateDecision | None
    decided_on: str
    decision_maker: str
    gateway_review: str = ""
    #: The decision's wording as minuted: reasons, or the conditions in brief.
    notes: str = ""
    conditions: tuple[ConditionInput, ...] = ()


@dataclass(frozen=True)
class ValidGate:
    decision: GateDecision
    decided_on: dt.date
    decision_maker: str
    gateway_review: str
    notes: str
    conditions: tuple[ValidCondition, ...]


@dataclass(frozen=True)
class StageDatesInput:
    """A stage's four dates as typed (DD/MM/YYYY); blank means not set."""

    planned_start: str = ""
    planned_end: str = ""
    actual_start: str = ""
    actual_end: str = ""


def validate_gate(
    form: GateInput,
    kind: StageKind,
    status: StageStatus,
    stage_started: dt.date | None,
    today: dt.date | None = None,
) -> ValidGate:
    """Check every rule of a gate decision at once; raise ValidationError naming each field."""
    problems: dict[str, str] = {}
    if status is StageStatus.NOT_STARTED:
        problems["stage"] = (
            f"{kind.label} has not started yet; record gates on the current stage "
            "or one already finished."
        )
    if form.decision is None:
        problems["decision"] = "Choose the decision."
    decided_on = _decision_date(form.decided_on, kind, stage_started, today, problems)
    maker = _text(form.decision_maker, "decision_maker", NAME_LIMIT, problems)
    if not maker and "decision_maker" not in problems:
        problems["decision_maker"] = "Say who decided, e.g. Commissioning Board."
    review = _text(form.gateway_review, "gateway_review", GATEWAY_LIMIT, problems)
    conditions = _conditions(form.conditions, problems)
    _decision_fits(form, conditions, problems)
    if problems:
        raise ValidationError(problems)
    assert form.decision is not None and decided_on is not None
    notes = form.notes.strip()
    return ValidGate(form.decision, decided_on, maker, review, notes, conditions)


def _text(value: str, field: str, limit: int, problems: dict[str, str]) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        problems[field] = f"Keep this under {limit} characters."
    return cleaned


def _decision_date(
    text: str,
    kind: StageKind,
    stage_started: dt.date | None,
    today: dt.date | None,
    problems: dict[str, str],
) -> dt.date | None:
    try:
        decided_on = parse_date(text)
    except DateFormatError as error:
        problems["decided_on"] = str(error)
        return None
    if decided_on is None:
        problems["decided_on"] = "Give the date of the decision."
    elif problem := future_date_problem(decided_on, today or dt.date.today(), "decision date"):
        problems["decided_on"] = problem
    elif stage_started is not None and decided_on < stage_started:
        problems["decided_on"] = (
            f"{kind.label} started on {format_date(stage_started)}; "
            "its gate cannot be decided before then."
        )
    return decided_on


def _conditions(
    lines: tuple[ConditionInput, ...], problems: dict[str, str]
) -> tuple[ValidCondition, ...]:
    valid: list[ValidCondition] = []
    for number, line in enumerate((line for line in lines if not line.is_blank), start=1):
        text, owner = line.text.strip(), " ".join(line.owner.split())
        try:
            due_on = parse_date(line.due_on)
        except DateFormatError as error:
            problems["conditions"] = f"Condition {number}: {error}."
            continue
        if not text:
            problems["conditions"] = f"Condition {number} has an owner or date but no wording."
        elif len(owner) > NAME_LIMIT:
            problems["conditions"] = f"Condition {number}: keep the owner under 200 characters."
        valid.append((text, owner, due_on))
    return tuple(valid)


def _decision_fits(
    form: GateInput, conditions: tuple[ValidCondition, ...], problems: dict[str, str]
) -> None:
    """Conditions and reasons must match the decision chosen."""
    decision = form.decision
    if decision is GateDecision.APPROVED_WITH_CONDITIONS and not conditions:
        problems.setdefault("conditions", "List at least one condition, or choose Approved.")
    elif decision is GateDecision.APPROVED and conditions:
        problems.setdefault(
            "conditions",
            "Conditions are listed: choose Approved with conditions, or remove them.",
        )
    if decision in (GateDecision.DEFERRED, GateDecision.REJECTED) and not form.notes.strip():
        problems["notes"] = f"Give the reason the gate was {decision.label.lower()}, as minuted."


def validate_stage_dates(
    dates: StageDatesInput, kind: StageKind, status: StageStatus, today: dt.date | None = None
) -> dict[str, dt.date | None]:
    """Parse and check a stage's dates; returns them by column name or raises ValidationError."""
    problems: dict[str, str] = {}
    parsed: dict[str, dt.date | None] = {}
    for field in ("planned_start", "planned_end", "actual_start", "actual_end"):
        try:
            parsed[field] = parse_date(getattr(dates, field))
        except DateFormatError as error:
            problems[field] = str(error)
            parsed[field] = None
    for what in ("planned", "actual"):
        if problem := date_order_problem(parsed[f"{what}_start"], parsed[f"{what}_end"], what):
            problems.setdefault(f"{what}_end", problem)
    for field in ("actual_start", "actual_end"):
        problem = future_date_problem(parsed[field], today or dt.date.today(), "actual date")
        if problem:
            problems.setdefault(field, problem)
    _actuals_fit_status(parsed, kind, status, problems)
    if problems:
        raise ValidationError(problems)
    return parsed


def _actuals_fit_status(
    parsed: dict[str, dt.date | None],
    kind: StageKind,
    status: StageStatus,
    problems: dict[str, str],
) -> None:
    """Actual dates follow the stage's progress, which only advancing changes."""
    name = kind.label
    if status is StageStatus.NOT_STARTED:
        for field in ("actual_start", "actual_end"):
            if parsed[field] is not None:
                problems.setdefault(
                    field, f"{name} has not started, so it has no actual dates yet."
                )
    elif status is StageStatus.IN_PROGRESS and parsed["actual_end"] is not None:
        problems.setdefault(
            "actual_end",
            f"{name} is still in progress; it gets an actual end when the project advances.",
        )
    if status is not StageStatus.NOT_STARTED and parsed["actual_start"] is None:
        problems.setdefault("actual_start", f"{name} has started; give its actual start.")
    if status is StageStatus.COMPLETE and parsed["actual_end"] is None:
        problems.setdefault("actual_end", f"{name} is complete; give its actual end.")


def dates_as_input(
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    actual_start: dt.date | None,
    actual_end: dt.date | None,
) -> StageDatesInput:
    """A stage's dates as the form shows them."""
    return StageDatesInput(
        format_date(planned_start),
        format_date(planned_end),
        format_date(actual_start),
        format_date(actual_end),
    )
