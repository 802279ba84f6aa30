"""A 5 × 5 risk heat map: likelihood up the side, impact along the bottom.

Drawn with QPainter rather than pyqtgraph. The map is 25 fixed rectangles with text in
them, not a plot: there is no data range, zoom or pan to manage, so a plot's view box,
axis items and 0.4 s import would buy nothing. QPainter gives crisp text at the small
size the map sits at beside the register, exact hit-testing for clicks, keyboard use,
and cell geometry tests can aim at (``cell_rect``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from commissioner.models.enums import MatrixAxis
from commissioner.models.risk_rules import MATRIX_SIZE, Band, band_for, score
from commissioner.services.risk_heat_map import STAGE_TITLES, HeatMapCounts
from commissioner.services.risk_matrix import MatrixView

_INK = QColor("#1a1a1a")
_MUTED = QColor("#5f6b7a")
_HEADING = QColor("#1d3d6b")
_NO_BAND = QColor("#e0e0e0")
_GUTTER = 2.0
_MARGIN = 4.0
_LEVELS = range(1, MATRIX_SIZE + 1)


def text_colour_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * linear(fill.redF())
        + 0.7152 * linear(fill.greenF())
        + 0.0722 * linear(fill.blueF())
    )
    # Contrast against white is 1.05 / (L + 0.05); against near-black roughly (L + 0.05) / 0.06.
    return QColor("white") if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.06 else _INK


@dataclass(frozen=True)
class _Layout:
    title: QRectF
    grid: QRectF
    row_labels: QRectF
    column_labels: QRectF
    y_title: QRectF
    x_title: QRectF


class HeatMapWidget(QWidget):
    """Counts of risks per cell, each cell in its band's colour with the band's name."""

    #: (stage, likelihood, impact) of the cell the user chose.
    cell_clicked = Signal(str, int, int)

    def __init__(self, stage: str = "residual", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.counts: HeatMapCounts | None = None
        self.matrix: MatrixView | None = None
        self._selected: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(self.title())

    # ----- data ---------------------------------------------------------------------
    def set_counts(self, counts: HeatMapCounts, matrix: MatrixView) -> None:
        self.counts, self.matrix, self.stage = counts, matrix, counts.stage
        self.setAccessibleName(self.title())
        self.update()

    def set_matrix(self, matrix: MatrixView) -> None:
        """Show the matrix alone, with no counts (the settings dialog's preview)."""
        self.matrix = matrix
        self.update()

    def title(self) -> str:
        return STAGE_TITLES.get(self.stage, self.stage.capitalize())

    def count(self, likelihood: int, impact: int) -> int:
        return self.counts.count(likelihood, impact) if self.counts else 0

    def band(self, likelihood: int, impact: int) -> Band | None:
        bands = self.matrix.bands if self.matrix else ()
        return band_for(score(likelihood, impact), bands)

    def cell_text(self, likelihood: int, impact: int) -> str:
        """The count as shown: blank for an empty cell, so the eye goes to the risks."""
        number = self.count(likelihood, impact)
        return str(number) if number else ""

    # ----- selection ----------------------------------------------------------------
    def selected_cell(self) -> tuple[int, int] | None:
        return self._selected

    def select_cell(self, likelihood: int, impact: int) -> None:
        """Highlight a cell without emitting (e.g. to restore a register's filter)."""
        self._selected = (likelihood, impact)
        self.update()

    def clear_selection(self) -> None:
        self._selected = None
        self.update()

    def _choose(self, likelihood: int, impact: int) -> None:
        self.select_cell(likelihood, impact)
        self.cell_clicked.emit(self.stage, likelihood, impact)

    # ----- geometry -----------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(360, 320)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 200)

    def _fonts(self) -> tuple[QFont, QFont]:
        title = QFont(self.font())
        title.setBold(True)
        label = QFont(self.font())
        label.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        return title, label

    def _layout(self) -> _Layout:
        title_font, label_font = self._fonts()
        line = QFontMetricsF(label_font).height()
        area = QRectF(self.rect()).adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        title = QRectF(area.left(), area.top(), area.width(), QFontMetricsF(title_font).height())
        label_width = self._row_label_width(label_font, area.width())
        left = area.left() + line + 2 + label_width + 4
        top = title.bottom() + 6
        labels_height = line * self._column_label_lines(label_font, (area.right() - left) / 5)
        bottom = area.bottom() - line - labels_height - 4
        grid = QRectF(left, top, max(area.right() - left, 1), max(bottom - top, 1))
        return _Layout(
            title=title,
            grid=grid,
            row_labels=QRectF(area.left() + line + 2, top, label_width, grid.height()),
            column_labels=QRectF(left, grid.bottom() + 2, grid.width(), labels_height),
            y_title=QRectF(area.left(), top, line, grid.height()),
            x_title=QRectF(left, area.bottom() - line, grid.width(), line),
        )

    def _column_label_lines(self, font: QFont, width: float) -> int:
        """Two lines if an impact phrase must wrap under its column, else one."""
        labels = self.matrix.impact_labels if self.matrix else ()
        metrics = QFontMetricsF(font)
        wraps = any(" " in label and metrics.horizontalAdvance(label) > width for label in labels)
        return 2 if wraps else 1

    def _row_label_width(self, font: QFont, available: float) -> float:
        """Room for the likelihood words: whole if they fit, else wrapped at spaces."""
        labels = self.matrix.likelihood_labels if self.matrix else ()
        metrics = QFontMetricsF(font)
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=12.0)
        if widest + 2 <= available * 0.22:
            return widest + 2
        words = [word for label in labels for word in label.split()]
        widest_word = max((metrics.horizontalAdvance(word) for word in words), default=12.0)
        return min(widest_word + 2, available * 0.22)

    def cell_rect(self, likelihood: int, impact: int) -> QRectF:
        """Where the cell is drawn: likelihood 1 at the bottom, impact 1 at the left."""
        grid = self._layout().grid
        width, height = grid.width() / MATRIX_SIZE, grid.height() / MATRIX_SIZE
        x = grid.left() + (impact - 1) * width
        y = grid.top() + (MATRIX_SIZE - likelihood) * height
        return QRectF(x, y, width, height).adjusted(
            _GUTTER / 2, _GUTTER / 2, -_GUTTER / 2, -_GUTTER / 2
        )

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        for likelihood in _LEVELS:
            for impact in _LEVELS:
                if self.cell_rect(likelihood, impact).contains(point):
                    return likelihood, impact
        return None

    # ----- painting -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        layout = self._layout()
        title_font, label_font = self._fonts()
        self._paint_title(painter, layout.title, title_font, label_font)
        for likelihood in _LEVELS:
            for impact in _LEVELS:
                self._paint_cell(painter, likelihood, impact, label_font)
        self._paint_axes(painter, layout, label_font)
        if self._selected:
            self._paint_highlight(painter, self.cell_rect(*self._selected))
        painter.end()

    def _paint_title(self, painter: QPainter, rect: QRectF, title: QFont, small: QFont) -> None:
        painter.setFont(title)
        painter.setPen(_HEADING)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, left, self.title())
        painter.setFont(small)
        painter.setPen(_MUTED)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, right, self._summary())

    def _summary(self) -> str:
        if self.counts is None:
            return ""
        total = self.counts.total
        text = f"{total} risk" + ("" if total == 1 else "s")
        if self.counts.unscored:
            text += f" · {self.counts.unscored} not scored"
        return text

    def _paint_cell(self, painter: QPainter, likelihood: int, impact: int, small: QFont) -> None:
        rect = self.cell_rect(likelihood, impact)
        band = self.band(likelihood, impact)
        fill = QColor(band.colour) if band else _NO_BAND
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(text_colour_on(fill))
        name = band.name if band else "No band"
        name_font = self._band_name_font(small, name, rect)
        name_height = QFontMetricsF(name_font).height()
        # The band's word sits under the count: colour is never the only signal.
        show_name = rect.height() >= 2.2 * name_height
        number = self.cell_text(likelihood, impact)
        if number:
            count_font = QFont(self.font())
            count_font.setBold(True)
            room_height = rect.height() - (name_height if show_name else 0)
            count_font.setPixelSize(
                max(9, min(28, round(rect.height() * 0.42), round(room_height * 0.8)))
            )
            painter.setFont(count_font)
            room = rect.adjusted(0, 0, 0, -name_height * 0.8 if show_name else 0)
            painter.drawText(room, Qt.AlignmentFlag.AlignCenter, number)
        if show_name:
            self._paint_band_name(painter, rect, name, name_font)

    @staticmethod
    def _band_name_font(small: QFont, name: str, cell: QRectF) -> QFont:
        """Small type for the band's name, shrunk (to 7 px) before it is ever cut short."""
        font = QFont(small)
        size = max(8, min(12, round(cell.height() * 0.2)))
        font.setPixelSize(size)
        while size > 7 and QFontMetricsF(font).horizontalAdvance(name) > cell.width() - 6:
            size -= 1
            font.setPixelSize(size)
        return font

    @staticmethod
    def _paint_band_name(painter: QPainter, cell: QRectF, name: str, font: QFont) -> None:
        metrics = QFontMetricsF(font)
        # Clear of the selection outline drawn just inside the cell's edge.
        pad = max(4.0, cell.height() * 0.07)
        rect = QRectF(
            cell.left(), cell.bottom() - metrics.height() - pad, cell.width(), metrics.height()
        )
        painter.setFont(font)
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, cell.width() - 4)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)

    def _paint_axes(self, painter: QPainter, layout: _Layout, font: QFont) -> None:
        self._paint_row_labels(painter, layout.row_labels, font)
        self._paint_column_labels(painter, layout.column_labels, font)
        painter.setFont(font)
        painter.setPen(_MUTED)
        painter.drawText(layout.x_title, Qt.AlignmentFlag.AlignCenter, "Impact →")
        painter.save()
        painter.translate(layout.y_title.center())
        painter.rotate(-90)
        height, width = layout.y_title.height(), layout.y_title.width()
        box = QRectF(-height / 2, -width / 2, height, width)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Likelihood →")
        painter.restore()

    def _paint_row_labels(self, painter: QPainter, area: QRectF, font: QFont) -> None:
        painter.setFont(font)
        painter.setPen(_INK)
        flags = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) | int(
            Qt.TextFlag.TextWordWrap
        )
        for level in _LEVELS:
            row = self.cell_rect(level, 1)
            rect = QRectF(area.left(), row.top(), area.width(), row.height())
            painter.drawText(rect, flags, self._axis_word(MatrixAxis.LIKELIHOOD, level))

    def _paint_column_labels(self, painter: QPainter, area: QRectF, font: QFont) -> None:
        width = self.cell_rect(1, 1).width() + _GUTTER
        words = [self._axis_word(MatrixAxis.IMPACT, level) for level in _LEVELS]
        fitted = self._font_to_fit(font, [w for word in words for w in word.split()], width)
        painter.setFont(fitted)
        painter.setPen(_INK)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(
            Qt.TextFlag.TextWordWrap
        )
        metrics = QFontMetricsF(fitted)
        for level, word in zip(_LEVELS, words, strict=True):
            column = self.cell_rect(1, level)
            rect = QRectF(column.center().x() - width / 2, area.top(), width, area.height())
            # Phrases wrap at spaces; a single word still too long is elided (tooltip has it).
            shown = " ".join(
                metrics.elidedText(part, Qt.TextElideMode.ElideRight, width)
                for part in word.split()
            )
            painter.drawText(rect, flags, shown)

    @staticmethod
    def _font_to_fit(font: QFont, words: list[str], width: float) -> QFont:
        """``font``, shrunk (not below 7 pt) until the longest word fits ``width``."""
        fitted = QFont(font)
        size = font.pointSizeF()
        while size > 7.0:
            widest = max((QFontMetricsF(fitted).horizontalAdvance(w) for w in words), default=0.0)
            if widest <= width:
                break
            size = max(7.0, size - 0.5)
            fitted.setPointSizeF(size)
        return fitted

    def _axis_word(self, axis: MatrixAxis, level: int) -> str:
        return self.matrix.label(axis, level) if self.matrix else str(level)

    def _paint_highlight(self, painter: QPainter, rect: QRectF) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(_HEADING, 3))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 2, 2)

    # ----- interaction --------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self._choose(*cell)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over_cell = self.cell_at(event.position()) is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if over_cell else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Left: (0, -1),
        }
        key = Qt.Key(event.key())
        if key in moves:
            likelihood, impact = self._selected or (MATRIX_SIZE, MATRIX_SIZE)
            step_l, step_i = moves[key] if self._selected else (0, 0)
            self._choose(
                min(max(likelihood + step_l, 1), MATRIX_SIZE),
                min(max(impact + step_i, 1), MATRIX_SIZE),
            )
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(QPointF(event.pos()))
            if cell is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.describe(*cell), self)
            return True
        return super().event(event)

    def describe(self, likelihood: int, impact: int) -> str:
        """One cell in words, for the tooltip and for screen readers."""
        band = self.band(likelihood, impact)
        number = self.count(likelihood, impact)
        risks = "No risks" if not number else f"{number} risk" + ("" if number == 1 else "s")
        words = (
            self._axis_word(MatrixAxis.LIKELIHOOD, likelihood),
            self._axis_word(MatrixAxis.IMPACT, impact),
        )
        return (
            f"{risks}\nLikelihood {likelihood} ({words[0]}) × impact {impact} ({words[1]})"
            f" = {likelihood * impact}, {band.name if band else 'no band'}"
        )
