"""The project's decisions log and action tracker: actions arising, tracked to done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import (
    ActionItem,
    CommunicationEntry,
    Decision,
    Gate,
    GateCondition,
    Project,
    RaidItem,
    Stage,
)
from commissioner.models.action_rules import action_overdue
from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import ActionStatus
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree


@dataclass(frozen=True)
class ActionInput:
    """An action as typed: the due date still text; optional link to a risk or condition."""

    description: str
    owner: str = ""
    due_on: str = ""
    risk_id: int | None = None
    gate_condition_id: int | None = None


@dataclass(frozen=True)
class ActionFilter:
    open_only: bool = False
    overdue_only: bool = False


@dataclass(frozen=True)
class ActionRow:
    id: int
    description: str
    owner: str
    due_on: dt.date | None
    status: ActionStatus
    completed_on: dt.date | None
    overdue: bool
    #: Where it came from or what it follows up, e.g. "Risk R-03" or a meeting's subject.
    source: str


@dataclass(frozen=True)
class DecisionRow:
    id: int
    decided_on: dt.date
    summary: str
    decided_by: str
    source: str


@dataclass(frozen=True)
class LinkOption:
    id: int
    label: str


@dataclass(frozen=True)
class ValidAction:
    description: str
    owner: str
    due_on: dt.date | None


def validate_action(form: ActionInput, key: str = "") -> ValidAction:
    """Check one action's fields; problems are keyed ``key + field``."""
    problems: dict[str, str] = {}
    description = " ".join(form.description.split())
    if not description:
        problems[key + "description"] = "Describe the action."
    due_on = None
    try:
        due_on = parse_date(form.due_on)
    except DateFormatError as error:
        problems[key + "due_on"] = f"Due date: {error}."
    if problems:
        raise ValidationError(problems)
    return ValidAction(description, " ".join(form.owner.split()), due_on)


def _actions_query(project_id: int, action_filter: ActionFilter, today: dt.date) -> Select:
    query = (
        select(
            ActionItem.id,
            ActionItem.description,
            ActionItem.owner,
            ActionItem.due_on,
            ActionItem.status,
            ActionItem.completed_on,
            RaidItem.reference,
            GateCondition.text.label("condition"),
            CommunicationEntry.subject,
        )
        .outerjoin(RaidItem, RaidItem.id == ActionItem.risk_id)
        .outerjoin(GateCondition, GateCondition.id == ActionItem.gate_condition_id)
        .outerjoin(CommunicationEntry, CommunicationEntry.id == ActionItem.communication_id)
        .where(ActionItem.project_id == project_id)
    )
    if action_filter.open_only or action_filter.overdue_only:
        query = query.where(ActionItem.status == ActionStatus.OPEN)
    if action_filter.overdue_only:
        query = query.where(and_(ActionItem.due_on.is_not(None), ActionItem.due_on < today))
    # Open first, then closed; each soonest due first, undated last.
    return query.order_by(
        (ActionItem.status != ActionStatus.OPEN),
        ActionItem.due_on.is_(None),
        ActionItem.due_on,
        ActionItem.id,
    )


def list_actions(
    db: Database,
    project_id: int,
    action_filter: ActionFilter = ActionFilter(),
    *,
    today: dt.date | None = None,
) -> list[ActionRow]:
    """A project's actions, open ones first by due date, each flagged if overdue."""
    today = today or dt.date.today()
    with db.session() as session:
        rows = session.execute(_actions_query(project_id, action_filter, today)).all()
    return [
        ActionRow(
            id=row.id,
            description=row.description,
            owner=row.owner,
            due_on=row.due_on,
            status=row.status,
            completed_on=row.completed_on,
            overdue=action_overdue(row.due_on, row.status, today),
            source=_source(row.reference, row.condition, row.subject),
        )
        for row in rows
    ]


def _source(risk: str | None, condition: str | None, subject: str | None) -> str:
    parts = []
    if risk:
        parts.append(f"Risk {risk}")
    if condition:
        parts.append(f"Condition: {condition[:60]}")
    if subject:
        parts.append(subject)
    return "; ".join(parts)


def list_decisions(db: Database, project_id: int) -> list[DecisionRow]:
    """A project's decisions log, newest first."""
    query = (
        select(Decision, CommunicationEntry.subject)
        .outerjoin(CommunicationEntry, CommunicationEntry.id == Decision.communication_id)
        .where(Decision.project_id == project_id)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    )
    with db.session() as session:
        return [
            DecisionRow(d.id, d.decided_on, d.summary, d.decided_by, subject or "")
            for d, subject in session.execute(query)
        ]


def risk_options(db: Database, project_id: int) -> list[LinkOption]:
    query = (
        select(RaidItem.id, RaidItem.reference, RaidItem.title)
        .where(RaidItem.project_id == project_id)
        .order_by(RaidItem.reference)
    )
    with db.session() as session:
        return [LinkOption(r.id, f"{r.reference} {r.title}") for r in session.execute(query)]


def condition_options(db: Database, project_id: int) -> list[LinkOption]:
    with db.session() as session:
        return [
            LinkOption(row.id, row.text[:80])
            for row in session.execute(_conditions_of(project_id, select(GateCondition)))
            .scalars()
            .all()
        ]


def _conditions_of(project_id: int, query: Select) -> Select:
    return (
        query.join(Gate, Gate.id == GateCondition.gate_id)
        .join(Stage, Stage.id == Gate.stage_id)
        .where(Stage.project_id == project_id)
    )


def _check_links(session: Session, project_id: int, form: ActionInput) -> dict[str, str]:
    problems = {}
    if form.risk_id is not None:
        risk_project = session.scalar(
            select(RaidItem.project_id).where(RaidItem.id == form.risk_id)
        )
        if risk_project != project_id:
            problems["risk_id"] = "That risk is not in this project's RAID log."
    if form.gate_condition_id is not None:
        found = session.scalar(
            _conditions_of(project_id, select(GateCondition.id)).where(
                GateCondition.id == form.gate_condition_id
            )
        )
        if found is None:
            problems["gate_condition_id"] = "That gate condition is not one of this project's."
    return problems


def _validated(session: Session, project_id: int, form: ActionInput) -> dict[str, object]:
    problems = _check_links(session, project_id, form)
    try:
        valid = validate_action(form)
    except ValidationError as error:
        problems.update(error.problems)
    if problems:
        raise ValidationError(problems)
    return {
        "description": valid.description,
        "owner": valid.owner,
        "due_on": valid.due_on,
        "risk_id": form.risk_id,
        "gate_condition_id": form.gate_condition_id,
    }


def add_action(db: Database, project_id: int, form: ActionInput) -> int:
    """Add an action to a project's tracker; returns its id."""
    with db.session() as session:
        if session.get(Project, project_id) is None:
            raise RecordNotFoundError("That project no longer exists.")
        action = ActionItem(project_id=project_id, **_validated(session, project_id, form))
        session.add(action)
        session.flush()
        return action.id


def update_action(db: Database, action_id: int, form: ActionInput) -> ActionInput:
    """Change an action's fields; returns the previous fields (for undo)."""
    with db.session() as session:
        action = _load(session, action_id)
        previous = ActionInput(
            description=action.description,
            owner=action.owner,
            due_on=action.due_on.strftime("%d/%m/%Y") if action.due_on else "",
            risk_id=action.risk_id,
            gate_condition_id=action.gate_condition_id,
        )
        for column, value in _validated(session, action.project_id, form).items():
            setattr(action, column, value)
        return previous


def set_action_status(
    db: Database, action_id: int, status: ActionStatus, completed_on: dt.date | None
) -> tuple[ActionStatus, dt.date | None]:
    """Set an action's status; returns the previous (status, completed_on) for undo."""
    if status is ActionStatus.OPEN:
        completed_on = None
    with db.session() as session:
        action = _load(session, action_id)
        previous = (action.status, action.completed_on)
        action.status, action.completed_on = status, completed_on
        return previous


def mark_done(
    db: Database, action_id: int, *, today: dt.date | None = None
) -> tuple[ActionStatus, dt.date | None]:
    return set_action_status(db, action_id, ActionStatus.DONE, today or dt.date.today())


def reopen(db: Database, action_id: int) -> tuple[ActionStatus, dt.date | None]:
    return set_action_status(db, action_id, ActionStatus.OPEN, None)


def delete_action(db: Database, action_id: int) -> RecordTree:
    """Remove an action (a mistaken entry); returns what undo needs."""
    with db.session() as session:
        action = _load(session, action_id)
        tree = capture_tree(action)
        session.delete(action)
    return tree


def _load(session: Session, action_id: int) -> ActionItem:
    action = session.get(ActionItem, action_id)
    if action is None:
        raise RecordNotFoundError("That action no longer exists.")
    return action
