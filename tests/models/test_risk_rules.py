import datetime as dt

import pytest

from commissioner.models.enums import RaidKind
from commissioner.models.risk_rules import (
    Band,
    band_for,
    next_reference,
    outside_appetite,
    review_overdue,
    score,
)

BANDS = (
    Band("Low", 1, 4, "#2e7d32"),
    Band("Medium", 5, 9, "#f9a825"),
    Band("High", 10, 15, "#ef6c00"),
    Band("Critical", 16, 25, "#c62828"),
)


@pytest.mark.parametrize(("likelihood", "impact", "expected"), [(1, 1, 1), (3, 4, 12), (5, 5, 25)])
def test_score_is_likelihood_times_impact(likelihood: int, impact: int, expected: int) -> None:
    assert score(likelihood, impact) == expected


def test_unknown_half_gives_no_score_and_out_of_range_is_refused() -> None:
    assert score(None, 3) is None
    with pytest.raises(ValueError, match="1 to 5"):
        score(6, 1)


@pytest.mark.parametrize(
    ("value", "band"), [(4, "Low"), (5, "Medium"), (9, "Medium"), (10, "High"), (16, "Critical")]
)
def test_bands_at_their_edges(value: int, band: str) -> None:
    found = band_for(value, BANDS)
    assert found is not None and found.name == band


def test_changing_bands_recolours_the_same_score() -> None:
    stricter = (Band("Low", 1, 2, "g"), Band("High", 3, 25, "r"))
    assert band_for(4, BANDS).name == "Low"  # type: ignore[union-attr]
    assert band_for(4, stricter).name == "High"  # type: ignore[union-attr]
    assert band_for(None, BANDS) is None


def test_outside_appetite_only_above_tolerance() -> None:
    assert outside_appetite(13, 12)
    assert not outside_appetite(12, 12)
    assert not outside_appetite(None, 12)


def test_review_overdue_rules() -> None:
    today = dt.date(2026, 3, 1)
    assert review_overdue(dt.date(2026, 2, 28), today, closed=False)
    assert not review_overdue(today, today, closed=False)
    assert not review_overdue(dt.date(2026, 2, 28), today, closed=True)
    assert not review_overdue(None, today, closed=False)


def test_references_count_up_per_kind_and_never_reuse_gaps() -> None:
    assert next_reference(RaidKind.RISK, []) == "R-001"
    assert next_reference(RaidKind.RISK, ["R-001", "R-007", "I-009", "X"]) == "R-008"
    assert next_reference(RaidKind.ISSUE, ["R-001", "I-009"]) == "I-010"
