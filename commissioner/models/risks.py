"""The RAID log (risks, assumptions, issues, dependencies) and the council's risk settings.

Scores are likelihood × impact on a 5 × 5 matrix. Bands and appetite are settings that
colour and flag scores; changing them never rewrites a stored score.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Date,
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
    CommissioningChallenge,
    IssuePriority,
    MatrixAxis,
    RaidKind,
    RaidStatus,
    RiskAppetite,
    RiskCategoryKind,
    RiskResponse,
)


def _level_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN 1 AND 5", name=f"{column}_range")


class MatrixLabel(Base):
    """The council's word for one level of likelihood or impact (e.g. 3 = "Possible")."""

    __tablename__ = "matrix_labels"
    __table_args__ = (
        UniqueConstraint("axis", "level", name="uq_matrix_labels_axis_level"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint("length(trim(label)) > 0", name="label_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    axis: Mapped[MatrixAxis] = mapped_column(enum_column(MatrixAxis, "matrix_axis"))
    level: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(50))

    def audit_label(self) -> str:
        return f"{self.axis.label if self.axis else ''} {self.level}".strip()


class ScoreBand(Base):
    """A named band of scores (low, medium, high, critical) with its colour."""

    __tablename__ = "score_bands"
    __table_args__ = (
        CheckConstraint("min_score BETWEEN 1 AND 25", name="min_score_range"),
        CheckConstraint("max_score BETWEEN min_score AND 25", name="max_score_range"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    min_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String(9), default="#9e9e9e")


class RiskCategory(Base):
    """A risk category with the council's appetite and its tolerance score."""

    __tablename__ = "risk_categories"
    __table_args__ = (
        CheckConstraint("tolerance_score BETWEEN 1 AND 25", name="tolerance_score_range"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RiskCategoryKind] = mapped_column(
        enum_column(RiskCategoryKind, "risk_category_kind"), unique=True
    )
    appetite: Mapped[RiskAppetite] = mapped_column(
        enum_column(RiskAppetite, "risk_appetite"), default=RiskAppetite.CAUTIOUS
    )
    #: A residual score above this is "outside appetite".
    tolerance_score: Mapped[int] = mapped_column(Integer, default=12)

    def audit_label(self) -> str:
        return self.kind.label if self.kind else "Risk category"


class RaidItem(Base):
    """One entry of a project's RAID log; risks use the scoring columns."""

    __tablename__ = "raid_items"
    __table_args__ = (
        UniqueConstraint("project_id", "reference", name="uq_raid_items_project_reference"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        *(
            _level_check(f"{stage}_{axis}")
            for stage in ("inherent", "residual", "target")
            for axis in ("likelihood", "impact")
        ),
        CheckConstraint(
            "kind != 'risk' OR (residual_likelihood IS NOT NULL AND residual_impact IS NOT NULL)",
            name="risk_has_residual_score",
        ),
        CheckConstraint(
            "closed_on IS NULL OR status = 'closed'", name="closed_on_only_when_closed"
        ),
        Index("ix_raid_items_project_kind_status", "project_id", "kind", "status"),
        Index("ix_raid_items_next_review", "next_review_on"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[RaidKind] = mapped_column(enum_column(RaidKind, "raid_kind"))
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    #: Risks are written cause → event → consequence; other kinds use ``description``.
    cause: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[str] = mapped_column(Text, default="")
    consequence: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("risk_categories.id", ondelete="SET NULL")
    )
    challenge: Mapped[CommissioningChallenge | None] = mapped_column(
        enum_column(CommissioningChallenge, "commissioning_challenge")
    )
    owner: Mapped[str] = mapped_column(String(200), default="")
    actionee: Mapped[str] = mapped_column(String(200), default="")
    inherent_likelihood: Mapped[int | None] = mapped_column(Integer)
    inherent_impact: Mapped[int | None] = mapped_column(Integer)
    residual_likelihood: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    target_likelihood: Mapped[int | None] = mapped_column(Integer)
    target_impact: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[RiskResponse | None] = mapped_column(
        enum_column(RiskResponse, "risk_response")
    )
    #: When the risk could happen, if it can be dated.
    proximity_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[RaidStatus] = mapped_column(
        enum_column(RaidStatus, "raid_status"), default=RaidStatus.OPEN
    )
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)
    raised_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    priority: Mapped[IssuePriority | None] = mapped_column(
        enum_column(IssuePriority, "issue_priority")
    )
    resolution: Mapped[str] = mapped_column(Text, default="")
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    needed_by: Mapped[dt.date | None] = mapped_column(Date)
    #: The risk this issue materialised from.
    raised_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("raid_items.id", ondelete="SET NULL"), index=True
    )

    actions: Mapped[list[RiskAction]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="RiskAction.id"
    )
    assessments: Mapped[list[RiskAssessment]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        order_by="(RiskAssessment.assessed_on, RiskAssessment.id)",
    )

    def audit_label(self) -> str:
        return f"{self.reference} {self.title}"


class RiskAction(Base):
    """A mitigating action on a risk (or a step towards resolving an issue)."""

    __tablename__ = "risk_actions"
    __table_args__ = (
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("item_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("raid_items.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    item: Mapped[RaidItem] = relationship(back_populates="actions")

    def audit_label(self) -> str:
        return f"Action: {self.description[:80]}"

    def audit_project_id(self, connection: Connection) -> int | None:
        return connection.scalar(select(RaidItem.project_id).where(RaidItem.id == self.item_id))


class RiskAssessment(Base):
    """One scoring of a risk: every re-score is kept, so movement can be shown."""

    __tablename__ = "risk_assessments"
    __table_args__ = (
        *(
            _level_check(f"{stage}_{axis}")
            for stage in ("inherent", "residual", "target")
            for axis in ("likelihood", "impact")
        ),
        Index("ix_risk_assessments_item_date", "item_id", "assessed_on"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("item_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("raid_items.id", ondelete="CASCADE"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessed_by: Mapped[str] = mapped_column(String(200), default="")
    inherent_likelihood: Mapped[int | None] = mapped_column(Integer)
    inherent_impact: Mapped[int | None] = mapped_column(Integer)
    residual_likelihood: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    target_likelihood: Mapped[int | None] = mapped_column(Integer)
    target_impact: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[RaidItem] = relationship(back_populates="assessments")

    def audit_label(self) -> str:
        return f"Re-scoring {self.assessed_on:%d/%m/%Y}" if self.assessed_on else "Re-scoring"

    def audit_project_id(self, connection: Connection) -> int | None:
        return connection.scalar(select(RaidItem.project_id).where(RaidItem.id == self.item_id))
