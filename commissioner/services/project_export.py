"""Export projects to a ``.commission`` project file, to email, carry or hand over.

The file holds, per table, every row the chosen projects own, the shared records they
refer to (people, suppliers …) and their audit trail — see ``project_rows`` for which
rows and ``project_codec`` for how each table is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from commissioner.errors import RecordNotFoundError
from commissioner.io.project_file import (
    FILE_EXTENSION,
    ManifestInfo,
    ManifestProject,
    write_project_file,
)
from commissioner.models import Project
from commissioner.services.project_codec import encode_table
from commissioner.services.project_rows import (
    PROJECTS,
    Rows,
    collect_rows,
    part_name,
    records_per_project,
)
from commissioner.storage import Database
from commissioner.storage.migrations_runner import head_revision

__all__ = ["FILE_EXTENSION", "ExportResult", "export_projects", "project_ids_for", "project_parts"]


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, its projects and how many records each brought."""

    path: Path
    references: tuple[str, ...]
    names: tuple[str, ...]
    record_counts: tuple[int, ...]
    size_bytes: int


def project_ids_for(db: Database, references: Sequence[str]) -> list[int]:
    """The ids of the projects with these references (any case), in the order given."""
    with db.session() as session:
        known = {
            ref.casefold(): pid
            for pid, ref in session.execute(select(Project.id, Project.reference))
        }
    missing = [ref for ref in references if ref.strip().casefold() not in known]
    if missing:
        raise RecordNotFoundError(f"There is no project with the reference {missing[0]}.")
    return list(dict.fromkeys(known[ref.strip().casefold()] for ref in references))


def project_parts(db: Database, project_ids: Sequence[int]) -> tuple[dict[str, bytes], Rows]:
    """The file's table documents for ``project_ids``, and the rows they encode."""
    if not project_ids:
        raise RecordNotFoundError("Choose at least one project to export.")
    with db.session() as session:
        rows = collect_rows(session, project_ids)
    found = {row["id"] for row in rows.get(PROJECTS, [])}
    if found != set(project_ids):
        raise RecordNotFoundError("That project no longer exists.")
    parts = {part_name(name): encode_table(name, table_rows) for name, table_rows in rows.items()}
    return parts, rows


def export_projects(
    db: Database, project_ids: Sequence[int], target: Path, *, password: str | None = None
) -> ExportResult:
    """Write the projects to ``target`` whole (or leave it untouched); optional password."""
    parts, rows = project_parts(db, project_ids)
    projects = tuple(ManifestProject(row["reference"], row["name"]) for row in rows[PROJECTS])
    info = ManifestInfo(created_by=db.actor, schema_revision=head_revision(), projects=projects)
    write_project_file(target, parts, info, password=password)
    return ExportResult(
        path=target,
        references=tuple(p.reference for p in projects),
        names=tuple(p.name for p in projects),
        record_counts=records_per_project(rows),
        size_bytes=target.stat().st_size,
    )
