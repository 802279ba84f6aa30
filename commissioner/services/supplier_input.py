"""Checks the supplier forms share: one-line text, long text, dates and scores."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from commissioner.models.dates import DateFormatError, parse_date


def one_line(text: str) -> str:
    """Text typed into a single-line field, with runs of spaces and line breaks folded."""
    return " ".join(text.split())


def name_order(name: str) -> str:
    """Sort key for names as people expect: ignoring case and accents ("École" with E)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def required_line(problems: dict[str, str], key: str, text: str, noun: str, limit: int) -> str:
    """A one-line field that must be given, no longer than ``limit`` characters."""
    value = one_line(text)
    if not value:
        problems[key] = f"Give the {noun}."
    elif len(value) > limit:
        problems[key] = f"Keep the {noun} to {limit} characters."
    return value


def optional_line(problems: dict[str, str], key: str, text: str, noun: str, limit: int) -> str:
    value = one_line(text)
    if len(value) > limit:
        problems[key] = f"Keep the {noun} to {limit} characters."
    return value


#: Something, one @, then a domain with a dot: enough to catch typing slips.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.][^@\s]*")


def email_field(problems: dict[str, str], key: str, text: str) -> str:
    """An optional email address; one that cannot be an address is refused."""
    value = text.strip()
    if value and (len(value) > 320 or not _EMAIL.fullmatch(value)):
        problems[key] = "That does not look like an email address."
    return value


def date_field(
    problems: dict[str, str],
    key: str,
    text: str,
    today: dt.date,
    *,
    required: bool = False,
    noun: str = "date",
) -> dt.date | None:
    """A date as typed; never in the future, since these fields record what happened."""
    try:
        value = parse_date(text)
    except DateFormatError as error:
        problems[key] = f"{error}."
        return None
    if value is None and required:
        problems[key] = f"Give the {noun} as DD/MM/YYYY."
    elif value is not None and value > today:
        problems[key] = f"The {noun} cannot be in the future ({today:%d/%m/%Y} is today)."
    return value


def score_field(problems: dict[str, str], key: str, text: str, noun: str) -> float | None:
    """An optional evaluation score out of 100, such as a tender's price score."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        problems[key] = f"Give the {noun} as a number from 0 to 100, or leave it blank."
        return None
    if not 0 <= value <= 100:
        problems[key] = f"The {noun} must be from 0 to 100."
        return None
    return value


def score_text(value: float | None) -> str:
    """A score as the form shows it: whole numbers without '.0'."""
    if value is None:
        return ""
    return f"{value:g}"
