"""The portfolio's risk profile: the top risks across projects and each project's position.

Covers the same projects as the portfolio heat map: active and not archived. Closed
risks are left out; draft, open and escalated ones count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, func, select

from commissioner.models import Project, RaidItem, RiskCategory
from commissioner.models.enums import RaidKind, RaidStatus
from commissioner.models.risk_rules import Band, band_for, outside_appetite, review_overdue
from commissioner.services.risk_heat_map import portfolio_project_filter
from commissioner.services.risk_matrix import read_bands
from commissioner.storage import Database

_RESIDUAL_SCORE = RaidItem.residual_likelihood * RaidItem.residual_impact


@dataclass(frozen=True)
class PortfolioRisk:
    """One row of the portfolio's top risks."""

    risk_id: int
    project_id: int
    project_reference: str
    reference: str
    title: str
    residual_likelihood: int
    residual_impact: int
    residual_score: int
    #: Empty when the council's bands leave this score out.
    band_name: str
    band_colour: str
    outside_appetite: bool
    owner: str
    next_review_on: dt.date | None
    review_overdue: bool


@dataclass(frozen=True)
class ProjectRiskSummary:
    """One project's risk position for the portfolio page."""

    project_id: int
    project_reference: str
    project_name: str
    open_risks: int
    outside_appetite: int
    overdue_reviews: int
    #: None when the project has no open risks.
    highest_residual_score: int | None
    highest_band: Band | None


def _open_risk() -> ColumnElement[bool]:
    return and_(RaidItem.kind == RaidKind.RISK, RaidItem.status != RaidStatus.CLOSED)


def _how_many(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many joined risks meet ``condition`` (0, not NULL, for a project without risks)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def top_risks(
    db: Database,
    limit: int = 20,
    *,
    residual_cell: tuple[int, int] | None = None,
    today: dt.date | None = None,
) -> list[PortfolioRisk]:
    """The highest residual risks across the portfolio, ties broken by reference.

    ``residual_cell`` (likelihood, impact) keeps only the risks in that heat map cell.
    """
    today = today or dt.date.today()
    query = (
        select(
            RaidItem.id,
            Project.id,
            Project.reference,
            RaidItem.reference,
            RaidItem.title,
            RaidItem.residual_likelihood,
            RaidItem.residual_impact,
            RiskCategory.tolerance_score,
            RaidItem.owner,
            RaidItem.next_review_on,
        )
        .join(Project, RaidItem.project_id == Project.id)
        .outerjoin(RiskCategory, RaidItem.category_id == RiskCategory.id)
        .where(_open_risk(), portfolio_project_filter())
        .order_by(_RESIDUAL_SCORE.desc(), Project.reference, RaidItem.reference)
        .limit(limit)
    )
    if residual_cell is not None:
        query = query.where(
            RaidItem.residual_likelihood == residual_cell[0],
            RaidItem.residual_impact == residual_cell[1],
        )
    with db.session() as session:
        rows = session.execute(query).all()
        bands = read_bands(session)
    return [_portfolio_risk(row, bands, today) for row in rows]


def _portfolio_risk(row: Sequence[Any], bands: tuple[Band, ...], today: dt.date) -> PortfolioRisk:
    # The schema guarantees every risk a residual likelihood and impact.
    likelihood, impact = int(row[5]), int(row[6])
    residual = likelihood * impact
    band = band_for(residual, bands)
    return PortfolioRisk(
        risk_id=row[0],
        project_id=row[1],
        project_reference=row[2],
        reference=row[3],
        title=row[4],
        residual_likelihood=likelihood,
        residual_impact=impact,
        residual_score=residual,
        band_name=band.name if band else "",
        band_colour=band.colour if band else "",
        outside_appetite=outside_appetite(residual, row[7]),
        owner=row[8] or "",
        next_review_on=row[9],
        review_overdue=review_overdue(row[9], today, closed=False),
    )


def portfolio_risk_summary(
    db: Database, *, today: dt.date | None = None
) -> list[ProjectRiskSummary]:
    """Each portfolio project's open risks, those outside appetite, overdue reviews, worst score.

    Projects with no open risks are listed too, with zeros: an empty register is a finding.
    """
    today = today or dt.date.today()
    query = (
        select(
            Project.id,
            Project.reference,
            Project.name,
            func.count(RaidItem.id),
            _how_many(RiskCategory.tolerance_score < _RESIDUAL_SCORE),
            _how_many(RaidItem.next_review_on < today),
            func.max(_RESIDUAL_SCORE).cast(Integer),
        )
        .outerjoin(RaidItem, and_(RaidItem.project_id == Project.id, _open_risk()))
        .outerjoin(RiskCategory, RaidItem.category_id == RiskCategory.id)
        .where(portfolio_project_filter())
        .group_by(Project.id, Project.reference, Project.name)
        .order_by(Project.reference)
    )
    with db.session() as session:
        rows = session.execute(query).all()
        bands = read_bands(session)
    return [
        ProjectRiskSummary(
            project_id=row[0],
            project_reference=row[1],
            project_name=row[2],
            open_risks=row[3],
            outside_appetite=row[4],
            overdue_reviews=row[5],
            highest_residual_score=row[6],
            highest_band=band_for(row[6], bands),
        )
        for row in rows
    ]
