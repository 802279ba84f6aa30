"""Stakeholder mapping and engagement rules: the power/interest grid and contact cadence.

The grid rates interest and influence from 1 (low) to 5 (high); 3 and above counts as
high. So each stakeholder falls in one of four quadrants:

* **Manage closely** — influence ≥ 3 and interest ≥ 3: the key stakeholders.
* **Keep satisfied** — influence ≥ 3, interest < 3.
* **Keep informed** — influence < 3, interest ≥ 3.
* **Monitor** — influence < 3 and interest < 3.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

#: Ratings at or above this count as high interest or high influence.
HIGH = 3
#: The range of an interest or influence rating.
RATING_MIN, RATING_MAX = 1, 5


class Quadrant(StrEnum):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def quadrant(interest: int, influence: int) -> Quadrant:
    """Where a stakeholder sits on the power/interest grid (see the module docstring)."""
    if influence >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


def clamp_rating(value: float) -> int:
    """Snap a position on the grid to the nearest whole rating, 1 to 5."""
    return max(RATING_MIN, min(RATING_MAX, round(value)))


def days_since(last_contact: dt.date | None, today: dt.date) -> int | None:
    """Whole days from the last contact to ``today``; None when never contacted."""
    return None if last_contact is None else (today - last_contact).days


def engagement_overdue(
    last_contact: dt.date | None, cadence_days: int | None, today: dt.date
) -> bool:
    """Whether a stakeholder is due to hear from us.

    Without a cadence nobody is ever overdue; with one, never having been contacted is
    overdue, and so is a last contact more than ``cadence_days`` ago.
    """
    if cadence_days is None:
        return False
    elapsed = days_since(last_contact, today)
    return elapsed is None or elapsed > cadence_days
