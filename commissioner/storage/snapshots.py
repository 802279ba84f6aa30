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
    """Read ``record`` and, recursively, the children it owns (delete cascade).

    A child owned twice (a link between two of the record's children) is kept once.
    """
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    _capture(record, found)
    order = {table.name: position for position, table in enumerate(Base.metadata.sorted_tables)}
    classes = _mapped_classes()
    keys = list(found)
    # The root stays first; everything else follows its parents' tables.
    keys[1:] = sorted(keys[1:], key=lambda key: order[classes[key[0]].__tablename__])
    return RecordTree(tuple((key[0], found[key]) for key in keys))


def _capture(record: Base, found: dict[tuple[str, Any], dict[str, Any]]) -> None:
    mapper = inspect(record).mapper
    key = (type(record).__name__, inspect(record).identity)
    if key in found:
        return
    found[key] = {attr.key: getattr(record, attr.key) for attr in mapper.column_attrs}
    for relationship in mapper.relationships:
        if relationship.cascade.delete and relationship.uselist:
            for child in getattr(record, relationship.key):
                _capture(child, found)


def restore_tree(session: Session, tree: RecordTree) -> None:
    """Insert every row of ``tree`` again with its original ids, parents first."""
    classes = _mapped_classes()
    for class_name, values in tree.rows:
        session.add(classes[class_name](**values))
        session.flush()
