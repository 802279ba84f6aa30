"""The audit trail: who changed which field of which record, when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commissioner.models.base import NEVER_REUSE_IDS, Base, enum_column
from commissioner.models.enums import AuditAction


class AuditEntry(Base):
    """One changed field of one record (or one whole record, for inserts and deletes)."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_project", "project_id", "id"),
        Index("ix_audit_entries_record", "table_name", "record_id", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int] = mapped_column(Integer)
    record_label: Mapped[str] = mapped_column(String(300), default="")
    #: Not a foreign key: the trail outlives the project it describes.
    project_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
