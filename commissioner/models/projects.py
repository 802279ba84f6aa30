"""Commissioning projects, their five stages, gate decisions and delivery confidence."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.costs import ChangeRequest, CostLine, ProjectBudget
from commissioner.models.engagement import (
    ActionItem,
    CommunicationEntry,
    Decision,
    Stakeholder,
    UnderstandingItem,
)
from commissioner.models.enums import (
    ConfidenceRating,
    DeliveryModel,
    GateDecision,
    ProjectStatus,
    ProtectiveMarking,
    Rag,
    StageKind,
    StageStatus,
    SupplierCategory,
)
from commissioner.models.gates import ChecklistItem, GateCondition
from commissioner.models.golden_thread import (
    Benefit,
    CommissionedService,
    Kpi,
    ProjectObjective,
)
from commissioner.models.packs import GovernancePack
from commissioner.models.people import Person
from commissioner.models.risks import RaidItem
from commissioner.models.supplier_relationships import ContractUseCase, ProjectSupplier
from commissioner.models.team import SuccessionCover, TeamMember, TeamPlan

#: Reference codes look like "ASC-2025-01": capitals, digits, dashes and slashes.
REFERENCE_PATTERN = r"^[A-Z0-9][A-Z0-9/-]{1,19}$"


class Project(Base):
    """A commissioning project: a service the council commissions to meet a need."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("length(trim(reference)) >= 2", name="reference_not_blank"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("length(trim(service_area)) > 0", name="service_area_not_blank"),
        CheckConstraint(
            "approved_budget_pence IS NULL OR approved_budget_pence > 0",
            name="approved_budget_positive",
        ),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="end_after_start",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    service_area: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    delivery_model: Mapped[DeliveryModel] = mapped_column(
        enum_column(DeliveryModel, "delivery_model"), default=DeliveryModel.UNDECIDED
    )
    supplier_category: Mapped[SupplierCategory | None] = mapped_column(
        enum_column(SupplierCategory, "supplier_category")
    )
    lead_commissioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: Money is held exactly, in pence.
    approved_budget_pence: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus, "project_status"), default=ProjectStatus.ACTIVE
    )
    current_stage: Mapped[StageKind] = mapped_column(
        enum_column(StageKind, "stage_kind"), default=StageKind.NEEDS_ASSESSMENT
    )
    protective_marking: Mapped[ProtectiveMarking] = mapped_column(
        enum_column(ProtectiveMarking, "protective_marking"), default=ProtectiveMarking.OFFICIAL
    )
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    lead_commissioner: Mapped[Person | None] = relationship(foreign_keys=[lead_commissioner_id])
    sponsor: Mapped[Person | None] = relationship(foreign_keys=[sponsor_id])
    stages: Mapped[list[Stage]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="Stage.sequence",
    )
    confidence_assessments: Mapped[list[DeliveryConfidenceAssessment]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="DeliveryConfidenceAssessment.assessed_on",
    )
    objectives: Mapped[list[ProjectObjective]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectObjective.code"
    )
    services: Mapped[list[CommissionedService]] = relationship(
        cascade="all, delete-orphan", order_by="CommissionedService.name"
    )
    kpis: Mapped[list[Kpi]] = relationship(cascade="all, delete-orphan", order_by="Kpi.code")
    benefits: Mapped[list[Benefit]] = relationship(
        cascade="all, delete-orphan", order_by="Benefit.id"
    )
    raid_items: Mapped[list[RaidItem]] = relationship(
        cascade="all, delete-orphan", order_by="RaidItem.id"
    )
    stakeholders: Mapped[list[Stakeholder]] = relationship(
        cascade="all, delete-orphan", order_by="Stakeholder.id"
    )
    communications: Mapped[list[CommunicationEntry]] = relationship(
        cascade="all, delete-orphan", order_by="CommunicationEntry.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        cascade="all, delete-orphan", order_by="Decision.id"
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        cascade="all, delete-orphan", order_by="ActionItem.id"
    )
    understanding_items: Mapped[list[UnderstandingItem]] = relationship(
        cascade="all, delete-orphan", order_by="UnderstandingItem.id"
    )
    supplier_relationships: Mapped[list[ProjectSupplier]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectSupplier.id"
    )
    use_cases: Mapped[list[ContractUseCase]] = relationship(
        cascade="all, delete-orphan", order_by="ContractUseCase.id"
    )
    # Everything the database deletes with a project is also an ORM child here, so that
    # deleting a project captures it all for undo and the audit trail records it.
    budgets: Mapped[list[ProjectBudget]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectBudget.id"
    )
    cost_lines: Mapped[list[CostLine]] = relationship(
        cascade="all, delete-orphan", order_by="CostLine.id"
    )
    change_requests: Mapped[list[ChangeRequest]] = relationship(
        cascade="all, delete-orphan", order_by="ChangeRequest.id"
    )
    team_members: Mapped[list[TeamMember]] = relationship(
        cascade="all, delete-orphan", order_by="TeamMember.id"
    )
    team_plans: Mapped[list[TeamPlan]] = relationship(
        cascade="all, delete-orphan", order_by="TeamPlan.id"
    )
    governance_packs: Mapped[list[GovernancePack]] = relationship(
        cascade="all, delete-orphan", order_by="GovernancePack.id"
    )
    succession_cover: Mapped[list[SuccessionCover]] = relationship(
        cascade="all, delete-orphan", order_by="SuccessionCover.id"
    )

    def audit_project_id(self, connection: Connection) -> int | None:
        return self.id

    def audit_label(self) -> str:
        return f"{self.reference} {self.name}"


class Stage(Base):
    """One of a project's five stages, with its plan and what actually happened."""

    __tablename__ = "stages"
    # The parent link and position are implied by the audit entry's project and label.
    __audit_exclude__ = ("project_id", "sequence")
    __table_args__ = (
        UniqueConstraint("project_id", "kind", name="uq_stages_project_kind"),
        CheckConstraint("sequence BETWEEN 1 AND 5", name="sequence_range"),
        CheckConstraint(
            "planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start",
            name="planned_end_after_start",
        ),
        CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name="actual_end_after_start",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StageKind] = mapped_column(enum_column(StageKind, "stage_kind"))
    sequence: Mapped[int] = mapped_column(Integer)
    status: Mapped[StageStatus] = mapped_column(
        enum_column(StageStatus, "stage_status"), default=StageStatus.NOT_STARTED
    )
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_end: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Why the project left this stage without an approving gate, if it did.
    override_reason: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="stages")
    gates: Mapped[list[Gate]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="(Gate.decided_on, Gate.id)"
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="stage",
        cascade="all, delete-orphan",
        order_by="(ChecklistItem.sort_order, ChecklistItem.id)",
    )

    def audit_label(self) -> str:
        return self.kind.label if self.kind else "Stage"


class Gate(Base):
    """A recorded gate decision at the end of a stage (a stage may be gated more than once)."""

    __tablename__ = "gates"
    __audit_exclude__ = ("stage_id",)
    __table_args__ = (
        CheckConstraint("length(trim(decision_maker)) > 0", name="decision_maker_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    decision: Mapped[GateDecision] = mapped_column(enum_column(GateDecision, "gate_decision"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decision_maker: Mapped[str] = mapped_column(String(200))
    conditions: Mapped[str] = mapped_column(Text, default="")
    #: Optional IPA Gateway review label, e.g. "Gate 3: investment decision".
    gateway_review: Mapped[str] = mapped_column(String(100), default="")
    #: The stage checklist as it stood when the decision was made (JSON), frozen.
    checklist_snapshot: Mapped[str] = mapped_column(Text, default="[]")

    stage: Mapped[Stage] = relationship(back_populates="gates")
    condition_items: Mapped[list[GateCondition]] = relationship(
        back_populates="gate", cascade="all, delete-orphan", order_by="GateCondition.id"
    )

    def audit_project_id(self, connection: Connection) -> int | None:
        return connection.scalar(select(Stage.project_id).where(Stage.id == self.stage_id))

    def audit_label(self) -> str:
        return f"Gate: {self.decision.label}" if self.decision else "Gate"


class DeliveryConfidenceAssessment(Base):
    """A delivery confidence assessment (DCA) recorded at a review."""

    __tablename__ = "delivery_confidence_assessments"
    __table_args__ = (NEVER_REUSE_IDS,)
    __audit_exclude__ = ("project_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    rating: Mapped[ConfidenceRating] = mapped_column(
        enum_column(ConfidenceRating, "confidence_rating")
    )
    rationale: Mapped[str] = mapped_column(Text, default="")
    assessed_by: Mapped[str] = mapped_column(String(200), default="")
    rag_time: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_time"))
    rag_cost: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_cost"))
    rag_scope: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_scope"))
    rag_quality: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_quality"))
    rag_benefits: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_benefits"))
    rag_risk: Mapped[Rag | None] = mapped_column(enum_column(Rag, "rag_risk"))

    project: Mapped[Project] = relationship(back_populates="confidence_assessments")

    def audit_label(self) -> str:
        return f"DCA {self.assessed_on:%d %b %Y}" if self.assessed_on else "DCA"
