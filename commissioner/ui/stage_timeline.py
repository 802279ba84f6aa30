"""The stage timeline: planned against actual bars per stage, gates, slips and today.

pyqtgraph is imported only when the chart is first drawn on screen, so opening a
project whose timeline is never looked at does not pay for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commissioner.models.enums import GateDecision, Rag
from commissioner.models.stage_rules import RED_SLIP_DAYS, slip_band, slip_text
from commissioner.services.stage_views import TimelineBar, TimelineData
from commissioner.ui.presentation import RAG_COLOURS
from commissioner.ui.stage_models import GATE_DECISION_COLOURS

DAY = 86_400.0
#: (symbol, legend text) of each gate decision; the shape tells them apart without colour.
GATE_SYMBOLS = {
    GateDecision.APPROVED: ("o", "approved"),
    GateDecision.APPROVED_WITH_CONDITIONS: ("d", "approved with conditions"),
    GateDecision.DEFERRED: ("s", "deferred"),
    GateDecision.REJECTED: ("x", "rejected"),
}
#: The same shapes as characters, for the legend under the chart.
SYMBOL_GLYPHS = {"o": "●", "d": "◆", "s": "■", "x": "✖"}
PLANNED_FILL, PLANNED_LINE = (214, 226, 240, 110), "#7a93b5"
ACTUAL_FILL, IN_PROGRESS_FILL = "#1d3d6b", "#1e6fd0"
BAR_COLOURS = {
    "actual": ACTUAL_FILL,
    "in_progress": IN_PROGRESS_FILL,
    Rag.AMBER: RAG_COLOURS[Rag.AMBER],
    Rag.RED: RAG_COLOURS[Rag.RED],
}
BAR_NAMES = {
    "actual": "Actual",
    "in_progress": "In progress",
    Rag.AMBER: f"Late ≤ {RED_SLIP_DAYS} days",
    Rag.RED: f"Late > {RED_SLIP_DAYS} days",
}
#: Marker sizes that look alike: a diamond needs more room than a circle.
SYMBOL_SIZES = {"o": 12, "d": 16, "s": 11, "x": 13}
#: Share of the view kept clear right of the last date, for the slip labels.
RIGHT_MARGIN = 0.16
#: Rows' worth of space under the last stage for a note.
NOTE_BAND = 0.25


def timestamp(day: dt.date) -> float:
    """Seconds since 1970 at the start of ``day`` in UTC, as the date axis (offset 0) reads them."""
    return float((day - dt.date(1970, 1, 1)).days) * DAY


def actual_segments(bar: TimelineBar) -> list[tuple[Any, dt.date, dt.date]]:
    """The actual bar split at the planned end: (colour key, from, to) for each part."""
    start, until = bar.actual_start, bar.actual_until
    if start is None or until is None:
        return []
    own = "in_progress" if bar.in_progress else "actual"
    band = slip_band(bar.slip_days)
    if bar.planned_end is None or band not in (Rag.AMBER, Rag.RED) or until <= bar.planned_end:
        return [(own, start, until)]
    if start > bar.planned_end:
        return [(band, start, until)]
    return [(own, start, bar.planned_end), (band, bar.planned_end, until)]


def view_end(data: TimelineData) -> dt.date:
    """The right edge of the first view: today and the commissioning stages, not a decade of
    planned delivery (the user can pan right to see it)."""
    earlier = [data.today, *(gate.decided_on for gate in data.gates)]
    for bar in data.bars:
        dates = [bar.actual_start, bar.actual_until, bar.planned_start]
        if bar is not data.bars[-1]:
            dates.append(bar.planned_end)
        earlier += [value for value in dates if value is not None]
    return max(earlier)


def bar_words(bar: TimelineBar) -> tuple[str, str]:
    """The words beside a stage's bars and their colour: lateness first, then an override."""
    parts, colour = [], IN_PROGRESS_FILL if bar.in_progress else ACTUAL_FILL
    if bar.slip_days:
        parts.append(slip_text(bar.slip_days) + (" so far" if bar.in_progress else ""))
        colour = BAR_COLOURS[slip_band(bar.slip_days) or Rag.AMBER]
    elif bar.in_progress:
        parts.append("in progress")
    if bar.overridden:
        parts.append("moved on without an approving gate")
        colour = RAG_COLOURS[Rag.RED]
    return " · ".join(parts), colour


def legend_html() -> str:
    """What each bar colour and marker shape means, as a line of words."""

    def entry(glyph: str, colour: str, name: str) -> str:
        return f'<span style="color:{colour}; font-size:14px">{glyph}</span>&nbsp;{name}'

    bars = [entry("▭", PLANNED_LINE, "Planned")]
    bars += [entry("▬", BAR_COLOURS[key], name) for key, name in BAR_NAMES.items()]
    gates = [
        entry(SYMBOL_GLYPHS[symbol], GATE_DECISION_COLOURS[decision], name)
        for decision, (symbol, name) in GATE_SYMBOLS.items()
    ]
    gap = " &nbsp;&nbsp; "
    return f"{gap.join(bars)}{gap}<b>Gates:</b> {gap.join(gates)}"


class StageTimeline(QWidget):
    """Planned bars in outline, actual bars filled (late parts amber or red, in words too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: Any = None
        self.plot: Any = None
        self.legend = QLabel(legend_html())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(8, 2, 8, 2)
        self._layout.addWidget(self.legend)
        self._pending: TimelineData | None = None
        #: The words drawn on the chart (slip labels, notes), for tests and screen readers.
        self.texts: list[str] = []
        #: How many gate markers of each decision are drawn.
        self.markers: dict[GateDecision, int] = {}

    @property
    def built(self) -> bool:
        return self.canvas is not None

    def show_timeline(self, data: TimelineData) -> None:
        """Draw ``data`` now if the chart is on screen, or as soon as it is shown."""
        self._pending = data
        if self.isVisible():
            self._draw_pending()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_pending()

    def _draw_pending(self) -> None:
        if self._pending is None:
            return
        data, self._pending = self._pending, None
        if not self.built:
            self._build()
        self._draw(data)

    def _build(self) -> None:
        import pyqtgraph as pg

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.canvas.ci.setContentsMargins(4, 4, 8, 4)
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        self.plot = self.canvas.addPlot(row=0, col=0, axisItems={"bottom": axis})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self._layout.insertWidget(0, self.canvas, 1)

    @staticmethod
    def _markers(pg: Any, decision: GateDecision, symbol: str, xs: list, ys: list) -> Any:
        colour = GATE_DECISION_COLOURS[decision]
        outline = pg.mkPen(colour, width=2) if symbol == "x" else pg.mkPen("w", width=1.5)
        return pg.ScatterPlotItem(
            x=xs,
            y=ys,
            symbol=symbol,
            size=SYMBOL_SIZES[symbol],
            pen=outline,
            brush=pg.mkBrush(colour),
        )

    def _draw(self, data: TimelineData) -> None:
        import pyqtgraph as pg

        self.plot.clear()
        self.texts, self.markers = [], {}
        self._label_rows(data)
        self._draw_planned(pg, data)
        self._draw_actual(pg, data, view_end(data))
        self._draw_gates(pg, data)
        self._draw_today(pg, data)
        self._set_range(pg, data)

    def _label_rows(self, data: TimelineData) -> None:
        names = [f"{bar.kind.sequence}. {bar.kind.label}" for bar in data.bars]
        left = self.plot.getAxis("left")
        left.setTicks([list(enumerate(names))])
        for axis in (left, self.plot.getAxis("bottom")):
            axis.setTextPen("#333")
        font = QFont(self.font())
        width = max((QFontMetrics(font).horizontalAdvance(name) for name in names), default=80)
        left.setWidth(width + 18)
        # A little room under the last row for a note about dates beyond the view.
        self.plot.setYRange(-0.7, len(names) + NOTE_BAND, padding=0)

    def _draw_planned(self, pg: Any, data: TimelineData) -> None:
        rows = [
            (row, bar.planned_start, bar.planned_end)
            for row, bar in enumerate(data.bars)
            if bar.planned_start and bar.planned_end
        ]
        if rows:
            planned = pg.BarGraphItem(
                x0=[timestamp(start) for _, start, _ in rows],
                x1=[timestamp(end) + DAY for _, _, end in rows],
                y=[row for row, _, _ in rows],
                height=0.62,
                brush=PLANNED_FILL,
                pen=pg.mkPen(PLANNED_LINE, width=1.5),
            )
            self.plot.addItem(planned)

    def _draw_actual(self, pg: Any, data: TimelineData, shown_until: dt.date) -> None:
        parts: dict[Any, list[tuple[int, dt.date, dt.date]]] = {key: [] for key in BAR_COLOURS}
        for row, bar in enumerate(data.bars):
            for key, start, end in actual_segments(bar):
                parts[key].append((row, start, end))
            self._slip_label(pg, row, bar, shown_until)
        for key, rows in parts.items():
            if rows:
                self.plot.addItem(
                    pg.BarGraphItem(
                        x0=[timestamp(start) for _, start, _ in rows],
                        x1=[timestamp(end) + DAY for _, _, end in rows],
                        y=[row for row, _, _ in rows],
                        height=0.3,
                        brush=BAR_COLOURS[key],
                        pen=pg.mkPen(BAR_COLOURS[key]),
                    )
                )

    def _slip_label(self, pg: Any, row: int, bar: TimelineBar, shown_until: dt.date) -> None:
        """Say how late a stage is, that it is under way, or that it was overridden."""
        words, colour = bar_words(bar)
        if not words or bar.actual_until is None:
            return
        after = bar.actual_until
        if bar.planned_end is not None and bar.planned_end <= shown_until:
            after = max(after, bar.planned_end)
        label = pg.TextItem(words, color=colour, anchor=(0, 0.5))
        label.setPos(timestamp(after) + 4 * DAY, row)
        self.plot.addItem(label)
        self.texts.append(words)

    def _draw_gates(self, pg: Any, data: TimelineData) -> None:
        rows = {bar.kind: row for row, bar in enumerate(data.bars)}
        for decision, (symbol, _name) in GATE_SYMBOLS.items():
            gates = [gate for gate in data.gates if gate.decision is decision]
            if gates:
                xs = [timestamp(gate.decided_on) + DAY / 2 for gate in gates]
                ys = [rows[gate.kind] for gate in gates]
                self.plot.addItem(self._markers(pg, decision, symbol, xs, ys))
                self.markers[decision] = len(gates)

    def _draw_today(self, pg: Any, data: TimelineData) -> None:
        line = pg.InfiniteLine(
            pos=timestamp(data.today) + DAY / 2,
            angle=90,
            pen=pg.mkPen("#444", width=1.5, style=Qt.PenStyle.DashLine),
            label="Today",
            labelOpts={"position": 0.04, "color": "#444", "anchors": [(0, 0), (0, 0)]},
        )
        self.plot.addItem(line)

    def _set_range(self, pg: Any, data: TimelineData) -> None:
        start, last = data.span()
        end = view_end(data)
        width = max(timestamp(end) - timestamp(start), 60 * DAY)
        left = timestamp(start) - width * 0.03
        right = timestamp(end) + DAY + width * RIGHT_MARGIN
        self.plot.setXRange(left, right, padding=0)
        if not any(bar.planned_start or bar.planned_end for bar in data.bars):
            note = "No planned dates yet: use Edit dates… to plan each stage."
            hint = pg.TextItem(note, color="#5f6b7a", anchor=(0, 0.5))
            hint.setPos(left, len(data.bars) // 2)
            self.plot.addItem(hint)
            self.texts.append(note)
        if last > end:
            note = f"planned to {last:%d/%m/%Y} ▸"
            label = pg.TextItem(note, color="#5f6b7a", anchor=(1, 1))
            label.setPos(right, len(data.bars) + NOTE_BAND)
            self.plot.addItem(label)
            self.texts.append(note)
