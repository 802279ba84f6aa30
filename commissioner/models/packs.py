"""Governance packs generated from the file: what each reported, for comparison and reprinting."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import ProtectiveMarking


class GovernancePack(Base):
    """One generated pack: its options, the figures it reported and its whole content.

    `document` holds the pack's content (zlib-compressed JSON of its blocks), so the
    very same PDF can be drawn again; `sha256` is the digest of the PDF as first
    written, so a copy can be checked against it. `figures` are the headline figures
    the next pack compares with ("since the last pack"). A portfolio pack has no
    project.
    """

    __tablename__ = "governance_packs"
    __audit_exclude__ = ("document", "figures", "options")
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("page_count > 0", name="page_count_positive"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    generated_by: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    #: The reporting period as YYYY-MM.
    period: Mapped[str] = mapped_column(String(7))
    version: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(200))
    marking: Mapped[ProtectiveMarking] = mapped_column(
        enum_column(ProtectiveMarking, "protective_marking")
    )
    page_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: Where the PDF was saved when generated ("" if not known).
    saved_path: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str] = mapped_column(Text)
    figures: Mapped[str] = mapped_column(Text)
    document: Mapped[bytes] = mapped_column(LargeBinary)

    def audit_label(self) -> str:
        return f"{self.title} {self.version} ({self.period})"
