"""User text on its way into a report: always data, never markup."""

from __future__ import annotations

from xml.sax.saxutils import escape


def paragraph_text(user_text: str) -> str:
    """Escape text for a reportlab Paragraph, keeping line breaks as breaks.

    Names such as "Smith & Jones <Holdings>" must print literally; reportlab would
    otherwise read them as its own mini-markup.
    """
    return "<br/>".join(escape(line) for line in user_text.splitlines()) or ""
