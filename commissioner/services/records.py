"""What many use cases share: load a record or say it is gone; delete one for undo."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError
from commissioner.models import Base
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree

R = TypeVar("R", bound=Base)


def load_record(session: Session, table: type[R], record_id: int, noun: str) -> R:
    """The record, or a RecordNotFoundError naming what is missing (another user may have
    deleted it since the view was drawn)."""
    record = session.get(table, record_id)
    if record is None:
        raise RecordNotFoundError(f"That {noun} no longer exists.")
    return record


def delete_record(db: Database, table: type[R], record_id: int, noun: str) -> RecordTree:
    """Delete a record and everything it owns; returns what ``restore_records`` needs."""
    with db.session() as session:
        record = load_record(session, table, record_id, noun)
        tree = capture_tree(record)
        session.delete(record)
    return tree
