"""Capture a record with every child that a delete would take, and put it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from commissioner.models import Base


@dataclass(frozen=True)
class RecordTree:
    """A record and its cascade-deleted children as plain column values, parents first."""

    rows: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def root_id(self) -> int:
        return int(self.rows[0][1]["id"])


def _mapped_classes() -> dict[str, type[Base]]:
    return {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}


def capture_tree(record: Base) -> RecordTree:
    """Read ``record`` and, recursively, the children it owns (delete cascade)."""
    rows: list[tuple[str, dict[str, Any]]] = []
    _capture(record, rows)
    return RecordTree(tuple(rows))


def _capture(record: Base, rows: list[tuple[str, dict[str, Any]]]) -> None:
    mapper = inspect(record).mapper
    values = {attr.key: getattr(record, attr.key) for attr in mapper.column_attrs}
    rows.append((type(record).__name__, values))
    for relationship in mapper.relationships:
        if relationship.cascade.delete and relationship.uselist:
            for child in getattr(record, relationship.key):
                _capture(child, rows)


def restore_tree(session: Session, tree: RecordTree) -> None:
    """Insert every row of ``tree`` again with its original ids."""
    classes = _mapped_classes()
    for class_name, values in tree.rows:
        session.add(classes[class_name](**values))
        # Parents first: each flush makes the next row's foreign key valid.
        session.flush()
