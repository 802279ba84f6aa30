"""A governance pack as plain data: what the services gather and the renderer draws.

The same tree is what a pack's snapshot stores, so an earlier pack can be drawn
again exactly as it was. Everything here is text, numbers and ISO dates, so it goes
to JSON and back without loss (see `document_to_json` / `document_from_json`).

RAG and other ratings travel as **words** ("Amber", "Amber/Red", "Within appetite").
The renderer chooses a colour from the word and always prints the word beside it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Align = Literal["left", "right", "centre"]
#: How chart values are printed. Money values are in **pounds** (not pence), so that
#: "£1.2m" and "£350k" can be written from them directly; percent values are 0–100.
ValueFormat = Literal["number", "money", "percent"]


@dataclass(frozen=True)
class Paragraph:
    """Plain user or generated text; never markup. `note` is smaller and grey;
    `empty` is the one line a section prints when its area has no data."""

    text: str
    kind: Literal["body", "lead", "note", "empty"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section; listed in the contents and the PDF outline.

    `new_page` starts it on a fresh page (a portfolio pack's page per project)."""

    text: str
    new_page: bool = False


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    #: A rating word shown under the value in its colour, e.g. "Red" or "Amber/Green".
    rating: str = ""
    #: A short line under it, e.g. "up from Amber at the last pack".
    note: str = ""


@dataclass(frozen=True)
class KeyFigures:
    """A row of tiles for headline figures (at most four to a row)."""

    figures: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class Column:
    title: str
    #: Share of the table's width, relative to the other columns.
    weight: float = 1.0
    align: Align = "left"
    #: The column holds rating words: the cell is tinted by its word.
    rating: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    #: Printed instead of an empty table.
    empty_text: str = "None recorded."
    #: Needs a landscape page (many or wide columns: the full registers).
    wide: bool = False
    #: A last row in bold (totals).
    total_row: bool = False


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    #: A palette name (see reports.styles.SERIES_COLOURS) or a rating word.
    colour: str = ""
    #: Line charts: dashed (a forecast) rather than solid (actuals).
    dashed: bool = False


@dataclass(frozen=True)
class BarChart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str
    x_label: str = ""
    value_format: ValueFormat = "number"
    stacked: bool = False
    #: Bars run left to right, categories down the side (long names).
    horizontal: bool = False


@dataclass(frozen=True)
class LineChart:
    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str
    x_label: str = ""
    value_format: ValueFormat = "number"
    #: Index into x_labels of a vertical marker (the reporting month), or -1.
    marker_index: int = -1
    marker_label: str = ""


@dataclass(frozen=True)
class HeatMap:
    """A likelihood × impact grid of risk counts.

    `counts[l][i]` and `bands[l][i]` are for likelihood l+1 and impact i+1; the
    renderer draws likelihood 5 at the top. Each band is a word ("Low", "High", …)
    coloured by the renderer and listed in a key."""

    title: str
    counts: tuple[tuple[int, ...], ...]
    bands: tuple[tuple[str, ...], ...]
    likelihood_labels: tuple[str, ...]
    impact_labels: tuple[str, ...]
    #: Band word → rating word used for its colour, e.g. {"Critical": "Red"}.
    band_ratings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineBar:
    label: str
    #: ISO dates; an empty end draws an open bar to the chart's edge.
    start: str
    end: str
    #: A word shown at the bar's end, e.g. "Complete", "Current", "Not started".
    status: str = ""
    rating: str = ""


@dataclass(frozen=True)
class Timeline:
    title: str
    bars: tuple[TimelineBar, ...]
    #: ISO date of the "today" line.
    today: str
    #: (label, ISO date) diamonds, e.g. gate decisions.
    milestones: tuple[tuple[str, str], ...] = ()


Block = (
    Paragraph
    | Bullets
    | Subheading
    | KeyFigures
    | Table
    | BarChart
    | LineChart
    | HeatMap
    | Timeline
)


@dataclass(frozen=True)
class Section:
    """A chapter of the pack; each starts on a new page and heads the outline."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    landscape: bool = False


@dataclass(frozen=True)
class PackDocument:
    title: str
    #: The project ("ASC-2026-01 Home care framework") or "Portfolio of N projects".
    subject: str
    council_name: str
    period_label: str
    author: str
    version: str
    #: "OFFICIAL", "OFFICIAL-SENSITIVE" or "" for none.
    marking: str
    #: Optional descriptor printed after the marking, e.g. "COMMERCIAL".
    descriptor: str
    distribution: tuple[str, ...]
    #: ISO date the pack was generated.
    generated_on: str
    sections: tuple[Section, ...]
    #: The council's logo as base64-encoded PNG or JPEG, or "".
    logo_base64: str = ""
    language: str = "en-GB"

    @property
    def marking_line(self) -> str:
        """The marking as printed at the top and bottom of every page."""
        return " ".join(part for part in (self.marking, self.descriptor.upper()) if part)


_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Paragraph,
        Bullets,
        Subheading,
        KeyFigure,
        KeyFigures,
        Column,
        Table,
        Series,
        BarChart,
        LineChart,
        HeatMap,
        TimelineBar,
        Timeline,
        Section,
        PackDocument,
    )
}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encoded = {"type": type(value).__name__}
        for item in dataclasses.fields(value):
            encoded[item.name] = _encode(getattr(value, item.name))
        return encoded
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if isinstance(value, dict):
        kind = value.get("type")
        if isinstance(kind, str) and kind in _TYPES:
            cls = _TYPES[kind]
            names = {item.name for item in dataclasses.fields(cls)}
            return cls(**{key: _decode(item) for key, item in value.items() if key in names})
        return {key: _decode(item) for key, item in value.items()}
    return value


def document_to_json(document: PackDocument) -> str:
    """The whole pack as compact JSON text."""
    return json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> PackDocument:
    """Read back a pack stored by `document_to_json`.

    Raises ValueError when the text is not a stored pack."""
    try:
        decoded = _decode(json.loads(text))
    except (json.JSONDecodeError, TypeError) as error:
        raise ValueError(f"The stored pack cannot be read: {error}") from None
    if not isinstance(decoded, PackDocument):
        raise ValueError("The stored pack cannot be read: it is not a governance pack.")
    return decoded
