"""People: council officers, team members and stakeholders."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commissioner.models.base import NEVER_REUSE_IDS, Base


class Person(Base):
    """Someone the council works with; team members and stakeholders are people."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("length(trim(full_name)) > 0", name="full_name_not_blank"),
        CheckConstraint(
            "commissioning_fte IS NULL OR (commissioning_fte > 0 AND commissioning_fte <= 1)",
            name="commissioning_fte_range",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    is_council_staff: Mapped[bool] = mapped_column(default=True)
    #: Share of a full-time post spent on commissioning, e.g. 0.2 for a part-timer.
    commissioning_fte: Mapped[float | None] = mapped_column(Numeric(3, 2, asdecimal=False))
    notes: Mapped[str] = mapped_column(Text, default="")
