"""Costs: the budget's approval, cost lines with their monthly profile, and change
requests that move the current budget. Money is integer pence throughout."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import ChangeRequestStatus


class CostCategory(Base):
    """A heading cost lines are grouped under (staff, supplier payments, …); editable."""

    __tablename__ = "cost_categories"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ProjectBudget(Base):
    """How a project's budget was approved, and its own cost tolerances if it has them."""

    __tablename__ = "project_budgets"
    __table_args__ = (
        CheckConstraint(
            "amber_tolerance_bp IS NULL OR amber_tolerance_bp >= 0", name="amber_not_negative"
        ),
        CheckConstraint(
            "(amber_tolerance_bp IS NULL) = (red_tolerance_bp IS NULL)",
            name="tolerances_together",
        ),
        CheckConstraint("red_tolerance_bp > amber_tolerance_bp", name="red_above_amber"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Where the approval is minuted, e.g. "Cabinet 12 March 2026, report CAB/26/014".
    source: Mapped[str] = mapped_column(String(300), default="")
    #: The project's own cost tolerances in basis points over budget (500 = 5%); both
    #: blank means the council's defaults apply.
    amber_tolerance_bp: Mapped[int | None] = mapped_column(Integer)
    red_tolerance_bp: Mapped[int | None] = mapped_column(Integer)


class CostLine(Base):
    """One line of a project's costs, profiled month by month."""

    __tablename__ = "cost_lines"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("cost_categories.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    #: The finance system's code for this line (cost centre, account or both), which
    #: imported actuals are matched on.
    finance_code: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    periods: Mapped[list[CostPeriod]] = relationship(
        cascade="all, delete-orphan", order_by="CostPeriod.month"
    )


class CostPeriod(Base):
    """A cost line's budget, forecast and actual for one month (blank is not zero)."""

    __tablename__ = "cost_periods"
    __table_args__ = (
        UniqueConstraint("cost_line_id", "month", name="uq_cost_periods_line_month"),
        CheckConstraint("CAST(strftime('%d', month) AS INTEGER) = 1", name="month_first_day"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("cost_line_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    cost_line_id: Mapped[int] = mapped_column(
        ForeignKey("cost_lines.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[dt.date] = mapped_column(Date)
    budget_pence: Mapped[int | None] = mapped_column(BigInteger)
    forecast_pence: Mapped[int | None] = mapped_column(BigInteger)
    actual_pence: Mapped[int | None] = mapped_column(BigInteger)

    def audit_label(self) -> str:
        return f"Costs {self.month:%b %Y}" if self.month else "Costs"

    def audit_project_id(self, connection: Connection) -> int | None:
        # Set by the service that wrote the figure, which knows the project already.
        known: int | None = self.__dict__.get("known_project_id")
        if known is not None:
            return known
        query = select(CostLine.project_id).where(CostLine.id == self.cost_line_id)
        return connection.scalar(query)


class ChangeRequest(Base):
    """A proposed change of scope, cost, time or quality; approved ones move the budget."""

    __tablename__ = "change_requests"
    __table_args__ = (
        UniqueConstraint("project_id", "reference", name="uq_change_requests_reference"),
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(20))
    raised_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    scope_change: Mapped[str] = mapped_column(Text, default="")
    #: Positive adds to the budget, negative takes from it.
    cost_impact_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    time_impact_days: Mapped[int] = mapped_column(Integer, default=0)
    quality_impact: Mapped[str] = mapped_column(Text, default="")
    #: A scope reduction made to recover cost, which should carry a quality/benefit risk.
    scope_reduction: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ChangeRequestStatus] = mapped_column(
        enum_column(ChangeRequestStatus, "change_request_status"),
        default=ChangeRequestStatus.PROPOSED,
    )
    approver: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("raid_items.id", ondelete="SET NULL"), index=True
    )
