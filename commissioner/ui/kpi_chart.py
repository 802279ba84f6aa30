"""A KPI's trend: its measurements over time against target and the amber threshold.

pyqtgraph is imported here only; the golden thread view loads this module when it first
shows a KPI, so opening the app does not pay for the charting library.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commissioner.models.enums import KpiDirection, Rag
from commissioner.models.golden_thread_rules import add_months, format_measure
from commissioner.services.kpis import KpiHistory
from commissioner.ui.presentation import RAG_COLOURS

#: Each rating has its own marker shape as well as its colour, so colour is never alone.
RAG_SYMBOLS = {Rag.GREEN: "o", Rag.AMBER: "t1", Rag.RED: "s"}
#: The same shapes as text, for the key under the chart.
RAG_SHAPES = {Rag.GREEN: "●", Rag.AMBER: "▲", Rag.RED: "■"}
TARGET_COLOUR = "#2e7d32"
THRESHOLD_COLOUR = "#ef8f00"
LINE_COLOUR = "#1d3d6b"
MUTED = "#5f6b7a"
_DAY = 86_400


def timestamp(day: dt.date) -> float:
    """Seconds since 1970 at midnight UTC, the same on every machine, for the date axis."""
    return float(calendar.timegm(day.timetuple()))


def _key_html() -> str:
    """The key to the chart's shapes and lines, in words beside each."""
    shapes = "&nbsp;&nbsp;".join(
        f'<span style="color:{RAG_COLOURS[rag]}">{RAG_SHAPES[rag]}</span> {rag.label}'
        for rag in Rag
    )
    return (
        f'<span style="color:{MUTED}">{shapes}&nbsp;&nbsp;&nbsp;'
        f'<span style="color:{TARGET_COLOUR}">– – target</span>&nbsp;&nbsp;'
        f'<span style="color:{THRESHOLD_COLOUR}">··· amber threshold</span></span>'
    )


def period_ticks(first: dt.date, last: dt.date) -> list[tuple[float, str]]:
    """Month-end ticks from ``first`` to ``last``: every month for a year or less, then
    every quarter, then every year; each January (and the first tick) carries its year."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 12 else 3 if months <= 36 else 12
    end = add_months(first.replace(day=1), 1) - dt.timedelta(days=1)
    ticks: list[tuple[float, str]] = []
    while end <= add_months(last.replace(day=1), 1) - dt.timedelta(days=1):
        if (end.month - 1) % step == 0:
            with_year = end.month == 1 or not ticks
            ticks.append((timestamp(end), end.strftime("%b %Y" if with_year else "%b")))
        end = add_months(end, 1)
    return ticks


class KpiChart(QWidget):
    """Measurements as points coloured and shaped by RAG, joined in period order, with
    the target and the amber threshold as labelled lines and the latest value in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen("#9aa5b1"))
            axis.setTextPen(pg.mkPen(MUTED))
        self.plot.getAxis("left").setWidth(56)
        self.history: KpiHistory | None = None
        self.key = QLabel(_key_html())
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.key)

    def show_history(self, history: KpiHistory) -> None:
        """Draw ``history``; a KPI not yet measured shows its target and says so."""
        self.history = history
        self.plot.clear()
        self.plot.setTitle(None)
        self.plot.setLabel("left", history.unit or "Value", color=MUTED)
        self._standard_lines(history)
        if not history.measurements:
            self._no_data(history)
            return
        xs = [timestamp(row.period_end) for row in history.measurements]
        ys = [row.value for row in history.measurements]
        self.plot.plot(xs, ys, pen=pg.mkPen(LINE_COLOUR, width=2))
        for rag in Rag:
            rows = [row for row in history.measurements if row.rag is rag]
            if rows:
                self.plot.addItem(self._points(rows, rag))
        self._label_latest(history, xs[-1], ys[-1])
        self._fit(history, xs, ys)

    def _standard_lines(self, history: KpiHistory) -> None:
        """Target and amber threshold as labelled lines; the labels face away from each
        other (the target's toward better values) so they never overprint."""
        better_up = history.direction is KpiDirection.HIGHER_IS_BETTER
        target = format_measure(history.target, history.unit)
        self._line(
            history.target, TARGET_COLOUR, Qt.PenStyle.DashLine, f"Target {target}", better_up
        )
        if history.tolerance > 0:
            edge = format_measure(history.amber_threshold, history.unit)
            text = f"Amber threshold {edge}"
            self._line(
                history.amber_threshold, THRESHOLD_COLOUR, Qt.PenStyle.DotLine, text, not better_up
            )

    def _line(self, value: float, colour: str, style: Qt.PenStyle, text: str, above: bool) -> None:
        anchor = (0, 1) if above else (0, 0)
        line = pg.InfiniteLine(
            pos=value,
            angle=0,
            pen=pg.mkPen(colour, width=1.5, style=style),
            label=text,
            # A light backing keeps the words readable where the trend line crosses them.
            labelOpts={
                "position": 0.01,
                "color": colour,
                "anchors": [anchor, anchor],
                "fill": pg.mkBrush(255, 255, 255, 210),
            },
        )
        self.plot.addItem(line)

    def _points(self, rows: list, rag: Rag) -> pg.ScatterPlotItem:
        points = pg.ScatterPlotItem(
            [timestamp(row.period_end) for row in rows],
            [row.value for row in rows],
            symbol=RAG_SYMBOLS[rag],
            size=11,
            brush=pg.mkBrush(RAG_COLOURS[rag]),
            pen=pg.mkPen("w", width=1),
        )
        points.setToolTip(None)
        return points

    def _label_latest(self, history: KpiHistory, x: float, y: float) -> None:
        """Ring the latest point and state its value and rating above the plot."""
        latest = history.latest
        assert latest is not None
        colour = RAG_COLOURS[latest.rag]
        ring = pg.ScatterPlotItem(
            [x], [y], symbol="o", size=20, brush=None, pen=pg.mkPen(colour, width=2)
        )
        self.plot.addItem(ring)
        value = html.escape(format_measure(latest.value, history.unit))
        self.plot.setTitle(
            f'<span style="color:{MUTED}">Latest</span> '
            f'<span style="color:{colour}"><b>{value} · {latest.rag.label}</b></span>',
            size="10pt",
        )

    def _no_data(self, history: KpiHistory) -> None:
        today = timestamp(dt.date.today())
        self.plot.setXRange(today - 365 * _DAY, today, padding=0)
        self._fit(history, [], [])
        note = pg.TextItem("No data: no measurements recorded yet", color=MUTED, anchor=(0.5, 0.5))
        low, high = self.plot.viewRange()[1]
        note.setPos(today - 182 * _DAY, (low + high) / 2)
        self.plot.addItem(note)

    def _fit(self, history: KpiHistory, xs: list[float], ys: list[float]) -> None:
        """Show every point and both lines, with room for the labels."""
        values = [*ys, history.target, history.amber_threshold]
        low, high = min(values), max(values)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
        self.plot.setYRange(low - pad, high + pad, padding=0)
        if xs:
            span = max(xs[-1] - xs[0], 60 * _DAY)
            # Room either side for the first and last month names under their points.
            self.plot.setXRange(xs[0] - span * 0.07, xs[-1] + span * 0.05, padding=0)
            first, last = history.measurements[0].period_end, history.measurements[-1].period_end
            self.plot.getAxis("bottom").setTicks([period_ticks(first, last)])
        else:
            self.plot.getAxis("bottom").setTicks(None)
