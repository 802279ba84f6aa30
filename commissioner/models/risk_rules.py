"""Pure risk rules: scores, bands, appetite, references and review dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from commissioner.models.enums import RaidKind

MATRIX_SIZE = 5


@dataclass(frozen=True)
class Band:
    """A named range of scores with its colour (an organisation setting)."""

    name: str
    min_score: int
    max_score: int
    colour: str


def score(likelihood: int | None, impact: int | None) -> int | None:
    """Likelihood × impact on the 5 × 5 matrix; None while either is unknown."""
    if likelihood is None or impact is None:
        return None
    if not (1 <= likelihood <= MATRIX_SIZE and 1 <= impact <= MATRIX_SIZE):
        raise ValueError(f"Likelihood and impact run from 1 to {MATRIX_SIZE}")
    return likelihood * impact


def band_for(value: int | None, bands: Sequence[Band]) -> Band | None:
    """The band a score falls in; None for no score or a gap in the council's bands."""
    if value is None:
        return None
    return next((band for band in bands if band.min_score <= value <= band.max_score), None)


def outside_appetite(residual_score: int | None, tolerance_score: int | None) -> bool:
    """A residual score above the category's tolerance is outside the council's appetite."""
    if residual_score is None or tolerance_score is None:
        return False
    return residual_score > tolerance_score


def review_overdue(next_review_on: dt.date | None, today: dt.date, *, closed: bool) -> bool:
    """An open entry whose review date has passed (reviews due today are not yet overdue)."""
    return not closed and next_review_on is not None and next_review_on < today


def next_reference(kind: RaidKind, existing: Iterable[str]) -> str:
    """The next free reference for ``kind`` in a project: R-001, R-002 … (gaps are not reused)."""
    pattern = re.compile(rf"^{kind.prefix}-(\d+)$")
    numbers = [int(match.group(1)) for ref in existing if (match := pattern.match(ref))]
    return f"{kind.prefix}-{max(numbers, default=0) + 1:03d}"


class Movement(StrEnum):
    """How an entry moved since a chosen date, read from its re-scoring history."""

    UP = "up"
    DOWN = "down"
    NEW = "new"
    CLOSED = "closed"
    STEADY = "steady"

    @property
    def label(self) -> str:
        return {"up": "↑", "down": "↓", "new": "New", "closed": "Closed", "steady": "—"}[self.value]

    @property
    def description(self) -> str:
        return {
            "up": "Score has risen",
            "down": "Score has fallen",
            "new": "Raised in the period",
            "closed": "Closed in the period",
            "steady": "No change",
        }[self.value]


def movement(
    *,
    current: int | None,
    before: int | None,
    since: dt.date,
    raised_on: dt.date | None = None,
    closed_on: dt.date | None = None,
) -> Movement:
    """Compare an entry now with how it stood at the end of ``since``.

    ``before`` is the residual score of the last assessment on or before ``since``
    (None if the risk had not been scored yet); ``current`` is today's residual score.
    """
    if closed_on is not None and closed_on > since:
        return Movement.CLOSED
    if (raised_on is not None and raised_on > since) or (current is not None and before is None):
        return Movement.NEW
    if current is None or before is None or current == before:
        return Movement.STEADY
    return Movement.UP if current > before else Movement.DOWN


#: The three scorings a risk carries, in the order the register shows them.
SCORE_STAGES = ("inherent", "residual", "target")
#: The six level columns of a risk (and of each of its assessments).
LEVEL_COLUMNS = tuple(
    f"{stage}_{axis}" for stage in SCORE_STAGES for axis in ("likelihood", "impact")
)
