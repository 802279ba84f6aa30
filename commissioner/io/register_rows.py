"""Turn one row of someone else's register into the values of one of our RAID entries.

Pure: no database. Each row gives a ``RowReading``: the values to write, or why the
row is skipped, and the warnings a commissioner should read (a word read as a level,
a score not trusted, a date that is not a date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from commissioner.io.register_levels import (
    DEFAULT_MONEY_THRESHOLDS,
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    LevelReading,
    read_impact,
    read_likelihood,
    words_by_level,
)
from commissioner.io.register_mapping import Mapping, RegisterField
from commissioner.io.register_words import (
    read_category,
    read_kind,
    read_response,
    read_status,
    split_actions,
)
from commissioner.io.spreadsheet import Cell, SheetRow
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import RaidKind, RaidStatus, RiskCategoryKind, RiskResponse

F = RegisterField
T = TypeVar("T")
TITLE_LIMIT, NAME_LIMIT = 300, 200
_TEXT_FIELDS = (F.DESCRIPTION, F.CAUSE, F.EVENT, F.CONSEQUENCE, F.MITIGATION)
_LEVEL_FIELDS = (
    F.LIKELIHOOD, F.IMPACT, F.RESIDUAL_LIKELIHOOD, F.RESIDUAL_IMPACT,
    F.TARGET_LIKELIHOOD, F.TARGET_IMPACT,
)  # fmt: skip
OPPORTUNITY = "an opportunity, not a risk"


@dataclass(frozen=True)
class ReadingRules:
    """The council's matrix words and money thresholds that levels are read with."""

    likelihood_words: MappingABC[str, int] = field(
        default_factory=lambda: words_by_level(LIKELIHOOD_WORDS)
    )
    impact_words: MappingABC[str, int] = field(default_factory=lambda: words_by_level(IMPACT_WORDS))
    money_thresholds: tuple[int, ...] = DEFAULT_MONEY_THRESHOLDS

    @classmethod
    def with_council_words(
        cls, words: Sequence[tuple[str, int, str]], money_thresholds: Sequence[int] | None = None
    ) -> ReadingRules:
        """``words`` as (axis, level, word) from the council's matrix labels."""
        own = {
            axis: [(level, word) for a, level, word in words if a == axis]
            for axis in ("likelihood", "impact")
        }
        return cls(
            words_by_level(LIKELIHOOD_WORDS, own["likelihood"]),
            words_by_level(IMPACT_WORDS, own["impact"]),
            tuple(money_thresholds or DEFAULT_MONEY_THRESHOLDS),
        )


@dataclass(frozen=True)
class RiskValues:
    """One entry's values as read, before it gets our reference."""

    kind: RaidKind
    source_reference: str
    title: str
    description: str = ""
    cause: str = ""
    event: str = ""
    consequence: str = ""
    category: RiskCategoryKind | None = None
    owner: str = ""
    actionee: str = ""
    inherent: tuple[int | None, int | None] = (None, None)
    residual: tuple[int | None, int | None] = (None, None)
    target: tuple[int | None, int | None] = (None, None)
    response: RiskResponse | None = None
    status: RaidStatus = RaidStatus.OPEN
    next_review_on: dt.date | None = None
    raised_on: dt.date | None = None
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowReading:
    """What became of one source row: values to import, or why it is skipped."""

    row_number: int
    values: RiskValues | None
    skipped_because: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def imported(self) -> bool:
        return self.values is not None


def cell_text(value: Cell) -> str:
    """A cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def read_date(value: Cell) -> tuple[dt.date | None, str]:
    """A date from a date cell or text (UK or ISO); the problem text when it is not one."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, dt.date):
        return value, ""
    text = cell_text(value)
    try:
        return parse_date(text), ""
    except DateFormatError as error:
        try:
            return dt.datetime.fromisoformat(text).date(), ""
        except ValueError:
            first = text.split(" ")[0]
            if first != text:
                return read_date(first)
            return None, str(error)


def read_row(
    row: SheetRow, mapping: Mapping, has_residual: bool, rules: ReadingRules
) -> RowReading:
    """Read one row under ``mapping``; ``has_residual`` says residual columns are mapped."""
    cells = _cells_by_field(row, mapping)
    warnings: list[str] = list(row.notes)
    kind = RaidKind.RISK
    if cells.get(F.KIND):
        kind, note = read_kind(cell_text(cells[F.KIND]))
        warnings += [note] if note else []
    levels, skip = _levels(cells, rules, warnings)
    if skip:
        return RowReading(row.number, None, skip, tuple(warnings))
    inherent, residual = _pairs(levels, has_residual, warnings)
    if kind is RaidKind.RISK and None in residual:
        reason = "no likelihood and impact: a risk needs both to be scored"
        if residual != (None, None):
            reason = "only half a score (likelihood or impact is missing)"
        return RowReading(row.number, None, reason, tuple(warnings))
    title, description = _title_and_description(cells, warnings)
    if not title:
        return RowReading(row.number, None, "no title or description", tuple(warnings))
    _check_score(cells.get(F.SCORE), residual, warnings)
    source_category = cell_text(cells.get(F.CATEGORY))
    category, category_note = read_category(source_category)
    if category_note:
        warnings.append(category_note)
        description = _append(description, f"Category in the source register: {source_category}")
    values = RiskValues(
        kind=kind,
        source_reference=cell_text(cells.get(F.REFERENCE)),
        title=title,
        description=description,
        cause=cell_text(cells.get(F.CAUSE)),
        event=cell_text(cells.get(F.EVENT)),
        consequence=cell_text(cells.get(F.CONSEQUENCE)),
        category=category,
        owner=_name(cells.get(F.OWNER), "owner", warnings),
        actionee=_name(cells.get(F.ACTIONEE), "actionee", warnings),
        inherent=inherent,
        residual=residual,
        target=(levels.get(F.TARGET_LIKELIHOOD), levels.get(F.TARGET_IMPACT)),
        response=_noted(read_response(cell_text(cells.get(F.RESPONSE))), warnings),
        status=_noted(read_status(cell_text(cells.get(F.STATUS))), warnings),
        next_review_on=_date(cells.get(F.REVIEW_DATE), "review date", warnings),
        raised_on=_date(cells.get(F.RAISED_DATE), "date raised", warnings),
        actions=split_actions(cell_text(cells.get(F.MITIGATION))),
    )
    return RowReading(row.number, values, "", tuple(warnings))


def _cells_by_field(row: SheetRow, mapping: Mapping) -> dict[RegisterField, Cell]:
    """The row's value for each mapped field; text fields mapped twice are joined."""
    found: dict[RegisterField, Cell] = {}
    for value, target in zip(row.cells, mapping, strict=False):
        if target is None or value is None or value == "":
            continue
        if target in found and target in _TEXT_FIELDS:
            found[target] = f"{cell_text(found[target])}\n{cell_text(value)}"
        else:
            found.setdefault(target, value)
    return found


def _levels(
    cells: dict[RegisterField, Cell], rules: ReadingRules, warnings: list[str]
) -> tuple[dict[RegisterField, int | None], str]:
    levels: dict[RegisterField, int | None] = {}
    amounts: list[str] = []
    currencies: set[str] = set()
    for target in _LEVEL_FIELDS:
        if target not in cells:
            continue
        reading = _read_level(target, cells[target], rules)
        if reading.problem == "opportunity":
            return levels, f"{OPPORTUNITY} (the amount {cell_text(cells[target])} is negative)"
        if reading.problem:
            warnings.append(f"{reading.problem}; left blank")
        if reading.note:
            amounts.append(f"{target.label.lower()} {reading.note}")
        currencies.update([reading.currency] if reading.currency else [])
        levels[target] = reading.level
    if amounts:
        unconverted = (
            f" ({', '.join(sorted(currencies))} compared with the £ thresholds, not converted)"
            if currencies
            else ""
        )
        warnings.append(f"money read as levels: {', '.join(amounts)}{unconverted}")
    return levels, ""


def _read_level(target: RegisterField, value: Cell, rules: ReadingRules) -> LevelReading:
    if target in (F.LIKELIHOOD, F.RESIDUAL_LIKELIHOOD, F.TARGET_LIKELIHOOD):
        return read_likelihood(value, rules.likelihood_words)
    return read_impact(value, rules.impact_words, rules.money_thresholds)


Pair = tuple[int | None, int | None]


def _pairs(
    levels: dict[RegisterField, int | None], has_residual: bool, warnings: list[str]
) -> tuple[Pair, Pair]:
    """(inherent, residual): one pair alone is the current (residual) score."""
    first = (levels.get(F.LIKELIHOOD), levels.get(F.IMPACT))
    if not has_residual:
        return (None, None), first
    residual = (levels.get(F.RESIDUAL_LIKELIHOOD), levels.get(F.RESIDUAL_IMPACT))
    if residual == (None, None) and None not in first:
        warnings.append("no residual score: the inherent score is used as the current score")
        return first, first
    return first, residual


def _title_and_description(
    cells: dict[RegisterField, Cell], warnings: list[str]
) -> tuple[str, str]:
    title = cell_text(cells.get(F.TITLE))
    description = cell_text(cells.get(F.DESCRIPTION))
    if not title:
        source = description or cell_text(cells.get(F.EVENT))
        title = _first_sentence(source)
        if title == source:
            description = "" if source == description else description
    if len(title) > TITLE_LIMIT:
        warnings.append(f"title shortened to {TITLE_LIMIT} characters; the full text is kept")
        description = _append(title, description) if title not in description else description
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return " ".join(title.split()), description


def _first_sentence(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    match = re.match(r"(.{20,}?[.!?])\s", text)
    if match and len(match.group(1)) <= limit:
        return match.group(1)
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _check_score(value: Cell, residual: Pair, warnings: list[str]) -> None:
    if value is None or value == "":
        return
    number = value if isinstance(value, int | float) else _number(cell_text(value))
    if number is None:
        warnings.append(f"score “{cell_text(value)}” is not a number; not used")
    elif not (float(number).is_integer() and 1 <= number <= 25):
        warnings.append(
            f"score {number:g} is outside 1–25, so it is not trusted; "
            "the score is likelihood × impact"
        )
    elif None not in residual and residual[0] * residual[1] != number:  # type: ignore[operator]
        product = residual[0] * residual[1]  # type: ignore[operator]
        warnings.append(
            f"score {number:g} differs from likelihood × impact "
            f"({residual[0]} × {residual[1]} = {product}); {product} is kept"
        )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _name(value: Cell, what: str, warnings: list[str]) -> str:
    text = " ".join(cell_text(value).split())
    if len(text) > NAME_LIMIT:
        warnings.append(f"{what} shortened to {NAME_LIMIT} characters")
        text = text[:NAME_LIMIT]
    return text


def _date(value: Cell, what: str, warnings: list[str]) -> dt.date | None:
    date, problem = read_date(value)
    if problem:
        warnings.append(f"{what}: {problem}; left blank")
    return date


def _noted(result: tuple[T, str], warnings: list[str]) -> T:
    value, note = result
    if note:
        warnings.append(note)
    return value


def _append(text: str, addition: str) -> str:
    return f"{text}\n\n{addition}" if text else addition
