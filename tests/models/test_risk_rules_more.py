"""Movement of a RAID entry since a chosen date."""

import datetime as dt

import pytest

from commissioner.models.risk_rules import LEVEL_COLUMNS, Movement, movement

SINCE = dt.date(2026, 3, 31)
BEFORE, AFTER = dt.date(2026, 1, 1), dt.date(2026, 4, 15)


@pytest.mark.parametrize(
    ("current", "before", "raised_on", "closed_on", "expected"),
    [
        (16, 12, BEFORE, None, Movement.UP),
        (8, 12, BEFORE, None, Movement.DOWN),
        (12, 12, BEFORE, None, Movement.STEADY),
        (12, None, BEFORE, None, Movement.NEW),  # scored only after the date
        (12, None, AFTER, None, Movement.NEW),
        (None, None, AFTER, None, Movement.NEW),  # an issue raised in the period
        (None, None, BEFORE, None, Movement.STEADY),
        (12, 16, BEFORE, AFTER, Movement.CLOSED),  # closing outranks a fall
        (12, None, AFTER, AFTER, Movement.CLOSED),
        (12, 12, BEFORE, BEFORE, Movement.STEADY),  # closed before the period
        (12, 12, SINCE, None, Movement.STEADY),  # raised on the day itself is not new
    ],
)
def test_movement(
    current: int | None,
    before: int | None,
    raised_on: dt.date,
    closed_on: dt.date | None,
    expected: Movement,
) -> None:
    moved = movement(
        current=current, before=before, since=SINCE, raised_on=raised_on, closed_on=closed_on
    )
    assert moved is expected


def test_movement_words_are_never_colour_alone() -> None:
    assert [m.label for m in Movement] == ["↑", "↓", "New", "Closed", "—"]
    assert all(m.description for m in Movement)


def test_level_columns_cover_three_scorings() -> None:
    assert LEVEL_COLUMNS[:2] == ("inherent_likelihood", "inherent_impact")
    assert len(LEVEL_COLUMNS) == 6
