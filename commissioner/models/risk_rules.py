"""Pure risk rules: scores, bands, appetite, references and review dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
