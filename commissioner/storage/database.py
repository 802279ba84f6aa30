"""Open a Commissioner database file safely and hand out one session per unit of work."""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from commissioner.errors import (
    DamagedDatabaseError,
    DatabaseError,
    DatabaseLockedError,
    ReadOnlyDatabaseError,
)
from commissioner.storage import audit, inspection
from commissioner.storage.inspection import APPLICATION_ID, FileState, connect_sqlite, inspect_file
from commissioner.storage.migrations_runner import prepare_schema

__all__ = ["APPLICATION_ID", "Database", "open_database"]


def default_actor() -> str:
    """The operating-system account name, used when no user name is configured."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name on some locked-down machines
        return "unknown user"


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so that every unit of work, DDL included,
    # is one real transaction (pysqlite's own handling skips some statements).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {inspection.BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous = FULL")
    # WAL needs shared memory that network shares do not provide reliably.
    cursor.execute("PRAGMA journal_mode = DELETE")
    cursor.close()


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool) -> Engine:
    """An engine whose every connection carries Commissioner's pragmas."""
    mode = "ro" if read_only else "rw"
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect_sqlite(path, mode),
        poolclass=QueuePool,
    )
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def translate_error(error: Exception, path: Path) -> DatabaseError:
    """Turn a driver error into a message a commissioner can act on."""
    text = str(getattr(error, "orig", error)).lower()
    name = path.name
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"{name} is in use by another program or colleague; try again in a moment."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabaseError(
            f"{name} is read-only, so the change was not saved. "
            "Use File → Save a copy… to keep working on a copy you can edit."
        )
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return DamagedDatabaseError(f"{name} is damaged ({text}); nothing was saved.")
    if isinstance(error, IntegrityError):
        return DatabaseError(f"The change breaks a rule of the database ({text}).")
    return DatabaseError(f"{name} could not be used: {text}")


class Database:
    """An open Commissioner file: the engine plus one session per unit of work."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool, actor: str) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.actor = actor
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit.install(self._sessions)

    @contextlib.contextmanager
    def session(self, *, audit_time: Any = None) -> Iterator[Session]:
        """One unit of work: commits once at the end, rolls back on any error."""
        session = self._sessions()
        session.info["actor"] = self.actor
        if audit_time is not None:
            session.info["audit_time"] = audit_time
        try:
            yield session
            session.commit()
        except (OperationalError, IntegrityError, SQLAlchemyDatabaseError) as error:
            session.rollback()
            raise translate_error(error, self.path) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def save_copy(self, target: Path) -> None:
        """Write a consistent copy of the whole file with SQLite's backup API."""
        save_backup(self.path, target)

    def close(self) -> None:
        self.engine.dispose()


def save_backup(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` page by page, safe while others read it."""
    if target.resolve() == source.resolve():
        raise DatabaseError("A copy cannot be saved over the file it copies.")
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            contextlib.closing(connect_sqlite(source, "ro")) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not save a copy to {target}: {error}") from error


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    actor: str | None = None,
    read_only: bool = False,
) -> Database:
    """Open (or create) a Commissioner database, upgrading its schema after a backup.

    Files that are not ours, are damaged, or were written by a newer version are
    refused untouched. A file we cannot write to opens read-only.
    """
    path = Path(path)
    state: FileState = inspect_file(path, create=create)
    writable = state.writable and not read_only
    prepare_schema(path, state, writable=writable, backup=save_backup)
    engine = make_engine(path, read_only=not writable)
    return Database(path, engine, read_only=not writable, actor=actor or default_actor())
