"""The communications log: who was told what, when — logged, searched and paged in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import (
    ActionItem,
    CommunicationEntry,
    CommunicationParticipant,
    Decision,
    MeetingTemplate,
    Project,
    Stakeholder,
)
from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import (
    ActionStatus,
    CommunicationType,
    Direction,
    StakeholderType,
)
from commissioner.services.actions import ActionInput, validate_action
from commissioner.services.audit_trail import like_escape
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree
from commissioner.storage.text_search import has_search_index, match_expression, matching_rowids

SelectT = TypeVar("SelectT", bound=Select)


@dataclass(frozen=True)
class LogFilter:
    """Which of a project's log entries to show; every part is applied in SQL."""

    project_id: int
    text: str = ""
    stakeholder_id: int | None = None
    communication_type: CommunicationType | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class LogRow:
    id: int
    occurred_at: dt.datetime
    communication_type: CommunicationType
    formal: bool
    direction: Direction
    subject: str
    participant_count: int


@dataclass(frozen=True)
class MeetingInput:
    """A meeting (or any communication) as typed: the date still text."""

    occurred_on: str
    subject: str
    occurred_time: dt.time = dt.time(10, 0)
    communication_type: CommunicationType = CommunicationType.MEETING
    formal: bool = True
    direction: Direction = Direction.TWO_WAY
    summary: str = ""
    attachments: tuple[str, ...] = ()
    participant_ids: tuple[int, ...] = ()
    decisions: tuple[str, ...] = ()
    actions: tuple[ActionInput, ...] = ()


@dataclass(frozen=True)
class EntryAction:
    description: str
    owner: str
    due_on: dt.date | None
    status: ActionStatus


@dataclass(frozen=True)
class EntryDetail:
    id: int
    occurred_at: dt.datetime
    communication_type: CommunicationType
    formal: bool
    direction: Direction
    subject: str
    summary: str
    attachments: tuple[str, ...]
    participants: tuple[str, ...]
    decisions: tuple[str, ...]
    actions: tuple[EntryAction, ...]


@dataclass(frozen=True)
class EntryRemoval:
    """What undoing a deleted entry needs: its rows, and the decisions and actions that
    pointed at it (the database set their link to NULL)."""

    tree: RecordTree
    decision_ids: tuple[int, ...] = field(default=())
    action_ids: tuple[int, ...] = field(default=())
    #: Decisions and actions removed with the entry (undoing a logged meeting).
    outcomes: tuple[RecordTree, ...] = field(default=())


@dataclass(frozen=True)
class StakeholderOption:
    id: int
    name: str
    stakeholder_type: StakeholderType

    @property
    def label(self) -> str:
        return f"{self.name} ({self.stakeholder_type.label})"


@dataclass(frozen=True)
class MeetingTemplateRow:
    id: int
    name: str
    communication_type: CommunicationType
    attendee_types: tuple[StakeholderType, ...]
    agenda: str


#: The full-text index of the log (migration 0005), where SQLite provides FTS5.
SEARCH_INDEX = "communications_search"


def _filtered(query: SelectT, log_filter: LogFilter, *, full_text: bool = False) -> SelectT:
    query = query.where(CommunicationEntry.project_id == log_filter.project_id)
    text = log_filter.text.strip()
    expression = match_expression(text) if full_text else None
    if expression is not None:
        query = query.where(CommunicationEntry.id.in_(matching_rowids(SEARCH_INDEX, expression)))
    elif text:
        pattern = "%" + like_escape(text) + "%"
        query = query.where(
            or_(
                CommunicationEntry.subject.ilike(pattern, escape="\\"),
                CommunicationEntry.summary.ilike(pattern, escape="\\"),
            )
        )
    if log_filter.stakeholder_id is not None:
        query = query.where(
            exists().where(
                CommunicationParticipant.communication_id == CommunicationEntry.id,
                CommunicationParticipant.stakeholder_id == log_filter.stakeholder_id,
            )
        )
    if log_filter.communication_type is not None:
        query = query.where(CommunicationEntry.communication_type == log_filter.communication_type)
    if log_filter.date_from is not None:
        start = dt.datetime.combine(log_filter.date_from, dt.time())
        query = query.where(CommunicationEntry.occurred_at >= start)
    if log_filter.date_to is not None:
        end = dt.datetime.combine(log_filter.date_to + dt.timedelta(days=1), dt.time())
        query = query.where(CommunicationEntry.occurred_at < end)
    return query


def count_log(db: Database, log_filter: LogFilter) -> int:
    with db.session() as session:
        full_text = has_search_index(session, SEARCH_INDEX)
        query = _filtered(
            select(func.count(CommunicationEntry.id)), log_filter, full_text=full_text
        )
        return session.scalar(query) or 0


def fetch_log(db: Database, log_filter: LogFilter, *, offset: int, limit: int) -> list[LogRow]:
    """Newest first, ``limit`` entries from ``offset``."""
    participants = (
        select(func.count(CommunicationParticipant.id))
        .where(CommunicationParticipant.communication_id == CommunicationEntry.id)
        .scalar_subquery()
    )
    columns = select(
        CommunicationEntry.id,
        CommunicationEntry.occurred_at,
        CommunicationEntry.communication_type,
        CommunicationEntry.formal,
        CommunicationEntry.direction,
        CommunicationEntry.subject,
        participants.label("participant_count"),
    )
    with db.session() as session:
        query = _filtered(
            columns, log_filter, full_text=has_search_index(session, SEARCH_INDEX)
        ).order_by(CommunicationEntry.occurred_at.desc(), CommunicationEntry.id.desc())
        rows = session.execute(query.offset(offset).limit(limit))
        return [LogRow(**row._asdict()) for row in rows]


def entry_detail(db: Database, entry_id: int) -> EntryDetail:
    """One entry with its participants, decisions and actions, for the detail pane."""
    with db.session() as session:
        entry = session.get(CommunicationEntry, entry_id)
        if entry is None:
            raise RecordNotFoundError("That log entry no longer exists.")
        names = session.scalars(
            select(Stakeholder.name)
            .join(
                CommunicationParticipant, CommunicationParticipant.stakeholder_id == Stakeholder.id
            )
            .where(CommunicationParticipant.communication_id == entry_id)
            .order_by(Stakeholder.name)
        ).all()
        decisions = session.scalars(
            select(Decision.summary)
            .where(Decision.communication_id == entry_id)
            .order_by(Decision.id)
        ).all()
        actions = session.scalars(
            select(ActionItem)
            .where(ActionItem.communication_id == entry_id)
            .order_by(ActionItem.id)
        ).all()
        return EntryDetail(
            id=entry.id,
            occurred_at=entry.occurred_at,
            communication_type=entry.communication_type,
            formal=entry.formal,
            direction=entry.direction,
            subject=entry.subject,
            summary=entry.summary,
            attachments=tuple(line for line in entry.attachments.splitlines() if line.strip()),
            participants=tuple(names),
            decisions=tuple(decisions),
            actions=tuple(EntryAction(a.description, a.owner, a.due_on, a.status) for a in actions),
        )


def list_stakeholder_options(db: Database, project_id: int) -> list[StakeholderOption]:
    query = (
        select(Stakeholder.id, Stakeholder.name, Stakeholder.stakeholder_type)
        .where(Stakeholder.project_id == project_id)
        .order_by(Stakeholder.name, Stakeholder.id)
    )
    with db.session() as session:
        return [StakeholderOption(*row) for row in session.execute(query)]


def list_meeting_templates(db: Database) -> list[MeetingTemplateRow]:
    with db.session() as session:
        return [
            MeetingTemplateRow(
                id=t.id,
                name=t.name,
                communication_type=t.communication_type,
                attendee_types=tuple(
                    StakeholderType(value.strip())
                    for value in t.attendee_types.split(",")
                    if value.strip() in StakeholderType.__members__.values()
                ),
                agenda=t.agenda,
            )
            for t in session.scalars(select(MeetingTemplate).order_by(MeetingTemplate.name))
        ]


def _validate(session: Session, project_id: int, form: MeetingInput) -> dict[str, object]:
    problems: dict[str, str] = {}
    occurred_on = None
    try:
        occurred_on = parse_date(form.occurred_on)
    except DateFormatError as error:
        problems["occurred_on"] = f"{error}."
    if occurred_on is None and "occurred_on" not in problems:
        problems["occurred_on"] = "Give the date it took place."
    subject = " ".join(form.subject.split())
    if not subject:
        problems["subject"] = "Give the subject, so the log can be searched."
    known = set(
        session.scalars(
            select(Stakeholder.id).where(
                Stakeholder.project_id == project_id, Stakeholder.id.in_(form.participant_ids)
            )
        )
    )
    if set(form.participant_ids) - known:
        problems["participants"] = "A participant is not a stakeholder of this project."
    for number, action in enumerate(form.actions, start=1):
        try:
            validate_action(action)
        except ValidationError as error:
            details = " ".join(error.problems.values())
            problems["actions"] = f"Action {number}: {details}"
            break
    if problems:
        raise ValidationError(problems)
    assert occurred_on is not None
    return {
        "occurred_at": dt.datetime.combine(occurred_on, form.occurred_time.replace(microsecond=0)),
        "communication_type": form.communication_type,
        "formal": form.formal,
        "direction": form.direction,
        "subject": subject,
        "summary": form.summary.strip(),
        "attachments": "\n".join(path.strip() for path in form.attachments if path.strip()),
    }


def log_meeting(db: Database, project_id: int, form: MeetingInput) -> int:
    """Log a communication with its participants, decisions and actions; returns its id.

    Everything is written in one unit of work: a failure part-way writes nothing.
    """
    with db.session() as session:
        if session.get(Project, project_id) is None:
            raise RecordNotFoundError("That project no longer exists.")
        values = _validate(session, project_id, form)
        entry = CommunicationEntry(project_id=project_id, **values)
        entry.participants = [
            CommunicationParticipant(stakeholder_id=stakeholder_id)
            for stakeholder_id in dict.fromkeys(form.participant_ids)
        ]
        session.add(entry)
        session.flush()
        decided_on = entry.occurred_at.date()
        for line in form.decisions:
            if line.strip():
                session.add(
                    Decision(
                        project_id=project_id,
                        communication_id=entry.id,
                        decided_on=decided_on,
                        summary=line.strip(),
                    )
                )
        for action in form.actions:
            valid = validate_action(action)
            session.add(
                ActionItem(
                    project_id=project_id,
                    communication_id=entry.id,
                    description=valid.description,
                    owner=valid.owner,
                    due_on=valid.due_on,
                )
            )
        session.flush()
        return entry.id


def delete_entry(db: Database, entry_id: int, *, with_outcomes: bool = False) -> EntryRemoval:
    """Remove a log entry; returns what undo needs to put it back exactly.

    Its decisions and actions stay (unlinked) unless ``with_outcomes``, which removes
    them too — undoing a meeting just logged.
    """
    with db.session() as session:
        entry = session.get(CommunicationEntry, entry_id)
        if entry is None:
            raise RecordNotFoundError("That log entry no longer exists.")
        tree = capture_tree(entry)
        decisions = session.scalars(select(Decision).where(Decision.communication_id == entry_id))
        actions = session.scalars(select(ActionItem).where(ActionItem.communication_id == entry_id))
        linked: list[Decision | ActionItem] = [*decisions.all(), *actions.all()]
        outcomes = tuple(capture_tree(record) for record in linked) if with_outcomes else ()
        decision_ids = tuple(r.id for r in linked if isinstance(r, Decision))
        action_ids = tuple(r.id for r in linked if isinstance(r, ActionItem))
        for record in linked if with_outcomes else ():
            session.delete(record)
        session.delete(entry)
    if with_outcomes:
        return EntryRemoval(tree, outcomes=outcomes)
    return EntryRemoval(tree, decision_ids, action_ids)


def restore_entry(db: Database, removal: EntryRemoval) -> None:
    """Undo ``delete_entry``: the entry, its participants and what pointed at it."""
    entry_id = removal.tree.root_id
    with db.session() as session:
        restore_tree(session, removal.tree)
        for outcome in removal.outcomes:
            restore_tree(session, outcome)
        if removal.decision_ids:
            session.execute(
                update(Decision)
                .where(Decision.id.in_(removal.decision_ids))
                .values(communication_id=entry_id)
            )
        if removal.action_ids:
            session.execute(
                update(ActionItem)
                .where(ActionItem.id.in_(removal.action_ids))
                .values(communication_id=entry_id)
            )
