"""How many risks sit in each cell of the 5 × 5 matrix, for a project or the portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, func, select

from commissioner.models import Project, RaidItem
from commissioner.models.enums import ProjectStatus, RaidKind, RaidStatus
from commissioner.models.risk_rules import MATRIX_SIZE
from commissioner.storage import Database

Stage = Literal["inherent", "residual"]
STAGES: tuple[Stage, ...] = ("inherent", "residual")
STAGE_TITLES: dict[str, str] = {"inherent": "Inherent risk", "residual": "Residual risk"}


@dataclass(frozen=True)
class HeatMapCounts:
    """Risks per cell: ``counts[likelihood][impact]`` for levels 1..5."""

    stage: Stage
    #: Row 0 and column 0 are unused padding so levels index directly.
    counts: tuple[tuple[int, ...], ...]
    total: int
    #: Risks left out because this stage has not been scored yet.
    unscored: int = 0

    def count(self, likelihood: int, impact: int) -> int:
        return self.counts[likelihood][impact]

    @classmethod
    def empty(cls, stage: Stage) -> HeatMapCounts:
        size = MATRIX_SIZE + 1
        return cls(stage, tuple((0,) * size for _ in range(size)), 0)


def portfolio_project_filter() -> ColumnElement[bool]:
    """The projects the portfolio views cover: active and not archived."""
    return (Project.status == ProjectStatus.ACTIVE) & Project.archived_at.is_(None)


def heat_map_counts(
    db: Database, *, project_id: int | None, stage: Stage, include_closed: bool = False
) -> HeatMapCounts:
    """Count risks per (likelihood, impact) cell in one grouped query.

    ``project_id`` None covers the whole portfolio (active, non-archived projects).
    """
    if stage not in STAGES:
        raise ValueError(f"Unknown heat map stage {stage!r}")
    likelihood = getattr(RaidItem, f"{stage}_likelihood")
    impact = getattr(RaidItem, f"{stage}_impact")
    query = (
        select(likelihood, impact, func.count())
        .where(RaidItem.kind == RaidKind.RISK)
        .group_by(likelihood, impact)
    )
    if not include_closed:
        query = query.where(RaidItem.status != RaidStatus.CLOSED)
    if project_id is None:
        query = query.join(Project, RaidItem.project_id == Project.id).where(
            portfolio_project_filter()
        )
    else:
        query = query.where(RaidItem.project_id == project_id)
    with db.session() as session:
        rows = session.execute(query).all()
    size = MATRIX_SIZE + 1
    grid = [[0] * size for _ in range(size)]
    unscored = 0
    for level_l, level_i, number in rows:
        if level_l is None or level_i is None:
            unscored += number
        else:
            grid[level_l][level_i] = number
    return HeatMapCounts(
        stage=stage,
        counts=tuple(tuple(row) for row in grid),
        total=sum(map(sum, grid)),
        unscored=unscored,
    )
