"""A supplier's relationship with a project: due diligence, cultural alignment, the
duty-to-warn log and contract use-case tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import SelfRating, SupplierCategory, SupplierRole, WarningStatus
from commissioner.models.suppliers import Supplier


class ProjectSupplier(Base):
    """A supplier bidding for, shortlisted for, or contracted to deliver a project."""

    __tablename__ = "project_suppliers"
    #: The supplier is named in the record's label; its id alone would mean nothing.
    __audit_exclude__ = ("supplier_id",)
    __table_args__ = (
        UniqueConstraint("project_id", "supplier_id", name="uq_project_suppliers_pair"),
        CheckConstraint(
            "price_score IS NULL OR price_score BETWEEN 0 AND 100", name="price_score_range"
        ),
        CheckConstraint(
            "capability_score IS NULL OR capability_score BETWEEN 0 AND 100",
            name="capability_score_range",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[SupplierRole] = mapped_column(enum_column(SupplierRole, "supplier_role"))
    category: Mapped[SupplierCategory] = mapped_column(
        enum_column(SupplierCategory, "supplier_category")
    )
    #: Tender evaluation scores out of 100, set beside culture when comparing suppliers.
    price_score: Mapped[float | None] = mapped_column(Float)
    capability_score: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The supplier's own due diligence on our outcomes: asked for, allowed, done, found.
    supplier_dd_requested_on: Mapped[dt.date | None] = mapped_column(Date)
    supplier_dd_allowed: Mapped[bool] = mapped_column(default=False)
    supplier_dd_done_on: Mapped[dt.date | None] = mapped_column(Date)
    supplier_dd_findings: Mapped[str] = mapped_column(Text, default="")

    supplier: Mapped[Supplier] = relationship(lazy="joined")
    due_diligence: Mapped[list[DueDiligenceItem]] = relationship(
        cascade="all, delete-orphan", order_by="DueDiligenceItem.sort_order"
    )
    assessments: Mapped[list[AlignmentAssessment]] = relationship(
        cascade="all, delete-orphan", order_by="AlignmentAssessment.assessed_on"
    )
    warnings: Mapped[list[DutyToWarnEntry]] = relationship(
        cascade="all, delete-orphan", order_by="DutyToWarnEntry.raised_on"
    )

    def audit_label(self) -> str:
        # Only a supplier already loaded is named: a flush must not trigger a lazy load.
        supplier = self.__dict__.get("supplier")
        name = supplier.name if supplier is not None else "Supplier"
        return f"{name} ({self.role.label.lower()})" if self.role else name


def _project_of(connection: Connection, relationship_id: int) -> int | None:
    query = select(ProjectSupplier.project_id).where(ProjectSupplier.id == relationship_id)
    return connection.scalar(query)


class DueDiligenceItem(Base):
    """One area of pre-contract due diligence, rated with its evidence."""

    __tablename__ = "due_diligence_items"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint("length(trim(area)) > 0", name="area_not_blank"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("project_supplier_id", "sort_order")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_supplier_id: Mapped[int] = mapped_column(
        ForeignKey("project_suppliers.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")
    assessor: Mapped[str] = mapped_column(String(200), default="")
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def audit_label(self) -> str:
        return f"Due diligence: {self.area}"

    def audit_project_id(self, connection: Connection) -> int | None:
        return _project_of(connection, self.project_supplier_id)


class AlignmentAssessment(Base):
    """A dated cultural alignment assessment of a supplier against the council."""

    __tablename__ = "alignment_assessments"
    __table_args__ = (NEVER_REUSE_IDS,)
    __audit_exclude__ = ("project_supplier_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_supplier_id: Mapped[int] = mapped_column(
        ForeignKey("project_suppliers.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessor: Mapped[str] = mapped_column(String(200), default="")

    scores: Mapped[list[AlignmentScore]] = relationship(
        cascade="all, delete-orphan", order_by="AlignmentScore.id"
    )

    def audit_label(self) -> str:
        return f"Alignment assessment {self.assessed_on:%d/%m/%Y}" if self.assessed_on else ""

    def audit_project_id(self, connection: Connection) -> int | None:
        return _project_of(connection, self.project_supplier_id)


class AlignmentScore(Base):
    """Both sides' positions on one dimension of the questionnaire (1 to 5)."""

    __tablename__ = "alignment_scores"
    __table_args__ = (
        UniqueConstraint("assessment_id", "dimension", name="uq_alignment_scores_dimension"),
        CheckConstraint("council_position BETWEEN 1 AND 5", name="council_position_range"),
        CheckConstraint("supplier_position BETWEEN 1 AND 5", name="supplier_position_range"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("assessment_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("alignment_assessments.id", ondelete="CASCADE"), index=True
    )
    #: The questionnaire's key for the dimension, e.g. "formality".
    dimension: Mapped[str] = mapped_column(String(50))
    council_position: Mapped[int] = mapped_column(Integer)
    supplier_position: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        return f"Alignment: {self.dimension}"

    def audit_project_id(self, connection: Connection) -> int | None:
        query = select(AlignmentAssessment.project_supplier_id).where(
            AlignmentAssessment.id == self.assessment_id
        )
        relationship_id = connection.scalar(query)
        return _project_of(connection, relationship_id) if relationship_id else None


class CouncilSelfAssessment(Base):
    """The council's own strength or weakness on a cultural dimension."""

    __tablename__ = "council_self_assessments"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(50), unique=True)
    rating: Mapped[SelfRating] = mapped_column(
        enum_column(SelfRating, "self_rating"), default=SelfRating.NEUTRAL
    )
    note: Mapped[str] = mapped_column(Text, default="")

    def audit_label(self) -> str:
        return f"Self-assessment: {self.dimension}"


class DutyToWarnEntry(Base):
    """A warning raised (or due) from an expert supplier or strategic partner."""

    __tablename__ = "duty_to_warn_entries"
    __table_args__ = (
        CheckConstraint("length(trim(subject)) > 0", name="subject_not_blank"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("project_supplier_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_supplier_id: Mapped[int] = mapped_column(
        ForeignKey("project_suppliers.id", ondelete="CASCADE"), index=True
    )
    raised_on: Mapped[dt.date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(300))
    raised_by: Mapped[str] = mapped_column(String(200), default="")
    how_communicated: Mapped[str] = mapped_column(String(200), default="")
    council_response: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[WarningStatus] = mapped_column(
        enum_column(WarningStatus, "warning_status"), default=WarningStatus.OPEN
    )

    def audit_label(self) -> str:
        return f"Duty to warn: {self.subject[:80]}"

    def audit_project_id(self, connection: Connection) -> int | None:
        return _project_of(connection, self.project_supplier_id)


class ContractUseCase(Base):
    """An operational scenario tested against the contract's wording."""

    __tablename__ = "contract_use_cases"
    __table_args__ = (
        CheckConstraint("length(trim(scenario)) > 0", name="scenario_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    scenario: Mapped[str] = mapped_column(Text)
    clause_reference: Mapped[str] = mapped_column(String(100), default="")
    expected_behaviour: Mapped[str] = mapped_column(Text, default="")
    council_reading: Mapped[str] = mapped_column(Text, default="")
    supplier_reading: Mapped[str] = mapped_column(Text, default="")
    ambiguous: Mapped[bool] = mapped_column(default=False)
    resolution: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[WarningStatus] = mapped_column(
        enum_column(WarningStatus, "use_case_status"), default=WarningStatus.OPEN
    )

    def audit_label(self) -> str:
        return f"Use case: {self.scenario[:80]}"


class CultureDimension(Base):
    """One dimension of the council's cultural alignment questionnaire (scored 1 to 5)."""

    __tablename__ = "culture_dimensions"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key that scores refer to; renaming a dimension keeps its history.
    key: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    low: Mapped[str] = mapped_column(String(200), default="")
    high: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class DueDiligenceTemplateItem(Base):
    """An area every new pre-contract due diligence checklist starts with."""

    __tablename__ = "due_diligence_template_items"
    __table_args__ = (
        CheckConstraint("length(trim(area)) > 0", name="area_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(200), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def audit_label(self) -> str:
        return f"Due diligence template: {self.area}"
