"""The headline figures a pack reports, worked out by the same services the app shows.

They are stored with each pack so that the next one can say what moved.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from commissioner.models.enums import RaidKind
from commissioner.services.confidence import list_assessments
from commissioner.services.costs import get_cost_position
from commissioner.services.golden_thread import read_golden_thread
from commissioner.services.pack_sections.context import PackFigures, RiskFigure
from commissioner.services.risk_register import LIVE_STATUSES, RegisterFilter, fetch_register
from commissioner.storage import Database


def current_figures(db: Database, project_id: int, as_of: dt.date) -> PackFigures:
    """The project's headline figures as of the end of the reporting period.

    Open risks are those not closed (drafts included), as the Risks area counts them."""
    assessments = [item for item in list_assessments(db, project_id) if item.assessed_on <= as_of]
    latest = max(assessments, key=lambda item: item.assessed_on, default=None)
    position = get_cost_position(db, project_id, as_of)
    thread = read_golden_thread(db, project_id, today=as_of)
    return PackFigures(
        confidence=latest.rating.label if latest else "",
        risks=_risk_figures(db, project_id, as_of),
        budget_pence=position.current_budget,
        forecast_pence=position.forecast_at_completion if position.forecasted else None,
        variance_pence=position.variance_to_current,
        cost_rating=position.rag.value.title() if position.rag else "",
        kpi_ratings={
            kpi.label: kpi.latest_rag.value.title() if kpi.latest_rag else "Not measured"
            for kpi in thread.kpis
        },
    )


def _risk_figures(db: Database, project_id: int, as_of: dt.date) -> dict[str, RiskFigure]:
    register = RegisterFilter(
        project_id=project_id, kinds=(RaidKind.RISK,), statuses=LIVE_STATUSES, today=as_of
    )
    rows = fetch_register(db, register, offset=0, limit=1_000_000)
    return {
        row.reference: RiskFigure(
            row.title, row.levels.inherent_score or 0, row.levels.residual_score or 0
        )
        for row in rows
    }


def figures_to_json(figures: PackFigures) -> str:
    data: dict[str, Any] = {
        "confidence": figures.confidence,
        "risks": {
            reference: [risk.title, risk.inherent, risk.residual]
            for reference, risk in figures.risks.items()
        },
        "budget_pence": figures.budget_pence,
        "forecast_pence": figures.forecast_pence,
        "variance_pence": figures.variance_pence,
        "cost_rating": figures.cost_rating,
        "kpi_ratings": figures.kpi_ratings,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def figures_from_json(text: str) -> PackFigures | None:
    """The stored figures, or None when they cannot be read (then nothing is compared)."""
    try:
        data = json.loads(text)
        return PackFigures(
            confidence=str(data.get("confidence", "")),
            risks={
                str(reference): RiskFigure(str(title), int(inherent), int(residual))
                for reference, (title, inherent, residual) in data.get("risks", {}).items()
            },
            budget_pence=_optional_int(data.get("budget_pence")),
            forecast_pence=_optional_int(data.get("forecast_pence")),
            variance_pence=_optional_int(data.get("variance_pence")),
            cost_rating=str(data.get("cost_rating", "")),
            kpi_ratings={str(k): str(v) for k, v in data.get("kpi_ratings", {}).items()},
        )
    except (ValueError, TypeError, AttributeError):
        return None


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
