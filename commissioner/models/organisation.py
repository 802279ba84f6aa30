"""The council itself: its settings and corporate outcomes."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import ConfidenceScale, ProtectiveMarking


class OrganisationSettings(Base):
    """One row of council-wide settings shared by everyone using the file."""

    __tablename__ = "organisation_settings"
    __audit_exclude__ = ("logo_image",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    council_name: Mapped[str] = mapped_column(String(200), default="")
    default_marking: Mapped[ProtectiveMarking] = mapped_column(
        enum_column(ProtectiveMarking, "protective_marking"),
        default=ProtectiveMarking.OFFICIAL,
    )
    confidence_scale: Mapped[ConfidenceScale] = mapped_column(
        enum_column(ConfidenceScale, "confidence_scale"), default=ConfidenceScale.FIVE_POINT
    )
    financial_year_start_month: Mapped[int] = mapped_column(Integer, default=4)
    #: Days an expert supplier or strategic partner may go without raising a warning
    #: before the duty-to-warn log prompts the council to ask.
    duty_to_warn_prompt_days: Mapped[int] = mapped_column(Integer, default=90)
    #: Cost tolerances over budget in basis points (500 = 5%): Amber at or above the
    #: first, Red at or above the second. A project may set its own.
    cost_amber_tolerance_bp: Mapped[int] = mapped_column(Integer, default=500)
    cost_red_tolerance_bp: Mapped[int] = mapped_column(Integer, default=1000)
    #: The council's logo (PNG or JPEG) for the covers of governance packs.
    logo_image: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint(
            "financial_year_start_month BETWEEN 1 AND 12", name="financial_year_start_month"
        ),
        CheckConstraint(
            "duty_to_warn_prompt_days BETWEEN 7 AND 730", name="duty_to_warn_prompt_days"
        ),
        CheckConstraint(
            "cost_amber_tolerance_bp >= 0 AND cost_red_tolerance_bp > cost_amber_tolerance_bp",
            name="cost_tolerances",
        ),
        NEVER_REUSE_IDS,
    )

    def audit_label(self) -> str:
        return "Organisation settings"


class CorporateOutcome(Base):
    """A council-wide outcome that commissioning projects serve (top of the golden thread)."""

    __tablename__ = "corporate_outcomes"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
