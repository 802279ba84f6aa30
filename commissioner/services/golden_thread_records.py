"""Records of the golden thread that undo needs to put back, and the checks every
golden-thread use case shares.

A delete returns a ``Removal``: the record tree ``capture_tree`` took plus the links
from records that outlive it (a benefit's objective, a KPI's service), which the
database would otherwise clear without trace; ``restore_removal`` puts both back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import (
    Base,
    Kpi,
    KpiObjective,
    Project,
    ProjectObjective,
    ServiceObjective,
)
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree

RecordT = TypeVar("RecordT", bound=Base)


@dataclass(frozen=True)
class Relink:
    """A link from a surviving record to a deleted one, to put back on undo."""

    class_name: str
    record_id: int
    column: str
    value: int


@dataclass(frozen=True)
class Removal:
    """What undoing a delete needs: the deleted records and the links that pointed at them."""

    tree: RecordTree
    relinks: tuple[Relink, ...] = ()


def restore_removal(db: Database, removal: Removal) -> None:
    """Undo a delete: the records come back with their ids, and links to them are restored."""
    classes = {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}
    with db.session() as session:
        restore_tree(session, removal.tree)
        for relink in removal.relinks:
            record = session.get(classes[relink.class_name], relink.record_id)
            if record is not None and getattr(record, relink.column) is None:
                setattr(record, relink.column, relink.value)


def remove(session: Session, record: Base, relinks: tuple[Relink, ...] = ()) -> Removal:
    """Capture ``record`` with everything its delete takes, then delete it."""
    tree = capture_tree(record)
    session.delete(record)
    session.flush()
    return Removal(tree, relinks)


def unlink(record: Base, column: str) -> Relink:
    """Clear ``record.column`` (audited, unlike the database's own SET NULL) and note it."""
    value = getattr(record, column)
    setattr(record, column, None)
    return Relink(type(record).__name__, record.id, column, value)  # type: ignore[attr-defined]


def require_project(session: Session, project_id: int) -> None:
    if session.get(Project, project_id) is None:
        raise RecordNotFoundError("That project no longer exists.")


def load(session: Session, model: type[RecordT], record_id: int, noun: str) -> RecordT:
    record = session.get(model, record_id)
    if record is None:
        raise RecordNotFoundError(f"That {noun} no longer exists; someone may have deleted it.")
    return record


def assign(record: Base, columns: dict[str, object]) -> None:
    """Set only the columns that changed, so the audit trail records real changes."""
    for key, value in columns.items():
        if getattr(record, key) != value:
            setattr(record, key, value)


def code_in_use(
    session: Session,
    model: type[ProjectObjective] | type[Kpi],
    project_id: int,
    code: str,
    except_id: int | None,
) -> bool:
    query = select(model.id).where(model.project_id == project_id, model.code == code)
    if except_id is not None:
        query = query.where(model.id != except_id)
    return session.scalar(query) is not None


def check_objectives(session: Session, project_id: int, objective_ids: Iterable[int]) -> None:
    """Refuse links to objectives that are gone or belong to another project."""
    wanted = set(objective_ids)
    if not wanted:
        return
    found = set(
        session.scalars(
            select(ProjectObjective.id).where(
                ProjectObjective.id.in_(wanted), ProjectObjective.project_id == project_id
            )
        )
    )
    if found != wanted:
        raise ValidationError(
            {"objective_ids": "One of the chosen objectives no longer exists; choose again."}
        )


def set_links(
    links: list[Any],
    objective_ids: tuple[int, ...],
    link_class: type[ServiceObjective] | type[KpiObjective],
) -> None:
    """Make a record's objective links match ``objective_ids``, keeping links that stay."""
    wanted = set(objective_ids)
    for link in [link for link in links if link.objective_id not in wanted]:
        links.remove(link)
    present = {link.objective_id for link in links}
    links.extend(link_class(objective_id=i) for i in objective_ids if i not in present)
