"""Read a likelihood or impact level (1..5) from how other registers write it.

Registers write levels as numbers ("3", "4 - Likely"), as words ("Possible",
"Severe"), as probabilities ("20%") or as money at stake ("300,000 CHF"). Each reader
returns a ``LevelReading``: the level, or why there is none, plus any note worth
telling the user (a currency that is not pounds, a percentage turned into a level).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from commissioner.io.spreadsheet import Cell

LEVELS = range(1, 6)

#: Words other registers use for likelihood, by level (the council's own words come first).
LIKELIHOOD_WORDS: Mapping[int, tuple[str, ...]] = {
    1: ("rare", "very low", "very unlikely", "remote", "highly unlikely", "improbable"),
    2: ("unlikely", "low"),
    3: ("possible", "moderate", "medium", "feasible", "even"),
    4: ("likely", "high", "probable", "more likely than not"),
    5: ("almost certain", "very high", "very likely", "certain", "expected", "highly likely"),
}
#: Words other registers use for impact, by level.
IMPACT_WORDS: Mapping[int, tuple[str, ...]] = {
    1: ("insignificant", "negligible", "very low", "minimal", "trivial", "none"),
    2: ("minor", "low", "limited"),
    3: ("moderate", "medium", "significant", "material"),
    4: ("major", "high", "serious", "substantial"),
    5: ("catastrophic", "severe", "critical", "very high", "extreme", "disastrous"),
}

#: A probability up to each bound (in per cent) reads as the level beside it:
#: 0–5 % → 1 (rare), over 5–20 % → 2, over 20–50 % → 3, over 50–80 % → 4, over 80 % → 5.
PERCENT_BOUNDS: tuple[tuple[float, int], ...] = ((5, 1), (20, 2), (50, 3), (80, 4), (100, 5))

#: Default money thresholds for impact, in whole currency units: an amount below the
#: first is 1, below the second 2 … and at or above the last (1,000,000) is 5.
#: Amounts in other currencies are compared as they are, without conversion.
DEFAULT_MONEY_THRESHOLDS: tuple[int, int, int, int] = (10_000, 100_000, 500_000, 1_000_000)

_CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY"}
_CURRENCY_CODES = ("GBP", "USD", "EUR", "CHF", "CAD", "AUD", "NZD", "JPY", "SEK", "NOK", "DKK")
_MONEY = re.compile(
    r"^(?P<sign1>[-−(])?\s*(?P<pre>[£$€¥]|[A-Z]{3})?\s*(?P<sign2>[-−])?\s*"
    r"(?P<number>[0-9][0-9,' ]*(?:\.[0-9]+)?)\s*(?P<suffix>[kKmMbB]n?)?\s*"
    r"(?P<post>[A-Z]{3}|[£$€])?\s*\)?$"
)
_SUFFIX = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_LEADING_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:$|[-–—:.)(]|\s)")
_NUMBER_IN_BRACKETS = re.compile(r"\(\s*([0-9])\s*\)")
_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$")


@dataclass(frozen=True)
class LevelReading:
    """A level 1..5, or None with ``problem`` saying why.

    ``note`` says how an amount of money was read; ``currency`` names a currency that is
    not pounds (compared with the thresholds as it is).
    """

    level: int | None
    problem: str = ""
    note: str = ""
    currency: str = ""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # "GBP" when the text names none


def words_by_level(
    standard: Mapping[int, tuple[str, ...]], council: Sequence[tuple[int, str]] = ()
) -> dict[str, int]:
    """Word → level, the council's own matrix words taking precedence over common ones."""
    found = {word: level for level, words in standard.items() for word in words}
    found.update({" ".join(word.casefold().split()): level for level, word in council})
    return found


def read_likelihood(value: Cell, words: Mapping[str, int]) -> LevelReading:
    """A likelihood from a level number, a word or a probability ("20%", 0.2)."""
    value = _as_number(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1 and value != 0:
            return _from_percent(value * 100)
        return _from_number(value, "likelihood")
    text = str(value).strip()
    if match := _PERCENT.match(text):
        return _from_percent(float(match.group(1)))
    return _from_text(text, words, "likelihood")


def read_impact(
    value: Cell,
    words: Mapping[str, int],
    money_thresholds: Sequence[int] = DEFAULT_MONEY_THRESHOLDS,
) -> LevelReading:
    """An impact from a level number, a word or an amount of money at stake."""
    value = _as_number(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value in LEVELS:
            return LevelReading(int(value))
        if value > 5:
            return _from_money(Money(Decimal(str(value)), "GBP"), money_thresholds, bare=True)
        return _from_number(value, "impact")
    text = str(value).strip()
    money = read_money(text)
    if money is not None and not _is_small_whole_number(text):
        return _from_money(money, money_thresholds, bare=False)
    return _from_text(text, words, "impact")


def read_money(text: str) -> Money | None:
    """An amount with an optional currency symbol or code; None if the text is not money."""
    match = _MONEY.match(text.strip())
    if not match:
        return None
    currency = match.group("pre") or match.group("post") or "£"
    code = _CURRENCY_SYMBOLS.get(currency, currency)
    if len(code) == 3 and code.isalpha() and code not in _CURRENCY_CODES:
        return None
    digits = re.sub(r"[,' ]", "", match.group("number"))
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    suffix = (match.group("suffix") or "").lower()
    amount *= _SUFFIX.get(suffix, 1)
    negative = bool(match.group("sign1") or match.group("sign2"))
    return Money(-amount if negative else amount, code)


def money_level(amount: Decimal, thresholds: Sequence[int]) -> int:
    """1..5 by ``thresholds``: below the first is 1, at or above the last is 5."""
    return 1 + sum(1 for bound in thresholds if amount >= bound)


def _as_number(value: Cell) -> Cell:
    """Numbers typed as text (every CSV cell) are read as numbers."""
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _is_small_whole_number(text: str) -> bool:
    return text.isdigit() and int(text) in LEVELS


def _from_percent(percent: float) -> LevelReading:
    if not 0 <= percent <= 100:
        return LevelReading(None, f"{percent:g}% is not a probability")
    level = next(level for bound, level in PERCENT_BOUNDS if percent <= bound)
    return LevelReading(level)


def _from_number(value: float, axis: str) -> LevelReading:
    if float(value).is_integer() and int(value) in LEVELS:
        return LevelReading(int(value))
    return LevelReading(None, f"{axis} {value:g} is not a level from 1 to 5")


def _from_money(money: Money, thresholds: Sequence[int], *, bare: bool) -> LevelReading:
    if money.amount < 0:
        return LevelReading(None, "opportunity")
    level = money_level(money.amount, thresholds)
    shown = f"{money.amount:,.0f}" if bare else f"{money.amount:,.0f} {money.currency}"
    currency = "" if money.currency == "GBP" else money.currency
    return LevelReading(level, note=f"{shown} → {level}", currency=currency)


def _from_text(text: str, words: Mapping[str, int], axis: str) -> LevelReading:
    if not text:
        return LevelReading(None, f"no {axis}")
    if match := _LEADING_NUMBER.match(text):
        number = float(match.group(1))
        if number.is_integer() and int(number) in LEVELS:
            return LevelReading(int(number))
    if match := _NUMBER_IN_BRACKETS.search(text):
        return LevelReading(int(match.group(1))) if int(match.group(1)) in LEVELS else _none(text)
    key = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    if key in words:
        return LevelReading(words[key])
    return _none(text, axis)


def _none(text: str, axis: str = "level") -> LevelReading:
    return LevelReading(None, f"{axis} “{text}” is not a level we recognise")
