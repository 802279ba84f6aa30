"""Rules about actions arising: when one counts as overdue."""

from __future__ import annotations

import datetime as dt

from commissioner.models.enums import ActionStatus


def action_overdue(due_on: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    """An open action whose due date has passed; due today is not yet overdue."""
    return status is ActionStatus.OPEN and due_on is not None and due_on < today
