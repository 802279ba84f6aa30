"""Export a project's risk register (or whole RAID log) to .xlsx or .csv."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commissioner.errors import CommissionerError, RecordNotFoundError
from commissioner.io.register_export import RegisterEntry, RegisterExport, write_register
from commissioner.models import MatrixLabel, Project, RaidItem, RiskCategory, ScoreBand
from commissioner.models.enums import MatrixAxis, RaidKind, RaidStatus
from commissioner.models.risk_rules import Band
from commissioner.storage import Database

EXPORT_SUFFIXES = (".xlsx", ".csv")


def load_register(
    db: Database,
    project_id: int,
    kinds: Collection[RaidKind] = (RaidKind.RISK,),
    *,
    today: dt.date | None = None,
) -> RegisterExport:
    """A project's entries of ``kinds`` with the council's matrix words and bands."""
    query = (
        select(RaidItem)
        .where(RaidItem.project_id == project_id, RaidItem.kind.in_(list(kinds)))
        .options(selectinload(RaidItem.actions))
        .order_by(RaidItem.kind, RaidItem.reference)
    )
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise RecordNotFoundError("That project no longer exists.")
        categories = {row.id: row.kind.label for row in session.scalars(select(RiskCategory))}
        entries = tuple(_entry(item, categories) for item in session.scalars(query))
        likelihood, impact = _words(session)
        bands = tuple(
            Band(row.name, row.min_score, row.max_score, row.colour)
            for row in session.scalars(select(ScoreBand).order_by(ScoreBand.min_score))
        )
        return RegisterExport(
            project.reference, project.name, entries, likelihood, impact, bands,
            today or dt.date.today(),
        )  # fmt: skip


def export_register(
    db: Database,
    project_id: int,
    path: Path | str,
    kinds: Collection[RaidKind] = (RaidKind.RISK,),
) -> int:
    """Write the register to ``path`` (.xlsx or .csv); returns how many entries it holds.

    Pass every ``RaidKind`` to export the whole RAID log.
    """
    path = Path(path)
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise CommissionerError(f"{path.name}: export to a .xlsx or .csv file.")
    export = load_register(db, project_id, kinds)
    try:
        write_register(export, path)
    except OSError as error:
        raise CommissionerError(f"Could not write {path.name}: {error.strerror}.") from error
    return len(export.entries)


def _entry(item: RaidItem, categories: dict[int, str]) -> RegisterEntry:
    return RegisterEntry(
        reference=item.reference,
        kind=item.kind.label,
        title=item.title,
        cause=item.cause,
        event=item.event,
        consequence=item.consequence,
        description=item.description,
        category=categories.get(item.category_id, "") if item.category_id else "",
        owner=item.owner,
        actionee=item.actionee,
        inherent=(item.inherent_likelihood, item.inherent_impact),
        residual=(item.residual_likelihood, item.residual_impact),
        target=(item.target_likelihood, item.target_impact),
        response=item.response.label if item.response else "",
        status=item.status.label,
        closed=item.status is RaidStatus.CLOSED,
        raised_on=item.raised_on,
        next_review_on=item.next_review_on,
        actions=tuple(action.description for action in item.actions),
    )


def _words(session: Session) -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels = {(row.axis, row.level): row.label for row in session.scalars(select(MatrixLabel))}
    return tuple(
        tuple(labels.get((axis, level), str(level)) for level in range(1, 6))
        for axis in (MatrixAxis.LIKELIHOOD, MatrixAxis.IMPACT)
    )  # type: ignore[return-value]
