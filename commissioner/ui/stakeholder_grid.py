"""The power/interest grid: each stakeholder a labelled point the user can drag to re-rate.

pyqtgraph is imported here, so it loads only when the grid is first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commissioner.models.stakeholder_rules import (
    HIGH,
    RATING_MAX,
    RATING_MIN,
    Quadrant,
    clamp_rating,
)
from commissioner.services.stakeholders import StakeholderRow

QUADRANT_COLOURS = {
    Quadrant.MANAGE_CLOSELY: "#c62828",
    Quadrant.KEEP_SATISFIED: "#ef8f00",
    Quadrant.KEEP_INFORMED: "#1565c0",
    Quadrant.MONITOR: "#757575",
}
#: Where each quadrant's name sits: (interest, influence) near its outer corner.
_QUADRANT_CORNERS = {
    Quadrant.MANAGE_CLOSELY: (RATING_MAX + 0.45, RATING_MAX + 0.45, (1, 0)),
    Quadrant.KEEP_SATISFIED: (RATING_MIN - 0.45, RATING_MAX + 0.45, (0, 0)),
    Quadrant.KEEP_INFORMED: (RATING_MAX + 0.45, RATING_MIN - 0.45, (1, 1)),
    Quadrant.MONITOR: (RATING_MIN - 0.45, RATING_MIN - 0.45, (0, 1)),
}
_LOW, _HIGH_EDGE = RATING_MIN - 0.5, RATING_MAX + 0.5


class _DraggableScatter(pg.ScatterPlotItem):
    """A scatter whose points can be picked up and dropped; ``on_drop(data, x, y)``."""

    def __init__(self, on_drop: Callable[[Any, float, float], None], **options: Any) -> None:
        super().__init__(**options)
        self._on_drop = on_drop
        self._held: Any = None

    def mouseDragEvent(self, event: Any) -> None:
        if event.isStart():
            points = self.pointsAt(event.buttonDownPos())
            if len(points) == 0:
                event.ignore()
                return
            self._held = points[0].data()
        if self._held is None:
            event.ignore()
            return
        event.accept()
        if event.isFinish():
            held, self._held = self._held, None
            position: QPointF = event.pos()
            self._on_drop(held, position.x(), position.y())


class StakeholderGrid(QWidget):
    """Interest across, influence up; emits ``rated(id, interest, influence)`` on a drop."""

    rated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[int, StakeholderRow] = {}
        self.labels: list[pg.TextItem] = []
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setXRange(_LOW - 0.1, _HIGH_EDGE + 0.1, padding=0)
        self.plot.setYRange(_LOW - 0.1, _HIGH_EDGE + 0.1, padding=0)
        ticks = [[(value, str(value)) for value in range(RATING_MIN, RATING_MAX + 1)]]
        for side, title in (("bottom", "Interest"), ("left", "Influence")):
            self.plot.getAxis(side).setTicks(ticks)
            self.plot.setLabel(side, title)
        self.scatter = _DraggableScatter(self._dropped, size=14, hoverable=True)
        self._draw_quadrants()
        self.plot.addItem(self.scatter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def _draw_quadrants(self) -> None:
        pen = pg.mkPen("#9aa5b1", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
        for angle in (0, 90):
            self.plot.addItem(pg.InfiniteLine(HIGH - 0.5, angle=angle, pen=pen, movable=False))
        for found, (x, y, anchor) in _QUADRANT_CORNERS.items():
            text = pg.TextItem(found.label, color=QUADRANT_COLOURS[found], anchor=anchor)
            text.setPos(x, y)
            self.plot.addItem(text)

    def show_stakeholders(self, rows: Sequence[StakeholderRow]) -> None:
        self.rows = {row.id: row for row in rows}
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        spots = []
        for row, (x, y) in zip(rows, _spread(rows), strict=True):
            colour = QUADRANT_COLOURS[row.quadrant]
            spots.append({"pos": (x, y), "data": row.id, "brush": pg.mkBrush(colour)})
            label = pg.TextItem(_short(row.name), color="#1f2933", anchor=(0, 0.5))
            label.setPos(x + 0.05, y)
            self.plot.addItem(label)
            self.labels.append(label)
        self.scatter.setData(spots, pen=pg.mkPen("w"))

    def position_of(self, stakeholder_id: int) -> tuple[float, float]:
        """Where a stakeholder's point is drawn, in (interest, influence) units."""
        for spot in self.scatter.points():
            if spot.data() == stakeholder_id:
                return spot.pos().x(), spot.pos().y()
        raise KeyError(stakeholder_id)

    def drop_stakeholder(self, stakeholder_id: int, x: float, y: float) -> None:
        """A point was dropped at (x, y): snap to the nearest cell and report a change."""
        row = self.rows.get(stakeholder_id)
        if row is None:
            return
        interest, influence = clamp_rating(x), clamp_rating(y)
        if (interest, influence) != (row.interest, row.influence):
            self.rated.emit(stakeholder_id, interest, influence)
        else:
            self.show_stakeholders(list(self.rows.values()))

    def _dropped(self, stakeholder_id: Any, x: float, y: float) -> None:
        self.drop_stakeholder(int(stakeholder_id), x, y)


def _spread(rows: Sequence[StakeholderRow]) -> list[tuple[float, float]]:
    """Positions that keep stakeholders in the same cell from hiding one another."""
    seen: dict[tuple[int, int], int] = {}
    positions = []
    for row in rows:
        cell = (row.interest, row.influence)
        turn = seen.get(cell, 0)
        seen[cell] = turn + 1
        column, place = divmod(turn, 3)
        x = row.interest - 0.42 + 0.45 * (column % 2)
        positions.append((x, row.influence + 0.25 - 0.25 * place))
    return positions


def _short(name: str, limit: int = 20) -> str:
    """A name short enough to stay inside its cell of the grid."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
