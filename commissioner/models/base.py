"""Declarative base shared by every table, with stable constraint names."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Connection, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic's batch mode alter SQLite tables reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Table option: a deleted record's id is never handed to a new record, so the audit
#: trail of a deleted project can never be mistaken for a later project's.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Base class of every mapped table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    #: Column names whose values never appear in the audit trail.
    __audit_exclude__: tuple[str, ...] = ()

    def audit_label(self) -> str:
        """A short human label for this record in the audit trail."""
        for name in ("reference", "name", "full_name", "title", "code"):
            value = getattr(self, name, None)
            if value:
                return str(value)
        return f"#{getattr(self, 'id', '?')}"

    def audit_project_id(self, connection: Connection) -> int | None:
        """The project this record belongs to, for per-project audit views.

        Runs during a flush, so it may query through ``connection`` but must not
        trigger ORM lazy loads.
        """
        value: Any = getattr(self, "project_id", None)
        return int(value) if value is not None else None


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enumeration column: VARCHAR with a named CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
