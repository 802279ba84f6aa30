"""What every pack chart shares: fonts, text fitting, value formats, scales, title, legend.

Charts are drawn from plain reportlab.graphics shapes rather than the chart widgets,
because the widgets join a line across missing values and fail on empty data; the
packs need gaps (actuals stop at today) and must never fail on an empty register.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from commissioner.models.money import short_pounds
from commissioner.reports.blocks import ValueFormat
from commissioner.reports.fonts import printable
from commissioner.reports.palette import INK, MUTED, RULE

TITLE_SIZE = 10.0
LABEL_SIZE = 7.5
TICK_SIZE = 7.0
VALUE_SIZE = 6.5
#: Vertical room a one-line title takes at the top of every chart.
TITLE_BAND = 18.0
#: Room of each further title line when a long title wraps.
TITLE_LINE = 12.0
#: Vertical room of one legend row.
LEGEND_ROW = 11.0
#: Values beyond this are clamped so scales stay finite ("huge" is still drawn).
_LIMIT = 1e18
ELLIPSIS = "…"
MINUS = "−"
WHITE = colors.white


@dataclass(frozen=True)
class ChartFonts:
    """Fonts of the chart text; Helvetica unless the renderer registered a fuller font.

    Helvetica has no ŵ or ŷ (Welsh) nor emoji: they print as boxes but never fail.
    A renderer that registers a TrueType font (e.g. DejaVu Sans) can pass it here.
    """

    regular: str = "Helvetica"
    bold: str = "Helvetica-Bold"


def text_width(content: str, font: str, size: float) -> float:
    return float(stringWidth(content, font, size))


def fit_text(content: str, font: str, size: float, max_width: float) -> str:
    """The text on one line, cut with an ellipsis so it fits `max_width` points."""
    content = " ".join(content.split())
    if text_width(content, font, size) <= max_width + 0.01:
        return content
    low, high = 0, len(content)
    while low < high:  # the longest prefix that still fits with its ellipsis
        middle = (low + high + 1) // 2
        if text_width(content[:middle].rstrip() + ELLIPSIS, font, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return content[:low].rstrip() + ELLIPSIS if low else ""


def clean(values: Iterable[float | None]) -> list[float | None]:
    """Values a scale can hold: NaN is missing, infinities and huge values are clamped."""
    cleaned: list[float | None] = []
    for value in values:
        if value is None or math.isnan(value):
            cleaned.append(None)
        else:
            cleaned.append(max(-_LIMIT, min(_LIMIT, float(value))))
    return cleaned


def format_value(value: float, value_format: ValueFormat) -> str:
    """A value as a chart prints it: '£1.2m', '£350k', '12%', '1,250' or '3.4m'.

    Money values in chart blocks are pounds (floats), not pence.
    """
    if value_format == "money":
        return short_pounds(value * 100)
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if value_format == "percent":
        return f"{sign}{_trim(size, 1 if size < 100 else 0)}%"
    for limit, suffix in ((1e9, "bn"), (1e6, "m")):
        if size >= limit:
            return f"{sign}{_three_figures(size / limit)}{suffix}"
    return f"{sign}{size:,.0f}" if size >= 100 else f"{sign}{_trim(size, 2)}"


def _three_figures(value: float) -> str:
    return _trim(value, 0 if value >= 100 else 1 if value >= 10 else 2)


def _trim(value: float, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Scale:
    """A value range with round tick steps, mapped onto a length of the page."""

    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        first = round(self.low / self.step)
        count = round((self.high - self.low) / self.step)
        return [(first + index) * self.step for index in range(count + 1)]

    def at(self, value: float, start: float, length: float) -> float:
        return start + (value - self.low) / (self.high - self.low) * length


def nice_scale(
    values: Iterable[float | None], *, include_zero: bool = True, steps: int = 6
) -> Scale:
    """A scale covering the values (and zero) in about six (or `steps`) round steps.

    Whole-number data (counts of risks, actions) never gets fractional steps.
    """
    data = [value for value in clean(values) if value is not None]
    whole = all(value.is_integer() for value in data)
    low, high = min(data, default=0.0), max(data, default=0.0)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:  # all zero, or one level without zero: open a small range round it
        spread = abs(high) * 0.1 or 1.0
        low, high = (0.0, 1.0) if include_zero else (low - spread, high + spread)
    elif not include_zero:  # keep the extreme points off the plot's edges
        margin = (high - low) * 0.05
        low, high = low - margin, high + margin
    step = _nice_step((high - low) / steps, whole)
    return Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def _nice_step(raw: float, whole: bool) -> float:
    """The round step (1, 2, 2.5 or 5 × 10ⁿ) nearest above `raw`; whole data skips 2.5 and < 1."""
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1.0, 2.0, 5.0) if whole else (1.0, 2.0, 2.5, 5.0)
    step = next((m * magnitude for m in multiples if m * magnitude >= raw * 0.999), 10 * magnitude)
    return max(step, 1.0) if whole else step


def text(
    x: float,
    y: float,
    content: str,
    font: str,
    size: float,
    colour: colors.Color = INK,
    anchor: str = "start",
) -> String:
    shown = printable(content)
    return String(x, y, shown, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def rotated_text(
    x: float, y: float, content: str, font: str, size: float, angle: float, anchor: str
) -> Group:
    """Text turned `angle` degrees anticlockwise about (x, y)."""
    group = Group(text(0, 0, content, font, size, MUTED, anchor))
    group.translate(x, y)
    group.rotate(angle)
    return group


def _title_lines(title: str, width: float, fonts: ChartFonts) -> list[str]:
    return wrap_text(title, fonts.bold, TITLE_SIZE, width, 2) or [""]


def title_band(title: str, width: float, fonts: ChartFonts) -> float:
    """Vertical room the title takes: a line more when a long title (a KPI's name) wraps."""
    return TITLE_BAND + (len(_title_lines(title, width, fonts)) - 1) * TITLE_LINE


def add_title(drawing: Drawing, title: str, fonts: ChartFonts) -> None:
    """The chart's title at the top left, in bold, on two lines before it is cut."""
    for row, line in enumerate(_title_lines(title, drawing.width, fonts)):
        y = drawing.height - TITLE_SIZE - row * TITLE_LINE
        drawing.add(text(0, y, line, fonts.bold, TITLE_SIZE))


def add_empty_note(drawing: Drawing, top: float, message: str, fonts: ChartFonts) -> None:
    """One muted line where a chart has nothing to plot, so it never fails or vanishes."""
    drawing.add(text(0, top - LABEL_SIZE - 4, message, fonts.regular, LABEL_SIZE, MUTED))


def empty_chart(title: str, width: float, message: str, fonts: ChartFonts) -> Drawing:
    """A chart with nothing to plot: its title and one line saying so."""
    band = title_band(title, width, fonts)
    drawing = Drawing(width, band + 16)
    add_title(drawing, title, fonts)
    add_empty_note(drawing, drawing.height - band, message, fonts)
    return drawing


def contrast_ink(fill: colors.Color) -> colors.Color:
    """White or dark text, whichever reads better on `fill` (WCAG contrast)."""

    def luminance(colour: colors.Color) -> float:
        channels = [
            part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4
            for part in (colour.red, colour.green, colour.blue)
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    background = luminance(fill)
    on_dark = 1.05 / (background + 0.05)
    on_light = (background + 0.05) / (luminance(INK) + 0.05)
    return WHITE if on_dark > on_light else INK


@dataclass(frozen=True)
class LegendEntry:
    name: str
    colour: colors.Color
    #: A line sample (line charts) rather than a filled box.
    line: bool = False
    dashed: bool = False


def wants_legend(names: Sequence[str], *labels: str) -> bool:
    """Several series always need a legend; one only if its name is not already printed.

    A lone "Variance" series under the axis title "Variance (£)" needs no legend,
    but a lone "Actual" under "% on time" does, or the reader cannot tell what it is.
    """
    if len(names) != 1:
        return len(names) > 1
    name = names[0].strip().lower()
    return bool(name) and not any(name in label.lower() for label in labels)


_SWATCH = 10.0
_ENTRY_GAP = 12.0


def _legend_layout(
    entries: Sequence[LegendEntry], width: float, font: str
) -> list[list[tuple[LegendEntry, str, float]]]:
    """Entries wrapped into rows that fit the width: (entry, fitted name, x)."""
    rows: list[list[tuple[LegendEntry, str, float]]] = [[]]
    x = 0.0
    for entry in entries:
        # A long name may take a whole row of its own rather than be cut at half the width.
        name = fit_text(entry.name, font, LABEL_SIZE, max(width - _SWATCH - 3, 20))
        span = _SWATCH + 3 + text_width(name, font, LABEL_SIZE)
        if rows[-1] and x + span > width:
            rows.append([])
            x = 0.0
        rows[-1].append((entry, name, x))
        x += span + _ENTRY_GAP
    return rows if rows[0] else []


def legend_height(entries: Sequence[LegendEntry], width: float, fonts: ChartFonts) -> float:
    return len(_legend_layout(entries, width, fonts.regular)) * LEGEND_ROW


def add_legend(
    drawing: Drawing, entries: Sequence[LegendEntry], top: float, fonts: ChartFonts
) -> float:
    """Series names with their colour samples under the title; returns the height used."""
    rows = _legend_layout(entries, drawing.width, fonts.regular)
    for number, row in enumerate(rows):
        middle = top - number * LEGEND_ROW - LEGEND_ROW / 2
        for entry, name, x in row:
            drawing.add(_swatch(entry, x, middle))
            drawing.add(text(x + _SWATCH + 3, middle - 2.6, name, fonts.regular, LABEL_SIZE))
    return len(rows) * LEGEND_ROW


def _swatch(entry: LegendEntry, x: float, middle: float) -> Rect | Line:
    if entry.line:
        sample = Line(x, middle, x + _SWATCH, middle, strokeColor=entry.colour, strokeWidth=1.8)
        sample.strokeDashArray = [3, 1.5] if entry.dashed else None
        return sample
    return Rect(x, middle - 3.5, _SWATCH - 3, 7, fillColor=entry.colour, strokeColor=None)


def grid_line(x1: float, y1: float, x2: float, y2: float) -> Line:
    return Line(x1, y1, x2, y2, strokeColor=RULE, strokeWidth=0.4)


def zero_line(x1: float, y1: float, x2: float, y2: float) -> Line:
    return Line(x1, y1, x2, y2, strokeColor=INK, strokeWidth=0.8)


def tick_labels(scale: Scale, value_format: ValueFormat) -> list[tuple[float, str]]:
    return [(tick, format_value(tick, value_format)) for tick in scale.ticks()]


def ticks_width(scale: Scale, value_format: ValueFormat, fonts: ChartFonts) -> float:
    """The widest tick label, so the plot leaves room for it."""
    return max(
        text_width(label, fonts.regular, TICK_SIZE) for _, label in tick_labels(scale, value_format)
    )


@dataclass(frozen=True)
class Plot:
    """The plotting rectangle inside a chart drawing."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


def add_value_axis_left(
    drawing: Drawing, plot: Plot, scale: Scale, value_format: ValueFormat, fonts: ChartFonts
) -> None:
    """Horizontal grid lines with their values left of the plot."""
    for tick, label in tick_labels(scale, value_format):
        y = scale.at(tick, plot.bottom, plot.height)
        drawing.add(grid_line(plot.left, y, plot.right, y))
        drawing.add(text(plot.left - 3, y - 2.4, label, fonts.regular, TICK_SIZE, MUTED, "end"))


def add_value_axis_bottom(
    drawing: Drawing, plot: Plot, scale: Scale, value_format: ValueFormat, fonts: ChartFonts
) -> None:
    """Vertical grid lines with their values under the plot."""
    labels = tick_labels(scale, value_format)
    widest = max(text_width(label, fonts.regular, TICK_SIZE) for _, label in labels)
    spacing = plot.width / max(len(labels) - 1, 1)
    every = max(1, math.ceil((widest + 6) / spacing))  # thin labels that would touch
    for number, (tick, label) in enumerate(labels):
        x = scale.at(tick, plot.left, plot.width)
        drawing.add(grid_line(x, plot.bottom, x, plot.top))
        if number % every == 0:
            y = plot.bottom - TICK_SIZE - 2
            drawing.add(text(x, y, label, fonts.regular, TICK_SIZE, MUTED, "middle"))


def add_zero_line(drawing: Drawing, plot: Plot, scale: Scale, *, across: bool = True) -> None:
    """The bold zero line bars grow from, drawn over them so it stays unbroken.

    `across` is a horizontal line (values up the side); otherwise an upright one.
    """
    if across:
        zero = scale.at(0.0, plot.bottom, plot.height)
        if plot.bottom - 0.01 <= zero <= plot.top + 0.01:
            drawing.add(zero_line(plot.left, zero, plot.right, zero))
    else:
        zero = scale.at(0.0, plot.left, plot.width)
        if plot.left - 0.01 <= zero <= plot.right + 0.01:
            drawing.add(zero_line(zero, plot.bottom, zero, plot.top))


def wrap_text(content: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Words on up to `max_lines` lines of `width` points; the last line ends in "…" if cut."""
    lines: list[str] = []
    words = content.split()
    while words and len(lines) < max_lines:
        taken = 1
        while taken < len(words) and text_width(" ".join(words[: taken + 1]), font, size) <= width:
            taken += 1
        if len(lines) == max_lines - 1:
            taken = len(words)
        lines.append(fit_text(" ".join(words[:taken]), font, size, width))
        words = words[taken:]
    return lines


def add_axis_titles(
    drawing: Drawing, plot: Plot, y_label: str, x_label: str, fonts: ChartFonts
) -> None:
    """The value axis title turned up the left edge; the category title under the chart."""
    if y_label:
        label = fit_text(y_label, fonts.regular, LABEL_SIZE, plot.height)
        middle = (plot.bottom + plot.top) / 2
        drawing.add(
            rotated_text(LABEL_SIZE, middle, label, fonts.regular, LABEL_SIZE, 90, "middle")
        )
    if x_label:
        label = fit_text(x_label, fonts.regular, LABEL_SIZE, plot.width)
        centre = (plot.left + plot.right) / 2
        drawing.add(text(centre, 3, label, fonts.regular, LABEL_SIZE, MUTED, "middle"))
