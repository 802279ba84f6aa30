"""What every pack section builder is given: the reporting period and the figures.

A section builder is a function `build_…(db, context) -> Section` that reads the
database through the services and returns plain blocks (commissioner.reports.blocks).
It never writes. Movements "since the last pack" compare `context.current` with
`context.previous`, the figures recorded by the project's previous pack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RiskFigure:
    title: str
    inherent: int
    residual: int


@dataclass(frozen=True)
class PackFigures:
    """The headline figures a pack reported, kept with its snapshot for comparison."""

    #: Latest delivery confidence rating word ("Amber/Green"), or "" if never assessed.
    confidence: str = ""
    #: Open risks by reference.
    risks: dict[str, RiskFigure] = field(default_factory=dict)
    budget_pence: int | None = None
    forecast_pence: int | None = None
    #: Forecast at completion minus budget (positive is an overrun), or None.
    variance_pence: int | None = None
    #: Cost RAG word against the tolerances, or "".
    cost_rating: str = ""
    #: Latest RAG word of each KPI by name ("Not measured" when it has none).
    kpi_ratings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PackContext:
    project_id: int
    #: The last day the pack reports on: the end of the period, or today if sooner.
    as_of: dt.date
    #: "November 2026".
    period_label: str
    current: PackFigures
    #: The figures of the project's previous pack, or None for its first pack.
    previous: PackFigures | None = None
    #: How the previous pack is named in movement notes: "version 1.0 of 3 Nov 2026".
    previous_label: str = ""


@dataclass(frozen=True)
class PortfolioContext:
    #: Active (not archived) projects in reference order.
    project_ids: tuple[int, ...]
    as_of: dt.date
    period_label: str
