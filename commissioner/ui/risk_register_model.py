"""The RAID register as a table model that holds only the rows fetched so far.

Filtering and sorting happen in SQL (``risk_register``); a header click becomes an
ORDER BY and the view asks for the next page as it scrolls.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from commissioner.models.dates import format_date
from commissioner.models.enums import RaidKind
from commissioner.models.risk_rules import Movement, score
from commissioner.services.risk_register import (
    RegisterFilter,
    RegisterRow,
    count_register,
    fetch_register,
)
from commissioner.services.risk_settings import RiskSettings
from commissioner.storage import Database
from commissioner.ui.presentation import swatch
from commissioner.ui.table_model import RowTableModel

PAGE_SIZE = 200
#: The entry id behind a row.
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: (title, SQL sort key) of each column, left to right.
REGISTER_COLUMNS = (
    ("Ref", "reference"),
    ("Kind", "kind"),
    ("Title", "title"),
    ("Category", "category"),
    ("Owner", "owner"),
    ("Inherent", "inherent"),
    ("Residual", "residual"),
    ("Target", "target"),
    ("Appetite", "appetite"),
    ("Movement", "movement"),
    ("Status", "status"),
    ("Next review", "next_review"),
    ("Open actions", "actions"),
)
PROJECT_COLUMN = ("Project", "project")
OUTSIDE_APPETITE = "Outside appetite"
OVERDUE = "Overdue"

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole


@cache
def appetite_icon(size: int = 14) -> QIcon:
    """A warning triangle: shown beside the words "Outside appetite", never instead."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath(QPointF(size / 2, 1))
    path.lineTo(size - 1, size - 1)
    path.lineTo(1, size - 1)
    path.closeSubpath()
    painter.fillPath(path, QColor("#c62828"))
    painter.setPen(QPen(QColor("white"), 2))
    painter.drawLine(QPointF(size / 2, size * 0.38), QPointF(size / 2, size * 0.66))
    painter.drawPoint(QPointF(size / 2, size * 0.82))
    painter.end()
    return QIcon(pixmap)


@cache
def overdue_icon(size: int = 14) -> QIcon:
    """A clock face: shown beside the word "Overdue"."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#b71c1c"), 1.6))
    painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 1.2, size / 2 - 1.2)
    centre = QPointF(size / 2, size / 2)
    painter.drawLine(centre, QPointF(size / 2, size * 0.22))
    painter.drawLine(centre, QPointF(size * 0.72, size / 2))
    painter.end()
    return QIcon(pixmap)


class RiskRegisterModel(RowTableModel[RegisterRow]):
    """A page-at-a-time view of ``fetch_register``; ``sort`` re-queries in SQL."""

    def __init__(
        self,
        db: Database,
        settings: RiskSettings,
        register: RegisterFilter,
        *,
        with_project: bool = False,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._db, self.settings, self._filter = db, settings, register
        self._columns = (PROJECT_COLUMN, *REGISTER_COLUMNS) if with_project else REGISTER_COLUMNS
        self.columns = tuple(title for title, _ in self._columns)  # type: ignore[misc]
        self._total = 0
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    @property
    def register_filter(self) -> RegisterFilter:
        return self._filter

    def set_filter(self, register: RegisterFilter) -> None:
        self._filter = register
        self.reload()

    def set_settings(self, settings: RiskSettings) -> None:
        self.settings = settings

    def reload(self) -> None:
        self.beginResetModel()
        self._total = count_register(self._db, self._filter)
        self._rows = fetch_register(self._db, self._filter, offset=0, limit=PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = fetch_register(self._db, self._filter, offset=start, limit=PAGE_SIZE)
        if not more:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_filter(replace(self._filter, sort=self._columns[column][1], descending=descending))

    def row_of(self, item_id: int) -> int | None:
        """The row showing ``item_id`` among those fetched so far."""
        return next((n for n, row in enumerate(self._rows) if row.id == item_id), None)

    def cell(self, row: RegisterRow, column: int, role: int) -> Any:
        key = self._columns[column][1]
        if role == ITEM_ID_ROLE:
            return row.id
        if role == _Role.DisplayRole:
            return self._text(row, key)
        if role == _Role.DecorationRole:
            return self._icon(row, key)
        if role == _Role.ToolTipRole:
            return self._tooltip(row, key)
        if role == _Role.TextAlignmentRole and key == "actions":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _score_text(self, value: int | None) -> str:
        band = self.settings.band(value)
        return f"{value} {band.name}" if value and band else str(value or "")

    def _text(self, row: RegisterRow, key: str) -> str:
        levels = row.levels
        texts: dict[str, Any] = {
            "project": lambda: row.project_reference,
            "reference": lambda: row.reference,
            "kind": lambda: _kind_text(row),
            "title": lambda: row.title,
            "category": lambda: _label(self.settings.category(row.category_id)),
            "owner": lambda: row.owner,
            "inherent": lambda: self._score_text(levels.inherent_score),
            "residual": lambda: self._score_text(levels.residual_score),
            "target": lambda: self._score_text(levels.target_score),
            "appetite": lambda: OUTSIDE_APPETITE if row.outside_appetite else "",
            "movement": lambda: _movement_text(row),
            "status": lambda: row.status.label,
            "next_review": lambda: _review_text(row),
            "actions": lambda: str(row.open_actions) if row.open_actions else "",
        }
        return str(texts[key]())

    def _icon(self, row: RegisterRow, key: str) -> QIcon | None:
        if key in ("inherent", "residual", "target"):
            value = getattr(row.levels, f"{key}_score")
            band = self.settings.band(value)
            return swatch(band.colour) if band else None
        if key == "appetite" and row.outside_appetite:
            return appetite_icon()
        if key == "next_review" and row.review_overdue:
            return overdue_icon()
        return None

    def _tooltip(self, row: RegisterRow, key: str) -> str | None:
        if key == "title":
            return row.title
        if key == "kind" and row.needed_by is not None:
            return f"Needed by {format_date(row.needed_by)}"
        if key in ("inherent", "residual", "target"):
            likelihood = getattr(row.levels, f"{key}_likelihood")
            impact = getattr(row.levels, f"{key}_impact")
            if score(likelihood, impact) is None:
                return None
            return (
                f"{key.capitalize()}: likelihood {likelihood} "
                f"({self.settings.likelihood_label(likelihood)}) × impact {impact} "
                f"({self.settings.impact_label(impact)})"
            )
        if key == "appetite" and row.outside_appetite:
            category = self.settings.category(row.category_id)
            return (
                f"Residual score {row.levels.residual_score} is above the "
                f"{_label(category)} tolerance of {row.tolerance_score}"
            )
        if key == "movement" and row.movement:
            before = f" (was {row.score_before})" if row.score_before is not None else ""
            return f"{row.movement.description}{before}"
        return None


def _label(category: Any) -> str:
    return category.label if category is not None else ""


def _kind_text(row: RegisterRow) -> str:
    if row.kind is RaidKind.ISSUE and row.priority is not None:
        return f"Issue · {row.priority.label}"
    return row.kind.label


def _movement_text(row: RegisterRow) -> str:
    if row.movement is None:
        return ""
    if row.movement in (Movement.UP, Movement.DOWN):
        return f"{row.movement.label} from {row.score_before}"
    return row.movement.label


def _review_text(row: RegisterRow) -> str:
    when = format_date(row.next_review_on)
    return f"{OVERDUE} · {when}" if row.review_overdue else when
