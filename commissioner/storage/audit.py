"""Write an audit entry for every inserted, changed or deleted field, in the same flush."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from commissioner.models import AuditEntry, Base
from commissioner.models.enums import AuditAction

_SKIPPED_COLUMNS = {"id"}


def install(sessions: sessionmaker[Session]) -> None:
    """Audit every flush of sessions made by ``sessions``."""
    event.listen(sessions, "before_flush", _record_changes_and_deletes)
    event.listen(sessions, "after_flush", _record_inserts_and_write)
    event.listen(sessions, "after_soft_rollback", _forget_pending)


def _forget_pending(session: Session, _previous_transaction: object) -> None:
    session.info.pop("pending_audit", None)


def audit_value(value: Any) -> str | None:
    """How a column value is written in the trail: plain, stable text."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | float):
        return format(value, "g") if isinstance(value, float) else str(value)
    return str(value)


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and not isinstance(obj, AuditEntry)


def _columns(obj: Base) -> list[str]:
    mapper = inspect(obj).mapper
    excluded = _SKIPPED_COLUMNS | set(obj.__audit_exclude__)
    return [attr.key for attr in mapper.column_attrs if attr.key not in excluded]


def _record_changes_and_deletes(session: Session, _context: object, _instances: object) -> None:
    # Before the flush, deleted records and their parents can still be read.
    connection = session.connection()
    rows: list[dict[str, Any]] = session.info.setdefault("pending_audit", [])
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            rows += _changed_fields(obj, connection)
    for obj in session.deleted:
        if _audited(obj):
            rows += _whole_record(obj, AuditAction.DELETE, connection)


def _record_inserts_and_write(session: Session, _context: object) -> None:
    # After the flush, inserted records have their ids.
    connection = session.connection()
    rows: list[dict[str, Any]] = session.info.pop("pending_audit", [])
    for obj in session.new:
        if _audited(obj):
            rows += _whole_record(obj, AuditAction.INSERT, connection)
    if not rows:
        return
    occurred_at = session.info.get("audit_time") or dt.datetime.now().replace(microsecond=0)
    actor = session.info.get("actor", "unknown user")
    for row in rows:
        row.update(occurred_at=occurred_at, actor=actor)
    connection.execute(insert(AuditEntry), rows)


def _entry(obj: Base, action: AuditAction, connection: Any) -> dict[str, Any]:
    return {
        "action": action,
        "table_name": obj.__tablename__,
        "record_id": obj.id,  # type: ignore[attr-defined]
        "record_label": obj.audit_label()[:300],
        "project_id": obj.audit_project_id(connection),
    }


def _whole_record(obj: Base, action: AuditAction, connection: Any) -> list[dict[str, Any]]:
    base = _entry(obj, action, connection)
    rows = []
    for key in _columns(obj):
        value = audit_value(getattr(obj, key))
        if value in (None, ""):
            continue
        old, new = (value, None) if action is AuditAction.DELETE else (None, value)
        rows.append({**base, "field": key, "old_value": old, "new_value": new})
    return rows


def _changed_fields(obj: Base, connection: Any) -> list[dict[str, Any]]:
    state = inspect(obj)
    base = _entry(obj, AuditAction.UPDATE, connection)
    rows = []
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = audit_value(history.deleted[0]) if history.deleted else None
        new = audit_value(history.added[0]) if history.added else None
        if old != new:
            rows.append({**base, "field": key, "old_value": old, "new_value": new})
    return rows
