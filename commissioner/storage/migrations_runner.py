"""Apply Alembic migrations when a file opens, after a backup; refuse newer files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from commissioner.errors import (
    DamagedDatabaseError,
    DatabaseError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
)
from commissioner.storage.inspection import APPLICATION_ID, FileState, connect_sqlite

MIGRATIONS_FOLDER = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    return config


@cache
def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script_directory().get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str) -> bool:
    try:
        return _script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def backup_path_for(path: Path, revision: str | None) -> Path:
    """Where the pre-upgrade copy goes: beside the file, named by time and old revision."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.before-upgrade-{revision or 'none'}-{stamp}{path.suffix}")


def prepare_schema(
    path: Path,
    state: FileState,
    *,
    writable: bool,
    backup: Callable[[Path, Path], None],
) -> None:
    """Bring the file's schema to the head revision, or refuse to touch it."""
    if state.revision is not None and not is_known_revision(state.revision):
        raise NewerDatabaseError(
            f"{path.name} was written by a newer version of Commissioner "
            f"(schema {state.revision}); update Commissioner to open it. The file was not changed."
        )
    if state.revision is None and not state.is_new:
        raise DamagedDatabaseError(
            f"{path.name} holds Commissioner tables but no schema version, so it cannot be "
            "upgraded safely. The file was not changed; run `commissioner check` on it."
        )
    if state.revision == head_revision():
        return
    if not writable:
        raise ReadOnlyDatabaseError(
            f"{path.name} needs a schema upgrade but is read-only; "
            "copy it somewhere you can write to and open the copy."
        )
    if not state.is_new:
        backup(path, backup_path_for(path, state.revision))
    upgrade(path)


def upgrade(path: Path) -> None:
    """Run every pending migration in one transaction with foreign keys off."""
    engine = create_engine(
        "sqlite+pysqlite://", creator=lambda: connect_sqlite(path, "rwc"), poolclass=NullPool
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        # Batch mode recreates tables; with foreign keys on, that would cascade deletes.
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        dbapi_connection.execute("PRAGMA journal_mode = DELETE")

    @event.listens_for(engine, "begin")
    def _begin(connection: object) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    try:
        _run_migrations(engine, path)
    except (DBAPIError, CommandError) as error:
        raise DatabaseError(
            f"{path.name} could not be upgraded ({error}); it was left as it was."
        ) from error
    finally:
        engine.dispose()


def _run_migrations(engine: Engine, path: Path) -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        if problems:
            raise DamagedDatabaseError(
                f"{path.name} has {len(problems)} broken links between records; "
                "the upgrade was not applied."
            )
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
