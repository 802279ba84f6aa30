"""The portfolio: every project in one sortable, type-to-filter table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.money import format_pounds
from commissioner.services.projects import ProjectSummary
from commissioner.ui.presentation import confidence_icon, confidence_text
from commissioner.ui.table_export_action import view_export_button
from commissioner.ui.table_model import RowTableModel

#: The project id behind a row.
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: A value that sorts naturally (numbers as numbers, stages in order).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = (
    "Reference",
    "Name",
    "Service area",
    "Stage",
    "Delivery confidence",
    "Approved budget",
    "Lead commissioner",
    "Status",
)
BUDGET_COLUMN = 5

_Index = QModelIndex | QPersistentModelIndex


class PortfolioModel(RowTableModel[ProjectSummary]):
    """Rows of ``ProjectSummary``; never touches the database itself."""

    columns = COLUMNS
    export_kinds = ("text",) * BUDGET_COLUMN + ("money", "text", "text")

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.set_rows(projects)

    def project_at(self, row: int) -> ProjectSummary:
        return self.row_at(row)

    def cell(self, project: ProjectSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(project, column)
        if role == SORT_ROLE:
            return self._sort_key(project, column)
        if role == PROJECT_ID_ROLE:
            return project.id
        if role == Qt.ItemDataRole.DecorationRole and column == 4:
            return confidence_icon(project.confidence)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BUDGET_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return project.name
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and project.confidence_trend:
            return f"Delivery confidence {project.confidence_trend} since the previous review"
        if role == Qt.ItemDataRole.ForegroundRole and project.archived:
            return Qt.GlobalColor.gray
        return None

    def export_value(self, project: ProjectSummary, column: int) -> Any:
        if column == BUDGET_COLUMN:
            return project.approved_budget_pence
        if column == 6:
            return project.lead_commissioner
        return self._display(project, column)

    @staticmethod
    def _display(project: ProjectSummary, column: int) -> str:
        if column == 0:
            return project.reference
        if column == 1:
            return project.name + (" (archived)" if project.archived else "")
        if column == 2:
            return project.service_area
        if column == 3:
            return f"{project.stage.sequence}. {project.stage.label}"
        if column == 4:
            return confidence_text(project.confidence, project.confidence_trend)
        if column == BUDGET_COLUMN:
            return format_pounds(project.approved_budget_pence) or "Not approved"
        if column == 6:
            return project.lead_commissioner or "—"
        return project.status.label

    @staticmethod
    def _sort_key(project: ProjectSummary, column: int) -> Any:
        if column == 3:
            return project.stage.sequence
        if column == 4:
            return project.confidence.rank if project.confidence else 0
        if column == BUDGET_COLUMN:
            return project.approved_budget_pence or 0
        return PortfolioModel._display(project, column).casefold()


class PortfolioPage(QWidget):
    """The portfolio table with its filter box; emits the project a user opens."""

    project_opened = Signal(int)
    new_project_requested = Signal()
    show_archived_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PortfolioModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.heading = QLabel("Portfolio")
        self.heading.setObjectName("pageHeading")
        self.filter_edit = QLineEdit(placeholderText="Type to filter by any column…")
        self.filter_edit.setClearButtonEnabled(True)
        self.show_archived = QCheckBox("Show archived")
        self.new_button = QPushButton("New project…")
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name takes whatever width is left, so the table fits the window.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.filter_edit, 1)
        toolbar.addWidget(self.show_archived)
        toolbar.addWidget(self.new_button)
        self.export_button = view_export_button(self.table, lambda: "Portfolio", "Portfolio")
        toolbar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.table.activated.connect(self._open_index)
        self.new_button.clicked.connect(self.new_project_requested)
        self.show_archived.toggled.connect(self.show_archived_changed)

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.model.set_projects(projects)
        for column in range(len(COLUMNS)):
            if column != 1:
                self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 200))
        self._update_count()

    def selected_project(self) -> ProjectSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.project_at(self.proxy.mapToSource(rows[0]).row())

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "project" if total == 1 else "projects"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} match the filter"
        )

    def _open_index(self, index: QModelIndex) -> None:
        self.project_opened.emit(int(index.data(PROJECT_ID_ROLE)))
