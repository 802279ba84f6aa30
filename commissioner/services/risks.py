"""The RAID log's use cases: add, edit, re-score, close, raise an issue, manage actions.

Each function is one user action in one unit of work. Those the interface can undo
return what undo needs: the entry's columns before and after, the record tree of
what was removed, or the re-scoring an edit wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import Project, RaidItem, RiskAction, RiskAssessment
from commissioner.models.enums import ActionStatus, RaidKind, RaidStatus
from commissioner.models.risk_rules import LEVEL_COLUMNS, next_reference
from commissioner.services.records import delete_record
from commissioner.services.records import load_record as _load
from commissioner.services.risk_entries import ActionView, RaidEntry, action_view, raid_entry
from commissioner.services.risk_input import (
    ActionInput,
    RiskInput,
    validate_action,
    validate_raid_entry,
)
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree

_Columns = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class EntryChange:
    """An edit of one entry: its columns before and after, and any re-scoring it wrote."""

    item_id: int
    project_id: int
    before: _Columns
    after: _Columns
    rescoring: RecordTree | None = None


@dataclass(frozen=True)
class IssueRaised:
    """An issue raised from a risk that materialised, and what happened to the risk."""

    issue_id: int
    project_id: int
    risk_change: EntryChange | None


def get_raid_entry(db: Database, item_id: int) -> RaidEntry:
    """One entry with its actions and re-scoring history."""
    query = (
        select(RaidItem)
        .where(RaidItem.id == item_id)
        .options(selectinload(RaidItem.actions), selectinload(RaidItem.assessments))
    )
    with db.session() as session:
        item = session.scalar(query)
        if item is None:
            raise RecordNotFoundError("That entry no longer exists.")
        raised_from = ""
        if item.raised_from_id is not None:
            source = session.get(RaidItem, item.raised_from_id)
            raised_from = source.audit_label() if source else ""
        return raid_entry(item, raised_from)


def add_raid_entry(
    db: Database, project_id: int, form: RiskInput, *, today: dt.date | None = None
) -> int:
    """Add a risk, assumption, issue or dependency; a risk gets its first assessment."""
    today = today or dt.date.today()
    with db.session() as session:
        return create_raid_entry(session, db.actor, project_id, form, today).id


def create_raid_entry(
    session: Session, actor: str, project_id: int, form: RiskInput, today: dt.date
) -> RaidItem:
    """Add an entry inside a unit of work another use case owns (so that, for example,
    a change request's risk and its link are saved together or not at all)."""
    values = validate_raid_entry(form, today)
    _load(session, Project, project_id, "project")
    item = _new_item(session, project_id, values, today)
    if item.kind is RaidKind.RISK:
        _write_assessment(session, item, actor, today, form.note or "First assessment")
    return item


def _new_item(
    session: Session, project_id: int, values: dict[str, object], today: dt.date
) -> RaidItem:
    kind = RaidKind(str(values["kind"]))
    existing = session.scalars(
        select(RaidItem.reference).where(
            RaidItem.project_id == project_id, RaidItem.reference.like(f"{kind.prefix}-%")
        )
    )
    item = RaidItem(project_id=project_id, reference=next_reference(kind, existing), **values)
    item.raised_on = item.raised_on or today
    if item.status is RaidStatus.CLOSED:
        item.closed_on = today
    session.add(item)
    session.flush()
    return item


def update_raid_entry(
    db: Database, item_id: int, form: RiskInput, *, today: dt.date | None = None
) -> EntryChange:
    """Save an edited entry; any change to the six levels writes a re-scoring."""
    today = today or dt.date.today()
    values = validate_raid_entry(form, today)
    with db.session() as session:
        item = _load(session, RaidItem, item_id, "entry")
        if values.pop("kind") is not item.kind:
            raise ValidationError({"kind": "An entry keeps its kind; add a new one instead."})
        if values["raised_on"] is None:
            values.pop("raised_on")
        if values["status"] is RaidStatus.CLOSED:
            values["closed_on"] = item.closed_on or today
        else:
            values["closed_on"] = None
        return _change(session, item, values, db.actor, today, form.note)


def close_raid_entry(db: Database, item_id: int, *, on: dt.date) -> EntryChange:
    """Close an entry on ``on`` (a risk that passed or was dealt with)."""
    with db.session() as session:
        item = _load(session, RaidItem, item_id, "entry")
        if item.status is RaidStatus.CLOSED:
            raise ValidationError({"status": f"{item.reference} is already closed."})
        return _change(session, item, {"status": RaidStatus.CLOSED, "closed_on": on}, "", on, "")


def _change(
    session: Session,
    item: RaidItem,
    values: dict[str, object],
    actor: str,
    today: dt.date,
    note: str,
) -> EntryChange:
    changed = {key: value for key, value in values.items() if getattr(item, key) != value}
    before = tuple((key, getattr(item, key)) for key in changed)
    for key, value in changed.items():
        setattr(item, key, value)
    rescoring = None
    if item.kind is RaidKind.RISK and set(changed) & set(LEVEL_COLUMNS):
        assessment = _write_assessment(session, item, actor, today, note or "Re-scored")
        rescoring = capture_tree(assessment)
    return EntryChange(item.id, item.project_id, before, tuple(changed.items()), rescoring)


def _write_assessment(
    session: Session, item: RaidItem, actor: str, today: dt.date, note: str
) -> RiskAssessment:
    assessment = RiskAssessment(
        item_id=item.id,
        assessed_on=today,
        assessed_by=actor,
        note=" ".join(note.split()),
        **{column: getattr(item, column) for column in LEVEL_COLUMNS},
    )
    session.add(assessment)
    session.flush()
    return assessment


def revert_change(db: Database, change: EntryChange) -> None:
    """Undo an edit: put the columns back and remove the re-scoring it wrote."""
    with db.session() as session:
        item = _load(session, RaidItem, change.item_id, "entry")
        _set_columns(item, change.before)
        if change.rescoring is not None:
            assessment = session.get(RiskAssessment, change.rescoring.root_id)
            if assessment is not None:
                session.delete(assessment)


def reapply_change(db: Database, change: EntryChange) -> None:
    """Redo an undone edit exactly as it was first made."""
    with db.session() as session:
        item = _load(session, RaidItem, change.item_id, "entry")
        _set_columns(item, change.after)
        if change.rescoring is not None:
            restore_tree(session, change.rescoring)


def _set_columns(item: RaidItem, columns: _Columns) -> None:
    # Status first, so closed_on never meets a status that forbids it mid-update.
    for key, value in sorted(columns, key=lambda pair: pair[0] != "status"):
        setattr(item, key, value)


def delete_raid_entry(db: Database, item_id: int) -> RecordTree:
    """Remove an entry with its actions and history; returns what undo needs."""
    with db.session() as session:
        item = _load(session, RaidItem, item_id, "entry")
        tree = capture_tree(item)
        session.delete(item)
    return tree


def raise_issue_from_risk(
    db: Database,
    risk_id: int,
    form: RiskInput,
    *,
    close_risk: bool,
    today: dt.date | None = None,
) -> IssueRaised:
    """The risk happened: raise an issue linked to it, and close the risk if asked."""
    today = today or dt.date.today()
    values = validate_raid_entry(form, today)
    if values["kind"] is not RaidKind.ISSUE:
        raise ValidationError({"kind": "Only an issue can be raised from a risk."})
    with db.session() as session:
        risk = _load(session, RaidItem, risk_id, "risk")
        if risk.kind is not RaidKind.RISK:
            raise ValidationError({"kind": f"{risk.reference} is not a risk."})
        issue = _new_item(session, risk.project_id, {**values, "raised_from_id": risk.id}, today)
        risk_change = None
        if close_risk and risk.status is not RaidStatus.CLOSED:
            closing = {"status": RaidStatus.CLOSED, "closed_on": today}
            risk_change = _change(session, risk, closing, "", today, "")
        return IssueRaised(issue.id, risk.project_id, risk_change)


def add_action(db: Database, item_id: int, form: ActionInput) -> int:
    """Add a mitigating action to an entry; returns its id."""
    values = validate_action(form)
    with db.session() as session:
        _load(session, RaidItem, item_id, "entry")
        action = RiskAction(item_id=item_id, **values)
        session.add(action)
        session.flush()
        return action.id


def delete_action(db: Database, action_id: int) -> RecordTree:
    return delete_record(db, RiskAction, action_id, "action")


def set_action_status(
    db: Database, action_id: int, status: ActionStatus, on: dt.date | None
) -> ActionView:
    """Mark an action done (on ``on``), cancelled or open again; returns it as it was."""
    if status is ActionStatus.DONE and on is None:
        raise ValidationError({"completed_on": "Give the date the action was done."})
    with db.session() as session:
        action = _load(session, RiskAction, action_id, "action")
        before = action_view(action)
        action.status = status
        action.completed_on = on if status is ActionStatus.DONE else None
    return before
