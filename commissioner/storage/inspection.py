"""Look at a file before opening it for real, without changing a byte of it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from commissioner.errors import (
    DamagedDatabaseError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseMissingError,
    NotCommissionerDatabaseError,
)

#: Written into every Commissioner file's header ("CMSN") so the file is recognisable.
APPLICATION_ID = 0x434D534E
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What a database file holds before we open it."""

    path: Path
    is_new: bool
    revision: str | None
    writable: bool


#: How long to wait for a colleague's write to finish before saying the file is busy.
BUSY_TIMEOUT_MS = 5000


def connect_sqlite(path: Path, mode: str) -> sqlite3.Connection:
    """A raw connection by URI, so that ``mode`` (ro, rw, rwc) is honoured."""
    return sqlite3.connect(
        path.resolve().as_uri() + f"?mode={mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )


def _is_writable(path: Path) -> bool:
    # The rollback journal is created beside the file, so its folder must be writable too.
    folder = path.resolve().parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def inspect_file(path: Path, *, create: bool) -> FileState:
    """Check that ``path`` is a Commissioner file (or may become one) and read its revision."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a Commissioner database file.")
    if not path.exists():
        if not create:
            raise DatabaseMissingError(f"{path} does not exist.")
        if not path.resolve().parent.is_dir():
            raise DatabaseMissingError(f"The folder {path.resolve().parent} does not exist.")
        if not _is_writable(path):
            raise DatabaseError(f"Cannot create {path.name}: its folder is read-only.")
        return FileState(path, is_new=True, revision=None, writable=True)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"{path.name} cannot be read: {error.strerror}.") from error
    if not header:
        return FileState(path, is_new=True, revision=None, writable=_is_writable(path))
    if header != SQLITE_MAGIC:
        raise NotCommissionerDatabaseError(
            f"{path.name} is not a Commissioner database (it is not a SQLite file)."
        )
    application_id, tables, revision = _read_header(path)
    if not tables:
        return FileState(path, is_new=True, revision=None, writable=_is_writable(path))
    if application_id != APPLICATION_ID:
        raise NotCommissionerDatabaseError(
            f"{path.name} is a SQLite database, but not one written by Commissioner."
        )
    return FileState(path, is_new=False, revision=revision, writable=_is_writable(path))


def _read_header(path: Path) -> tuple[int, set[str], str | None]:
    try:
        with contextlib.closing(connect_sqlite(path, "ro")) as connection:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseLockedError(
                f"{path.name} is locked by another program; try again in a moment."
            ) from error
        raise DamagedDatabaseError(
            f"{path.name} is damaged and cannot be read ({error})."
        ) from error
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError(
            f"{path.name} is damaged and cannot be read ({error})."
        ) from error
    return application_id, tables, revision
