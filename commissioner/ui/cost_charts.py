"""Cost charts: the cumulative S-curve of budget, forecast and actual over the whole life,
and the variance to budget by cost category.

pyqtgraph is imported here only; the Costs area loads this module when the charts are
first shown, so opening the app does not pay for the charting library. Money is plotted
in pence (exact integers as floats) and shown on the axes as £k or £m.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from commissioner.models.cost_rules import (
    add_months,
    cumulative,
    months_from,
)
from commissioner.models.dates import format_date
from commissioner.models.money import format_pounds, short_pounds
from commissioner.services.cost_analysis import (
    CategoryVariance,
    category_variances,
    monthly_totals,
)
from commissioner.services.costs import CostSheet
from commissioner.ui.kpi_chart import timestamp

MUTED = "#5f6b7a"
AXIS = "#9aa5b1"
TEXT = "#1f2933"
#: (legend words, colour, dash): each line differs in dash as well as colour.
BUDGET_STYLE = ("Budget (profiled, cumulative)", "#0072b2", Qt.PenStyle.DashLine)
FORECAST_STYLE = ("Forecast (actuals, then forecast)", "#d55e00", Qt.PenStyle.DotLine)
ACTUAL_STYLE = ("Actual spend", "#1f2933", Qt.PenStyle.SolidLine)
CURRENT_BUDGET_COLOUR = "#0072b2"
TODAY_COLOUR = "#5f6b7a"
OVERRUN_COLOUR = "#c62828"
UNDERSPEND_COLOUR = "#1565c0"
OVERRUN_WORDS = "Overrun: forecast over budget"
UNDERSPEND_WORDS = "Underspend: forecast under budget"
BAR_WIDTH = 0.6
_DAY = 86_400
#: Average width of a category name's character on the axis, in pixels.
CHARACTER_PIXELS = 7


class MoneyAxis(pg.AxisItem):
    """A value axis in pence that reads in pounds: '£0', '£500k', '£1.5m'."""

    def __init__(self, orientation: str = "left", **options: Any) -> None:
        super().__init__(orientation, **options)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: Iterable[float], scale: float, spacing: float) -> list[str]:
        return [short_pounds(value * scale) for value in values]


def _plain_plot(left_axis: pg.AxisItem) -> pg.PlotWidget:
    plot = pg.PlotWidget(axisItems={"left": left_axis})
    plot.setBackground("w")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(x=False, y=True, alpha=0.15)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(MUTED))
    plot.getAxis("left").setWidth(64)
    # Room above the plot for the half of the top tick label that stands over it, and
    # beside it for the first and last month names, centred under the plot's ends.
    plot.getPlotItem().setContentsMargins(4, 10, 24, 4)
    plot.getAxis("bottom").setStyle(hideOverlappingLabels=34)
    return plot


class _ChartOrSentence(QWidget):
    """A chart that says in a sentence, in its place, when there is nothing to draw."""

    def __init__(self, plot: pg.PlotWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.plot)
        self._stack.addWidget(self.message)

    def _say(self, sentence: str) -> None:
        self.plot.clear()
        self.message.setText(sentence)
        self._stack.setCurrentWidget(self.message)

    def _draw(self) -> None:
        self.plot.clear()
        self.message.setText("")
        self._stack.setCurrentWidget(self.plot)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.empty:
            self._set_ticks()

    def _axis_pixels(self) -> int:
        """The width the bottom axis has for its labels."""
        return max(self.plot.width() - 90, 100)

    def _set_ticks(self) -> None:
        """Label the bottom axis to fit its width (called again on every resize)."""

    @property
    def empty(self) -> bool:
        """True when the chart shows its sentence instead of a plot."""
        return self._stack.currentWidget() is self.message


# ----- the S-curve --------------------------------------------------------------------


#: Months between ticks, from the closest; the first whose labels fit is used.
_TICK_STEPS = (1, 3, 6, 12, 24, 60)
#: Room one month label ('Sep 2026') needs on the date axis, in pixels.
MONTH_LABEL_PIXELS = 76


def _index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def month_ticks(
    first: dt.date, last: dt.date, max_ticks: int = 14, year_start: int = 4
) -> list[tuple[float, str]]:
    """Ticks on the first of months from ``first`` to ``last``, at most ``max_ticks``:
    monthly where they fit, else quarterly, half-yearly or yearly from the financial
    year's first month. Monthly ticks name their year on the first and each January."""
    months = months_from(first, last)
    first_year_start = _index(first) + (year_start - first.month) % 12
    step, chosen = 1, months
    for step in _TICK_STEPS:
        # Count whole months from the first financial year's start in range, so that
        # steps of two or more years begin there too.
        chosen = [m for m in months if (_index(m) - first_year_start) % step == 0]
        if len(chosen) <= max(max_ticks, 2):
            break
    ticks = []
    for month in chosen:
        with_year = step > 1 or month.month == 1 or month == chosen[0]
        ticks.append((timestamp(month), month.strftime("%b %Y" if with_year else "%b")))
    return ticks


class CostSCurve(_ChartOrSentence):
    """Cumulative budget, forecast and actual over the whole life, with today and the
    current budget marked and labelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_plain_plot(MoneyAxis("left")), parent)
        self.plot.setMinimumHeight(260)
        self.legend: Any = None
        #: The drawn lines by name ("budget", "forecast", "actual").
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.today_line: pg.InfiniteLine | None = None
        self.budget_line: pg.InfiniteLine | None = None
        self.completion_note: pg.TextItem | None = None
        #: The first and last month boundaries shown, and the financial year's first month.
        self._span: tuple[dt.date, dt.date, int] | None = None

    def show_sheet(self, sheet: CostSheet, today: dt.date) -> None:
        """Draw ``sheet``'s cumulative lines; a sheet with no figures says so instead."""
        self.curves, self.today_line, self.budget_line = {}, None, None
        self.completion_note, self._span = None, None
        totals = monthly_totals(sheet.lines)
        if not sheet.lines:
            self._say("No cost lines yet. Add the project's cost lines to see its S-curve.")
            return
        if not totals.has_figures or not sheet.months:
            self._say(
                "No budget, forecast or actual figures yet. Enter them month by month in "
                "the grid to see the S-curve."
            )
            return
        self._draw()
        months = list(sheet.months)
        # Each total is what has been spent by the end of its month, so the curve starts
        # at £0 on the first of the first month and steps to each month's end.
        xs = [timestamp(months[0]), *(timestamp(add_months(m, 1)) for m in months)]
        self.legend = self.plot.addLegend(
            offset=(-12, -44), labelTextColor=TEXT, labelTextSize="9pt", verSpacing=-4
        )
        self._curve("budget", BUDGET_STYLE, xs, [0, *cumulative(totals.budget, months)])
        self._curve("forecast", FORECAST_STYLE, xs, [0, *cumulative(totals.forecast_path, months)])
        self._actual_curve(xs, months, totals.actual)
        self._mark_completion(xs[-1], self.curves["forecast"])
        self._mark_budget(sheet.position.current_budget)
        self._mark_today(today, (today - months[0]).days / max((months[-1] - months[0]).days, 1))
        self._span = (months[0], add_months(months[-1], 1), sheet.financial_year_start_month)
        self._fit(xs, sheet.position.current_budget, today)
        self._set_ticks()

    def _set_ticks(self) -> None:
        if self._span is not None:
            first, last, year_start = self._span
            fit = self._axis_pixels() // MONTH_LABEL_PIXELS
            ticks = month_ticks(first, last, fit, year_start)
            self.plot.getAxis("bottom").setTicks([ticks])

    def _curve(
        self, key: str, style: tuple[str, str, Qt.PenStyle], xs: list[float], ys: Sequence[int]
    ) -> None:
        words, colour, dash = style
        width = 2.5 if key == "actual" else 2
        pen = pg.mkPen(colour, width=width, style=dash)
        self.curves[key] = self.plot.plot(xs, [float(y) for y in ys], pen=pen, name=words)

    def _actual_curve(
        self, xs: list[float], months: list[dt.date], actual: dict[dt.date, int]
    ) -> None:
        """Actuals stop at the latest month booked; they do not run flat into the future."""
        if not actual:
            return
        booked = months.index(max(actual)) + 2
        self._curve("actual", ACTUAL_STYLE, xs[:booked], [0, *cumulative(actual, months)][:booked])

    def _mark_completion(self, x: float, forecast: pg.PlotDataItem) -> None:
        y = float(forecast.yData[-1])
        dot = pg.ScatterPlotItem([x], [y], symbol="o", size=9, brush=pg.mkBrush(FORECAST_STYLE[1]))
        self.plot.addItem(dot)
        words = f"Forecast at completion {format_pounds(round(y))}"
        self.completion_note = pg.TextItem(words, color=FORECAST_STYLE[1], anchor=(1, 1.15))
        self.completion_note.setPos(x, y)
        self.plot.addItem(self.completion_note)

    def _mark_budget(self, current_budget: int | None) -> None:
        if current_budget is None:
            return
        self.budget_line = self._line(
            current_budget,
            0,
            CURRENT_BUDGET_COLOUR,
            f"Current budget {format_pounds(current_budget)}",
            0.02,
            ((0, 1), (0, 1)),
        )

    def _mark_today(self, today: dt.date, through_life: float) -> None:
        """The today line, labelled low down: below the curves, clear of the completion
        note (top right). Left of the line once the curves have climbed, so the words
        stay clear of the legend (bottom right); right of it early on, clear of the
        curves' start."""
        side = (1, 1) if through_life > 0.35 else (0, 1)
        self.today_line = self._line(
            timestamp(today),
            90,
            TODAY_COLOUR,
            f"Today {format_date(today)}",
            0.03,
            (side, side),
        )

    def _line(
        self,
        position: float,
        angle: float,
        colour: str,
        words: str,
        along: float,
        anchors: tuple[tuple[float, float], tuple[float, float]],
    ) -> pg.InfiniteLine:
        line = pg.InfiniteLine(
            pos=position,
            angle=angle,
            pen=pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DashDotLine),
            label=words,
            labelOpts={
                "position": along,
                "color": colour,
                "anchors": list(anchors),
                "fill": pg.mkBrush(255, 255, 255, 220),
            },
        )
        self.plot.addItem(line)
        return line

    def _fit(self, xs: list[float], current_budget: int | None, today: dt.date) -> None:
        tops = [max(curve.yData) for curve in self.curves.values()]
        top = max([*tops, float(current_budget or 0), 1.0])
        # A little below £0 and either side of the life, so the first and last labels show.
        self.plot.setYRange(-top * 0.02, top * 1.12, padding=0)
        # Today stays in view up to a year either side of the project's life.
        now = timestamp(today)
        low = max(min(xs[0], now), xs[0] - 366 * _DAY)
        high = min(max(xs[-1], now), xs[-1] + 366 * _DAY)
        span = high - low
        self.plot.setXRange(low - span * 0.035, high + span * 0.035, padding=0)


# ----- variance by category -----------------------------------------------------------


def elide(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def two_lines(name: str, limit: int) -> str:
    """A category name on one line, or wrapped onto two, of ``limit`` characters at most;
    only a name too long for two lines loses its end."""
    lines = textwrap.wrap(name, limit, break_long_words=False) or [""]
    if len(lines) > 2 or any(len(line) > limit for line in lines):
        first = elide(lines[0], limit)
        rest = " ".join(lines[1:])
        return first if not rest else f"{first}\n{elide(rest, limit)}"
    return "\n".join(lines)


class VarianceByCategoryChart(_ChartOrSentence):
    """A bar per cost category of forecast at completion minus budget: overruns up in
    red, underspends down in blue, each labelled with its amount and the word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_plain_plot(MoneyAxis("left")), parent)
        self.plot.setMinimumHeight(240)
        self.plot.setLabel("left", "Forecast − budget", color=MUTED)
        self.rows: list[CategoryVariance] = []
        #: The bars: "overrun" and "underspend", each only when a category has one.
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.notes: list[pg.TextItem] = []

    def show_sheet(self, sheet: CostSheet, today: dt.date) -> None:
        """Draw ``sheet``'s variance per category; no figures gives a sentence instead."""
        self.bars, self.notes = {}, []
        self.rows = category_variances(sheet, today)
        if not sheet.lines:
            self._say("No cost lines yet, so there is no variance by category to show.")
            return
        if not self.rows:
            self._say(
                "No budget, forecast or actual figures yet, so there is no variance by "
                "category to show."
            )
            return
        self._draw()
        self.plot.addLegend(offset=(8, 2), labelTextColor=TEXT, labelTextSize="9pt")
        self._bars("overrun", OVERRUN_COLOUR, OVERRUN_WORDS, lambda v: v > 0)
        self._bars("underspend", UNDERSPEND_COLOUR, UNDERSPEND_WORDS, lambda v: v < 0)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(AXIS, width=1)))
        for position, row in enumerate(self.rows):
            self._label(position, row.variance)
        self._fit()

    def _bars(self, key: str, colour: str, words: str, chosen: Any) -> None:
        picked = [(x, row.variance) for x, row in enumerate(self.rows) if chosen(row.variance)]
        if not picked:
            return
        bars = pg.BarGraphItem(
            x=[float(x) for x, _ in picked],
            height=[float(v) for _, v in picked],
            width=BAR_WIDTH,
            brush=pg.mkBrush(colour),
            pen=None,
            name=words,
        )
        self.plot.addItem(bars)
        self.bars[key] = bars

    def _label(self, position: int, variance: int) -> None:
        if variance > 0:
            words, colour, anchor = f"{short_pounds(variance)} over", OVERRUN_COLOUR, (0.5, 1)
        elif variance < 0:
            words, colour, anchor = f"{short_pounds(-variance)} under", UNDERSPEND_COLOUR, (0.5, 0)
        else:
            words, colour, anchor = "On budget", MUTED, (0.5, 1)
        note = pg.TextItem(words, color=colour, anchor=anchor)
        note.setPos(position, variance)
        self.plot.addItem(note)
        self.notes.append(note)

    def _fit(self) -> None:
        values = [row.variance for row in self.rows]
        low, high = min([*values, 0]), max([*values, 0])
        pad = (high - low) * 0.18 or 100_000
        # Room above for the legend, and below any underspend for its label.
        self.plot.setYRange(low - (pad if low < 0 else pad * 0.3), high + pad * 1.6, padding=0)
        self._set_ticks()
        slots = max(len(self.rows), 3)
        centre = (len(self.rows) - 1) / 2
        self.plot.setXRange(centre - slots / 2, centre + slots / 2, padding=0)

    def _set_ticks(self) -> None:
        """Category names, shortened to the room each bar has."""
        slot = self._axis_pixels() / max(len(self.rows), 3)
        limit = max(int(slot // CHARACTER_PIXELS), 6)
        ticks = [(x, two_lines(row.category, limit)) for x, row in enumerate(self.rows)]
        axis = self.plot.getAxis("bottom")
        axis.setTicks([ticks])
        # Tall enough for two lines of names whenever one wraps.
        axis.setHeight(46 if any("\n" in label for _x, label in ticks) else None)

    def heights(self, key: str) -> dict[str, float]:
        """The bars drawn for ``key`` ("overrun" or "underspend") by category name."""
        bars = self.bars.get(key)
        if bars is None:
            return {}
        return {
            self.rows[round(float(x))].category: float(h)
            for x, h in zip(bars.opts["x"], bars.opts["height"], strict=True)
        }
