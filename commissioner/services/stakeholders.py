"""Stakeholders of a project: the register, the power/interest grid and engagement.

Deleting a stakeholder deletes their places in the communications log and their
confirmations of understanding through the ORM (the database would cascade them
silently), so the audit trail records each and undo puts them all back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import (
    CommunicationEntry,
    CommunicationParticipant,
    Confirmation,
    Stakeholder,
    UnderstandingItem,
)
from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import Channel, StakeholderType, UnderstandingSubject
from commissioner.models.stakeholder_rules import (
    RATING_MAX,
    RATING_MIN,
    Quadrant,
    engagement_overdue,
    quadrant,
)
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree

#: Days without contact after which a key stakeholder counts as not engaged.
ENGAGEMENT_WINDOW_DAYS = 60


@dataclass(frozen=True)
class StakeholderInput:
    """The stakeholder form as typed: the cadence still text."""

    name: str
    stakeholder_type: StakeholderType
    organisation: str = ""
    role: str = ""
    interest: int = 3
    influence: int = 3
    preferred_channel: Channel = Channel.EMAIL
    email: str = ""
    phone: str = ""
    cadence_days: str = ""
    notes: str = ""


@dataclass(frozen=True)
class StakeholderRow:
    """One line of the register, with where they sit on the grid and when we last spoke."""

    id: int
    name: str
    organisation: str
    role: str
    stakeholder_type: StakeholderType
    interest: int
    influence: int
    preferred_channel: Channel
    email: str
    phone: str
    cadence_days: int | None
    notes: str
    last_contact: dt.date | None
    overdue: bool

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.interest, self.influence)

    def as_input(self) -> StakeholderInput:
        """The row as a form, for editing."""
        return StakeholderInput(
            name=self.name,
            stakeholder_type=self.stakeholder_type,
            organisation=self.organisation,
            role=self.role,
            interest=self.interest,
            influence=self.influence,
            preferred_channel=self.preferred_channel,
            email=self.email,
            phone=self.phone,
            cadence_days="" if self.cadence_days is None else str(self.cadence_days),
            notes=self.notes,
        )


def list_stakeholders(db: Database, project_id: int, today: dt.date) -> list[StakeholderRow]:
    """A project's stakeholders by name, each with their last contact (one grouped query)."""
    last_contact = func.max(CommunicationEntry.occurred_at).label("last_contact")
    query = (
        select(Stakeholder, last_contact)
        .outerjoin(
            CommunicationParticipant, CommunicationParticipant.stakeholder_id == Stakeholder.id
        )
        .outerjoin(
            CommunicationEntry, CommunicationEntry.id == CommunicationParticipant.communication_id
        )
        .where(Stakeholder.project_id == project_id)
        .group_by(Stakeholder.id)
        .order_by(func.lower(Stakeholder.name), Stakeholder.id)
    )
    with db.session() as session:
        return [_row(record, when, today) for record, when in session.execute(query)]


def _row(record: Stakeholder, when: dt.datetime | None, today: dt.date) -> StakeholderRow:
    contact = when.date() if when is not None else None
    return StakeholderRow(
        id=record.id,
        name=record.name,
        organisation=record.organisation,
        role=record.role,
        stakeholder_type=record.stakeholder_type,
        interest=record.interest,
        influence=record.influence,
        preferred_channel=record.preferred_channel,
        email=record.email,
        phone=record.phone,
        cadence_days=record.cadence_days,
        notes=record.notes,
        last_contact=contact,
        overdue=engagement_overdue(contact, record.cadence_days, today),
    )


def engagement_summary(
    db: Database, project_id: int, today: dt.date, days: int = ENGAGEMENT_WINDOW_DAYS
) -> str:
    """One line for the board: how many key (manage closely) stakeholders have gone quiet."""
    key = [
        row
        for row in list_stakeholders(db, project_id, today)
        if row.quadrant is Quadrant.MANAGE_CLOSELY
    ]
    if not key:
        return "No key stakeholders identified yet"
    quiet = sum(
        1 for row in key if row.last_contact is None or (today - row.last_contact).days > days
    )
    if not quiet:
        return f"All key stakeholders engaged in the last {days} days"
    noun = "stakeholder" if quiet == 1 else "stakeholders"
    return f"{quiet} key {noun} not engaged in {days} days"


def validate_stakeholder(form: StakeholderInput) -> dict[str, object]:
    """Check the form; returns the column values or raises ValidationError per field."""
    problems: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name:
        problems["name"] = "Give the stakeholder's name."
    elif len(name) > 200:
        problems["name"] = "Keep the name to 200 characters."
    for field, value in (("interest", form.interest), ("influence", form.influence)):
        if not RATING_MIN <= value <= RATING_MAX:
            problems[field] = f"Rate {field} from {RATING_MIN} (low) to {RATING_MAX} (high)."
    email = form.email.strip()
    if email and ("@" not in email or " " in email):
        problems["email"] = "That does not look like an email address."
    cadence = _cadence(form.cadence_days, problems)
    if problems:
        raise ValidationError(problems)
    return {
        "name": name,
        "stakeholder_type": StakeholderType(form.stakeholder_type),
        "organisation": " ".join(form.organisation.split()),
        "role": " ".join(form.role.split()),
        "interest": form.interest,
        "influence": form.influence,
        "preferred_channel": Channel(form.preferred_channel),
        "email": email,
        "phone": form.phone.strip(),
        "cadence_days": cadence,
        "notes": form.notes.strip(),
    }


def _cadence(text: str, problems: dict[str, str]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 730:
        problems["cadence_days"] = (
            "Give the contact cadence as whole days, 1 to 730, or leave it blank."
        )
        return None
    return int(text)


def add_stakeholder(db: Database, project_id: int, form: StakeholderInput) -> int:
    """Add a stakeholder to a project; returns their id."""
    values = validate_stakeholder(form)
    with db.session() as session:
        require_project(session, project_id)
        record = Stakeholder(project_id=project_id, **values)
        session.add(record)
        session.flush()
        return record.id


def update_stakeholder(db: Database, stakeholder_id: int, form: StakeholderInput) -> None:
    values = validate_stakeholder(form)
    with db.session() as session:
        assign(load(session, Stakeholder, stakeholder_id, "stakeholder"), values)


def rate_stakeholder(db: Database, stakeholder_id: int, interest: int, influence: int) -> None:
    """Move a stakeholder on the power/interest grid."""
    problems = {
        field: f"Rate {field} from {RATING_MIN} (low) to {RATING_MAX} (high)."
        for field, value in (("interest", interest), ("influence", influence))
        if not RATING_MIN <= value <= RATING_MAX
    }
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        record = load(session, Stakeholder, stakeholder_id, "stakeholder")
        assign(record, {"interest": interest, "influence": influence})


def delete_stakeholder(db: Database, stakeholder_id: int) -> Removal:
    """Delete a stakeholder with their participations and confirmations; returns what undo needs."""
    with db.session() as session:
        record = load(session, Stakeholder, stakeholder_id, "stakeholder")
        dependants = _dependants(session, stakeholder_id)
        rows = capture_tree(record).rows
        for dependant in dependants:
            rows += capture_tree(dependant).rows
            session.delete(dependant)
        session.flush()
        session.delete(record)
    return Removal(RecordTree(rows))


def _dependants(
    session: Session, stakeholder_id: int
) -> list[CommunicationParticipant | Confirmation]:
    participants = session.scalars(
        select(CommunicationParticipant).where(
            CommunicationParticipant.stakeholder_id == stakeholder_id
        )
    )
    confirmations = session.scalars(
        select(Confirmation).where(Confirmation.stakeholder_id == stakeholder_id)
    )
    return [*participants, *confirmations]


# --- Confirmations of understanding -------------------------------------------------


@dataclass(frozen=True)
class UnderstandingInput:
    """A new understanding item and the stakeholders expected to confirm it."""

    subject: UnderstandingSubject
    title: str
    description: str = ""
    stakeholder_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConfirmationInput:
    """A confirmation as typed: the date still text."""

    confirmed_on: str
    method: str


@dataclass(frozen=True)
class ConfirmationState:
    """A confirmation's date and method, kept so undo can put them back."""

    confirmed_on: dt.date | None
    method: str


@dataclass(frozen=True)
class ConfirmationRow:
    id: int
    item_id: int
    item_title: str
    stakeholder_id: int
    stakeholder_name: str
    confirmed_on: dt.date | None
    method: str

    @property
    def outstanding(self) -> bool:
        return self.confirmed_on is None


@dataclass(frozen=True)
class UnderstandingRow:
    id: int
    subject: UnderstandingSubject
    title: str
    description: str
    confirmations: tuple[ConfirmationRow, ...]

    @property
    def confirmed(self) -> tuple[ConfirmationRow, ...]:
        return tuple(row for row in self.confirmations if not row.outstanding)

    @property
    def outstanding(self) -> tuple[ConfirmationRow, ...]:
        return tuple(row for row in self.confirmations if row.outstanding)


def _confirmation_query(project_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Confirmation.id,
            Confirmation.item_id,
            UnderstandingItem.title,
            Confirmation.stakeholder_id,
            Stakeholder.name,
            Confirmation.confirmed_on,
            Confirmation.method,
        )
        .join(UnderstandingItem, UnderstandingItem.id == Confirmation.item_id)
        .join(Stakeholder, Stakeholder.id == Confirmation.stakeholder_id)
        .where(UnderstandingItem.project_id == project_id)
        .order_by(UnderstandingItem.id, func.lower(Stakeholder.name), Confirmation.id)
    )


def list_understanding_items(db: Database, project_id: int) -> list[UnderstandingRow]:
    """A project's understanding items in the order added, each with its confirmations."""
    items_query = (
        select(
            UnderstandingItem.id,
            UnderstandingItem.subject,
            UnderstandingItem.title,
            UnderstandingItem.description,
        )
        .where(UnderstandingItem.project_id == project_id)
        .order_by(UnderstandingItem.id)
    )
    with db.session() as session:
        items = session.execute(items_query).all()
        confirmations = [
            ConfirmationRow(*row) for row in session.execute(_confirmation_query(project_id))
        ]
    by_item: dict[int, list[ConfirmationRow]] = {}
    for row in confirmations:
        by_item.setdefault(row.item_id, []).append(row)
    return [
        UnderstandingRow(item_id, subject, title, description, tuple(by_item.get(item_id, ())))
        for item_id, subject, title, description in items
    ]


def outstanding_confirmations(db: Database, project_id: int) -> list[ConfirmationRow]:
    """Confirmations the project is still waiting for, item by item."""
    query = _confirmation_query(project_id).where(Confirmation.confirmed_on.is_(None))
    with db.session() as session:
        return [ConfirmationRow(*row) for row in session.execute(query)]


def add_understanding_item(db: Database, project_id: int, form: UnderstandingInput) -> int:
    """Add an item with an outstanding confirmation for each chosen stakeholder; returns its id."""
    problems: dict[str, str] = {}
    title = " ".join(form.title.split())
    if not title:
        problems["title"] = "Say what must be understood."
    elif len(title) > 300:
        problems["title"] = "Keep the title to 300 characters."
    if not form.stakeholder_ids:
        problems["stakeholder_ids"] = "Choose who is expected to confirm they understand it."
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        require_project(session, project_id)
        _check_stakeholders(session, project_id, form.stakeholder_ids)
        item = UnderstandingItem(
            project_id=project_id,
            subject=UnderstandingSubject(form.subject),
            title=title,
            description=form.description.strip(),
            confirmations=[
                Confirmation(stakeholder_id=i) for i in dict.fromkeys(form.stakeholder_ids)
            ],
        )
        session.add(item)
        session.flush()
        return item.id


def _check_stakeholders(
    session: Session, project_id: int, stakeholder_ids: tuple[int, ...]
) -> None:
    wanted = set(stakeholder_ids)
    found = set(
        session.scalars(
            select(Stakeholder.id).where(
                Stakeholder.id.in_(wanted), Stakeholder.project_id == project_id
            )
        )
    )
    if found != wanted:
        raise ValidationError(
            {"stakeholder_ids": "One of the chosen stakeholders no longer exists; choose again."}
        )


def delete_understanding_item(db: Database, item_id: int) -> Removal:
    """Delete an item with its confirmations; returns what undo needs."""
    with db.session() as session:
        return remove(session, load(session, UnderstandingItem, item_id, "understanding item"))


def record_confirmation(
    db: Database, confirmation_id: int, form: ConfirmationInput, today: dt.date
) -> ConfirmationState:
    """Record that a stakeholder confirmed their understanding; returns the state before."""
    problems: dict[str, str] = {}
    try:
        confirmed_on = parse_date(form.confirmed_on)
    except DateFormatError as error:
        problems["confirmed_on"], confirmed_on = str(error), None
    if confirmed_on is None and "confirmed_on" not in problems:
        problems["confirmed_on"] = "Give the date they confirmed."
    elif confirmed_on is not None and confirmed_on > today:
        problems["confirmed_on"] = "A confirmation cannot be dated in the future."
    method = " ".join(form.method.split())
    if not method:
        problems["method"] = "Say how they confirmed, e.g. signed minutes or an email reply."
    elif len(method) > 200:
        problems["method"] = "Keep the method to 200 characters."
    if problems:
        raise ValidationError(problems)
    return restore_confirmation(db, confirmation_id, ConfirmationState(confirmed_on, method))


def withdraw_confirmation(db: Database, confirmation_id: int) -> ConfirmationState:
    """Mark a confirmation outstanding again; returns the state before."""
    return restore_confirmation(db, confirmation_id, ConfirmationState(None, ""))


def restore_confirmation(
    db: Database, confirmation_id: int, state: ConfirmationState
) -> ConfirmationState:
    """Set a confirmation's date and method; returns the state before (for undo)."""
    with db.session() as session:
        record = load(session, Confirmation, confirmation_id, "confirmation")
        before = ConfirmationState(record.confirmed_on, record.method)
        assign(record, {"confirmed_on": state.confirmed_on, "method": state.method})
        return before
