"""Dates as UK commissioners type them."""

from __future__ import annotations

import datetime as dt
import re

_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%y")


class DateFormatError(ValueError):
    """Text that is not a real calendar date."""


def parse_date(text: str) -> dt.date | None:
    """Parse '31/03/2026', '2026-03-31' or '31 Mar 2026'; blank gives None.

    Impossible dates such as 31/02/2026 raise DateFormatError naming the problem.
    """
    if not text or not text.strip():
        return None
    cleaned = re.sub(r"\s+", " ", text.strip())
    for date_format in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, date_format).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}", cleaned):
        raise DateFormatError(f"{cleaned} is not a real date (check the day and the month)")
    raise DateFormatError(f"“{cleaned}” is not a date; use DD/MM/YYYY, e.g. 31/03/2026")


def format_date(value: dt.date | None) -> str:
    """Show a date the UK way: 31/03/2026."""
    return value.strftime("%d/%m/%Y") if value else ""
