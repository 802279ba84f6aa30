"""A canonical dump of one project, to show that an import gave back the same project.

Two databases number their records differently, so the dump leaves out every surrogate
id and writes each link as the canonical content of the row it points to (recursively;
the dumped project itself is ``"<this project>"``). An audit entry's ``record_id`` is
written the same way, or ``None`` for a record no longer present (deleted before the
export). Rows are sorted, so equal projects give equal dumps whatever order they were
written in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from commissioner.services.project_codec import encode_value
from commissioner.services.project_rows import AUDIT, PROJECTS, Row, Rows, collect_rows, table_of
from commissioner.storage import Database

THIS_PROJECT = "<this project>"
Dump = dict[str, list[dict[str, Any]]]


def canonical_project_dump(db: Database, project_id: int) -> Dump:
    """Every row of the project, its shared records and its audit trail, id-free and sorted."""
    with db.session() as session:
        rows = collect_rows(session, [project_id])
    return _Canonical(rows, project_id).dump()


class _Canonical:
    def __init__(self, rows: Rows, project_id: int) -> None:
        self.rows = rows
        self.project_id = project_id
        self.index = {(name, row["id"]): row for name, table in rows.items() for row in table}
        self.identities: dict[tuple[str, int], str] = {}
        self.visiting: set[tuple[str, int]] = set()

    def dump(self) -> Dump:
        return {
            name: sorted((self.row(name, row) for row in table), key=_sort_key)
            for name, table in sorted(self.rows.items())
        }

    def row(self, name: str, row: Row) -> dict[str, Any]:
        table = table_of(name)
        links = {key.parent.name: key.column.table.name for key in table.foreign_keys}
        canonical: dict[str, Any] = {}
        for column in table.columns:
            if column.primary_key:
                continue
            value = row[column.name]
            if column.name in links:
                canonical[column.name] = self.identity(links[column.name], value)
            else:
                canonical[column.name] = encode_value(column, value)
        if name == AUDIT:
            canonical["project_id"] = self.identity(PROJECTS, row["project_id"])
            known = (row["table_name"], row["record_id"]) in self.index
            canonical["record_id"] = (
                self.identity(row["table_name"], row["record_id"]) if known else None
            )
        return canonical

    def identity(self, name: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        if name == PROJECTS and record_id == self.project_id:
            return THIS_PROJECT
        key = (name, record_id)
        if key not in self.identities:
            if key not in self.index or key in self.visiting:
                return f"<{name} outside the project>" if key not in self.index else "<loop>"
            self.visiting.add(key)
            self.identities[key] = _sort_key(self.row(name, self.index[key]))
            self.visiting.discard(key)
        return self.identities[key]


def _sort_key(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)
