"""The golden thread: corporate outcomes → objectives → services → KPIs → measurements.

Benefits (and dis-benefits) hang off objectives too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Connection,
    Date,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import BenefitKind, KpiDirection, MeasurementFrequency


class ProjectObjective(Base):
    """What the project must achieve, ideally serving a corporate outcome."""

    __tablename__ = "objectives"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        UniqueConstraint("project_id", "code", name="uq_objectives_project_code"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    corporate_outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("corporate_outcomes.id", ondelete="SET NULL")
    )

    service_links: Mapped[list[ServiceObjective]] = relationship(
        back_populates="objective", cascade="all, delete-orphan"
    )
    kpi_links: Mapped[list[KpiObjective]] = relationship(
        back_populates="objective", cascade="all, delete-orphan"
    )

    def audit_label(self) -> str:
        return f"{self.code} {self.title}"


class CommissionedService(Base):
    """A service the project commissions to deliver its objectives."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    objective_links: Mapped[list[ServiceObjective]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


class ServiceObjective(Base):
    """A service serves an objective."""

    __tablename__ = "service_objectives"
    __table_args__ = (
        UniqueConstraint("service_id", "objective_id", name="uq_service_objectives_pair"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[CommissionedService] = relationship(back_populates="objective_links")
    objective: Mapped[ProjectObjective] = relationship(back_populates="service_links")

    def audit_label(self) -> str:
        return "Service serves objective"

    def audit_project_id(self, connection: Connection) -> int | None:
        query = select(CommissionedService.project_id).where(
            CommissionedService.id == self.service_id
        )
        return connection.scalar(query)


class Kpi(Base):
    """A key performance indicator: a target, a tolerance and which way is better."""

    __tablename__ = "kpis"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("tolerance >= 0", name="tolerance_not_negative"),
        UniqueConstraint("project_id", "code", name="uq_kpis_project_code"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(30), default="")
    target: Mapped[float] = mapped_column(Float)
    #: How far short of target (in the KPI's unit) still counts as amber rather than red.
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)
    direction: Mapped[KpiDirection] = mapped_column(
        enum_column(KpiDirection, "kpi_direction"), default=KpiDirection.HIGHER_IS_BETTER
    )
    frequency: Mapped[MeasurementFrequency] = mapped_column(
        enum_column(MeasurementFrequency, "measurement_frequency"),
        default=MeasurementFrequency.MONTHLY,
    )

    objective_links: Mapped[list[KpiObjective]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan"
    )
    measurements: Mapped[list[KpiMeasurement]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="KpiMeasurement.period_end"
    )

    def audit_label(self) -> str:
        return f"KPI {self.code} {self.name}"


class KpiObjective(Base):
    """A KPI measures an objective."""

    __tablename__ = "kpi_objectives"
    __table_args__ = (
        UniqueConstraint("kpi_id", "objective_id", name="uq_kpi_objectives_pair"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )

    kpi: Mapped[Kpi] = relationship(back_populates="objective_links")
    objective: Mapped[ProjectObjective] = relationship(back_populates="kpi_links")

    def audit_label(self) -> str:
        return "KPI measures objective"

    def audit_project_id(self, connection: Connection) -> int | None:
        return connection.scalar(select(Kpi.project_id).where(Kpi.id == self.kpi_id))


class KpiMeasurement(Base):
    """The value a KPI reached for one reporting period."""

    __tablename__ = "kpi_measurements"
    __table_args__ = (
        UniqueConstraint("kpi_id", "period_end", name="uq_kpi_measurements_period"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("kpi_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    commentary: Mapped[str] = mapped_column(Text, default="")

    kpi: Mapped[Kpi] = relationship(back_populates="measurements")

    def audit_label(self) -> str:
        return f"Measurement {self.period_end:%m/%Y}" if self.period_end else "Measurement"

    def audit_project_id(self, connection: Connection) -> int | None:
        return connection.scalar(select(Kpi.project_id).where(Kpi.id == self.kpi_id))


class Benefit(Base):
    """A benefit (or dis-benefit) the project should realise, and how far it has."""

    __tablename__ = "benefits"
    __table_args__ = (
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objectives.id", ondelete="SET NULL")
    )
    kind: Mapped[BenefitKind] = mapped_column(
        enum_column(BenefitKind, "benefit_kind"), default=BenefitKind.BENEFIT
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    measure: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(30), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    expected_on: Mapped[dt.date | None] = mapped_column(Date)
    realised_value: Mapped[float | None] = mapped_column(Float)

    def audit_label(self) -> str:
        return f"{self.kind.label if self.kind else 'Benefit'}: {self.description[:80]}"
