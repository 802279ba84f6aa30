"""What a supplier category asks of both sides, and when the duty-to-warn log prompts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from commissioner.models.enums import SupplierCategory, SupplierRole

#: The shortest and longest period a council may set for the duty-to-warn prompt.
PROMPT_DAYS_MIN = 7
PROMPT_DAYS_MAX = 730

_IMPLICATIONS = {
    SupplierCategory.GENERAL: (
        "Transactional goods or services against our own specification.",
        "Light governance: clear specification, order terms and performance checks.",
        "No expert responsibilities or duty to warn beyond the contract.",
    ),
    SupplierCategory.EXPERT: (
        "Brings specialist knowledge; may shape the design with us.",
        "Expert responsibilities and a duty to warn apply: it must test our outcomes "
        "and warn us where requirements risk being misunderstood.",
        "Due diligence both ways: we assess the supplier, and must let it do its "
        "own due diligence on our outcomes.",
    ),
    SupplierCategory.STRATEGIC_PARTNER: (
        "Long-term, collaborative; drives design and delivery and may inform our strategy.",
        "Expert responsibilities and a duty to warn apply, as for an expert supplier.",
        "Due diligence both ways, cultural alignment reassessed through the contract, "
        "and a place in continuous improvement.",
    ),
}


def category_implications(category: SupplierCategory) -> tuple[str, ...]:
    """What the category means for governance, one sentence a line."""
    return _IMPLICATIONS[SupplierCategory(category)]


def owes_duty_to_warn(category: SupplierCategory, role: SupplierRole) -> bool:
    """Expert suppliers and strategic partners owe it once shortlisted or contracted:
    they are then doing due diligence on our outcomes as specialists."""
    return (
        SupplierCategory(category).carries_duty_to_warn
        and SupplierRole(role) is not SupplierRole.BIDDER
    )


def warning_prompt_due(
    category: SupplierCategory,
    role: SupplierRole,
    raised_on: Iterable[dt.date],
    today: dt.date,
    period_days: int,
) -> bool:
    """True when a supplier owing the duty to warn has raised nothing in the period.

    The period is the ``period_days`` days up to and including today: a warning raised
    exactly ``period_days`` days ago still counts, one a day older does not. A supplier
    that has never raised a warning is prompted for as soon as it owes the duty.
    """
    if not owes_duty_to_warn(category, role):
        return False
    since = today - dt.timedelta(days=period_days)
    return not any(since <= day <= today for day in raised_on)
