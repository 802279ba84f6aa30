"""The `check` use case: is a database file whole and consistent?"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from commissioner.errors import CommissionerError
from commissioner.storage.inspection import connect_sqlite, inspect_file
from commissioner.storage.migrations_runner import head_revision, is_known_revision


@dataclass(frozen=True)
class IntegrityReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    projects: int = 0
    schema_revision: str | None = None
    #: Facts worth knowing that are not damage, e.g. an upgrade due on next open.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path) -> IntegrityReport:
    """Run SQLite's integrity and foreign-key checks without changing the file."""
    if not path.exists():
        return IntegrityReport(path, [f"{path} does not exist."])
    try:
        state = inspect_file(path, create=False)
    except CommissionerError as error:
        return IntegrityReport(path, [str(error)])
    if state.is_new:
        return IntegrityReport(path, [f"{path.name} is empty: it holds no Commissioner data."])
    problems: list[str] = []
    notes: list[str] = []
    if state.revision is None:
        problems.append("The file has no schema version.")
    elif not is_known_revision(state.revision):
        problems.append(f"Written by a newer version of Commissioner (schema {state.revision}).")
    elif state.revision != head_revision():
        notes.append(
            f"Schema {state.revision} is older than {head_revision()}; opening it will upgrade it."
        )
    projects = 0
    try:
        with contextlib.closing(connect_sqlite(path, "ro")) as connection:
            for (message,) in connection.execute("PRAGMA integrity_check"):
                if message != "ok":
                    problems.append(f"Integrity: {message}")
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _index in broken[:20]:
                problems.append(
                    f"Broken link: {table} row {rowid} points to a record missing from {parent}."
                )
            if len(broken) > 20:
                problems.append(f"… and {len(broken) - 20} more broken links.")
            projects = connection.execute("SELECT count(*) FROM projects").fetchone()[0]
    except sqlite3.DatabaseError as error:
        problems.append(f"The file is damaged: {error}.")
    return IntegrityReport(path, problems, projects, state.revision, notes)
