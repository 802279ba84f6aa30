"""Deleting a project and undoing it puts back every row the delete took, in every table."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from commissioner.services.demo import build_demo_portfolio
from commissioner.services.projects import delete_project, list_projects, restore_records
from commissioner.storage import Database
from commissioner.storage.text_search import is_search_table

#: Tables whose rows are history or bookkeeping, not the project's own data.
_NOT_DATA = {"audit_entries", "sqlite_sequence", "alembic_version"}


def _every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            # The search index is rebuilt by triggers; its pages are not the project's data.
            if name not in _NOT_DATA and not is_search_table(name)
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr)
            for table in tables
        }


def test_undoing_a_project_delete_restores_every_table(db: Database, tmp_path: Path) -> None:
    build_demo_portfolio(db, today=dt.date(2026, 3, 16))
    path = Path(db.path)
    before = _every_row(path)
    for project in list_projects(db, include_archived=True):
        tree = delete_project(db, project.id)
        assert _every_row(path) != before
        restore_records(db, tree)
        after = _every_row(path)
        changed = [table for table in before if before[table] != after[table]]
        assert changed == [], f"{project.reference}: undo did not restore {changed}"
