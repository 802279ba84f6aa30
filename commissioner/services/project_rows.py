"""Which rows make up a project in a project file, worked out from the schema alone.

A project file carries three kinds of row, and no table needs code of its own:

* rows the project **owns**: every table reached from ``projects`` through foreign keys
  declared ``ON DELETE CASCADE`` (stages, gates, risks and their histories, the log,
  costs, team assignments, governance packs …) — what deleting the project deletes;
* **shared** rows those refer to but do not own (people, suppliers, corporate outcomes,
  risk and cost categories). On import they are matched to the receiving file's own
  records by the natural keys in :data:`SHARED_KEYS`, so a colleague's copy of "Sam
  Patel" is not duplicated;
* the project's **audit trail** (``audit_entries`` whose ``project_id`` is the project).

A person's own development records (skills ratings, training plan, gap reviews) belong
to the person, not to any project, and stay at home: a file carried to a supplier site
must not carry a colleague's appraisal.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ForeignKey, Table, select
from sqlalchemy.orm import Session

from commissioner.errors import CommissionerError
from commissioner.models import Base

Row = dict[str, Any]
Rows = dict[str, list[Row]]

PROJECTS = "projects"
AUDIT = "audit_entries"

#: Shared tables and the columns that identify one of their records in any database.
#: Text is compared without case or extra spaces. The receiving file's record is kept
#: as it is: a project file never edits a colleague's shared records.
SHARED_KEYS: dict[str, tuple[str, ...]] = {
    "people": ("full_name",),
    "suppliers": ("name",),
    "corporate_outcomes": ("code",),
    "risk_categories": ("kind",),
    "cost_categories": ("name",),
}

#: Columns that must also agree when both records have a value: two "Sam Patel"s with
#: different e-mail addresses are different people, but a blank address matches any.
SHARED_TIEBREAKS: dict[str, tuple[str, ...]] = {"people": ("email",)}

#: Ids per query: well under SQLite's limit on bound parameters.
_CHUNK = 900


class ProjectImportError(CommissionerError):
    """A project file that cannot be imported; nothing was written."""


class ProjectConflictError(ProjectImportError):
    """Projects in the file whose references the database already uses."""

    def __init__(self, references: Sequence[str]) -> None:
        self.references = tuple(references)
        names = ", ".join(self.references)
        verb = "exists" if len(self.references) == 1 else "exist"
        super().__init__(
            f"{names} already {verb} in this database: import as a copy or replace it."
        )


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


def model_of(table_name: str) -> type[Base]:
    """The mapped class of a table."""
    for mapper in Base.registry.mappers:
        if mapper.class_.__tablename__ == table_name:
            return mapper.class_
    raise KeyError(table_name)


def part_name(table_name: str) -> str:
    """The name of a table's JSON document inside the project file."""
    return f"tables/{table_name}.json"


def _cascades(key: ForeignKey) -> bool:
    return (key.ondelete or "").upper() == "CASCADE"


@functools.cache
def owned_tables() -> tuple[str, ...]:
    """Tables whose rows belong to a project, parents before children."""
    owned = {PROJECTS}
    for table in Base.metadata.sorted_tables:
        if any(_cascades(key) and key.column.table.name in owned for key in table.foreign_keys):
            owned.add(table.name)
    return tuple(table.name for table in Base.metadata.sorted_tables if table.name in owned)


@functools.cache
def owner_keys(table_name: str) -> tuple[tuple[str, str], ...]:
    """The (column, parent table) pairs through which a row belongs to its project."""
    owned = set(owned_tables())
    return tuple(
        sorted(
            (key.parent.name, key.column.table.name)
            for key in table_of(table_name).foreign_keys
            if _cascades(key) and key.column.table.name in owned - {table_name}
        )
    )


def importable_tables() -> frozenset[str]:
    """Every table a project file may hold."""
    return frozenset(owned_tables()) | frozenset(SHARED_KEYS) | {AUDIT}


def insert_order(tables: Iterable[str]) -> list[str]:
    """``tables`` with parents first, as the schema sorts them."""
    wanted = set(tables)
    return [table.name for table in Base.metadata.sorted_tables if table.name in wanted]


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _select_by(session: Session, table: Table, column: str, ids: Iterable[int]) -> dict[int, Row]:
    found: dict[int, Row] = {}
    for chunk in _chunks(ids):
        query = select(table).where(table.c[column].in_(chunk))
        found.update((row["id"], dict(row)) for row in session.execute(query).mappings())
    return found


def owned_rows(session: Session, project_ids: Iterable[int]) -> Rows:
    """Every row the projects own — what deleting them takes — in id order per table.

    Reads whole tables at a time (a few dozen queries), not record by record.
    """
    ids: dict[str, set[int]] = {PROJECTS: set(project_ids)}
    rows: Rows = {}
    for name in owned_tables():
        table = table_of(name)
        if name == PROJECTS:
            found = _select_by(session, table, "id", ids[PROJECTS])
        else:
            found = {}
            for column, parent in owner_keys(name):
                found.update(_select_by(session, table, column, ids.get(parent, ())))
        ids[name] = set(found)
        if found:
            rows[name] = [found[key] for key in sorted(found)]
    return rows


def collect_rows(session: Session, project_ids: Iterable[int]) -> Rows:
    """What a project file holds: the projects' own rows, the shared rows they refer to,
    and their audit trail, in id order per table (the same projects give the same file).
    """
    project_ids = set(project_ids)
    rows = owned_rows(session, project_ids)
    _drop_links_outside(rows)
    rows.update(_shared_rows(session, rows))
    history = _select_by(session, table_of(AUDIT), "project_id", project_ids)
    if history:
        rows[AUDIT] = [history[key] for key in sorted(history)]
    return rows


def records_per_project(tables: Mapping[str, Sequence[Row]]) -> tuple[int, ...]:
    """How many rows each project holds (itself and everything it owns), in file order.

    Every owned row is counted once, under the project of its first owning link.
    """
    projects = [row["id"] for row in tables[PROJECTS]]
    owner: dict[str, dict[int, int]] = {PROJECTS: {project: project for project in projects}}
    counts = dict.fromkeys(owner[PROJECTS], 0)
    for name in insert_order(set(owned_tables()) & set(tables)):
        found = owner.setdefault(name, {})
        for row in tables[name]:
            project = row["id"] if name == PROJECTS else _project_of(name, row, owner)
            found[row["id"]] = project
            counts[project] += 1
    return tuple(counts[project] for project in projects)


def _project_of(name: str, row: Row, owner: Mapping[str, Mapping[int, int]]) -> int:
    for column, parent in owner_keys(name):
        if row[column] is not None:
            return owner[parent][row[column]]
    raise ValueError(f"a row of {name} belongs to no project")


def _drop_links_outside(rows: Rows) -> None:
    # A link to another project's record (not a parent) cannot travel: the file holds
    # only these projects, so the link is left empty rather than left dangling.
    owned = set(owned_tables())
    ids = {name: {row["id"] for row in table_rows} for name, table_rows in rows.items()}
    for name, table_rows in rows.items():
        for key in table_of(name).foreign_keys:
            target = key.column.table.name
            column = key.parent.name
            if target not in owned or (column, target) in owner_keys(name):
                continue
            for row in table_rows:
                if row[column] is not None and row[column] not in ids.get(target, ()):
                    row[column] = None


def _shared_rows(session: Session, rows: Rows) -> Rows:
    wanted: dict[str, set[int]] = {}
    owned = set(owned_tables())
    for name, table_rows in rows.items():
        for key in table_of(name).foreign_keys:
            target = key.column.table.name
            if target in owned:
                continue
            if target not in SHARED_KEYS:
                raise RuntimeError(f"{name}.{key.parent.name}: no matching rule for {target}")
            values = {row[key.parent.name] for row in table_rows} - {None}
            wanted.setdefault(target, set()).update(values)
    shared: Rows = {}
    for target in insert_order(wanted):
        found = _select_by(session, table_of(target), "id", wanted[target])
        if found:
            shared[target] = [found[key] for key in sorted(found)]
    return shared


def _match_key(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


class SharedMatcher:
    """Finds the record in this database that a shared row of the file stands for."""

    def __init__(self, session: Session, name: str) -> None:
        self.name = name
        self.index: dict[tuple[Any, ...], list[Row]] = {}
        for row in session.execute(select(table_of(name)).order_by(table_of(name).c.id)).mappings():
            self.remember(dict(row))

    def _key(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(_match_key(row[column]) for column in SHARED_KEYS[self.name])

    def remember(self, row: Row) -> None:
        self.index.setdefault(self._key(row), []).append(row)

    def find(self, row: Row) -> int | None:
        candidates = self.index.get(self._key(row), [])
        tiebreaks = SHARED_TIEBREAKS.get(self.name, ())
        for agree in (_same, _compatible):
            for candidate in candidates:
                if all(agree(row[column], candidate[column]) for column in tiebreaks):
                    return int(candidate["id"])
        return None


def _same(ours: Any, theirs: Any) -> bool:
    return bool(_match_key(ours) == _match_key(theirs))


def _compatible(ours: Any, theirs: Any) -> bool:
    return not ours or not theirs or _same(ours, theirs)
