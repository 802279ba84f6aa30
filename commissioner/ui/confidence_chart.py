"""Delivery confidence over time (pyqtgraph is loaded here, on first use)."""

from __future__ import annotations

import datetime as dt

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commissioner.models.enums import ConfidenceRating
from commissioner.services.confidence import Assessment
from commissioner.ui.presentation import CONFIDENCE_COLOURS


def _timestamp(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day).timestamp()


class ConfidenceChart(QWidget):
    """Each review a point coloured by its rating, joined in date order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        ticks = [(rating.rank, rating.label) for rating in ConfidenceRating]
        left = self.plot.getAxis("left")
        left.setTicks([ticks])
        left.setWidth(90)
        self.plot.setYRange(0.5, 5.5, padding=0)
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setLabel("bottom", "Review date")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_assessments(self, assessments: list[Assessment]) -> None:
        self.plot.clear()
        if not assessments:
            self.plot.addItem(pg.TextItem("No assessments recorded yet", color="#5f6b7a"))
            return
        xs = [_timestamp(item.assessed_on) for item in assessments]
        ys = [item.rating.rank for item in assessments]
        self.plot.plot(xs, ys, pen=pg.mkPen("#1d3d6b", width=2))
        brushes = [pg.mkBrush(CONFIDENCE_COLOURS[item.rating]) for item in assessments]
        self.plot.addItem(pg.ScatterPlotItem(xs, ys, size=12, brush=brushes, pen=pg.mkPen("w")))
        span = max(xs[-1] - xs[0], 86_400 * 30)
        self.plot.setXRange(xs[0] - span * 0.05, xs[-1] + span * 0.05, padding=0)
