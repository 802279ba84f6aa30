"""Delete and put back whole projects with bulk statements, each change one audit entry.

An import writes thousands of rows at once; replacing a project, and undoing or redoing
an import, work at the same scale. Going through ORM objects (one flush per restored
row, one audit entry per field) takes seconds for a large project and buries the trail,
so these work table by table and record what happened in one entry per project — as
the import itself does. The database's ``ON DELETE CASCADE`` keys remove what a project
owns; what undo needs to put it back is captured first as a ``RecordTree``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from commissioner.models import Base
from commissioner.models.enums import AuditAction
from commissioner.services.project_rows import (
    AUDIT,
    PROJECTS,
    Row,
    insert_order,
    model_of,
    owned_rows,
    table_of,
)
from commissioner.storage.snapshots import RecordTree

#: The ``field`` of the audit entries these changes write, so the trail can say why.
IMPORTED_FIELD = "imported_from"
REPLACED_FIELD = "replaced_by_import"
UNDONE_FIELD = "import_undone"
RESTORED_FIELD = "restored_by_undo"


@dataclass(frozen=True)
class Stamp:
    """Who makes a bulk change and when, for its audit entries."""

    actor: str
    at: dt.datetime

    @classmethod
    def now(cls, actor: str) -> Stamp:
        return cls(actor, dt.datetime.now().replace(microsecond=0))


def defer_foreign_keys(session: Session) -> None:
    """Check links at commit, not per statement, so rows may go in any order.

    SQLite resets this at the end of the transaction.
    """
    session.execute(text("PRAGMA defer_foreign_keys = ON"))


def _class_names() -> dict[str, str]:
    return {mapper.class_.__tablename__: mapper.class_.__name__ for mapper in Base.registry.mappers}


def capture_projects(session: Session, project_ids: Iterable[int]) -> tuple[RecordTree, ...]:
    """Each project and everything it owns, as ``restore_records`` or ``restore_projects``
    put it back."""
    names = _class_names()
    trees = []
    for project_id in project_ids:
        rows = owned_rows(session, [project_id])
        ordered = [(names[table], row) for table in insert_order(rows) for row in rows[table]]
        trees.append(RecordTree(tuple(ordered)))
    return tuple(trees)


def audit_entry(
    stamp: Stamp, action: AuditAction, project: Mapping[str, Any], field: str, note: str
) -> Row:
    """One audit entry about a whole project (``project`` holds its id, reference, name)."""
    old, new = (note, None) if action is AuditAction.DELETE else (None, note)
    return {
        "occurred_at": stamp.at,
        "actor": stamp.actor,
        "action": action,
        "table_name": PROJECTS,
        "record_id": project["id"],
        "record_label": f"{project['reference']} {project['name']}"[:300],
        "project_id": project["id"],
        "field": field,
        "old_value": old,
        "new_value": new,
    }


def write_entries(session: Session, entries: Sequence[Row]) -> None:
    if entries:
        session.execute(insert(table_of(AUDIT)), list(entries))


def delete_projects(
    session: Session, project_ids: Sequence[int], stamp: Stamp, field: str, note: str
) -> None:
    """Delete the projects (the database cascades to what they own), one entry each."""
    projects = table_of(PROJECTS)
    query = select(projects.c.id, projects.c.reference, projects.c.name)
    rows = session.execute(query.where(projects.c.id.in_(project_ids))).mappings()
    entries = [audit_entry(stamp, AuditAction.DELETE, dict(row), field, note) for row in rows]
    session.execute(delete(projects).where(projects.c.id.in_(project_ids)))
    write_entries(session, entries)


def delete_records(
    session: Session, records: Iterable[tuple[str, int]], stamp: Stamp, field: str, note: str
) -> None:
    """Delete shared records an import added, one entry each, except any something else
    now refers to (another user of the file may have chosen an imported person since)."""
    by_table: dict[str, set[int]] = {}
    for table_name, record_id in records:
        by_table.setdefault(table_name, set()).add(record_id)
    for table_name in reversed(insert_order(by_table)):
        table = table_of(table_name)
        unused = by_table[table_name] - _referred_to(session, table_name, by_table[table_name])
        found = session.execute(select(table).where(table.c.id.in_(unused))).mappings()
        entries = [
            record_entry(stamp, AuditAction.DELETE, table_name, dict(row), field, note)
            for row in found
        ]
        session.execute(delete(table).where(table.c.id.in_(unused)))
        write_entries(session, entries)


def record_entry(
    stamp: Stamp, action: AuditAction, table_name: str, row: Row, field: str, note: str
) -> Row:
    """One audit entry about a shared record an import added or took away again."""
    record = model_of(table_name)(**row)  # transient: only asked for its label
    old, new = (note, None) if action is AuditAction.DELETE else (None, note)
    return {
        "occurred_at": stamp.at,
        "actor": stamp.actor,
        "action": action,
        "table_name": table_name,
        "record_id": row["id"],
        "record_label": record.audit_label()[:300],
        "project_id": None,
        "field": field,
        "old_value": old,
        "new_value": new,
    }


def _referred_to(session: Session, table_name: str, ids: set[int]) -> set[int]:
    found: set[int] = set()
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == table_name:
                column = table.c[key.parent.name]
                found.update(session.scalars(select(column).where(column.in_(ids))))
    return found


def restore_projects(
    session: Session, trees: Sequence[RecordTree], stamp: Stamp, field: str, note: str
) -> None:
    """Put captured projects back with their own ids, one entry each."""
    tables = {
        mapper.class_.__name__: mapper.class_.__tablename__ for mapper in Base.registry.mappers
    }
    by_table: dict[str, list[Row]] = {}
    for tree in trees:
        for class_name, values in tree.rows:
            by_table.setdefault(tables[class_name], []).append(dict(values))
    defer_foreign_keys(session)
    for table_name in insert_order(by_table):
        session.execute(insert(table_of(table_name)), by_table[table_name])
    projects = [tree.rows[0][1] for tree in trees]
    write_entries(
        session, [audit_entry(stamp, AuditAction.INSERT, p, field, note) for p in projects]
    )
