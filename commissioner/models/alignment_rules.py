"""Cultural alignment: gaps per dimension, the alignment index, complement and cover,
and the falling-trend flag.

Both sides are placed on the same 1–5 scale for each dimension, so the largest possible
gap is 4. The **alignment index** is ``100 × (1 − mean gap ÷ 4)``, rounded to a whole
number: 100 when the two sides sit on the same point of every dimension, 0 when they
sit at opposite ends of every one. A dimension not scored is left out of the mean;
with no dimension scored there is no index.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from commissioner.models.enums import SelfRating

MAX_GAP = 4
#: A fall of at least this many index points between the last two assessments is flagged.
FALLING_TREND_POINTS = 5


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    low: str
    high: str


@dataclass(frozen=True)
class Positions:
    """Where the council and the supplier sit on one dimension."""

    council: int
    supplier: int

    @property
    def gap(self) -> int:
        return abs(self.council - self.supplier)


def load_dimensions(path: Path) -> tuple[Dimension, ...]:
    """Read the questionnaire; a malformed file is refused with a message saying why."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["dimensions"]
        dimensions = tuple(
            Dimension(str(row["key"]), str(row["name"]), str(row["low"]), str(row["high"]))
            for row in rows
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path.name} is not a readable questionnaire: {error}") from error
    keys = [dimension.key for dimension in dimensions]
    if not keys or len(set(keys)) != len(keys):
        raise ValueError(f"{path.name} must list dimensions, each with its own key")
    return dimensions


def alignment_index(scores: Mapping[str, Positions]) -> int | None:
    """The documented 0–100 index; None when nothing is scored."""
    if not scores:
        return None
    mean_gap = sum(positions.gap for positions in scores.values()) / len(scores)
    return round(100 * (1 - mean_gap / MAX_GAP))


def falling_trend(indexes: Sequence[int | None]) -> bool:
    """True when the latest index is at least FALLING_TREND_POINTS below the one before."""
    known = [index for index in indexes if index is not None]
    return len(known) >= 2 and known[-2] - known[-1] >= FALLING_TREND_POINTS


def complements_and_covers(
    self_ratings: Mapping[str, SelfRating], scores: Mapping[str, Positions]
) -> dict[str, str]:
    """Where a supplier fits the council's own strengths and weaknesses, in words.

    - On a dimension the council rates a **strength**, a supplier within one point of the
      council *complements* it; further away, it *pulls against* it.
    - On a dimension the council rates a **weakness**, a supplier two or more points away
      *covers* it (it brings what the council lacks); closer, it *shares* the weakness.
    Neutral or unrated dimensions say nothing.
    """
    verdicts: dict[str, str] = {}
    for key, positions in scores.items():
        rating = self_ratings.get(key, SelfRating.NEUTRAL)
        if rating is SelfRating.STRENGTH:
            verdicts[key] = (
                "complements a strength" if positions.gap <= 1 else "pulls against a strength"
            )
        elif rating is SelfRating.WEAKNESS:
            verdicts[key] = "covers a weakness" if positions.gap >= 2 else "shares a weakness"
    return verdicts
