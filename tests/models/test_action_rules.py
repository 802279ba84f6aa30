from __future__ import annotations

import datetime as dt

import pytest

from commissioner.models.action_rules import action_overdue
from commissioner.models.enums import ActionStatus

TODAY = dt.date(2026, 5, 14)


@pytest.mark.parametrize(
    ("due_on", "status", "expected"),
    [
        (dt.date(2026, 5, 13), ActionStatus.OPEN, True),
        (TODAY, ActionStatus.OPEN, False),
        (dt.date(2026, 5, 15), ActionStatus.OPEN, False),
        (None, ActionStatus.OPEN, False),
        (dt.date(2026, 1, 1), ActionStatus.DONE, False),
        (dt.date(2026, 1, 1), ActionStatus.CANCELLED, False),
    ],
)
def test_action_overdue(due_on: dt.date | None, status: ActionStatus, expected: bool) -> None:
    assert action_overdue(due_on, status, TODAY) is expected
