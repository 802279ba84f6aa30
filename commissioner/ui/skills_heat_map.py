"""The skills matrix heat map: team members down the side, competencies across, each
cell coloured by how far the member falls short of what the project needs.

pyqtgraph is imported here, so it loads only when the team area first shows the map.
Columns are numbered, grouped under their role, with a key below that names each
number in full: sixteen long competency names cannot sit legibly across a laptop
screen, and a number stays readable at any width.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from commissioner.models.enums import SkillLevel
from commissioner.models.team_rules import gap
from commissioner.ui.heat_map import text_colour_on

LEVEL_LETTERS = {0: "–", 1: "A", 2: "P", 3: "E"}
_INK = "#1a1a1a"
_MUTED = "#5f6b7a"
_DIVIDER = "#1d3d6b"
_HATCH = "#b8c1ca"
_NAME_WIDTH = 150
_NOBODY = (
    "Nobody is on this project's team yet. Add members and assign their roles to see "
    "their skills against what the project needs."
)
_NOTHING_NEEDED = (
    "Nothing is needed yet: none of the team's roles asks for a competency on this "
    "project. Assign roles to see the skills matrix."
)


class CellState(IntEnum):
    """What a cell says; the value is the cell's index into the colour table."""

    NOT_NEEDED = 0
    NOT_RATED = 1
    MEETS = 2
    ONE_SHORT = 3
    TWO_OR_MORE_SHORT = 4

    @property
    def label(self) -> str:
        return _STATE_WORDS[self]


_STATE_WORDS = {
    CellState.MEETS: "Meets the level needed",
    CellState.ONE_SHORT: "1 level short",
    CellState.TWO_OR_MORE_SHORT: "2 or more levels short",
    CellState.NOT_NEEDED: "Not needed (hatched)",
    CellState.NOT_RATED: "Not rated yet (?)",
}
STATE_COLOURS = {
    CellState.NOT_NEEDED: "#e3e7eb",
    CellState.NOT_RATED: "#ffffff",
    CellState.MEETS: "#7cb987",
    CellState.ONE_SHORT: "#f2b246",
    CellState.TWO_OR_MORE_SHORT: "#c62828",
}


def cell_state(required: int, current: int | None) -> CellState:
    """Classify one cell: not needed, not rated, or by the size of the gap."""
    if required <= 0:
        return CellState.NOT_NEEDED
    if current is None:
        return CellState.NOT_RATED
    shortfall = gap(required, current)
    if shortfall == 0:
        return CellState.MEETS
    return CellState.ONE_SHORT if shortfall == 1 else CellState.TWO_OR_MORE_SHORT


@dataclass(frozen=True)
class SkillsMatrix:
    """Who is on the team, the competencies in play and each person's levels.

    ``roles`` holds the role each competency belongs to; competencies of one role sit
    next to each other. ``required`` and ``current`` are per person × competency:
    required 0 means not needed for that person, current None means not rated.
    """

    people: tuple[str, ...]
    competencies: tuple[str, ...]
    roles: tuple[str, ...]
    required: tuple[tuple[int, ...], ...]
    current: tuple[tuple[int | None, ...], ...]

    @property
    def anything_needed(self) -> bool:
        return any(level > 0 for row in self.required for level in row)

    def state(self, person: int, competency: int) -> CellState:
        return cell_state(self.required[person][competency], self.current[person][competency])

    def role_groups(self) -> list[tuple[str, int, int]]:
        """Each run of neighbouring competencies with the same role: (role, first, end)."""
        groups: list[tuple[str, int, int]] = []
        for index, role in enumerate(self.roles):
            if groups and groups[-1][0] == role:
                groups[-1] = (role, groups[-1][1], index + 1)
            else:
                groups.append((role, index, index + 1))
        return groups


def cell_text(matrix: SkillsMatrix, person: int, competency: int) -> str:
    """The current level as a letter, then the level needed (blank when not needed)."""
    current = matrix.current[person][competency]
    required = matrix.required[person][competency]
    letter = "?" if current is None else LEVEL_LETTERS[current]
    return letter if required <= 0 else f"{letter}\nneeds {LEVEL_LETTERS[required]}"


def describe_cell(matrix: SkillsMatrix, person: int, competency: int) -> str:
    """One cell in words, for the tooltip."""
    current = matrix.current[person][competency]
    required = matrix.required[person][competency]
    state = matrix.state(person, competency)
    has = "not rated yet" if current is None else SkillLevel(current).label.lower()
    needs = "not needed" if required <= 0 else f"needs {SkillLevel(required).label.lower()}"
    outcome = "" if state in (CellState.NOT_NEEDED, CellState.NOT_RATED) else f" · {state.label}"
    return (
        f"{matrix.people[person]}\n{matrix.competencies[competency]}"
        f" ({matrix.roles[competency]})\nCurrent: {has} · {needs}{outcome}\nClick to rate"
    )


class _MatrixImage(pg.ImageItem):
    """The cells as one image; reports clicks and hovers in (person, competency)."""

    def __init__(self, owner: SkillsHeatMap) -> None:
        super().__init__(axisOrder="row-major")
        self._owner = owner
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def cell_at(self, position: QPointF) -> tuple[int, int] | None:
        image = self.image
        if image is None:
            return None
        row, column = int(np.floor(position.y())), int(np.floor(position.x()))
        if 0 <= row < image.shape[0] and 0 <= column < image.shape[1]:
            return row, column
        return None

    def mouseClickEvent(self, event: Any) -> None:
        cell = self.cell_at(event.pos())
        if event.button() != Qt.MouseButton.LeftButton or cell is None:
            event.ignore()
            return
        event.accept()
        self._owner.cell_clicked.emit(*cell)

    def hoverEvent(self, event: Any) -> None:
        cell = None if event.isExit() else self.cell_at(event.pos())
        self.setToolTip(self._owner.describe(*cell) if cell else "")


class SkillsHeatMap(QWidget):
    """Members × competencies coloured by gap, with the current and needed level in words."""

    #: (person index, competency index) of the cell the user clicked.
    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: SkillsMatrix | None = None
        self.cell_labels: list[pg.TextItem] = []
        #: The names as drawn on the axes, perhaps shortened (the tooltips have them whole).
        self.person_labels: list[str] = []
        self.role_labels: list[str] = []
        self._overlays: list[Any] = []
        self.plot = self._make_plot()
        self.image = _MatrixImage(self)
        self.image.setLookupTable(
            np.array([_rgb(STATE_COLOURS[s]) for s in CellState], dtype=np.uint8)
        )
        self.image.setLevels((0, len(CellState) - 1))
        self.plot.addItem(self.image)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(f"color: {_MUTED}; font-size: 11pt; padding: 24px;")
        self.key = QLabel()
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        self.key.setWordWrap(True)
        self.key.setStyleSheet(f"color: {_INK};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.key)
        self.legend = _legend()
        layout.addWidget(self.legend)
        self._show_empty(_NOBODY)
        self._connect_signals()

    def _connect_signals(self) -> None:
        # Role names are shortened to their columns' width, so redo them when it changes.
        self.plot.getViewBox().sigResized.connect(self._label_roles)

    @staticmethod
    def _make_plot() -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setBackground("w")
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.invertY(True)
        plot.showAxis("top")
        for side in ("left", "bottom", "top"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen("#9aa5b1"))
            axis.setTextPen(pg.mkPen(_INK))
        plot.getAxis("left").setWidth(_NAME_WIDTH + 8)
        plot.getAxis("bottom").setLabel("Competency (numbered in the key below)", color=_MUTED)
        return plot

    # ----- data ---------------------------------------------------------------------
    def show_matrix(self, matrix: SkillsMatrix) -> None:
        """Draw ``matrix``; with nobody on the team or nothing needed, say so instead."""
        self.matrix = matrix
        self._clear_overlays()
        if not matrix.people:
            self._show_empty(_NOBODY)
            return
        if not matrix.anything_needed:
            self._show_empty(_NOTHING_NEEDED)
            return
        self.empty_label.hide()
        for part in (self.plot, self.key, self.legend):
            part.show()
        self.image.setImage(self.state_indices(), autoLevels=False)
        self.image.setRect(QRectF(0, 0, len(matrix.competencies), len(matrix.people)))
        self._draw_cells(matrix)
        self._draw_role_dividers(matrix)
        self._label_axes(matrix)
        self.key.setText(_key_text(matrix))
        self.plot.setXRange(0, len(matrix.competencies), padding=0)
        self.plot.setYRange(0, len(matrix.people), padding=0)

    def state_indices(self) -> np.ndarray:
        """Each cell's colour index (a ``CellState``), people down, competencies across."""
        matrix = self.matrix
        if matrix is None:
            return np.zeros((0, 0), dtype=np.uint8)
        return np.array(
            [
                [matrix.state(p, c) for c in range(len(matrix.competencies))]
                for p in range(len(matrix.people))
            ],
            dtype=np.uint8,
        )

    def describe(self, person: int, competency: int) -> str:
        return describe_cell(self.matrix, person, competency) if self.matrix else ""

    def cell_centre(self, person: int, competency: int) -> QPointF:
        """Where a cell's centre is, in the plot's own (view) coordinates."""
        return QPointF(competency + 0.5, person + 0.5)

    def _show_empty(self, sentence: str) -> None:
        self.empty_label.setText(sentence)
        self.empty_label.show()
        for part in (self.plot, self.key, self.legend):
            part.hide()

    def _clear_overlays(self) -> None:
        for item in [*self.cell_labels, *self._overlays]:
            self.plot.removeItem(item)
        self.cell_labels, self._overlays = [], []

    # ----- drawing ------------------------------------------------------------------
    def _draw_cells(self, matrix: SkillsMatrix) -> None:
        hatch = QBrush(QColor(_HATCH), Qt.BrushStyle.BDiagPattern)
        for person in range(len(matrix.people)):
            for competency in range(len(matrix.competencies)):
                state = matrix.state(person, competency)
                if state is CellState.NOT_NEEDED:
                    self._add_overlay(_cell_rect(person, competency, hatch, None))
                elif state is CellState.NOT_RATED:
                    self._add_overlay(_cell_rect(person, competency, None, "#9aa5b1"))
                self._add_cell_label(matrix, person, competency, state)

    def _add_cell_label(
        self, matrix: SkillsMatrix, person: int, competency: int, state: CellState
    ) -> None:
        colour = text_colour_on(QColor(STATE_COLOURS[state]))
        lines = cell_text(matrix, person, competency).split("\n")
        html = f'<div align="center"><b>{lines[0]}</b>'
        if state is CellState.NOT_NEEDED:
            # Quiet: a level nobody needs here should not draw the eye from the gaps.
            colour = QColor(_MUTED)
            html = f'<div align="center">{lines[0]}'
        if len(lines) > 1:
            html += f'<br><span style="font-size:7pt">{lines[1]}</span>'
        label = pg.TextItem(html=html + "</div>", anchor=(0.5, 0.5), color=colour)
        label.setColor(colour)
        label.setPos(self.cell_centre(person, competency))
        # Clicks and tooltips belong to the cell underneath, not to its words.
        label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        label.setAcceptHoverEvents(False)
        self.plot.addItem(label)
        self.cell_labels.append(label)

    def _draw_role_dividers(self, matrix: SkillsMatrix) -> None:
        pen = pg.mkPen(_DIVIDER, width=2)
        for _role, first, _end in matrix.role_groups()[1:]:
            self._add_overlay(pg.InfiniteLine(first, angle=90, pen=pen, movable=False))
        thin = pg.mkPen("w", width=1)
        for person in range(1, len(matrix.people)):
            self._add_overlay(pg.InfiniteLine(person, angle=0, pen=thin, movable=False))

    def _add_overlay(self, item: Any) -> None:
        self.plot.addItem(item)
        self._overlays.append(item)

    def _label_axes(self, matrix: SkillsMatrix) -> None:
        metrics = QFontMetrics(self.plot.getAxis("left").style.get("tickFont") or self.font())
        names = [
            (p + 0.5, metrics.elidedText(name, Qt.TextElideMode.ElideRight, _NAME_WIDTH))
            for p, name in enumerate(matrix.people)
        ]
        self.person_labels = [text for _y, text in names]
        self.plot.getAxis("left").setTicks([names])
        numbers = [(c + 0.5, str(c + 1)) for c in range(len(matrix.competencies))]
        self.plot.getAxis("bottom").setTicks([numbers])
        self._label_roles()

    def _label_roles(self) -> None:
        """Role names over their columns, shortened to the width their columns have."""
        if self.matrix is None or not self.matrix.people:
            return
        column = self.plot.getViewBox().width() / max(len(self.matrix.competencies), 1)
        metrics = QFontMetrics(self.font())
        ticks = [
            (
                (first + end) / 2,
                metrics.elidedText(
                    role, Qt.TextElideMode.ElideRight, int(column * (end - first)) - 10
                ),
            )
            for role, first, end in self.matrix.role_groups()
        ]
        self.role_labels = [text for _x, text in ticks]
        self.plot.getAxis("top").setTicks([ticks])


def _cell_rect(person: int, competency: int, brush: QBrush | None, outline: str | None) -> Any:
    rect = pg.QtWidgets.QGraphicsRectItem(competency + 0.06, person + 0.08, 0.88, 0.84)
    rect.setBrush(brush or QBrush(Qt.BrushStyle.NoBrush))
    pen = QPen(QColor(outline), 1, Qt.PenStyle.DashLine) if outline else QPen(Qt.PenStyle.NoPen)
    pen.setCosmetic(True)
    rect.setPen(pen)
    rect.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return rect


def _key_text(matrix: SkillsMatrix) -> str:
    """Each column's number and full competency name, grouped under its role."""
    parts = []
    for role, first, end in matrix.role_groups():
        names = ", ".join(f"{c + 1} {matrix.competencies[c]}" for c in range(first, end))
        parts.append(f"{role}: {names}")
    return "   ·   ".join(parts)


def _legend() -> QWidget:
    """The colours in words, then how to read a cell's letters."""
    legend = QWidget()
    column = QVBoxLayout(legend)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setSpacing(6)
    for state in (
        CellState.MEETS,
        CellState.ONE_SHORT,
        CellState.TWO_OR_MORE_SHORT,
        CellState.NOT_NEEDED,
        CellState.NOT_RATED,
    ):
        icon = QLabel()
        icon.setPixmap(_legend_pixmap(state))
        row.addWidget(icon)
        row.addWidget(QLabel(state.label))
        row.addSpacing(10)
    row.addStretch(1)
    column.addLayout(row)
    # On its own line so the legend never forces the map wider than a laptop's area.
    letters = QLabel(
        "In each cell: the current level (A awareness · P practitioner · E expert ·"
        " – none · ? not rated), then the level needed."
    )
    letters.setWordWrap(True)
    letters.setStyleSheet(f"color: {_MUTED};")
    column.addWidget(letters)
    return legend


def _legend_pixmap(state: CellState, size: int = 14) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(STATE_COLOURS[state]))
    painter = QPainter(pixmap)
    if state is CellState.NOT_NEEDED:
        painter.fillRect(pixmap.rect(), QBrush(QColor(_HATCH), Qt.BrushStyle.BDiagPattern))
    painter.setPen(QColor("#9aa5b1"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return pixmap


def _rgb(colour: str) -> tuple[int, int, int]:
    qcolour = QColor(colour)
    return qcolour.red(), qcolour.green(), qcolour.blue()
