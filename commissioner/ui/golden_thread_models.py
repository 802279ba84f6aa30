"""Item models of the golden thread view: the thread as a tree, its gaps, a KPI's
measurements. They hold plain service rows and never touch the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF

from commissioner.models.dates import format_date
from commissioner.models.golden_thread_rules import Gap, format_measure, rag_text
from commissioner.services.golden_thread import (
    GoldenThread,
    KpiSummary,
    ObjectiveSummary,
    ServiceSummary,
)
from commissioner.services.kpis import MeasurementRow
from commissioner.ui.presentation import rag_icon, swatch
from commissioner.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole

#: ('outcome' | 'group' | 'objective' | 'service' | 'kpi', record id or None) of a node.
NODE_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: The measurement id behind a row of the measurements table.
MEASUREMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

THREAD_COLUMNS = ("Golden thread", "Latest", "RAG", "Gaps")
NO_DATA_COLOUR = "#9e9e9e"


@cache
def gap_icon(size: int = 14) -> QIcon:
    """An amber warning triangle, always shown beside the words of the gap."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#f2a900"))
    painter.setPen(QPen(QColor("#8a5a00"), 1))
    triangle = QPolygonF([QPointF(size / 2, 1), QPointF(size - 1, size - 1), QPointF(1, size - 1)])
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("#3b2a00"), 1.6))
    painter.drawLine(QPointF(size / 2, size * 0.38), QPointF(size / 2, size * 0.68))
    painter.drawPoint(QPointF(size / 2, size * 0.82))
    painter.end()
    return QIcon(pixmap)


@dataclass(eq=False)
class ThreadNode:
    """One row of the tree: an outcome, a grouping, an objective, a service or a KPI."""

    kind: str
    record_id: int | None
    texts: tuple[str, str, str, str]
    gaps: tuple[Gap, ...] = ()
    kpi: KpiSummary | None = None
    parent: ThreadNode | None = None
    children: list[ThreadNode] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.kind, self.record_id)

    @property
    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def add(self, child: ThreadNode) -> ThreadNode:
        child.parent = self
        self.children.append(child)
        return child


def _gap_words(gaps: tuple[Gap, ...]) -> str:
    return "; ".join(dict.fromkeys(gap.kind.label for gap in gaps))


def _objective_node(objective: ObjectiveSummary, thread: GoldenThread) -> ThreadNode:
    gaps = thread.gaps_on("objective", objective.id)
    return ThreadNode("objective", objective.id, (objective.label, "", "", _gap_words(gaps)), gaps)


def _service_node(service: ServiceSummary, thread: GoldenThread) -> ThreadNode:
    gaps = thread.gaps_on("service", service.id)
    texts = (f"Service: {service.name}", "", "", _gap_words(gaps))
    return ThreadNode("service", service.id, texts, gaps)


def _kpi_node(kpi: KpiSummary, thread: GoldenThread) -> ThreadNode:
    gaps = thread.gaps_on("kpi", kpi.id)
    latest = "Not yet measured"
    if kpi.latest_period_end is not None:
        when = kpi.latest_period_end.strftime("%b %Y")
        latest = f"{format_measure(kpi.latest_value, kpi.unit)} ({when})"
    texts = (f"KPI {kpi.label}", latest, kpi.rag_text, _gap_words(gaps))
    return ThreadNode("kpi", kpi.id, texts, gaps, kpi)


def build_thread_tree(thread: GoldenThread) -> ThreadNode:
    """Outcome → objective → service → KPI, with loose ends gathered under their own heads.

    A KPI sits under a service that serves the objective it measures and delivers it,
    otherwise directly under the objective; records linked to several objectives appear
    under each.
    """
    root = ThreadNode("root", None, ("", "", "", ""))
    by_outcome: dict[int | None, ThreadNode] = {}
    for objective in thread.objectives:
        outcome = objective.outcome
        if outcome is not None and outcome.id not in by_outcome:
            by_outcome[outcome.id] = ThreadNode("outcome", outcome.id, (outcome.label, "", "", ""))
        if outcome is None and None not in by_outcome:
            title = "Objectives serving no corporate outcome"
            by_outcome[None] = ThreadNode("group", None, (title, "", "", ""))
        _add_objective(by_outcome[outcome.id if outcome else None], objective, thread)
    for key in sorted(by_outcome, key=lambda key: (key is None, by_outcome[key].texts[0])):
        root.add(by_outcome[key])
    _add_loose_ends(root, thread)
    return root


def _add_objective(parent: ThreadNode, objective: ObjectiveSummary, thread: GoldenThread) -> None:
    node = parent.add(_objective_node(objective, thread))
    placed: set[int] = set()
    for service in thread.services:
        if objective.id not in service.objective_ids:
            continue
        service_node = node.add(_service_node(service, thread))
        for kpi in thread.kpis:
            if kpi.service_id == service.id and objective.id in kpi.objective_ids:
                service_node.add(_kpi_node(kpi, thread))
                placed.add(kpi.id)
    for kpi in thread.kpis:
        if objective.id in kpi.objective_ids and kpi.id not in placed:
            node.add(_kpi_node(kpi, thread))


def _add_loose_ends(root: ThreadNode, thread: GoldenThread) -> None:
    services = [service for service in thread.services if not service.objective_ids]
    kpis = [kpi for kpi in thread.kpis if not kpi.objective_ids]
    if not services and not kpis:
        return
    group = root.add(ThreadNode("group", None, ("Serving no objective", "", "", "")))
    placed: set[int] = set()
    for service in services:
        service_node = group.add(_service_node(service, thread))
        for kpi in kpis:
            if kpi.service_id == service.id:
                service_node.add(_kpi_node(kpi, thread))
                placed.add(kpi.id)
    for kpi in kpis:
        if kpi.id not in placed:
            group.add(_kpi_node(kpi, thread))


class GoldenThreadModel(QAbstractItemModel):
    """The golden thread as a read-only tree; gaps flagged with an icon and words."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = ThreadNode("root", None, ("", "", "", ""))

    def set_thread(self, thread: GoldenThread) -> None:
        self.beginResetModel()
        self._root = build_thread_tree(thread)
        self.endResetModel()

    def node(self, index: _Index) -> ThreadNode:
        return index.internalPointer() if index.isValid() else self._root

    def find(self, key: tuple[str, int | None]) -> QModelIndex:
        """The first row showing the record ``key``, or an invalid index."""
        pending = list(self._root.children)
        while pending:
            node = pending.pop(0)
            if node.key == key:
                return self.createIndex(node.row, 0, node)
            pending.extend(node.children)
        return QModelIndex()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent = self.node(child).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(THREAD_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return THREAD_COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        node, column = self.node(index), index.column()
        if role == _DISPLAY:
            return node.texts[column]
        if role == NODE_KEY_ROLE:
            return node.key
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(node, column)
        if role == Qt.ItemDataRole.FontRole and node.kind in ("outcome", "group"):
            font = QFont()
            font.setBold(node.kind == "outcome")
            font.setItalic(node.kind == "group")
            return font
        return None

    @staticmethod
    def _decoration(node: ThreadNode, column: int) -> QIcon | None:
        if column == 2 and node.kpi is not None:
            return rag_icon(node.kpi.latest_rag) or swatch(NO_DATA_COLOUR)
        if column == 3 and node.gaps:
            return gap_icon()
        return None

    @staticmethod
    def _tooltip(node: ThreadNode, column: int) -> str | None:
        if column == 3 and node.gaps:
            return "\n".join(gap.message for gap in node.gaps)
        return node.texts[column] or None


class GapsModel(RowTableModel[Gap]):
    """Every gap in the thread: what is missing, and what to do about it."""

    columns = ("Gap", "What to do")

    def cell(self, row: Gap, column: int, role: int) -> Any:
        if role == NODE_KEY_ROLE:
            return (row.kind.subject_kind, row.subject_id)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return gap_icon()
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return row.kind.label if column == 0 else row.message
        return None


class MeasurementsModel(RowTableModel[MeasurementRow]):
    """A KPI's measurements, newest first, each rated in words beside its colour."""

    columns = ("Period ending", "Value", "RAG", "Commentary")
    export_kinds = ("date", "number")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.unit = ""

    def set_measurements(self, measurements: tuple[MeasurementRow, ...], unit: str) -> None:
        self.unit = unit
        self.set_rows(list(reversed(measurements)))

    def export_value(self, row: MeasurementRow, column: int) -> Any:
        if column in (0, 1):
            return row.period_end if column == 0 else row.value
        return self.cell(row, column, _DISPLAY)

    def cell(self, row: MeasurementRow, column: int, role: int) -> Any:
        if role == MEASUREMENT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return rag_icon(row.rag)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return row.commentary or None
        if role != _DISPLAY:
            return None
        return (
            format_date(row.period_end),
            format_measure(row.value, self.unit),
            rag_text(row.rag),
            row.commentary,
        )[column]
