"""Stage checklists, checklist templates and the conditions a gate sets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Connection, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import ConditionStatus, StageKind

if TYPE_CHECKING:
    from commissioner.models.projects import Gate, Stage


class ChecklistTemplateItem(Base):
    """One line of the council's checklist template for a stage (editable by the council)."""

    __tablename__ = "checklist_template_items"
    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_kind: Mapped[StageKind] = mapped_column(enum_column(StageKind, "stage_kind"))
    text: Mapped[str] = mapped_column(String(300))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def audit_label(self) -> str:
        return f"Checklist template: {self.text}"


class ChecklistItem(Base):
    """One evidence item of a project's stage, ticked when done."""

    __tablename__ = "checklist_items"
    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("stage_id", "sort_order")

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    stage: Mapped[Stage] = relationship(back_populates="checklist")

    def audit_project_id(self, connection: Connection) -> int | None:
        from commissioner.models.projects import Stage

        return connection.scalar(select(Stage.project_id).where(Stage.id == self.stage_id))


class GateCondition(Base):
    """A condition set by a gate decision, tracked until it is met or waived."""

    __tablename__ = "gate_conditions"
    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        CheckConstraint(
            "(status = 'open' AND closed_on IS NULL)"
            " OR (status != 'open' AND closed_on IS NOT NULL)",
            name="closed_on_matches_status",
        ),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("gate_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    gate_id: Mapped[int] = mapped_column(ForeignKey("gates.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ConditionStatus] = mapped_column(
        enum_column(ConditionStatus, "condition_status"), default=ConditionStatus.OPEN
    )
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    gate: Mapped[Gate] = relationship(back_populates="condition_items")

    def audit_label(self) -> str:
        return f"Gate condition: {self.text[:80]}"

    def audit_project_id(self, connection: Connection) -> int | None:
        from commissioner.models.projects import Gate, Stage

        query = select(Stage.project_id).join(Gate, Gate.stage_id == Stage.id)
        return connection.scalar(query.where(Gate.id == self.gate_id))
