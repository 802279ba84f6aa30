"""Checks the team and skills forms share: FTE, skill levels, costs and due dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from commissioner.models.dates import DateFormatError, parse_date
from commissioner.models.enums import SkillLevel
from commissioner.models.money import MoneyFormatError, format_pounds, parse_pounds

#: A training action dearer than this is a typing slip (£10m).
COST_LIMIT_PENCE = 10**9
#: The most FTE a project can sensibly say it needs.
FTE_NEEDED_LIMIT = Decimal(99)


def fte_field(
    problems: dict[str, str], key: str, text: str, *, noun: str = "FTE", limit: Decimal = Decimal(1)
) -> float | None:
    """An optional share of a full-time post, e.g. '0.2'; above 0 and at most ``limit``."""
    cleaned = text.strip().removesuffix("FTE").removesuffix("fte").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        problems[key] = f"Give the {noun} as a number such as 0.2 (a fifth of a full-time post)."
        return None
    if not value.is_finite() or not Decimal(0) < value <= limit:
        problems[key] = f"The {noun} must be more than 0 and at most {limit:g}."
        return None
    if value != value.quantize(Decimal("0.01")):
        problems[key] = f"Give the {noun} to two decimal places at most, e.g. 0.25."
        return None
    return float(value)


def fte_text(value: float | Decimal | None) -> str:
    """An FTE as the form shows it: '0.2', '1'."""
    return "" if value is None else f"{Decimal(str(value)).normalize():f}"


def level_field(problems: dict[str, str], key: str, level: int | None, noun: str) -> int | None:
    """An optional skill level from 0 (none) to 3 (expert)."""
    if level is None:
        return None
    if not SkillLevel.NONE <= level <= SkillLevel.EXPERT:
        problems[key] = f"The {noun} must be from 0 (none) to 3 (expert)."
        return None
    return int(level)


def cost_field(problems: dict[str, str], key: str, text: str) -> int | None:
    """An optional cost in pounds, e.g. '£1,250'; never negative."""
    try:
        pence = parse_pounds(text)
    except MoneyFormatError as error:
        problems[key] = f"{error}."
        return None
    if pence is not None and pence < 0:
        problems[key] = "The cost cannot be negative."
        return None
    if pence is not None and pence >= COST_LIMIT_PENCE:
        problems[key] = "That cost is implausibly large; check the figure."
        return None
    return pence


def cost_text(pence: int | None) -> str:
    """A cost as the form shows it: '£1,250', or '£1,250.50' when there are pence."""
    if pence is None:
        return ""
    return format_pounds(pence, with_pence=bool(pence % 100))


def plan_date_field(problems: dict[str, str], key: str, text: str) -> dt.date | None:
    """An optional date that may lie ahead, such as a due date."""
    try:
        return parse_date(text)
    except DateFormatError as error:
        problems[key] = f"{error}."
        return None
