"""Colours of the packs: one palette for tables, tiles and charts.

Rating colours are chosen from the rating's word, so a cell, a tile and a chart
agree; the word is always printed too (colour is never the only signal). The
tints are light enough that black text on them passes WCAG AA contrast.
"""

from __future__ import annotations

from reportlab.lib import colors

INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5A6270")
RULE = colors.HexColor("#C9CED6")
HEADER_FILL = colors.HexColor("#1F3A5F")
HEADER_INK = colors.white
ZEBRA = colors.HexColor("#F3F5F8")
ACCENT = colors.HexColor("#1F3A5F")

#: Series colours for charts, by name, distinguishable in greyscale print too.
SERIES_COLOURS: dict[str, colors.Color] = {
    "budget": colors.HexColor("#1F3A5F"),
    "actual": colors.HexColor("#2E7D32"),
    "forecast": colors.HexColor("#E07A1F"),
    "committed": colors.HexColor("#7B5EA7"),
    "target": colors.HexColor("#5A6270"),
    "inherent": colors.HexColor("#9E9E9E"),
    "residual": colors.HexColor("#1F3A5F"),
    "baseline": colors.HexColor("#9E9E9E"),
}
#: Used in turn when a series names no colour.
SERIES_CYCLE: tuple[colors.Color, ...] = (
    colors.HexColor("#1F3A5F"),
    colors.HexColor("#E07A1F"),
    colors.HexColor("#2E7D32"),
    colors.HexColor("#7B5EA7"),
    colors.HexColor("#C62828"),
    colors.HexColor("#00838F"),
    colors.HexColor("#6D4C41"),
    colors.HexColor("#5A6270"),
)

# Strong colours (chart fills, tile stripes) and light tints (table cells).
_RATING_STRONG = {
    "red": colors.HexColor("#C62828"),
    "amber/red": colors.HexColor("#E2641E"),
    "amber": colors.HexColor("#F2A900"),
    "amber/green": colors.HexColor("#9BB83A"),
    "green": colors.HexColor("#2E7D32"),
    "blue": colors.HexColor("#1565C0"),
    "grey": colors.HexColor("#9E9E9E"),
}
_RATING_TINT = {
    "red": colors.HexColor("#F6C9C9"),
    "amber/red": colors.HexColor("#F9D3BE"),
    "amber": colors.HexColor("#FCE8B2"),
    "amber/green": colors.HexColor("#E3EDC2"),
    "green": colors.HexColor("#C8E6C9"),
    "blue": colors.HexColor("#CFE1F6"),
    "grey": colors.HexColor("#E4E6EA"),
}
# Other words the domain uses for ratings and bands, mapped onto the RAG scale.
_SYNONYMS = {
    "amber-red": "amber/red",
    "amber red": "amber/red",
    "amber-green": "amber/green",
    "amber green": "amber/green",
    "critical": "red",
    "very high": "red",
    "high": "amber/red",
    "medium": "amber",
    "moderate": "amber",
    "low": "green",
    "very low": "green",
    "outside appetite": "red",
    "within appetite": "green",
    "overdue": "red",
    "complete": "blue",
    "completed": "blue",
    "closed": "grey",
    "not rated": "grey",
    "not covered": "red",
    "covered at awareness only": "amber",
    "covered": "green",
    "up": "red",
    "new": "amber",
    "down": "green",
    "not measured": "grey",
    "no data": "grey",
}


def _rating_key(word: str) -> str:
    key = " ".join(word.strip().lower().split())
    return _SYNONYMS.get(key, key)


def rating_colour(word: str) -> colors.Color | None:
    """The strong colour for a rating word, or None when the word is not a rating."""
    return _RATING_STRONG.get(_rating_key(word))


def rating_tint(word: str) -> colors.Color | None:
    """The light tint behind a table cell holding a rating word, or None."""
    return _RATING_TINT.get(_rating_key(word))


def series_colour(name: str, index: int) -> colors.Color:
    """A series' colour: a palette name, a rating word, or the next in the cycle."""
    if name in SERIES_COLOURS:
        return SERIES_COLOURS[name]
    return rating_colour(name) or SERIES_CYCLE[index % len(SERIES_CYCLE)]
