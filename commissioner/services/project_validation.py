"""Check everything a project file holds before a single row is written.

The checks run in order, each refusing with one line that names the part and, where
there is one, the row and column: known tables and columns; every value against its
column; unique ids; every link resolving to a row in the file; every owned row under a
project; unique project references matching the manifest. Last, the rows go into a
scratch in-memory database built from the same models, so the schema's own rules
(CHECK constraints such as a likelihood of 1–5, NOT NULL, UNIQUE) are enforced without
touching the user's file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import CheckConstraint, Connection, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from commissioner.models import Base
from commissioner.models.projects import REFERENCE_PATTERN
from commissioner.services.project_codec import decode_rows, read_table_document
from commissioner.services.project_rows import (
    AUDIT,
    PROJECTS,
    ProjectImportError,
    Row,
    importable_tables,
    insert_order,
    owned_tables,
    owner_keys,
    part_name,
    table_of,
)


@dataclass(frozen=True)
class ProjectPayload:
    """A project file's rows, decoded and checked; ids are still the file's own."""

    tables: Mapping[str, Sequence[Row]]
    source_name: str = ""
    #: Who wrote the file and when (from its manifest), to show before importing.
    exported_by: str = ""
    exported_at: dt.datetime | None = None

    @property
    def projects(self) -> Sequence[Row]:
        return self.tables[PROJECTS]

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(row["reference"] for row in self.projects)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(row["name"] for row in self.projects)


def validate_parts(
    parts: Mapping[str, bytes], listed: Sequence[str] | None = None, source_name: str = ""
) -> ProjectPayload:
    """Decode and check every table document; ``listed`` are the manifest's references."""
    tables: dict[str, list[Row]] = {}
    for part in sorted(parts):
        table_name = _table_for(part)
        columns, raw_rows = read_table_document(part, parts[part])
        tables[table_name] = decode_rows(part, table_name, columns, raw_rows)
    _check_ids(tables)
    _check_links(tables)
    _check_owners(tables)
    _check_projects(tables, listed)
    _check_history(tables)
    check_schema_rules(tables)
    return ProjectPayload(tables, source_name)


def _table_for(part: str) -> str:
    name = part.removeprefix("tables/").removesuffix(".json")
    if part != part_name(name) or name not in importable_tables():
        raise ProjectImportError(
            f"the file holds {part!r}, which is not a table this version of Commissioner "
            "imports with a project"
        )
    return name


def _check_ids(tables: Mapping[str, list[Row]]) -> None:
    for name, rows in tables.items():
        seen: set[int] = set()
        for number, row in enumerate(rows, 1):
            if row["id"] in seen:
                raise ProjectImportError(
                    f"{part_name(name)} row {number}: id {row['id']} appears twice"
                )
            seen.add(row["id"])


def _check_links(tables: Mapping[str, list[Row]]) -> None:
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    for name, rows in tables.items():
        for key in table_of(name).foreign_keys:
            column, target = key.parent.name, key.column.table.name
            for number, row in enumerate(rows, 1):
                value = row[column]
                if value is not None and value not in ids.get(target, ()):
                    raise ProjectImportError(
                        f"{part_name(name)} row {number}: {column} {value} refers to a row "
                        f"of {target} that is not in the file"
                    )


def _check_owners(tables: Mapping[str, list[Row]]) -> None:
    for name in set(tables) & set(owned_tables()) - {PROJECTS}:
        columns = [column for column, _ in owner_keys(name)]
        for number, row in enumerate(tables[name], 1):
            if all(row[column] is None for column in columns):
                raise ProjectImportError(
                    f"{part_name(name)} row {number}: belongs to no project "
                    f"({' and '.join(columns)} empty)"
                )


def _check_projects(tables: Mapping[str, list[Row]], listed: Sequence[str] | None) -> None:
    projects = tables.get(PROJECTS, [])
    if not projects:
        raise ProjectImportError("the file holds no project")
    seen: set[str] = set()
    for number, row in enumerate(projects, 1):
        reference = row["reference"]
        if not re.fullmatch(REFERENCE_PATTERN, reference):
            raise ProjectImportError(
                f"{part_name(PROJECTS)} row {number}: the reference {reference!r} is not 2–20 "
                "capital letters, digits, dashes or slashes"
            )
        if reference in seen:
            raise ProjectImportError(
                f"{part_name(PROJECTS)} row {number}: the reference {row['reference']} "
                "appears twice"
            )
        seen.add(reference)
    if listed is not None and sorted(listed) != sorted(row["reference"] for row in projects):
        raise ProjectImportError(
            f"the manifest lists {', '.join(listed) or 'no projects'} but the file holds "
            f"{', '.join(row['reference'] for row in projects)}"
        )


def _check_history(tables: Mapping[str, list[Row]]) -> None:
    project_ids = {row["id"] for row in tables[PROJECTS]}
    for number, row in enumerate(tables.get(AUDIT, []), 1):
        if row["project_id"] not in project_ids:
            raise ProjectImportError(
                f"{part_name(AUDIT)} row {number}: project_id {row['project_id']} is not "
                "a project in the file"
            )


def check_schema_rules(tables: Mapping[str, Sequence[Row]]) -> None:
    """Insert the rows into a scratch in-memory database to enforce the schema's rules."""
    engine = create_engine("sqlite://")
    try:
        Base.metadata.create_all(engine, tables=[table_of(name) for name in tables])
        with engine.begin() as connection:
            for name in insert_order(tables):
                _insert_checked(connection, table_of(name), tables[name])
    finally:
        engine.dispose()


def _insert_checked(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    if not rows:
        return
    try:
        with connection.begin_nested():
            connection.execute(insert(table), list(rows))
        return
    except IntegrityError:
        pass
    # Find the first row that breaks a rule, to name it.
    for number, row in enumerate(rows, 1):
        try:
            with connection.begin_nested():
                connection.execute(insert(table), [row])
        except IntegrityError as error:
            raise ProjectImportError(
                f"{part_name(table.name)} row {number}: {_broken_rule(table, error)}"
            ) from None
    raise ProjectImportError(f"{part_name(table.name)} breaks a rule of the database")


def _broken_rule(table: Table, error: IntegrityError) -> str:
    message = str(error.orig)
    kind, _, detail = message.partition(" constraint failed: ")
    if kind == "CHECK":
        return f"breaks the rule {_check_text(table, detail)}"
    if kind == "NOT NULL":
        return f"{detail.rpartition('.')[2]} must have a value"
    if kind == "UNIQUE":
        columns = ", ".join(part.rpartition(".")[2] for part in detail.split(", "))
        return f"repeats a value of {columns} that must be unique"
    return f"breaks a rule of the database ({message})"


def _check_text(table: Table, name: str) -> str:
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint) and name.endswith(str(constraint.name)):
            return f"'{constraint.sqltext}'"
    return name
