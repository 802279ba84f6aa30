"""Bar charts for packs: vertical or horizontal, grouped or stacked, with negatives.

A bar starts at zero, so variances (negative values) hang below a bold zero line.
Category names never overlap: they wrap onto two lines, turn 45°, thin out or end
in "…"; long names read best with `horizontal=True`, which gives them a column.
A chart of a few categories (KPIs by rating) is drawn short, as a compact summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors

from commissioner.reports.blocks import BarChart
from commissioner.reports.charts_common import (
    LABEL_SIZE,
    VALUE_SIZE,
    ChartFonts,
    LegendEntry,
    Plot,
    Scale,
    add_axis_titles,
    add_legend,
    add_title,
    add_value_axis_bottom,
    add_value_axis_left,
    add_zero_line,
    clean,
    contrast_ink,
    empty_chart,
    fit_text,
    format_value,
    legend_height,
    nice_scale,
    rotated_text,
    text,
    text_width,
    ticks_width,
    title_band,
    wants_legend,
    wrap_text,
)
from commissioner.reports.palette import INK, MUTED, series_colour

#: Room for a value label beyond the tip of the longest bar.
_VALUE_PAD = 11.0
_AXIS_TITLE = 12.0
_LONG_LABEL = 100.0
#: Room under a horizontal chart's plot for its value ticks.
_TICK_ROOM = 14.0
_SIN45 = math.sqrt(0.5)
#: Thinning steps for crowded names, so months keep to quarters and years.
_EVERY = (1, 2, 3, 4, 6, 12, 24)
#: Up to _FEW categories, a vertical chart is a compact summary about 0.28 × its width tall.
_FEW, _COMPACT_RATIO, _COMPACT_PLOT = 4, 0.28, 70.0


@dataclass(frozen=True)
class _Segment:
    category: int
    #: Position of the bar within its category's group (always 0 when stacked).
    slot: int
    start: float
    end: float
    colour: colors.Color

    @property
    def ends(self) -> tuple[float, float]:
        return self.start, self.end


@dataclass(frozen=True)
class _ValueLabel:
    category: int
    slot: int
    #: The value where the label sits (a bar's tip) and the value it prints.
    at: float
    value: float
    #: Inside a stacked segment (centred) rather than beyond the tip.
    inside_from: float | None = None
    colour: colors.Color = INK


@dataclass(frozen=True)
class _Bars:
    categories: tuple[str, ...]
    names: tuple[str, ...]
    colours: tuple[colors.Color, ...]
    segments: tuple[_Segment, ...]
    labels: tuple[_ValueLabel, ...]
    slots: int
    scale: Scale


def draw_bar_chart(block: BarChart, width: float, fonts: ChartFonts) -> Drawing:
    if not block.categories:
        return empty_chart(block.title, width, "No categories to show.", fonts)
    bars = _prepare(block)
    if block.horizontal:
        return _draw_horizontal(block, bars, width, fonts)
    return _draw_vertical(block, bars, width, fonts)


def _prepare(block: BarChart) -> _Bars:
    count = len(block.categories)
    rows = [(list(clean(series.values)) + [None] * count)[:count] for series in block.series]
    colours = tuple(series_colour(item.colour, index) for index, item in enumerate(block.series))
    stacked = block.stacked and len(rows) > 1
    segments, labels = _stack(rows, colours) if stacked else _group(rows, colours)
    ends = [value for segment in segments for value in (segment.start, segment.end)]
    return _Bars(
        categories=block.categories,
        names=tuple(series.name for series in block.series),
        colours=colours,
        segments=tuple(segments),
        labels=tuple(labels),
        slots=1 if stacked else max(len(rows), 1),
        scale=nice_scale(ends, steps=4 if _compact(block) else 6),
    )


def _group(
    rows: list[list[float | None]], colours: tuple[colors.Color, ...]
) -> tuple[list[_Segment], list[_ValueLabel]]:
    segments: list[_Segment] = []
    labels: list[_ValueLabel] = []
    for slot, row in enumerate(rows):
        for category, value in enumerate(row):
            if value is not None:
                segments.append(_Segment(category, slot, 0.0, value, colours[slot]))
                labels.append(_ValueLabel(category, slot, value, value))
    return segments, labels


def _stack(
    rows: list[list[float | None]], colours: tuple[colors.Color, ...]
) -> tuple[list[_Segment], list[_ValueLabel]]:
    """Positive values stack up from zero and negative ones down; each stack gets its total."""
    segments: list[_Segment] = []
    labels: list[_ValueLabel] = []
    for category in range(len(rows[0])):
        above = below = 0.0
        values = [(row[category], colours[index]) for index, row in enumerate(rows)]
        parts: list[_ValueLabel] = []
        for value, colour in values:
            if value is None or value == 0:
                continue
            start = above if value > 0 else below
            segments.append(_Segment(category, 0, start, start + value, colour))
            ink = contrast_ink(colour)
            parts.append(_ValueLabel(category, 0, start + value, value, start, ink))
            above, below = (above + value, below) if value > 0 else (above, below + value)
        labels.extend(parts if len(parts) > 1 else [])  # one part would repeat its total
        present = [value for value, _ in values if value is not None]
        if present:
            total = sum(present)
            labels.append(_ValueLabel(category, 0, above if total >= 0 else below, total))
    return segments, labels


def _legend(block: BarChart, bars: _Bars) -> list[LegendEntry]:
    if not wants_legend(bars.names, block.title, block.y_label) or _named_below(block):
        return []
    return [
        LegendEntry(name, colour) for name, colour in zip(bars.names, bars.colours, strict=True)
    ]


def _compact(block: BarChart) -> bool:
    return not block.horizontal and len(block.categories) <= _FEW


def _named_below(block: BarChart) -> bool:
    """Whether each series fills only the category of its own name ("Red" KPIs under "Red"),
    so the names under the bars already say what a legend would."""
    return all(
        not value or category == series.name
        for series in block.series
        for category, value in zip(block.categories, clean(series.values), strict=False)
    )


# ---------------------------------------------------------------- vertical bars


def _draw_vertical(block: BarChart, bars: _Bars, width: float, fonts: ChartFonts) -> Drawing:
    entries = _legend(block, bars)
    header = title_band(block.title, width, fonts) + legend_height(entries, width, fonts)
    ticks = ticks_width(bars.scale, block.value_format, fonts)
    left = (_AXIS_TITLE if block.y_label else 0) + ticks + 5
    band = (width - left - 4) / max(len(bars.categories), 1)
    names = _category_layout(bars.categories, band, left, fonts)
    negative_pad = _VALUE_PAD if bars.scale.low < 0 else 0.0
    footer = names.height + negative_pad + (_AXIS_TITLE if block.x_label else 0) + 2
    if _compact(block):  # room for the value axis's title, if not for much more
        least = max(_COMPACT_PLOT, text_width(block.y_label, fonts.regular, LABEL_SIZE) + 8)
        plot_h = max(least, width * _COMPACT_RATIO - header - _VALUE_PAD - footer)
    else:
        plot_h = max(100.0, width * 0.34)
    height = header + _VALUE_PAD + plot_h + footer
    drawing = Drawing(width, height)
    add_title(drawing, block.title, fonts)
    add_legend(drawing, entries, height - title_band(block.title, width, fonts), fonts)
    plot = Plot(left, footer, width - 4, footer + plot_h)
    add_value_axis_left(drawing, plot, bars.scale, block.value_format, fonts)
    _add_vertical_bars(drawing, plot, bars, block, fonts)
    add_zero_line(drawing, plot, bars.scale)
    _add_names_below(drawing, plot, names, plot.bottom - negative_pad, fonts)
    add_axis_titles(drawing, plot, block.y_label, block.x_label, fonts)
    return drawing


@dataclass(frozen=True)
class _Slots:
    """Where each bar sits along the category axis of a plot `length` points long."""

    length: float
    categories: int
    slots: int

    @property
    def band(self) -> float:
        return self.length / self.categories

    @property
    def thickness(self) -> float:
        # A lone category must not become a slab: bars stay at most 40 points thick.
        return min(self.band * (0.6 if self.slots == 1 else 0.8) / self.slots, 40.0)

    def offset(self, category: int, slot: int) -> float:
        """From the axis's start to the near edge of a bar."""
        group = self.thickness * self.slots
        return self.band * category + (self.band - group) / 2 + self.thickness * slot

    def room(self) -> float:
        """Width a value label beyond a bar's tip may take without touching its neighbour's."""
        return self.thickness if self.slots > 1 else self.band - 2


def _add_vertical_bars(
    drawing: Drawing, plot: Plot, bars: _Bars, block: BarChart, fonts: ChartFonts
) -> None:
    slots = _Slots(plot.width, len(bars.categories), bars.slots)
    for segment in bars.segments:
        low, high = sorted(bars.scale.at(v, plot.bottom, plot.height) for v in segment.ends)
        x = plot.left + slots.offset(segment.category, segment.slot)
        drawing.add(_bar(x, low, slots.thickness, high - low, segment))
    # All or none: a chart where only the narrow values are labelled would mislead.
    show_outside = _value_label_reach(bars, block, fonts) - 4 <= slots.room()
    for label in bars.labels:
        if label.inside_from is None and not show_outside:
            continue
        centre = plot.left + slots.offset(label.category, label.slot) + slots.thickness / 2
        _add_vertical_label(drawing, plot, bars.scale, label, centre, slots, block, fonts)


def _label_width(label: _ValueLabel, block: BarChart, fonts: ChartFonts) -> float:
    return text_width(format_value(label.value, block.value_format), fonts.regular, VALUE_SIZE)


def _add_vertical_label(
    drawing: Drawing,
    plot: Plot,
    scale: Scale,
    label: _ValueLabel,
    centre: float,
    slots: _Slots,
    block: BarChart,
    fonts: ChartFonts,
) -> None:
    content = format_value(label.value, block.value_format)
    tip = scale.at(label.at, plot.bottom, plot.height)
    if label.inside_from is None:
        y = tip + 2.5 if label.at >= 0 else tip - VALUE_SIZE - 1.5
        drawing.add(text(centre, y, content, fonts.regular, VALUE_SIZE, INK, "middle"))
        return
    low, high = sorted((scale.at(label.inside_from, plot.bottom, plot.height), tip))
    wide = text_width(content, fonts.regular, VALUE_SIZE)
    if high - low >= VALUE_SIZE + 3 and wide <= slots.thickness - 2:
        y = (low + high) / 2 - VALUE_SIZE * 0.35
        drawing.add(text(centre, y, content, fonts.regular, VALUE_SIZE, label.colour, "middle"))


def _bar(x: float, y: float, width: float, height: float, segment: _Segment) -> Rect:
    # A hairline white edge keeps neighbouring bars and stacked parts apart in greyscale.
    return Rect(
        x, y, width, max(height, 0.0), fillColor=segment.colour, strokeColor=colors.white,
        strokeWidth=0.5,
    )  # fmt: skip


@dataclass(frozen=True)
class _Names:
    """How category names sit under vertical bars."""

    #: "flat" (one or two lines) or "angled" (45°).
    mode: str
    lines: tuple[tuple[str, ...], ...]
    #: Every n-th name is printed when even angled names would touch.
    every: int
    height: float
    band: float


def _category_layout(
    categories: tuple[str, ...], band: float, left: float, fonts: ChartFonts
) -> _Names:
    font, room = fonts.regular, band - 4
    wrapped = tuple(tuple(wrap_text(name, font, LABEL_SIZE, room, 2)) for name in categories)
    whole = [
        " ".join(lines) == " ".join(name.split())
        for lines, name in zip(wrapped, categories, strict=True)
    ]
    if all(whole):  # every name fits on two lines without being cut
        rows = max((len(lines) for lines in wrapped), default=1)
        return _Names("flat", wrapped, 1, rows * (LABEL_SIZE + 2) + 3, band)
    needed = LABEL_SIZE * 2 / band  # angled names need about two text heights apart
    every = next((step for step in _EVERY if step >= needed), len(categories))
    angled = []
    for index, name in enumerate(categories):
        centre = left + band * (index + 0.5)
        angled.append((fit_text(name, font, LABEL_SIZE, min(_LONG_LABEL, centre / _SIN45 - 2)),))
    longest = max((text_width(item[0], font, LABEL_SIZE) for item in angled), default=0.0)
    return _Names("angled", tuple(angled), every, longest * _SIN45 + LABEL_SIZE + 4, band)


def _add_names_below(
    drawing: Drawing, plot: Plot, names: _Names, top: float, fonts: ChartFonts
) -> None:
    for index, lines in enumerate(names.lines):
        centre = plot.left + names.band * (index + 0.5)
        if names.mode == "angled":
            if index % names.every == 0:
                drawing.add(
                    rotated_text(
                        centre + 2, top - 3, lines[0], fonts.regular, LABEL_SIZE, 45, "end"
                    )
                )
            continue
        for row, line in enumerate(lines):
            y = top - (row + 1) * (LABEL_SIZE + 2)
            drawing.add(text(centre, y, line, fonts.regular, LABEL_SIZE, INK, "middle"))


# -------------------------------------------------------------- horizontal bars


def _draw_horizontal(block: BarChart, bars: _Bars, width: float, fonts: ChartFonts) -> Drawing:
    entries = _legend(block, bars)
    title_h = title_band(block.title, width, fonts)
    legend_h = legend_height(entries, width, fonts)
    band = max(16.0, bars.slots * 9.0 + 7.0)
    header = LABEL_SIZE + 5 if block.x_label else 4.0
    footer = _TICK_ROOM + (_AXIS_TITLE if block.y_label else 0)
    plot_h = band * max(len(bars.categories), 1)
    height = title_h + legend_h + header + plot_h + footer
    drawing = Drawing(width, height)
    add_title(drawing, block.title, fonts)
    add_legend(drawing, entries, height - title_h, fonts)
    column = _name_column(bars.categories, width, fonts)
    reach = _value_label_reach(bars, block, fonts)
    left = column + (reach if bars.scale.low < 0 else 0.0) + 4
    plot = Plot(left, footer, width - max(reach, 6.0), footer + plot_h)
    add_value_axis_bottom(drawing, plot, bars.scale, block.value_format, fonts)
    _add_horizontal_bars(drawing, plot, bars, block, fonts)
    add_zero_line(drawing, plot, bars.scale, across=False)
    _add_names_left(drawing, plot, bars.categories, column, fonts)
    if block.x_label:
        label = fit_text(block.x_label, fonts.bold, LABEL_SIZE, column)
        drawing.add(text(column, plot.top + 4, label, fonts.bold, LABEL_SIZE, MUTED, "end"))
    add_axis_titles(drawing, plot, "", block.y_label, fonts)  # values run across, under the plot
    return drawing


def _name_column(categories: tuple[str, ...], width: float, fonts: ChartFonts) -> float:
    widest = max((text_width(name, fonts.regular, LABEL_SIZE) for name in categories), default=0)
    return min(widest, width * 0.38)


def _value_label_reach(bars: _Bars, block: BarChart, fonts: ChartFonts) -> float:
    """Room beyond the bar tips for their value labels."""
    outside = [label for label in bars.labels if label.inside_from is None]
    return max((_label_width(label, block, fonts) for label in outside), default=0.0) + 4


def _add_horizontal_bars(
    drawing: Drawing, plot: Plot, bars: _Bars, block: BarChart, fonts: ChartFonts
) -> None:
    """Bars from the top down in category order; their value labels always fit the margin."""
    slots = _Slots(plot.height, len(bars.categories), bars.slots)
    for segment in bars.segments:
        low, high = sorted(bars.scale.at(v, plot.left, plot.width) for v in segment.ends)
        top = plot.top - slots.offset(segment.category, segment.slot)
        drawing.add(_bar(low, top - slots.thickness, high - low, slots.thickness, segment))
    for label in bars.labels:
        content = format_value(label.value, block.value_format)
        top = plot.top - slots.offset(label.category, label.slot)
        middle = top - slots.thickness / 2 - VALUE_SIZE * 0.35
        tip = bars.scale.at(label.at, plot.left, plot.width)
        if label.inside_from is None:
            x, anchor = (tip + 3, "start") if label.at >= 0 else (tip - 3, "end")
            drawing.add(text(x, middle, content, fonts.regular, VALUE_SIZE, INK, anchor))
            continue
        low, high = sorted((bars.scale.at(label.inside_from, plot.left, plot.width), tip))
        wide = text_width(content, fonts.regular, VALUE_SIZE)
        if high - low >= wide + 4 and slots.thickness >= 8:
            centre, ink = (low + high) / 2, label.colour
            drawing.add(text(centre, middle, content, fonts.regular, VALUE_SIZE, ink, "middle"))


def _add_names_left(
    drawing: Drawing, plot: Plot, categories: tuple[str, ...], column: float, fonts: ChartFonts
) -> None:
    band = plot.height / len(categories)
    for index, name in enumerate(categories):
        label = fit_text(name, fonts.regular, LABEL_SIZE, column)
        y = plot.top - band * (index + 0.5) - LABEL_SIZE * 0.35
        drawing.add(text(column, y, label, fonts.regular, LABEL_SIZE, INK, "end"))
