"""Reading the RAID register a page at a time, filtered and sorted in SQL.

Every filter and every sort is part of the SELECT, so a register of 100,000 entries
costs the same to open as one of 100: the view only ever holds the rows it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from commissioner.models import (
    Project,
    RaidItem,
    RiskAction,
    RiskAssessment,
    RiskCategory,
    ScoreBand,
)
from commissioner.models.enums import (
    ActionStatus,
    CommissioningChallenge,
    IssuePriority,
    RaidKind,
    RaidStatus,
)
from commissioner.models.risk_rules import Movement, movement, outside_appetite, review_overdue
from commissioner.services.audit_trail import like_escape
from commissioner.services.risk_entries import Levels
from commissioner.storage import Database

#: Statuses of entries still being managed.
LIVE_STATUSES = (RaidStatus.DRAFT, RaidStatus.OPEN, RaidStatus.ESCALATED)
#: The heat-map stages a cell filter can name.
CELL_STAGES = ("inherent", "residual", "target")


@dataclass(frozen=True)
class RegisterFilter:
    """Which entries to show and in what order; everything becomes SQL.

    ``cell`` is (stage, likelihood, impact) with stage one of ``CELL_STAGES``;
    ``band`` is a score band's name (matched on the residual score); ``today``
    decides what is overdue and ``movement_since`` what movement is measured from.
    """

    project_id: int | None = None
    text: str = ""
    kinds: tuple[RaidKind, ...] = ()
    statuses: tuple[RaidStatus, ...] = ()
    category_id: int | None = None
    owner: str | None = None
    band: str | None = None
    outside_appetite: bool = False
    overdue_review: bool = False
    cell: tuple[str, int, int] | None = None
    today: dt.date | None = None
    movement_since: dt.date | None = None
    sort: str = "reference"
    descending: bool = False


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register, with its flags worked out."""

    id: int
    project_id: int
    project_reference: str
    kind: RaidKind
    reference: str
    title: str
    category_id: int | None
    challenge: CommissioningChallenge | None
    owner: str
    status: RaidStatus
    levels: Levels
    tolerance_score: int | None
    next_review_on: dt.date | None
    proximity_on: dt.date | None
    priority: IssuePriority | None
    needed_by: dt.date | None
    open_actions: int
    outside_appetite: bool
    review_overdue: bool
    movement: Movement | None
    score_before: int | None


def _residual_score() -> ColumnElement[int | None]:
    return RaidItem.residual_likelihood * RaidItem.residual_impact


def _score_on(since: dt.date) -> Any:
    """The residual score of the last re-scoring on or before ``since``."""
    return (
        select(RiskAssessment.residual_likelihood * RiskAssessment.residual_impact)
        .where(RiskAssessment.item_id == RaidItem.id, RiskAssessment.assessed_on <= since)
        .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _outside_appetite() -> ColumnElement[bool]:
    return and_(RaidItem.kind == RaidKind.RISK, _residual_score() > RiskCategory.tolerance_score)


def _overdue(today: dt.date) -> ColumnElement[bool]:
    return and_(RaidItem.status != RaidStatus.CLOSED, RaidItem.next_review_on < today)


def _text_condition(text: str) -> ColumnElement[bool]:
    pattern = "%" + like_escape(text) + "%"
    columns = (
        RaidItem.title,
        RaidItem.reference,
        RaidItem.owner,
        RaidItem.description,
        RaidItem.event,
    )
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def _cell_condition(cell: tuple[str, int, int]) -> ColumnElement[bool]:
    stage, likelihood, impact = cell
    if stage not in CELL_STAGES:
        raise ValueError(f"A heat-map cell is on one of {', '.join(CELL_STAGES)}")
    return and_(
        getattr(RaidItem, f"{stage}_likelihood") == likelihood,
        getattr(RaidItem, f"{stage}_impact") == impact,
    )


def _conditions(session: Session, register: RegisterFilter) -> list[ColumnElement[bool]]:
    wanted: list[tuple[bool, Any]] = [
        (register.project_id is not None, lambda: RaidItem.project_id == register.project_id),
        (bool(register.kinds), lambda: RaidItem.kind.in_(register.kinds)),
        (bool(register.statuses), lambda: RaidItem.status.in_(register.statuses)),
        (register.category_id is not None, lambda: RaidItem.category_id == register.category_id),
        (register.owner is not None, lambda: RaidItem.owner == register.owner),
        (bool(register.text.strip()), lambda: _text_condition(register.text.strip())),
        (register.outside_appetite, _outside_appetite),
        (register.overdue_review, lambda: _overdue(register.today or dt.date.today())),
        (register.cell is not None, lambda: _cell_condition(register.cell)),  # type: ignore[arg-type]
        (register.band is not None, lambda: _band_condition(session, register.band or "")),
    ]
    return [make() for applies, make in wanted if applies]


def _band_condition(session: Session, band: str) -> ColumnElement[bool]:
    bounds = session.execute(
        select(ScoreBand.min_score, ScoreBand.max_score).where(ScoreBand.name == band)
    ).first()
    if bounds is None:
        return literal(False)
    return _residual_score().between(bounds.min_score, bounds.max_score)


def _from_register(query: Any) -> Any:
    # Any: SQLAlchemy's variadic Select types do not narrow through a helper.
    return query.select_from(RaidItem).outerjoin(
        RiskCategory, RiskCategory.id == RaidItem.category_id
    )


def count_register(db: Database, register: RegisterFilter) -> int:
    """How many entries the filter matches."""
    with db.session() as session:
        query = _from_register(select(func.count(RaidItem.id)))
        return session.scalar(query.where(*_conditions(session, register))) or 0


def _sort_keys(register: RegisterFilter) -> dict[str, Any]:
    since = register.movement_since
    movement_key = (
        func.coalesce(_residual_score(), 0) - func.coalesce(_score_on(since), 0)
        if since is not None
        else literal(0)
    )
    return {
        "reference": (_kind_order(), func.length(RaidItem.reference), RaidItem.reference),
        "project": (Project.reference, RaidItem.reference),
        "kind": (_kind_order(),),
        "title": (func.lower(RaidItem.title),),
        "category": (RiskCategory.kind,),
        "owner": (func.lower(RaidItem.owner),),
        "inherent": (RaidItem.inherent_likelihood * RaidItem.inherent_impact,),
        "residual": (_residual_score(), RaidItem.residual_impact),
        "target": (RaidItem.target_likelihood * RaidItem.target_impact,),
        "appetite": (_residual_score() - RiskCategory.tolerance_score,),
        "movement": (movement_key,),
        "status": (case({s: n for n, s in enumerate(RaidStatus)}, value=RaidItem.status),),
        "next_review": (RaidItem.next_review_on,),
        "actions": (_open_actions(),),
    }


def _kind_order() -> Any:
    """Risks first, then issues, assumptions and dependencies (the RAID log's usual order)."""
    order = (RaidKind.RISK, RaidKind.ISSUE, RaidKind.ASSUMPTION, RaidKind.DEPENDENCY)
    return case({kind: n for n, kind in enumerate(order)}, value=RaidItem.kind)


def _open_actions() -> Any:
    return (
        select(func.count(RiskAction.id))
        .where(RiskAction.item_id == RaidItem.id, RiskAction.status == ActionStatus.OPEN)
        .scalar_subquery()
    )


def _ordering(register: RegisterFilter) -> list[Any]:
    keys = _sort_keys(register).get(register.sort)
    if keys is None:
        raise ValueError(f"The register cannot be sorted by {register.sort!r}")
    # Blanks sort last either way; the id keeps pages stable between fetches.
    ordered: list[Any] = []
    for key in keys:
        ordered.append(key.is_(None))
        ordered.append(key.desc() if register.descending else key.asc())
    ordered.append(RaidItem.id.desc() if register.descending else RaidItem.id.asc())
    return ordered


_COLUMNS = (
    RaidItem.id,
    RaidItem.project_id,
    Project.reference.label("project_reference"),
    RaidItem.kind,
    RaidItem.reference,
    RaidItem.title,
    RaidItem.category_id,
    RaidItem.challenge,
    RaidItem.owner,
    RaidItem.status,
    RaidItem.inherent_likelihood,
    RaidItem.inherent_impact,
    RaidItem.residual_likelihood,
    RaidItem.residual_impact,
    RaidItem.target_likelihood,
    RaidItem.target_impact,
    RiskCategory.tolerance_score,
    RaidItem.next_review_on,
    RaidItem.proximity_on,
    RaidItem.priority,
    RaidItem.needed_by,
    RaidItem.raised_on,
    RaidItem.closed_on,
)


def fetch_register(
    db: Database, register: RegisterFilter, *, offset: int, limit: int
) -> list[RegisterRow]:
    """``limit`` matching entries from ``offset``, in the filter's order."""
    since = register.movement_since
    score_before = _score_on(since) if since is not None else literal(None)
    query = _from_register(
        select(*_COLUMNS, _open_actions().label("open_actions"), score_before.label("before"))
    ).join(Project, Project.id == RaidItem.project_id)
    with db.session() as session:
        query = query.where(*_conditions(session, register)).order_by(*_ordering(register))
        rows = session.execute(query.offset(offset).limit(limit)).all()
    today = register.today or dt.date.today()
    return [_register_row(row._mapping, today, since) for row in rows]


def _register_row(row: Any, today: dt.date, since: dt.date | None) -> RegisterRow:
    levels = Levels(
        *(row[f"{stage}_{axis}"] for stage in CELL_STAGES for axis in ("likelihood", "impact"))
    )
    residual, tolerance = levels.residual_score, row["tolerance_score"]
    closed = row["status"] is RaidStatus.CLOSED
    moved = None
    if since is not None:
        moved = movement(
            current=residual,
            before=row["before"],
            since=since,
            raised_on=row["raised_on"],
            closed_on=row["closed_on"],
        )
    plain = {key: row[key] for key in _PLAIN_FIELDS}
    return RegisterRow(
        **plain,
        levels=levels,
        open_actions=row["open_actions"] or 0,
        outside_appetite=row["kind"] is RaidKind.RISK and outside_appetite(residual, tolerance),
        review_overdue=review_overdue(row["next_review_on"], today, closed=closed),
        movement=moved,
        score_before=row["before"],
    )


_PLAIN_FIELDS = (
    "id",
    "project_id",
    "project_reference",
    "kind",
    "reference",
    "title",
    "category_id",
    "challenge",
    "owner",
    "status",
    "tolerance_score",
    "next_review_on",
    "proximity_on",
    "priority",
    "needed_by",
)


def register_owners(db: Database, project_id: int | None) -> list[str]:
    """The distinct owners named in a register, for the owner filter."""
    query = select(RaidItem.owner).where(RaidItem.owner != "").distinct().order_by(RaidItem.owner)
    if project_id is not None:
        query = query.where(RaidItem.project_id == project_id)
    with db.session() as session:
        return list(session.scalars(query))
