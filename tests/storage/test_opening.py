"""Opening a file: new files are set up, foreign files are refused untouched, old ones upgraded."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from commissioner.errors import (
    DamagedDatabaseError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseMissingError,
    NewerDatabaseError,
    NotCommissionerDatabaseError,
    ReadOnlyDatabaseError,
)
from commissioner.services.projects import list_projects
from commissioner.storage import (
    APPLICATION_ID,
    Database,
    inspection,
    migrations_runner,
    open_database,
)
from commissioner.storage.migrations_runner import head_revision

MakeProject = Callable[..., int]

NEXT_MIGRATION = '''
"""a test-only migration that follows the real head"""

from alembic import op

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_projects_name", "projects", ["name"])


def downgrade() -> None:
    op.drop_index("ix_test_projects_name", "projects")
'''


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def _revision(path: Path) -> str:
    return str(_query(path, "SELECT version_num FROM alembic_version")[0][0])


def _make_file(path: Path, make_project: MakeProject, **overrides: str) -> None:
    """A closed Commissioner file at the current schema holding one project."""
    db = open_database(path, actor="tester")
    make_project(db, **overrides)
    db.close()


def _refused_untouched(path: Path, error: type[DatabaseError]) -> DatabaseError:
    before = path.read_bytes()
    neighbours = sorted(path.parent.iterdir())
    with pytest.raises(error) as raised:
        open_database(path, actor="tester")
    assert path.read_bytes() == before
    assert sorted(path.parent.iterdir()) == neighbours
    return raised.value


@pytest.fixture
def next_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], str]]:
    """Make a newer schema revision exist, as after installing the next release.

    Call the returned function once the old file exists; it returns the new head.
    """

    def install() -> str:
        old_head = head_revision()
        folder = tmp_path / "next-release-migrations"
        shutil.copytree(
            migrations_runner.MIGRATIONS_FOLDER,
            folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        new_head = "test_next"
        (folder / "versions" / f"{new_head}.py").write_text(
            textwrap.dedent(NEXT_MIGRATION.format(revision=new_head, down_revision=old_head))
        )
        monkeypatch.setattr(migrations_runner, "MIGRATIONS_FOLDER", folder)
        migrations_runner._script_directory.cache_clear()
        assert head_revision() == new_head
        return new_head

    yield install
    migrations_runner._script_directory.cache_clear()


def test_a_new_file_is_created_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"

    open_database(path, actor="tester").close()

    assert _query(path, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert _revision(path) == head_revision()
    assert _query(
        path, "SELECT council_name, financial_year_start_month FROM organisation_settings"
    ) == [("", 4)]


def test_an_empty_file_becomes_a_commissioner_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()

    open_database(path, actor="tester").close()

    assert _revision(path) == head_revision()


def test_connections_use_a_rollback_journal_and_enforce_links(db: Database) -> None:
    with db.engine.connect() as connection:
        journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()

    assert journal_mode == "delete"
    assert foreign_keys == 1


def test_reopening_a_file_keeps_its_projects(tmp_path: Path, make_project: MakeProject) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project, reference="ASC-01")

    db = open_database(path, actor="tester")
    try:
        assert [project.reference for project in list_projects(db)] == ["ASC-01"]
        assert not db.read_only
    finally:
        db.close()


def test_a_missing_file_is_not_created_when_creation_is_off(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"

    with pytest.raises(DatabaseMissingError):
        open_database(path, create=False)

    assert not path.exists()


def test_a_file_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissingError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "portfolio.db")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("name,budget\nHome care,£1,250,000\n", encoding="utf-8")

    error = _refused_untouched(path, NotCommissionerDatabaseError)

    assert "not a SQLite file" in str(error)


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Ada')")
        connection.commit()

    error = _refused_untouched(path, NotCommissionerDatabaseError)

    assert "not one written by Commissioner" in str(error)


def test_a_file_from_a_newer_version_is_refused_untouched(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()

    error = _refused_untouched(path, NewerDatabaseError)

    assert "newer version" in str(error)


def test_a_file_that_lost_its_schema_version_is_refused_untouched(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("DELETE FROM alembic_version")
        connection.commit()

    _refused_untouched(path, DamagedDatabaseError)


def test_a_file_with_garbage_after_the_header_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    path.write_bytes(inspection.SQLITE_MAGIC + bytes(range(256)) * 20)

    _refused_untouched(path, DamagedDatabaseError)


def test_a_truncated_file_is_refused_untouched(tmp_path: Path, make_project: MakeProject) -> None:
    whole = tmp_path / "whole.db"
    _make_file(whole, make_project)
    path = tmp_path / "portfolio.db"
    path.write_bytes(whole.read_bytes()[:4096])

    _refused_untouched(path, DamagedDatabaseError)


def test_an_older_file_is_backed_up_then_upgraded(
    tmp_path: Path, make_project: MakeProject, next_migration: Callable[[], str]
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project, reference="ASC-01")
    old_revision = _revision(path)
    new_revision = next_migration()

    db = open_database(path, actor="tester")
    try:
        assert [project.reference for project in list_projects(db)] == ["ASC-01"]
    finally:
        db.close()

    assert _revision(path) == new_revision
    assert _query(path, "SELECT name FROM sqlite_master WHERE name = 'ix_test_projects_name'")
    backups = list(tmp_path.glob(f"portfolio.before-upgrade-{old_revision}-*.db"))
    assert len(backups) == 1
    assert _revision(backups[0]) == old_revision
    assert _query(backups[0], "SELECT reference FROM projects") == [("ASC-01",)]


def test_an_upgrade_is_not_applied_to_a_file_with_broken_links(
    tmp_path: Path, make_project: MakeProject, next_migration: Callable[[], str]
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "INSERT INTO stages (project_id, kind, sequence, status, notes) "
            "VALUES (999, 'delivery', 5, 'not_started', '')"
        )
        connection.commit()
    old_revision = _revision(path)
    before = path.read_bytes()
    next_migration()

    with pytest.raises(DamagedDatabaseError, match="broken links"):
        open_database(path, actor="tester")

    assert path.read_bytes() == before
    assert _revision(path) == old_revision


def test_an_older_file_opened_read_only_is_refused_untouched(
    tmp_path: Path, make_project: MakeProject, next_migration: Callable[[], str]
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project)
    before = path.read_bytes()
    next_migration()

    with pytest.raises(ReadOnlyDatabaseError, match="needs a schema upgrade"):
        open_database(path, actor="tester", read_only=True)

    assert path.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir() if "before-upgrade" in item.name] == []


def test_a_file_opened_read_only_can_be_read_but_not_changed(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project, reference="ASC-01")
    before = path.read_bytes()

    db = open_database(path, actor="tester", read_only=True)
    try:
        assert db.read_only
        assert [project.reference for project in list_projects(db)] == ["ASC-01"]
        with pytest.raises(ReadOnlyDatabaseError, match="Save a copy"):
            make_project(db, reference="ASC-02")
    finally:
        db.close()

    assert path.read_bytes() == before


@pytest.fixture
def write_protected_file(tmp_path: Path, make_project: MakeProject) -> Iterator[Path]:
    """A Commissioner file whose file and folder both forbid writing."""
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    path = folder / "portfolio.db"
    _make_file(path, make_project, reference="ASC-01")
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.access(path, os.W_OK) or os.access(folder, os.W_OK):
            pytest.skip("this user (e.g. root) can write despite file permissions")
        yield path
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_a_write_protected_file_opens_read_only(
    write_protected_file: Path, make_project: MakeProject
) -> None:
    before = write_protected_file.read_bytes()

    db = open_database(write_protected_file, actor="tester")
    try:
        assert db.read_only
        assert [project.reference for project in list_projects(db)] == ["ASC-01"]
        with pytest.raises(ReadOnlyDatabaseError):
            make_project(db, reference="ASC-02")
    finally:
        db.close()

    assert write_protected_file.read_bytes() == before


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up waiting for another program's lock quickly, so tests stay fast."""
    monkeypatch.setattr(inspection, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def locked_file(tmp_path: Path, make_project: MakeProject) -> Iterator[Path]:
    """A Commissioner file another program is writing to right now."""
    path = tmp_path / "portfolio.db"
    _make_file(path, make_project, reference="ASC-01")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield path
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_write_to_a_locked_file_says_it_is_in_use(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = tmp_path / "portfolio.db"
    db = open_database(path, actor="tester")
    try:
        make_project(db, reference="ASC-01")
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseLockedError, match="in use"):
                make_project(db, reference="ASC-02")
            other.execute("ROLLBACK")
        make_project(db, reference="ASC-03")
        assert [project.reference for project in list_projects(db)] == ["ASC-01", "ASC-03"]
    finally:
        db.close()


@pytest.mark.usefixtures("short_busy_timeout")
def test_opening_a_locked_file_says_it_is_locked(locked_file: Path) -> None:
    with pytest.raises(DatabaseLockedError, match="locked"):
        open_database(locked_file, actor="tester")


def test_save_copy_writes_a_file_with_the_same_content(
    db: Database, tmp_path: Path, make_project: MakeProject
) -> None:
    make_project(db, reference="ASC-01")
    make_project(db, reference="ASC-02")
    target = tmp_path / "copy.db"

    db.save_copy(target)

    copy = open_database(target, actor="tester")
    try:
        assert list_projects(copy) == list_projects(db)
    finally:
        copy.close()
    for table in ("projects", "stages", "audit_entries", "alembic_version"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert _query(target, sql) == _query(db.path, sql)


def test_save_copy_refuses_to_overwrite_the_file_it_copies(
    db: Database, make_project: MakeProject
) -> None:
    make_project(db)
    before = db.path.read_bytes()

    with pytest.raises(DatabaseError, match="cannot be saved over"):
        db.save_copy(db.path)

    assert db.path.read_bytes() == before


def test_a_failed_save_copy_leaves_no_partial_file_behind(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "Reports"
    target.mkdir()

    with pytest.raises(DatabaseError, match="Could not save a copy"):
        db.save_copy(target)

    assert sorted(item.name for item in tmp_path.iterdir()) == ["Reports", "portfolio.db"]
