"""Read other registers' words for a status, response, category or entry type.

Each reader returns (value, note): the note is empty when the word is one of ours and
says how the word was read otherwise, so the import preview can tell the user.
"""

from __future__ import annotations

import re
from typing import TypeVar

from commissioner.models.enums import RaidKind, RaidStatus, RiskCategoryKind, RiskResponse

T = TypeVar("T")


def _table(words: dict[T, str]) -> dict[str, T]:
    return {word: value for value, text in words.items() for word in text.split(", ")}


_STATUS_WORDS = _table(
    {
        RaidStatus.OPEN: "open, active, live, current, new, ongoing, in progress, monitoring, "
        "monitor, identified, raised, managed",
        RaidStatus.DRAFT: "draft, proposed, potential, emerging",
        RaidStatus.ESCALATED: "escalated, escalate",
        RaidStatus.CLOSED: "closed, close, retired, resolved, complete, completed, done, "
        "archived, expired, ended, lapsed, occurred, inactive, withdrawn",
    }
)
_RESPONSE_WORDS = _table(
    {
        RiskResponse.TOLERATE: "tolerate, accept, accepted, retain, tolerated, take, monitor",
        RiskResponse.TREAT: "treat, reduce, mitigate, control, manage, treated, reduction",
        RiskResponse.TRANSFER: "transfer, share, insure, transferred, shared",
        RiskResponse.TERMINATE: "terminate, avoid, eliminate, stop, avoided",
    }
)
_KIND_WORDS = _table(
    {
        RaidKind.RISK: "risk, r, risks, threat",
        RaidKind.ISSUE: "issue, i, issues, problem",
        RaidKind.ASSUMPTION: "assumption, a, assumptions",
        RaidKind.DEPENDENCY: "dependency, d, dependencies, dependence",
    }
)
#: Word stems that place a source category in one of ours, tried in this order.
_CATEGORY_STEMS: tuple[tuple[RiskCategoryKind, tuple[str, ...]], ...] = (
    (RiskCategoryKind.REGULATORY, ("regulat", "complian", "legal", "statut", "legislat", "gdpr",
                                   "data protection", "governance", "safeguard", "law")),
    (RiskCategoryKind.FINANCIAL, ("financ", "cost", "budget", "fund", "cash", "pric", "money",
                                  "inflation", "revenue", "saving")),
    (RiskCategoryKind.REPUTATIONAL, ("reputat", "media", "public", "politic", "brand")),
    (RiskCategoryKind.CONTRACTUAL, ("contract", "procure", "supplier", "commercial", "tender",
                                    "market", "vendor")),
    (RiskCategoryKind.PARTNERSHIP, ("partner", "stakeholder", "collaborat", "joint")),
    (RiskCategoryKind.OPERATIONAL, ("operat", "service", "deliver", "technolog", r"it\b", "system",
                                    "data", "security", "cyber", "staff", "workforce", "resourc",
                                    "capacity", "performance", "quality", "safety", "health",
                                    "schedule", "programme", "technical", "environment")),
)  # fmt: skip


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _by_words(text: str, table: dict[str, object]) -> tuple[object | None, bool]:
    """(value, exact): the whole text as a known word, else the first known word in it."""
    key = _key(text)
    if key in table:
        return table[key], True
    for word in key.split():
        if word in table:
            return table[word], False
    return None, False


def read_status(text: str) -> tuple[RaidStatus, str]:
    if not text.strip():
        return RaidStatus.OPEN, ""
    status, exact = _by_words(text, _STATUS_WORDS)  # type: ignore[arg-type]
    if status is None:
        return RaidStatus.OPEN, f"status “{text}” not recognised; imported as Open"
    assert isinstance(status, RaidStatus)
    return status, "" if exact else f"status “{text}” read as {status.label}"


def read_response(text: str) -> tuple[RiskResponse | None, str]:
    if not text.strip():
        return None, ""
    response, exact = _by_words(text, _RESPONSE_WORDS)  # type: ignore[arg-type]
    if response is None:
        return None, f"response “{text}” not recognised; left blank"
    assert isinstance(response, RiskResponse)
    return response, "" if exact else f"response “{text}” read as {response.label}"


def read_kind(text: str) -> tuple[RaidKind, str]:
    kind, _exact = _by_words(text, _KIND_WORDS)  # type: ignore[arg-type]
    if kind is None:
        return RaidKind.RISK, f"type “{text}” not recognised; imported as a risk"
    assert isinstance(kind, RaidKind)
    return kind, ""


def read_category(text: str) -> tuple[RiskCategoryKind | None, str]:
    """One of our categories; the note says when the source's word was not ours."""
    if not text.strip():
        return None, ""
    key = _key(text)
    for kind in RiskCategoryKind:
        if key in (kind.value, _key(kind.label)):
            return kind, ""
    for kind, stems in _CATEGORY_STEMS:
        if any(re.search(rf"\b{stem}", key) for stem in stems):
            return kind, f"category “{text}” read as {kind.label}"
    return None, f"category “{text}” is not one of ours; left blank"


_BULLET = re.compile(r"^\s*(?:[-•*·▪–]|\d+[.)])\s*")


def split_actions(text: str) -> tuple[str, ...]:
    """Mitigating actions from one cell: one per line, or separated by semicolons."""
    if not text.strip():
        return ()
    parts = text.splitlines() if "\n" in text.strip() else text.split(";")
    actions = (_BULLET.sub("", part).strip() for part in parts)
    return tuple(action for action in actions if action)
