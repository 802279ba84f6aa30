"""Stakeholders, the communications log, decisions, actions and confirmations of
understanding: who was told what, when, and whether they understood it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import (
    ActionStatus,
    Channel,
    CommunicationType,
    Direction,
    StakeholderType,
    UnderstandingSubject,
)


class Stakeholder(Base):
    """A person or organisation with an interest in a project."""

    __tablename__ = "stakeholders"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest_range"),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_range"),
        CheckConstraint(
            "cadence_days IS NULL OR cadence_days BETWEEN 1 AND 730", name="cadence_days_range"
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    stakeholder_type: Mapped[StakeholderType] = mapped_column(
        enum_column(StakeholderType, "stakeholder_type")
    )
    interest: Mapped[int] = mapped_column(Integer, default=3)
    influence: Mapped[int] = mapped_column(Integer, default=3)
    preferred_channel: Mapped[Channel] = mapped_column(
        enum_column(Channel, "channel"), default=Channel.EMAIL
    )
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    #: How often they should hear from us, in days (e.g. 30 for monthly).
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class CommunicationEntry(Base):
    """One communication: a meeting, email, letter, call, workshop, event, report or visit."""

    __tablename__ = "communications"
    __table_args__ = (
        CheckConstraint("length(trim(subject)) > 0", name="subject_not_blank"),
        Index("ix_communications_project_time", "project_id", "occurred_at"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    communication_type: Mapped[CommunicationType] = mapped_column(
        enum_column(CommunicationType, "communication_type")
    )
    formal: Mapped[bool] = mapped_column(default=True)
    direction: Mapped[Direction] = mapped_column(
        enum_column(Direction, "direction"), default=Direction.TWO_WAY
    )
    subject: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: File references, one per line: the paths are kept, the files are not copied in.
    attachments: Mapped[str] = mapped_column(Text, default="")

    participants: Mapped[list[CommunicationParticipant]] = relationship(
        back_populates="communication", cascade="all, delete-orphan"
    )

    def audit_label(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y} {self.subject}" if self.occurred_at else self.subject


class CommunicationParticipant(Base):
    """A stakeholder who took part in (or received) a communication."""

    __tablename__ = "communication_participants"
    __table_args__ = (
        UniqueConstraint("communication_id", "stakeholder_id", name="uq_participants_pair"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("communication_id",)
    # Deleting a project deletes these twice over: through their communication here, and
    # through their stakeholder in the database; whichever goes first, nothing is lost.
    __mapper_args__ = {"confirm_deleted_rows": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    communication_id: Mapped[int] = mapped_column(
        ForeignKey("communications.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )

    communication: Mapped[CommunicationEntry] = relationship(back_populates="participants")

    def audit_label(self) -> str:
        return "Participant"

    def audit_project_id(self, connection: Connection) -> int | None:
        query = select(CommunicationEntry.project_id).where(
            CommunicationEntry.id == self.communication_id
        )
        return connection.scalar(query)


class Decision(Base):
    """A decision made, with where it was made (a logged communication, if any)."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("length(trim(summary)) > 0", name="summary_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communications.id", ondelete="SET NULL"), index=True
    )
    decided_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200), default="")

    def audit_label(self) -> str:
        return f"Decision: {self.summary[:80]}"


class ActionItem(Base):
    """An action arising, tracked to done; may follow up a risk or a gate condition."""

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        CheckConstraint(
            "completed_on IS NULL OR status != 'open'", name="completed_only_when_not_open"
        ),
        Index("ix_action_items_project_status_due", "project_id", "status", "due_on"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communications.id", ondelete="SET NULL"), index=True
    )
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("raid_items.id", ondelete="SET NULL"), index=True
    )
    gate_condition_id: Mapped[int | None] = mapped_column(
        ForeignKey("gate_conditions.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    def audit_label(self) -> str:
        return f"Action: {self.description[:80]}"


class UnderstandingItem(Base):
    """A requirement, specification, timetable or deliverable everyone must understand."""

    __tablename__ = "understanding_items"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[UnderstandingSubject] = mapped_column(
        enum_column(UnderstandingSubject, "understanding_subject")
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    confirmations: Mapped[list[Confirmation]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )


class Confirmation(Base):
    """Whether a stakeholder has confirmed they understand an item: when and how.

    A row with no ``confirmed_on`` is an outstanding confirmation the CRO is waiting for.
    """

    __tablename__ = "confirmations"
    # Deleting a project deletes these twice over: through their item here, and
    # through their stakeholder in the database; whichever goes first, nothing is lost.
    __mapper_args__ = {"confirm_deleted_rows": False}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("item_id", "stakeholder_id", name="uq_confirmations_pair"),
        CheckConstraint(
            "confirmed_on IS NOT NULL OR length(method) = 0", name="method_only_when_confirmed"
        ),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("item_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("understanding_items.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: How it was confirmed, e.g. "signed minutes", "email reply", "walk-through".
    method: Mapped[str] = mapped_column(String(200), default="")

    item: Mapped[UnderstandingItem] = relationship(back_populates="confirmations")

    def audit_label(self) -> str:
        return "Confirmation of understanding"

    def audit_project_id(self, connection: Connection) -> int | None:
        query = select(UnderstandingItem.project_id).where(UnderstandingItem.id == self.item_id)
        return connection.scalar(query)


class MeetingTemplate(Base):
    """A reusable meeting: its usual attendees (by stakeholder type) and agenda."""

    __tablename__ = "meeting_templates"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    communication_type: Mapped[CommunicationType] = mapped_column(
        enum_column(CommunicationType, "communication_type"), default=CommunicationType.MEETING
    )
    #: Stakeholder types invited by default, comma-separated values of StakeholderType.
    attendee_types: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
