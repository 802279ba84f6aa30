"""Delivery confidence: which ratings a scale allows, and the dimensions rated beside it."""

from __future__ import annotations

from commissioner.models.enums import ConfidenceRating, ConfidenceScale

#: The dimensions a delivery confidence assessment rates Red, Amber or Green, in order.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("rag_time", "Time"),
    ("rag_cost", "Cost"),
    ("rag_scope", "Scope"),
    ("rag_quality", "Quality"),
    ("rag_benefits", "Benefits"),
    ("rag_risk", "Risk"),
)

_THREE_POINT = (ConfidenceRating.GREEN, ConfidenceRating.AMBER, ConfidenceRating.RED)


def allowed_ratings(scale: ConfidenceScale) -> tuple[ConfidenceRating, ...]:
    """The IPA five-point scale, or Red/Amber/Green where the council uses three points."""
    if scale is ConfidenceScale.THREE_POINT:
        return _THREE_POINT
    return tuple(ConfidenceRating)


def trend(latest: ConfidenceRating | None, previous: ConfidenceRating | None) -> str:
    """'improving', 'worsening', 'steady', or '' when there is nothing to compare."""
    if latest is None or previous is None:
        return ""
    delta = latest.rank - previous.rank
    return "improving" if delta > 0 else "worsening" if delta < 0 else "steady"
