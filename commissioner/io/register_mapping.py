"""Guess which of our register fields each column of someone else's register holds.

The guess reads the column name first ("Risk ID", "Likelihood (1-5)", "Review date")
and, where a name could mean two things ("Consequence" as text or as an impact level),
looks at the column's values. A second column with the same likelihood or impact name
is the residual score: registers list the inherent score first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from commissioner.io.register_levels import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    read_impact,
    read_likelihood,
    read_money,
    words_by_level,
)
from commissioner.io.spreadsheet import Cell, SheetTable


class RegisterField(StrEnum):
    """A field of our register that a source column can fill."""

    REFERENCE = "reference"
    KIND = "kind"
    TITLE = "title"
    DESCRIPTION = "description"
    CAUSE = "cause"
    EVENT = "event"
    CONSEQUENCE = "consequence"
    CATEGORY = "category"
    OWNER = "owner"
    ACTIONEE = "actionee"
    LIKELIHOOD = "likelihood"
    IMPACT = "impact"
    RESIDUAL_LIKELIHOOD = "residual_likelihood"
    RESIDUAL_IMPACT = "residual_impact"
    TARGET_LIKELIHOOD = "target_likelihood"
    TARGET_IMPACT = "target_impact"
    SCORE = "score"
    RATING = "rating"
    RESPONSE = "response"
    STATUS = "status"
    REVIEW_DATE = "review_date"
    RAISED_DATE = "raised_date"
    MITIGATION = "mitigation"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS = {
    RegisterField.REFERENCE: "Reference",
    RegisterField.KIND: "Type (risk, issue …)",
    RegisterField.TITLE: "Title",
    RegisterField.DESCRIPTION: "Description",
    RegisterField.CAUSE: "Cause",
    RegisterField.EVENT: "Event",
    RegisterField.CONSEQUENCE: "Consequence (text)",
    RegisterField.CATEGORY: "Category",
    RegisterField.OWNER: "Owner",
    RegisterField.ACTIONEE: "Actionee",
    RegisterField.LIKELIHOOD: "Likelihood",
    RegisterField.IMPACT: "Impact",
    RegisterField.RESIDUAL_LIKELIHOOD: "Residual likelihood",
    RegisterField.RESIDUAL_IMPACT: "Residual impact",
    RegisterField.TARGET_LIKELIHOOD: "Target likelihood",
    RegisterField.TARGET_IMPACT: "Target impact",
    RegisterField.SCORE: "Score (checked, not stored)",
    RegisterField.RATING: "Rating or RAG (not stored)",
    RegisterField.RESPONSE: "Response",
    RegisterField.STATUS: "Status",
    RegisterField.REVIEW_DATE: "Next review date",
    RegisterField.RAISED_DATE: "Date raised",
    RegisterField.MITIGATION: "Mitigating actions",
}

#: One field per column; None leaves the column out.
Mapping = tuple[RegisterField | None, ...]

F = RegisterField
#: Column names (normalised: lower case, words only) by the field each one means.
_VARIANTS: dict[RegisterField, str] = {
    F.REFERENCE: (
        "ref, reference, ref no, risk ref, risk reference, risk id, id, risk no, "
        "risk number, no, number, item, item ref, raid ref, issue id"
    ),
    F.KIND: "type, kind, raid type, item type, log type",
    F.TITLE: (
        "title, risk, risk title, name, risk name, short description, summary, "
        "risk summary, headline, risk event"
    ),
    F.DESCRIPTION: (
        "description, risk description, details, risk detail, detail, "
        "description of risk, full description, notes, comments"
    ),
    F.CAUSE: "cause, causes, risk cause, trigger",
    F.EVENT: "event",
    F.CONSEQUENCE: "effect, effects, consequences, impact description",
    F.CATEGORY: "category, risk category, risk type, theme, area, classification",
    F.OWNER: "owner, risk owner, owned by, responsible, accountable, lead",
    F.ACTIONEE: "actionee, action owner, action by, assigned to, manager, risk manager",
    F.LIKELIHOOD: (
        "l, likelihood, probability, prob, p, chance, frequency, inherent likelihood, "
        "gross likelihood, initial likelihood, likelihood score, likelihood rating, "
        "pre mitigation likelihood"
    ),
    F.IMPACT: (
        "i, impact, severity, s, c, magnitude, inherent impact, gross impact, "
        "initial impact, impact score, impact rating, pre mitigation impact, "
        "consequence rating, consequence score"
    ),
    F.RESIDUAL_LIKELIHOOD: (
        "residual likelihood, net likelihood, current likelihood, revised likelihood, "
        "post mitigation likelihood, residual probability, residual l"
    ),
    F.RESIDUAL_IMPACT: (
        "residual impact, net impact, current impact, revised impact, "
        "post mitigation impact, residual severity, residual i"
    ),
    F.TARGET_LIKELIHOOD: "target likelihood, target l",
    F.TARGET_IMPACT: "target impact, target i",
    F.SCORE: (
        "score, risk score, total score, overall score, l x i, lxi, l i, "
        "residual score, current score, net score"
    ),
    F.RATING: (
        "rating, rag, rag status, risk rating, risk level, level, band, priority, overall rating"
    ),
    F.RESPONSE: (
        "response, risk response, treatment, strategy, approach, 4ts, response type, "
        "treatment option"
    ),
    F.STATUS: "status, risk status, state, open closed",
    F.REVIEW_DATE: (
        "review date, next review, next review date, date of next review, review, "
        "review by, due date, reviewed"
    ),
    F.RAISED_DATE: (
        "date raised, raised, raised on, date identified, identified, date added, "
        "date logged, created, date opened, opened"
    ),
    F.MITIGATION: (
        "mitigation, mitigations, controls, control measures, existing controls, "
        "actions, mitigating actions, mitigation actions, mitigation strategy, "
        "mitigation plan, action plan, actions to mitigate, planned actions, "
        "response actions, further actions"
    ),
}
HEADER_VARIANTS: dict[str, RegisterField] = {
    name: field for field, names in _VARIANTS.items() for name in names.split(", ")
}

_RESIDUAL_OF = {F.LIKELIHOOD: F.RESIDUAL_LIKELIHOOD, F.IMPACT: F.RESIDUAL_IMPACT}
#: Names that could be text or a level: decided by the values underneath.
_AMBIGUOUS_IMPACT = {"consequence", "consequences"}
_RESIDUAL_WORDS = ("residual", "net", "current", "post", "after", "revised")


def normalise_header(text: str) -> str:
    """'Likelihood (1-5)' → 'likelihood'; 'Risk_ID' → 'risk id'; 'Schedule Impact?' kept apart."""
    text = text.casefold().replace("_", " ")
    text = re.sub(r"\(\s*\d+\s*\)$", "", text)  # our own "(2)" for repeated names
    text = re.sub(r"\(?\s*\d\s*[-–to]+\s*\d\s*\)?", " ", text)  # "(1-5)", "1 to 5"
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def is_known_header(text: str) -> bool:
    """Whether ``text`` is a column name the guess recognises (used to find the header row)."""
    key = normalise_header(text)
    return key in HEADER_VARIANTS or key in _AMBIGUOUS_IMPACT


def guess_mapping(table: SheetTable, council_words: Sequence[tuple[str, int, str]] = ()) -> Mapping:
    """One field (or None) per column of ``table``; each field is used once at most.

    ``council_words`` holds the council's matrix words as (axis, level, word).
    """
    taken: set[RegisterField] = set()
    guesses: list[RegisterField | None] = []
    for index, name in enumerate(table.columns):
        field = _guess_column(name, table.column_values(index), taken, council_words)
        if field is not None:
            taken.add(field)
        guesses.append(field)
    return tuple(guesses)


def _guess_column(
    name: str,
    values: list[Cell],
    taken: set[RegisterField],
    council_words: Sequence[tuple[str, int, str]],
) -> RegisterField | None:
    key = normalise_header(name)
    field = HEADER_VARIANTS.get(key)
    if key in _AMBIGUOUS_IMPACT:
        field = F.IMPACT if _mostly_levels(values, "impact", council_words) else F.CONSEQUENCE
    if field in _RESIDUAL_OF and field in taken:
        # The same likelihood or impact name again: the score after mitigation.
        field = _RESIDUAL_OF[field]
    if field is None:
        field = _guess_by_content(key, values, council_words)
    if field == F.TITLE and F.TITLE in taken and F.DESCRIPTION not in taken:
        field = F.DESCRIPTION
    return None if field is None or field in taken else field


def _guess_by_content(
    key: str, values: list[Cell], council_words: Sequence[tuple[str, int, str]]
) -> RegisterField | None:
    """Names we do not know: a money column named like a risk or cost is the impact."""
    words = set(key.split())
    residual = bool(words & set(_RESIDUAL_WORDS))
    if words & {"likelihood", "probability"} and _mostly_levels(values, "likelihood", ()):
        return F.RESIDUAL_LIKELIHOOD if residual else F.LIKELIHOOD
    if words & {"impact", "severity"} and _mostly_levels(values, "impact", council_words):
        return F.RESIDUAL_IMPACT if residual else F.IMPACT
    if words & {"risk", "exposure", "cost", "amount", "value"} and _mostly_money(values):
        return F.RESIDUAL_IMPACT if residual else F.IMPACT
    if "owner" in words:
        return F.OWNER
    if "review" in words and "date" in words:
        return F.REVIEW_DATE
    return None


def _mostly_levels(
    values: list[Cell], axis: str, council_words: Sequence[tuple[str, int, str]]
) -> bool:
    if not values:
        return False
    own = [(level, word) for a, level, word in council_words if a == axis]
    if axis == "likelihood":
        vocabulary = words_by_level(LIKELIHOOD_WORDS, own)
        read = [read_likelihood(value, vocabulary) for value in values]
    else:
        vocabulary = words_by_level(IMPACT_WORDS, own)
        read = [read_impact(value, vocabulary) for value in values]
    good = sum(1 for r in read if r.level is not None or r.problem == "opportunity")
    return good >= 0.6 * len(values)


def _mostly_money(values: list[Cell]) -> bool:
    money = [v for v in values if isinstance(v, str) and read_money(v) is not None]
    numbers = [v for v in values if isinstance(v, int | float) and abs(v) > 5]
    return bool(values) and len(money) + len(numbers) >= 0.6 * len(values)
