"""The client commissioning team: the competency framework, who holds which roles on
each project, skills ratings, gap reviews, training actions and succession cover."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Connection,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import DevelopmentKind, TeamRole, TrainingStatus
from commissioner.models.people import Person

_LEVELS = "BETWEEN 0 AND 3"


class Competency(Base):
    """What a role needs someone to be able to do, and how well, by supplier category.

    A strategic partnership needs more depth than a transactional supply, so each
    competency states the level required for each supplier category (0 = not needed).
    """

    __tablename__ = "competencies"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(f"level_general {_LEVELS}", name="level_general_range"),
        CheckConstraint(f"level_expert {_LEVELS}", name="level_expert_range"),
        CheckConstraint(f"level_strategic {_LEVELS}", name="level_strategic_range"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key ratings refer to; renaming a competency keeps its history.
    key: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole, "team_role"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    level_general: Mapped[int] = mapped_column(Integer, default=1)
    level_expert: Mapped[int] = mapped_column(Integer, default=2)
    level_strategic: Mapped[int] = mapped_column(Integer, default=2)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TeamMember(Base):
    """A person on a project's client team, with the share of a post they give it."""

    __tablename__ = "team_members"
    __table_args__ = (
        UniqueConstraint("project_id", "person_id", name="uq_team_members_pair"),
        CheckConstraint("fte IS NULL OR (fte > 0 AND fte <= 1)", name="fte_range"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    #: Full-time equivalent given to this project, e.g. 0.2.
    fte: Mapped[float | None] = mapped_column(Numeric(3, 2, asdecimal=False))

    roles: Mapped[list[TeamMemberRole]] = relationship(
        cascade="all, delete-orphan", order_by="TeamMemberRole.id"
    )
    person: Mapped[Person] = relationship(lazy="joined")

    def audit_label(self) -> str:
        # Only a person already loaded is named: a flush must not trigger a lazy load.
        person = self.__dict__.get("person")
        return f"Team member: {person.full_name}" if person is not None else "Team member"


class TeamMemberRole(Base):
    __tablename__ = "team_member_roles"
    __table_args__ = (
        UniqueConstraint("team_member_id", "role", name="uq_team_member_roles_role"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("team_member_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_member_id: Mapped[int] = mapped_column(
        ForeignKey("team_members.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole, "team_role"))

    def audit_label(self) -> str:
        return f"Team role: {self.role.label}" if self.role else "Team role"

    def audit_project_id(self, connection: Connection) -> int | None:
        query = select(TeamMember.project_id).where(TeamMember.id == self.team_member_id)
        return connection.scalar(query)


class TeamPlan(Base):
    """What a project's client team needs: its capacity in FTE."""

    __tablename__ = "team_plans"
    __table_args__ = (
        CheckConstraint("fte_needed IS NULL OR fte_needed > 0", name="fte_needed_positive"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    fte_needed: Mapped[float | None] = mapped_column(Numeric(4, 2, asdecimal=False))
    notes: Mapped[str] = mapped_column(Text, default="")


class SkillRating(Base):
    """A dated rating of one person on one competency, by themselves and their manager."""

    __tablename__ = "skill_ratings"
    __table_args__ = (
        CheckConstraint(f"self_level IS NULL OR self_level {_LEVELS}", name="self_level_range"),
        CheckConstraint(
            f"manager_level IS NULL OR manager_level {_LEVELS}", name="manager_level_range"
        ),
        CheckConstraint(
            "self_level IS NOT NULL OR manager_level IS NOT NULL", name="some_level_given"
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: The competency's key, so a rating outlives a rename of the framework.
    competency_key: Mapped[str] = mapped_column(String(60), index=True)
    rated_on: Mapped[dt.date] = mapped_column(Date)
    self_level: Mapped[int | None] = mapped_column(Integer)
    manager_level: Mapped[int | None] = mapped_column(Integer)
    rated_by: Mapped[str] = mapped_column(String(200), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        when = f" {self.rated_on:%d/%m/%Y}" if self.rated_on else ""
        return f"Skills rating: {self.competency_key}{when}"


class GapReview(Base):
    """A conversation with a team member about their gaps, and what was agreed."""

    __tablename__ = "gap_reviews"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    agreed_actions: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        return f"Gap review {self.reviewed_on:%d/%m/%Y}" if self.reviewed_on else "Gap review"


class TrainingAction(Base):
    """One development action in a person's training plan, usually for one gap."""

    __tablename__ = "training_actions"
    __table_args__ = (
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        CheckConstraint("cost_pence IS NULL OR cost_pence >= 0", name="cost_not_negative"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: The competency the action closes a gap in; blank for general development.
    competency_key: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[DevelopmentKind] = mapped_column(enum_column(DevelopmentKind, "development_kind"))
    description: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(200), default="")
    cost_pence: Mapped[int | None] = mapped_column(BigInteger)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[TrainingStatus] = mapped_column(
        enum_column(TrainingStatus, "training_status"), default=TrainingStatus.PLANNED
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    def audit_label(self) -> str:
        return f"Training: {(self.description or '')[:80]}"


class SuccessionCover(Base):
    """Someone who could step into a role on a project if its holder left."""

    __tablename__ = "succession_cover"
    __table_args__ = (
        UniqueConstraint("project_id", "role", "person_id", name="uq_succession_cover_entry"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole, "team_role"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    readiness: Mapped[str] = mapped_column(String(200), default="")


class DevelopmentProfile(Base):
    """A person's place in the talent pipeline: ambitions, readiness, next steps."""

    __tablename__ = "development_profiles"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    pipeline_note: Mapped[str] = mapped_column(Text, default="")
