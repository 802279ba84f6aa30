"""Cultural alignment charts: suppliers side by side, and one supplier's trend.

pyqtgraph is imported here only; the alignment area loads this module when it is first
shown, so opening the app does not pay for the charting library.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commissioner.models.alignment_rules import MAX_GAP
from commissioner.services.alignment import AlignmentTrend, SupplierComparison
from commissioner.ui.kpi_chart import timestamp

MUTED = "#5f6b7a"
AXIS = "#9aa5b1"
INDEX_COLOUR = "#1d3d6b"
FALL_COLOUR = "#c62828"
#: (key, legend words, colour): culture first, since it is what this chart adds.
MEASURES = (
    ("culture", "Culture (alignment index)", "#1d3d6b"),
    ("price", "Price score", "#e69f00"),
    ("capability", "Capability score", "#009e73"),
)
#: Distinct colours and marker shapes for the dimensions' gap lines (Okabe–Ito first).
DIMENSION_STYLES = (
    ("#0072b2", "o"),
    ("#d55e00", "s"),
    ("#009e73", "t"),
    ("#cc79a7", "d"),
    ("#e69f00", "t1"),
    ("#56b4e9", "p"),
    ("#000000", "h"),
    ("#8c564b", "star"),
)
_SHAPES = {"o": "●", "s": "■", "t": "▼", "d": "◆", "t1": "▲", "p": "⬟", "h": "⬢", "star": "★"}
BAR_WIDTH = 0.26
_DAY = 86_400


def elide(name: str, limit: int = 22) -> str:
    """A supplier's name short enough to sit under its group of bars."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _plain_plot(widget: Any) -> Any:
    widget.setBackground("w")
    widget.setMenuEnabled(False)
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    for name in ("left", "bottom"):
        axis = widget.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(MUTED))
    return widget


def _measure_value(row: SupplierComparison, measure: str) -> float | None:
    if measure == "culture":
        return None if row.index is None else float(row.index)
    return row.price_score if measure == "price" else row.capability_score


class ComparisonChart(QWidget):
    """Grouped bars per supplier: culture beside price and capability, all out of 100.

    A supplier with no assessment (or no score) gets no bar but the words saying so, so an
    absent reading never looks like a bad one.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plain_plot(pg.PlotWidget())
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.plot.setLabel("left", "Score out of 100", color=MUTED)
        self.plot.getAxis("left").setWidth(52)
        self.legend = self.plot.addLegend(
            offset=(8, 4), colCount=len(MEASURES), labelTextColor="#1f2933", labelTextSize="10pt"
        )
        #: The bars of each measure by its key; only suppliers with a value have a bar.
        self.series: dict[str, pg.BarGraphItem] = {}
        self.notes: list[pg.TextItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_comparison(self, rows: Sequence[SupplierComparison]) -> None:
        self.plot.clear()
        self.series, self.notes = {}, []
        self.plot.setYRange(-3, 125, padding=0)
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)]])
        if not rows:
            self.plot.setXRange(-0.5, 0.5, padding=0)
            self.plot.getAxis("bottom").setTicks([[]])
            self._note(0, 60, "No shortlisted or contracted suppliers on this project yet", 0)
            return
        for offset, (key, words, colour) in zip((-1, 0, 1), MEASURES, strict=True):
            self._bars(rows, key, words, colour, offset * (BAR_WIDTH + 0.03))
        limit = 34 if len(rows) <= 3 else 18 if len(rows) <= 5 else 12
        ticks = [(position, elide(row.supplier_name, limit)) for position, row in enumerate(rows)]
        self.plot.getAxis("bottom").setTicks([ticks])
        # At least three groups' room, so one or two suppliers do not become slabs.
        slots = max(len(rows), 3)
        centre = (len(rows) - 1) / 2
        self.plot.setXRange(centre - slots / 2 - 0.1, centre + slots / 2 + 0.1, padding=0)

    def _bars(
        self, rows: Sequence[SupplierComparison], key: str, words: str, colour: str, shift: float
    ) -> None:
        xs: list[float] = []
        heights: list[float] = []
        for position, row in enumerate(rows):
            value = _measure_value(row, key)
            if value is None:
                missing = "Not assessed" if key == "culture" else "No score"
                self._note(position + shift, 2, missing, 90)
                continue
            xs.append(position + shift)
            heights.append(value)
            self._note(position + shift, value, f"{value:g}", 0, colour=colour, above=True)
        bars = pg.BarGraphItem(
            x=xs, height=heights, width=BAR_WIDTH, brush=pg.mkBrush(colour), pen=None, name=words
        )
        self.plot.addItem(bars)
        self.series[key] = bars

    def _note(
        self,
        x: float,
        y: float,
        text: str,
        angle: float,
        *,
        colour: str = MUTED,
        above: bool = False,
    ) -> None:
        anchor = (0.5, 1) if above or angle == 0 else (0, 0.5)
        note = pg.TextItem(text, color=colour, anchor=anchor, angle=angle)
        note.setPos(x, y)
        self.plot.addItem(note)
        self.notes.append(note)

    def heights(self, measure: str) -> dict[float, float]:
        """The bars drawn for ``measure`` as {x position: height}."""
        bars = self.series.get(measure)
        if bars is None:
            return {}
        return {
            float(x): float(h) for x, h in zip(bars.opts["x"], bars.opts["height"], strict=True)
        }


def date_ticks(days: Sequence[dt.date]) -> list[tuple[float, str]]:
    """A tick at each assessment date, thinned so that the labels never overprint."""
    step = max(1, math.ceil(len(days) / 8))
    chosen = list(days[::step])
    if days and days[-1] not in chosen:
        chosen[-1] = days[-1]
    return [(timestamp(day), day.strftime("%d %b %Y")) for day in chosen]


class TrendChart(QWidget):
    """One supplier's alignment index over time, and below it each dimension's gap.

    A falling latest reassessment is drawn in red and said in words above the chart.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index_plot = _plain_plot(pg.PlotWidget())
        self.index_plot.setLabel("left", "Alignment index", color=MUTED)
        self.gap_plot = _plain_plot(pg.PlotWidget())
        self.gap_plot.setLabel("left", "Gap (0–4)", color=MUTED)
        self.gap_plot.setXLink(self.index_plot)
        for plot in (self.index_plot, self.gap_plot):
            plot.getAxis("left").setWidth(56)
            plot.showGrid(x=False, y=True, alpha=0.15)
        # The dates are read off the gap chart underneath; the two share the time axis.
        self.index_plot.getAxis("bottom").setStyle(showValues=False)
        self.index_line: Any = None
        self.gap_lines: dict[str, Any] = {}
        self.key = QLabel()
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.key.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.index_plot, 1)
        layout.addWidget(self.gap_plot, 1)
        layout.addWidget(self.key)

    def show_trend(self, trend: AlignmentTrend, names: Mapping[str, str]) -> None:
        """Draw ``trend``; ``names`` gives each dimension key its questionnaire name."""
        for plot in (self.index_plot, self.gap_plot):
            plot.clear()
        self.index_line, self.gap_lines = None, {}
        self.index_plot.setYRange(-4, 110, padding=0)
        self.index_plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)]])
        self.gap_plot.setYRange(-0.2, MAX_GAP + 0.3, padding=0)
        self.gap_plot.getAxis("left").setTicks([[(v, str(v)) for v in range(MAX_GAP + 1)]])
        if not trend.dates:
            self._empty()
            return
        xs = [timestamp(day) for day in trend.dates]
        self._draw_index(xs, trend)
        self._draw_gaps(xs, trend, names)
        ticks = [date_ticks(trend.dates)]
        for plot in (self.index_plot, self.gap_plot):
            plot.getAxis("bottom").setTicks(ticks)
        span = max(xs[-1] - xs[0], 60 * _DAY)
        self.index_plot.setXRange(xs[0] - span * 0.08, xs[-1] + span * 0.08, padding=0)

    def _empty(self) -> None:
        today = timestamp(dt.date.today())
        self.index_plot.setXRange(today - 180 * _DAY, today, padding=0)
        for plot in (self.index_plot, self.gap_plot):
            plot.getAxis("bottom").setTicks(None)
        note = pg.TextItem("No assessments of this supplier yet", color=MUTED, anchor=(0.5, 0.5))
        note.setPos(today - 90 * _DAY, 54)
        self.index_plot.addItem(note)
        self.key.setText("")

    def _draw_index(self, xs: list[float], trend: AlignmentTrend) -> None:
        ys = [math.nan if value is None else float(value) for value in trend.indexes]
        pen = pg.mkPen(INDEX_COLOUR, width=2.5)
        self.index_line = self.index_plot.plot(
            xs, ys, pen=pen, symbol="o", symbolSize=9, symbolBrush=INDEX_COLOUR, connect="finite"
        )
        for x, y in zip(xs, ys, strict=True):
            if not math.isnan(y):
                label = pg.TextItem(f"{y:g}", color=INDEX_COLOUR, anchor=(0.5, 1.2))
                label.setPos(x, y)
                self.index_plot.addItem(label)
        if trend.falling:
            known = [(x, y) for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
            (x0, y0), (x1, y1) = known[-2], known[-1]
            fall = pg.mkPen(FALL_COLOUR, width=3.5)
            self.index_plot.plot(
                [x0, x1], [y0, y1], pen=fall, symbol="o", symbolSize=11, symbolBrush=FALL_COLOUR
            )
            words = pg.TextItem(f"Fell {y0 - y1:g} points", color=FALL_COLOUR, anchor=(1, -0.4))
            words.setPos(x1, y1)
            self.index_plot.addItem(words)

    def _draw_gaps(self, xs: list[float], trend: AlignmentTrend, names: Mapping[str, str]) -> None:
        entries = []
        for number, (key, gaps) in enumerate(trend.gaps.items()):
            colour, symbol = DIMENSION_STYLES[number % len(DIMENSION_STYLES)]
            # Lines a little apart, so that equal gaps on several dimensions stay visible.
            nudge = (number - (len(trend.gaps) - 1) / 2) * 0.05
            ys = [math.nan if gap is None else gap + nudge for gap in gaps]
            self.gap_lines[key] = self.gap_plot.plot(
                xs,
                ys,
                pen=pg.mkPen(colour, width=1.6),
                symbol=symbol,
                symbolSize=8,
                symbolBrush=colour,
                symbolPen=None,
                connect="finite",
            )
            name = html.escape(names.get(key, key.replace("_", " ").capitalize()))
            # Non-breaking spaces keep each marker with its whole name when the key wraps.
            name = name.replace(" ", "&nbsp;")
            entries.append(f'<span style="color:{colour}">{_SHAPES[symbol]}</span>&nbsp;{name}')
        self.key.setText(
            f'<span style="color:{MUTED}">Gap by dimension: '
            + " &nbsp;&nbsp; ".join(entries)
            + "</span>"
        )

    def gap_values(self, key: str) -> list[float]:
        """The gaps drawn for a dimension, rounded back from their drawing nudge."""
        line = self.gap_lines[key]
        return [round(float(y)) for y in line.yData if not math.isnan(y)]
