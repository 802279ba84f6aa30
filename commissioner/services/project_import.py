"""Import a ``.commission`` project file: checked whole first, then written in one transaction.

Rows are written with Core bulk inserts, not ORM objects: a project with 2,000 log
entries imports in well under a second rather than many, and the per-field audit hooks
(which run on ORM flushes) do not bury the trail under thousands of "created" entries
for data that already carries its own history. Instead the project's audit trail comes
with it, and one entry per project records the import itself (who, when, from which
file) — and one per shared record it added. Replacing a project, and undo and redo,
work in bulk the same way (``project_bulk``): the replaced project is captured whole
for undo, and the database file is backed up beside itself first.

Every row gets a new id in this database (never the file's), and every link is mapped
to the new ids. Shared records are matched, not duplicated (``project_rows.SHARED_KEYS``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from commissioner.io.project_file import read_project_file
from commissioner.models import Project
from commissioner.models.enums import AuditAction
from commissioner.services.project_bulk import (
    IMPORTED_FIELD,
    REPLACED_FIELD,
    RESTORED_FIELD,
    UNDONE_FIELD,
    Stamp,
    audit_entry,
    capture_projects,
    defer_foreign_keys,
    delete_projects,
    delete_records,
    record_entry,
    restore_projects,
    write_entries,
)
from commissioner.services.project_rows import (
    AUDIT,
    PROJECTS,
    SHARED_KEYS,
    ProjectConflictError,
    ProjectImportError,
    Row,
    SharedMatcher,
    insert_order,
    owned_tables,
    part_name,
    records_per_project,
    table_of,
)
from commissioner.services.project_validation import ProjectPayload, validate_parts
from commissioner.storage import Database
from commissioner.storage.migrations_runner import is_known_revision
from commissioner.storage.snapshots import RecordTree

__all__ = [
    "IMPORTED_FIELD",
    "ImportMode",
    "ImportResult",
    "ProjectConflictError",
    "ProjectImportError",
    "ProjectPayload",
    "apply_import",
    "conflicting_references",
    "import_project_file",
    "read_import",
    "redo_import",
    "undo_import",
]

IdMap = dict[str, dict[int, int]]

REFERENCE_LENGTH = 20


class ImportMode(enum.StrEnum):
    """What to do when a project's reference is already in the database."""

    REFUSE = "refuse"
    COPY = "copy"
    REPLACE = "replace"


@dataclass(frozen=True)
class ImportResult:
    """What an import did, with what undo and redo need."""

    project_ids: tuple[int, ...]
    references: tuple[str, ...]
    names: tuple[str, ...]
    record_counts: tuple[int, ...]
    #: The projects the import replaced, as they were (restored by undo).
    replaced: tuple[RecordTree, ...]
    backup_path: Path | None
    #: Shared records the import added (undo removes them again).
    added_shared: tuple[tuple[str, int], ...]
    payload: ProjectPayload = field(repr=False)
    mode: ImportMode = ImportMode.REFUSE

    @property
    def original_references(self) -> tuple[str, ...]:
        return self.payload.references


def read_import(source: Path, *, password: str | None = None) -> ProjectPayload:
    """Open a project file and check everything in it; writes nothing anywhere."""
    content = read_project_file(source, password=password)
    listed = [project.reference for project in content.manifest.projects]
    try:
        payload = validate_parts(content.parts, listed, source_name=source.name)
    except ProjectImportError as error:
        revision = content.manifest.schema_revision
        if is_known_revision(revision):
            raise
        raise ProjectImportError(
            f"{error} (the file comes from a newer Commissioner, schema {revision}: "
            "update Commissioner to import it)"
        ) from None
    manifest = content.manifest
    return replace(payload, exported_by=manifest.created_by, exported_at=manifest.created_at)


def conflicting_references(db: Database, payload: ProjectPayload) -> tuple[str, ...]:
    """The file's references that the database already uses, for the UI to ask about."""
    with db.session() as session:
        return _conflicts(session, payload)


def _conflicts(session: Session, payload: ProjectPayload) -> tuple[str, ...]:
    query = select(Project.reference).where(Project.reference.in_(payload.references))
    taken = set(session.scalars(query))
    return tuple(reference for reference in payload.references if reference in taken)


def import_project_file(
    db: Database, source: Path, *, mode: ImportMode = ImportMode.REFUSE, password: str | None = None
) -> ImportResult:
    """Read, check and import a project file in one step (the command line's path)."""
    return apply_import(db, read_import(source, password=password), mode)


def apply_import(
    db: Database,
    payload: ProjectPayload,
    mode: ImportMode = ImportMode.REFUSE,
    *,
    backup: bool = True,
) -> ImportResult:
    """Write a checked payload in one transaction; all of it or, on any error, none.

    A reference already in use is refused (``ProjectConflictError``) unless ``mode`` says
    to import a copy under a new reference or to replace the project — after saving a
    copy of the whole database beside it, unless ``backup`` is False (redo).
    """
    stamp = Stamp.now(db.actor)
    with db.session() as session:
        defer_foreign_keys(session)
        room = _make_room(db, session, payload, mode, stamp, backup=backup)
        references = room.references
        writer = _Writer(session, payload, stamp)
        added = writer.match_shared()
        writer.insert_owned(references)
        writer.insert_history(references)
    return ImportResult(
        project_ids=writer.project_ids,
        references=tuple(references[ref] for ref in payload.references),
        names=payload.names,
        record_counts=records_per_project(payload.tables),
        replaced=room.replaced,
        backup_path=room.backup_path,
        added_shared=added,
        payload=payload,
        mode=mode,
    )


@dataclass(frozen=True)
class _Room:
    """How the file's projects fit: their references here, and what made way for them."""

    references: dict[str, str]
    replaced: tuple[RecordTree, ...] = ()
    backup_path: Path | None = None


def _make_room(
    db: Database,
    session: Session,
    payload: ProjectPayload,
    mode: ImportMode,
    stamp: Stamp,
    *,
    backup: bool,
) -> _Room:
    """Refuse, rename or replace for each reference already in use, as ``mode`` says."""
    conflicts = _conflicts(session, payload)
    references = {reference: reference for reference in payload.references}
    if not conflicts:
        return _Room(references)
    if mode is ImportMode.REFUSE:
        raise ProjectConflictError(conflicts)
    if mode is ImportMode.COPY:
        references.update(_copy_references(session, conflicts, payload.references))
        return _Room(references)
    backup_path = _save_backup(db) if backup else None
    replaced = _replace(session, conflicts, stamp, payload.source_name)
    return _Room(references, replaced, backup_path)


def _copy_references(
    session: Session, conflicts: Sequence[str], in_file: Sequence[str]
) -> dict[str, str]:
    """New references for the copies: ``REF-COPY``, ``REF-COPY2`` … within 20 characters."""
    taken = set(session.scalars(select(Project.reference))) | set(in_file)
    renamed = {}
    for reference in conflicts:
        number = 1
        while True:
            suffix = "-COPY" if number == 1 else f"-COPY{number}"
            candidate = reference[: REFERENCE_LENGTH - len(suffix)].rstrip("-/") + suffix
            if candidate not in taken:
                break
            number += 1
        taken.add(candidate)
        renamed[reference] = candidate
    return renamed


def _save_backup(db: Database) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = db.path.with_name(f"{db.path.stem}.before-import-{stamp}{db.path.suffix}")
    number = 1
    while path.exists():
        number += 1
        path = db.path.with_name(f"{db.path.stem}.before-import-{stamp}-{number}{db.path.suffix}")
    db.save_copy(path)
    return path


def _replace(
    session: Session, references: Sequence[str], stamp: Stamp, source_name: str
) -> tuple[RecordTree, ...]:
    query = select(Project.id).where(Project.reference.in_(references))
    project_ids = list(session.scalars(query))
    replaced = capture_projects(session, project_ids)
    delete_projects(session, project_ids, stamp, REPLACED_FIELD, f"replaced from {source_name}")
    return replaced


class _Writer:
    """Writes one payload's rows with new ids, mapping every link as it goes."""

    def __init__(self, session: Session, payload: ProjectPayload, stamp: Stamp) -> None:
        self.session = session
        self.payload = payload
        self.stamp = stamp
        self.ids: IdMap = {}

    @property
    def project_ids(self) -> tuple[int, ...]:
        return tuple(self.ids[PROJECTS][row["id"]] for row in self.payload.projects)

    def _first_free_id(self, name: str) -> int:
        # Above any id ever used (sqlite_sequence), so no deleted record's id comes back.
        used = self.session.scalar(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": name}
        )
        top = self.session.scalar(select(func.max(table_of(name).c.id)))
        return max(used or 0, top or 0) + 1

    def _allocate(self, name: str, old_ids: Sequence[int]) -> int:
        """Map ``old_ids`` to new ids in order; returns the first id after them."""
        first = self._first_free_id(name)
        self.ids[name] = {old: first + offset for offset, old in enumerate(old_ids)}
        return first + len(old_ids)

    def _mapped(self, name: str, row: Row) -> Row:
        new = dict(row, id=self.ids[name][row["id"]])
        for key in table_of(name).foreign_keys:
            value = row[key.parent.name]
            if value is not None:
                new[key.parent.name] = self.ids[key.column.table.name][value]
        return new

    def _insert(self, name: str, rows: list[Row]) -> None:
        if not rows:
            return
        try:
            self.session.execute(insert(table_of(name)), rows)
        except IntegrityError as error:
            raise ProjectImportError(
                f"{part_name(name)} could not be added: it breaks a rule of this database "
                f"({error.orig})"
            ) from None

    def match_shared(self) -> tuple[tuple[str, int], ...]:
        """Map each shared row to a matching record, adding those with no match."""
        added: list[tuple[str, int]] = []
        for name in insert_order(set(SHARED_KEYS) & set(self.payload.tables)):
            matcher = SharedMatcher(self.session, name)
            first = self._first_free_id(name)
            mapping = self.ids[name] = {}
            new_rows: list[Row] = []
            for row in self.payload.tables[name]:
                found = matcher.find(row)
                if found is None:
                    found = first + len(new_rows)
                    new_rows.append(dict(row, id=found))
                    matcher.remember(new_rows[-1])
                mapping[row["id"]] = found
            self._insert(name, new_rows)
            note = f"with a project from {self.payload.source_name}"
            entries = [
                record_entry(self.stamp, AuditAction.INSERT, name, row, IMPORTED_FIELD, note)
                for row in new_rows
            ]
            write_entries(self.session, entries)
            added += [(name, row["id"]) for row in new_rows]
        return tuple(added)

    def insert_owned(self, references: Mapping[str, str]) -> None:
        """Insert the projects and everything they own, parents first."""
        tables = insert_order(set(owned_tables()) & set(self.payload.tables))
        for name in tables:
            self._allocate(name, [row["id"] for row in self.payload.tables[name]])
        for name in tables:
            rows = [self._mapped(name, row) for row in self.payload.tables[name]]
            if name == PROJECTS:
                rows = [dict(row, reference=references[row["reference"]]) for row in rows]
            self._insert(name, rows)

    def insert_history(self, references: Mapping[str, str]) -> None:
        """The projects' own audit trail, then one entry per project for this import."""
        history = self.payload.tables.get(AUDIT, ())
        self._allocate(AUDIT, [row["id"] for row in history])
        self._insert(AUDIT, [self._history_row(row) for row in history])
        entries = []
        for row in self.payload.projects:
            project = dict(row, id=self.ids[PROJECTS][row["id"]])
            project["reference"] = references[row["reference"]]
            note = f"{row['reference']} from {self.payload.source_name}"
            entries.append(
                audit_entry(self.stamp, AuditAction.INSERT, project, IMPORTED_FIELD, note)
            )
        write_entries(self.session, entries)

    def _history_row(self, row: Row) -> Row:
        # A record the file does not hold (deleted before export) keeps its entries but
        # no id: its old id could belong to an unrelated record here.
        record_ids = self.ids.get(row["table_name"], {})
        return dict(
            row,
            id=self.ids[AUDIT][row["id"]],
            project_id=self.ids[PROJECTS][row["project_id"]],
            record_id=record_ids.get(row["record_id"], 0),
        )


def undo_import(db: Database, result: ImportResult) -> None:
    """Remove what the import added and put back any project it replaced, in one step."""
    stamp = Stamp.now(db.actor)
    note = f"import from {result.payload.source_name} undone"
    with db.session() as session:
        defer_foreign_keys(session)
        delete_projects(session, result.project_ids, stamp, UNDONE_FIELD, note)
        delete_records(session, result.added_shared, stamp, UNDONE_FIELD, note)
        restore_projects(session, result.replaced, stamp, RESTORED_FIELD, note)


def redo_import(db: Database, result: ImportResult) -> ImportResult:
    """Import the same checked payload again after an undo; returns the new result.

    Ids differ from the first time, so the caller keeps the new result for the next
    undo. A replace does not save a second backup: the first one still holds the file
    as it was before the import.
    """
    return apply_import(db, result.payload, result.mode, backup=False)
