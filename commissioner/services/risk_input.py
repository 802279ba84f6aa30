"""What a commissioner types into the RAID forms, and the rules it must meet.

Each ``validate_*`` checks every field at once and raises ``ValidationError`` naming
each bad field, so the form can show every message beside its field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from commissioner.errors import ValidationError
from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import (
    CommissioningChallenge,
    IssuePriority,
    RaidKind,
    RaidStatus,
    RiskResponse,
)
from commissioner.models.risk_rules import LEVEL_COLUMNS, SCORE_STAGES, score

TITLE_LIMIT = 300
NAME_LIMIT = 200
#: Columns only a risk keeps; other kinds store them empty.
RISK_ONLY = (*LEVEL_COLUMNS, "response", "proximity_on")
ISSUE_ONLY = ("priority", "resolution")
DEPENDENCY_ONLY = ("counterparty", "needed_by")


@dataclass(frozen=True)
class RiskInput:
    """The RAID form as typed: dates still text, levels 1–5 or None.

    ``note`` says why the scores changed; it goes on the re-scoring, not the entry.
    """

    title: str
    kind: RaidKind = RaidKind.RISK
    cause: str = ""
    event: str = ""
    consequence: str = ""
    description: str = ""
    category_id: int | None = None
    challenge: CommissioningChallenge | None = None
    owner: str = ""
    actionee: str = ""
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    target_likelihood: int | None = None
    target_impact: int | None = None
    response: RiskResponse | None = None
    proximity_on: str = ""
    status: RaidStatus = RaidStatus.OPEN
    next_review_on: str = ""
    raised_on: str = ""
    priority: IssuePriority | None = None
    resolution: str = ""
    counterparty: str = ""
    needed_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class ActionInput:
    """A mitigating action as typed."""

    description: str
    owner: str = ""
    due_on: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _date(problems: dict[str, str], key: str, text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except DateFormatError as error:
        problems[key] = str(error)
        return None


def _check_levels(form: RiskInput, problems: dict[str, str]) -> None:
    for stage in SCORE_STAGES:
        likelihood = getattr(form, f"{stage}_likelihood")
        impact = getattr(form, f"{stage}_impact")
        if (likelihood is None) != (impact is None):
            problems[stage] = "Give both likelihood and impact, or neither."
    if form.residual_likelihood is None and form.residual_impact is None:
        problems["residual"] = "Score the risk as it stands now: likelihood and impact."
    residual = score(form.residual_likelihood, form.residual_impact)
    target = score(form.target_likelihood, form.target_impact)
    if "target" not in problems and residual and target and target > residual:
        problems["target"] = (
            f"The target score ({target}) is worse than the residual score ({residual}); "
            "the target is where the actions should bring the risk."
        )


def _check_text(form: RiskInput, problems: dict[str, str]) -> None:
    if not form.title.strip():
        problems["title"] = "Give a short title that says what could happen."
    elif len(_one_line(form.title)) > TITLE_LIMIT:
        problems["title"] = f"Keep the title under {TITLE_LIMIT} characters."
    for key in ("owner", "actionee", "counterparty"):
        if len(_one_line(getattr(form, key))) > NAME_LIMIT:
            problems[key] = f"Keep this under {NAME_LIMIT} characters."
    if form.kind is RaidKind.RISK and not form.event.strip():
        problems["event"] = "Describe the risk event: what might happen."
    if form.kind is RaidKind.DEPENDENCY and not form.counterparty.strip():
        problems["counterparty"] = "Say who or what the project depends on."
    if form.kind is RaidKind.ISSUE and form.priority is None:
        problems["priority"] = "Give the issue a priority."


def validate_raid_entry(form: RiskInput, today: dt.date) -> dict[str, object]:
    """Check the form; returns the entry's column values or raises ValidationError.

    A blank ``raised_on`` comes back as None: a new entry is raised today, an edited
    one keeps its date.
    """
    problems: dict[str, str] = {}
    _check_text(form, problems)
    if form.kind is RaidKind.RISK:
        _check_levels(form, problems)
    dates = {
        key: _date(problems, key, getattr(form, key))
        for key in ("proximity_on", "next_review_on", "raised_on", "needed_by")
    }
    if dates["raised_on"] is not None and dates["raised_on"] > today:
        problems["raised_on"] = "An entry cannot be raised in the future."
    if problems:
        raise ValidationError(problems)
    values: dict[str, object] = {
        item.name: getattr(form, item.name) for item in fields(form) if item.name != "note"
    }
    values.update(dates)
    for key in ("title", "owner", "actionee", "counterparty"):
        values[key] = _one_line(str(values[key]))
    for key in ("cause", "event", "consequence", "description", "resolution"):
        values[key] = str(values[key]).strip()
    return _clear_other_kinds(form.kind, values)


def _clear_other_kinds(kind: RaidKind, values: dict[str, object]) -> dict[str, object]:
    """Keep a column only on the kinds it belongs to, so a change of kind leaves no residue."""
    kept = {RaidKind.RISK: RISK_ONLY, RaidKind.ISSUE: ISSUE_ONLY}.get(kind, ())
    kept += DEPENDENCY_ONLY if kind is RaidKind.DEPENDENCY else ()
    for key in (*RISK_ONLY, *ISSUE_ONLY, *DEPENDENCY_ONLY):
        if key not in kept:
            values[key] = "" if key in ("resolution", "counterparty") else None
    return values


def validate_action(form: ActionInput) -> dict[str, object]:
    """Check a mitigating action; returns its column values or raises ValidationError."""
    problems: dict[str, str] = {}
    if not form.description.strip():
        problems["description"] = "Say what will be done."
    if len(_one_line(form.owner)) > NAME_LIMIT:
        problems["owner"] = f"Keep this under {NAME_LIMIT} characters."
    due_on = _date(problems, "due_on", form.due_on)
    if problems:
        raise ValidationError(problems)
    return {
        "description": form.description.strip(),
        "owner": _one_line(form.owner),
        "due_on": due_on,
    }
