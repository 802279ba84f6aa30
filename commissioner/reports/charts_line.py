"""Line charts for packs: monthly series with gaps, dashed forecasts and a marker month.

Points sit in the middle of their month's slot, so the first and last month labels
never run off the drawing; with many months only every 2nd, 3rd, 6th or 12th
label is printed, so quarters and years line up. A missing value breaks the line:
actuals stop at the reporting month while a dashed forecast runs on.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect
from reportlab.lib import colors

from commissioner.reports.blocks import LineChart
from commissioner.reports.charts_common import (
    LABEL_SIZE,
    TICK_SIZE,
    VALUE_SIZE,
    ChartFonts,
    LegendEntry,
    Plot,
    Scale,
    add_axis_titles,
    add_legend,
    add_title,
    add_value_axis_left,
    add_zero_line,
    clean,
    empty_chart,
    fit_text,
    format_value,
    legend_height,
    nice_scale,
    text,
    text_width,
    ticks_width,
    title_band,
    wants_legend,
)
from commissioner.reports.palette import INK, MUTED, series_colour

_AXIS_TITLE = 12.0
_MARKER_ROW = 11.0
_DOTS_UP_TO = 24
_STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120)


def draw_line_chart(block: LineChart, width: float, fonts: ChartFonts) -> Drawing:
    count = len(block.x_labels)
    rows = [(clean(series.values) + [None] * count)[:count] for series in block.series]
    values = [value for row in rows for value in row if value is not None]
    if not values:
        return empty_chart(block.title, width, "No values to show.", fonts)
    colours = [series_colour(series.colour, index) for index, series in enumerate(block.series)]
    scale = nice_scale(values, include_zero=_wants_zero(values))
    drawing, plot = _frame(block, rows, colours, scale, width, fonts)
    add_value_axis_left(drawing, plot, scale, block.value_format, fonts)
    _add_month_axis(drawing, plot, block.x_labels, fonts)
    if 0 <= block.marker_index < count:
        _add_marker(drawing, plot, block, count, fonts)
    add_zero_line(drawing, plot, scale)
    for row, colour, series in zip(rows, colours, block.series, strict=True):
        _add_series(drawing, plot, scale, row, colour, series.dashed)
    _add_end_labels(drawing, plot, scale, rows, colours, block, fonts)
    add_axis_titles(drawing, plot, block.y_label, block.x_label, fonts)
    return drawing


def _frame(
    block: LineChart,
    rows: list[list[float | None]],
    colours: list[colors.Color],
    scale: Scale,
    width: float,
    fonts: ChartFonts,
) -> tuple[Drawing, Plot]:
    """The drawing with its title and legend, and where the plot goes inside it."""
    entries = [
        LegendEntry(series.name, colour, line=True, dashed=series.dashed)
        for series, colour in zip(block.series, colours, strict=True)
    ]
    names = [series.name for series in block.series]
    entries = entries if wants_legend(names, block.title, block.y_label) else []
    marked = 0 <= block.marker_index < len(block.x_labels)
    title_h = title_band(block.title, width, fonts)
    header = title_h + legend_height(entries, width, fonts) + (_MARKER_ROW if marked else 0) + 6
    footer = TICK_SIZE + 6 + (_AXIS_TITLE if block.x_label else 0)
    plot_h = max(100.0, width * 0.34)
    drawing = Drawing(width, header + plot_h + footer)
    add_title(drawing, block.title, fonts)
    add_legend(drawing, entries, drawing.height - title_h, fonts)
    left = (_AXIS_TITLE if block.y_label else 0) + ticks_width(scale, block.value_format, fonts) + 5
    right = width - _end_label_room(rows, block, fonts)
    return drawing, Plot(left, footer, right, footer + plot_h)


def _wants_zero(values: list[float]) -> bool:
    """Start at zero unless the values sit in a narrow band far from it (a KPI at 92–97%)."""
    if not values:
        return True
    low, high = min(values), max(values)
    same_sign = low > 0 or high < 0
    return not (same_sign and high - low < 0.25 * max(abs(low), abs(high)))


def _x_of(plot: Plot, index: int, count: int) -> float:
    return plot.left + plot.width * (index + 0.5) / count


def _end_label_room(rows: list[list[float | None]], block: LineChart, fonts: ChartFonts) -> float:
    """Room right of the plot for the values of series that run to the last month."""
    widths = [
        text_width(format_value(row[-1], block.value_format), fonts.regular, VALUE_SIZE)
        for row in rows
        if row and row[-1] is not None
    ]
    return max(widths, default=0.0) + 6


def _add_month_axis(
    drawing: Drawing, plot: Plot, labels: tuple[str, ...], fonts: ChartFonts
) -> None:
    count = len(labels)
    slot = plot.width / count
    widest = max(text_width(label, fonts.regular, TICK_SIZE) for label in labels)
    every = next((step for step in _STEPS if step * slot >= widest + 6), count)
    for index, label in enumerate(labels):
        x = _x_of(plot, index, count)
        printed = index % every == 0
        drawing.add(
            Line(
                x,
                plot.bottom,
                x,
                plot.bottom - (3 if printed else 1.5),
                strokeColor=MUTED,
                strokeWidth=0.5,
            )
        )
        if printed:
            # Centred under its point: never wider than twice the room to the nearer edge.
            room = min(slot * every - 4, 2 * x - 2, 2 * (drawing.width - x) - 2)
            fitted = fit_text(label, fonts.regular, TICK_SIZE, room)
            y = plot.bottom - TICK_SIZE - 4
            drawing.add(text(x, y, fitted, fonts.regular, TICK_SIZE, MUTED, "middle"))


def _add_marker(
    drawing: Drawing, plot: Plot, block: LineChart, count: int, fonts: ChartFonts
) -> None:
    """The reporting month: a dashed upright line, its label above the plot."""
    x = _x_of(plot, block.marker_index, count)
    line = Line(x, plot.bottom, x, plot.top + 3, strokeColor=MUTED, strokeWidth=0.8)
    line.strokeDashArray = [2, 2]
    drawing.add(line)
    label = fit_text(block.marker_label, fonts.regular, LABEL_SIZE, drawing.width)
    wide = text_width(label, fonts.regular, LABEL_SIZE)
    start = min(max(x - wide / 2, 0.0), drawing.width - wide)
    drawing.add(text(start, plot.top + 5, label, fonts.regular, LABEL_SIZE, INK))


def _add_series(
    drawing: Drawing,
    plot: Plot,
    scale: Scale,
    row: list[float | None],
    colour: colors.Color,
    dashed: bool,
) -> None:
    """One series as separate runs, so a missing month is a gap rather than a bridge."""
    count = len(row)
    points = [
        None
        if value is None
        else (_x_of(plot, index, count), scale.at(value, plot.bottom, plot.height))
        for index, value in enumerate(row)
    ]
    for run in _runs(points):
        if len(run) > 1:
            line = PolyLine(
                [coord for point in run for coord in point], strokeColor=colour, strokeWidth=1.6
            )
            line.strokeDashArray = [4, 2.5] if dashed else None
            line.strokeLineJoin = 1
            drawing.add(line)
        if len(run) == 1 or (count <= _DOTS_UP_TO and not dashed):
            for x, y in run:
                drawing.add(Circle(x, y, 1.9, fillColor=colour, strokeColor=None))


def _runs(
    points: list[tuple[float, float] | None],
) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _add_end_labels(
    drawing: Drawing,
    plot: Plot,
    scale: Scale,
    rows: list[list[float | None]],
    colours: list[colors.Color],
    block: LineChart,
    fonts: ChartFonts,
) -> None:
    """Each series' latest value: beside the plot if it runs to the end, else above its point."""
    beside: list[tuple[float, str, colors.Color]] = []
    for row, colour in zip(rows, colours, strict=True):
        last = max((index for index, value in enumerate(row) if value is not None), default=-1)
        if last < 0:
            continue
        value = row[last]
        assert value is not None
        content = format_value(value, block.value_format)
        y = scale.at(value, plot.bottom, plot.height)
        if last == len(row) - 1:
            beside.append((y, content, colour))
        else:
            _add_inner_label(drawing, plot, _x_of(plot, last, len(row)), y, content, fonts)
    ys = _spread([item[0] for item in sorted(beside)], VALUE_SIZE + 1.5)
    for y, (_, content, colour) in zip(ys, sorted(beside), strict=True):
        drawing.add(
            text(plot.right + 4, y - VALUE_SIZE * 0.35, content, fonts.bold, VALUE_SIZE, colour)
        )


def _add_inner_label(
    drawing: Drawing, plot: Plot, x: float, y: float, content: str, fonts: ChartFonts
) -> None:
    wide = text_width(content, fonts.bold, VALUE_SIZE)
    start = x - 3 - wide if x - 3 - wide >= plot.left else x + 3
    drawing.add(
        Rect(start - 1, y + 2, wide + 2, VALUE_SIZE + 1, fillColor=colors.white, strokeColor=None)
    )
    drawing.add(text(start, y + 3.5, content, fonts.bold, VALUE_SIZE, INK))


def _spread(ys: list[float], gap: float) -> list[float]:
    """Sorted label heights pushed apart so no two labels touch."""
    spread: list[float] = []
    for y in ys:
        spread.append(max(y, spread[-1] + gap) if spread else y)
    return spread
