"""The audit trail: who changed what, when — loaded from SQL a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.enums import AuditAction
from commissioner.services import projects
from commissioner.services.audit_trail import (
    AuditFilter,
    AuditRow,
    count_audit_entries,
    fetch_audit_entries,
)
from commissioner.storage import Database
from commissioner.ui.table_export_action import view_export_button
from commissioner.ui.table_model import RowTableModel, every_page

PAGE_SIZE = 200
COLUMNS = ("When", "Who", "Action", "Record", "Field", "Before", "After")

_Index = QModelIndex | QPersistentModelIndex


class AuditTrailModel(RowTableModel[AuditRow]):
    """Holds only the rows fetched so far; the view asks for more as it scrolls."""

    columns = COLUMNS
    export_kinds = ("datetime",)

    def __init__(self, db: Database, audit_filter: AuditFilter, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = audit_filter
        self._total = 0
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, audit_filter: AuditFilter) -> None:
        self._filter = audit_filter
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._total = count_audit_entries(self._db, self._filter)
        self._rows = fetch_audit_entries(self._db, self._filter, offset=0, limit=PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = fetch_audit_entries(self._db, self._filter, offset=len(self._rows), limit=PAGE_SIZE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def all_rows(self) -> list[AuditRow]:
        """Every change the filter matches, newest first, not only the pages scrolled to."""
        db, audit_filter = self._db, self._filter
        return every_page(
            lambda start, limit: fetch_audit_entries(db, audit_filter, offset=start, limit=limit)
        )

    def export_value(self, row: AuditRow, column: int) -> Any:
        return row.occurred_at if column == 0 else self._cell(row, column)

    def cell(self, row: AuditRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(row, column)
        return None

    @staticmethod
    def _cell(row: AuditRow, column: int) -> str:
        if column == 0:
            return row.occurred_at.strftime("%d/%m/%Y %H:%M")
        if column == 1:
            return row.actor
        if column == 2:
            return row.action.label
        if column == 3:
            return f"{row.record_kind}: {row.record_label}"
        if column == 4:
            return row.field_label
        if column == 5:
            return row.old_text or ("" if row.action is AuditAction.INSERT else "(blank)")
        return row.new_text or ("" if row.action is AuditAction.DELETE else "(blank)")


class AuditTrailPanel(QWidget):
    """A filter box over an ``AuditTrailModel``."""

    def __init__(
        self, db: Database, audit_filter: AuditFilter, parent: Any = None, title: str = ""
    ) -> None:
        super().__init__(parent)
        self._base_filter = audit_filter
        self.model = AuditTrailModel(db, audit_filter, self)
        self.filter_edit = QLineEdit(placeholderText="Filter by person, record, field or value…")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((120, 110, 80, 260, 150, 170)):
            self.table.setColumnWidth(column, width)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._db, self._title = db, title
        self.export_button = view_export_button(self.table, self.export_title, "Audit trail")
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.count_label)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self.apply_filter)
        self._update_count()

    def export_title(self) -> str:
        """What an export is called: the panel's title, else its project's audit trail."""
        if self._title:
            return self._title
        project_id = self._base_filter.project_id
        if project_id is None:
            return "Audit trail"
        return f"{projects.get_project(self._db, project_id).reference} audit trail"

    def apply_filter(self) -> None:
        text = self.filter_edit.text()
        self.model.set_filter(
            AuditFilter(
                project_id=self._base_filter.project_id,
                table_name=self._base_filter.table_name,
                record_id=self._base_filter.record_id,
                text=text,
            )
        )
        self._update_count()

    def reload(self) -> None:
        self.model.reload()
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(f"{total:,} change{'s' if total != 1 else ''}")


class RecordHistoryDialog(QDialog):
    """The audit trail of one record."""

    def __init__(self, db: Database, audit_filter: AuditFilter, title: str, parent: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of {title}")
        self.resize(960, 520)
        self.panel = AuditTrailPanel(db, audit_filter, self, title=f"History of {title}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
