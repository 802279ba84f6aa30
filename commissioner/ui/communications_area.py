"""The Communications log: every meeting, email and letter, filtered and paged in SQL."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import CommunicationType
from commissioner.services import communications
from commissioner.services.communications import EntryDetail, LogFilter, LogRow, MeetingInput
from commissioner.ui.areas import ProjectArea
from commissioner.ui.communication_commands import DeleteEntryCommand, LogMeetingCommand
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.meeting_dialog import MeetingDialog
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.table_export_action import area_title, view_export_button
from commissioner.ui.table_model import RowTableModel, every_page

PAGE_SIZE = 200
COLUMNS = ("When", "Type", "Subject", "Direction", "Participants")
#: The log entry id behind a row.
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class CommunicationLogModel(RowTableModel[LogRow]):
    """Holds only the entries fetched so far; the view asks for more as it scrolls."""

    columns = COLUMNS
    export_kinds = ("datetime", "text", "text", "text", "integer")

    def __init__(self, document: DatabaseDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._filter: LogFilter | None = None
        self._total = 0

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, log_filter: LogFilter) -> None:
        self._filter = log_filter
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self._filter is None:
            self._total, self._rows = 0, []
        else:
            db = self._document.db
            self._total = communications.count_log(db, self._filter)
            self._rows = communications.fetch_log(db, self._filter, offset=0, limit=PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._filter is None:
            return
        more = communications.fetch_log(
            self._document.db, self._filter, offset=len(self._rows), limit=PAGE_SIZE
        )
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def all_rows(self) -> list[LogRow]:
        """Every entry the filter matches, not only the pages scrolled to."""
        log_filter, db = self._filter, self._document.db
        if log_filter is None:
            return []
        return every_page(
            lambda start, limit: communications.fetch_log(db, log_filter, offset=start, limit=limit)
        )

    def export_value(self, row: LogRow, column: int) -> Any:
        if column == 0:
            return row.occurred_at
        if column == 4:
            return row.participant_count
        return self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: LogRow, column: int, role: int) -> Any:
        if role == ENTRY_ID_ROLE:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return row.occurred_at.strftime("%d/%m/%Y %H:%M")
        if column == 1:
            kind = row.communication_type.label
            return kind if row.formal else f"{kind} (informal)"
        if column == 2:
            return row.subject
        if column == 3:
            return row.direction.label
        return str(row.participant_count)


def detail_html(detail: EntryDetail) -> str:
    """The selected entry for the detail pane; every user text is escaped."""

    def items(values: tuple[str, ...] | list[str], empty: str) -> str:
        if not values:
            return f"<p><i>{empty}</i></p>"
        return "<ul>" + "".join(f"<li>{html.escape(value)}</li>" for value in values) + "</ul>"

    actions = [
        f"{a.description} — {a.owner or 'no owner'}"
        + (f", due {format_date(a.due_on)}" if a.due_on else "")
        + f" ({a.status.label})"
        for a in detail.actions
    ]
    summary = html.escape(detail.summary).replace("\n", "<br>") or "<i>No summary.</i>"
    return (
        f"<h3>{html.escape(detail.subject)}</h3>"
        f"<p>{detail.occurred_at:%d/%m/%Y %H:%M} · {detail.communication_type.label} · "
        f"{detail.direction.label} · {'Formal' if detail.formal else 'Informal'}</p>"
        f"<h4>Participants</h4>{items(detail.participants, 'None recorded.')}"
        f"<h4>Summary</h4><p>{summary}</p>"
        f"<h4>Attachments</h4>{items(detail.attachments, 'None.')}"
        f"<h4>Decisions</h4>{items(detail.decisions, 'None.')}"
        f"<h4>Actions</h4>{items(actions, 'None.')}"
    )


class CommunicationsArea(ProjectArea):
    title = "Communications log"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.model = CommunicationLogModel(document, self)
        self._build_filters()
        self._build_table()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.log_meeting_button = QPushButton("Log meeting…")
        self.log_communication_button = QPushButton("Log communication…")
        self.remove_button = QPushButton("Remove selected…")
        self.export_button = view_export_button(
            self.table, area_title(self, "Communications log"), "Communications log"
        )
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._lay_out()
        self._connect_signals()

    def _build_filters(self) -> None:
        self.text_filter = QLineEdit(placeholderText="Search subject and summary…")
        self.text_filter.setClearButtonEnabled(True)
        self.stakeholder_filter = QComboBox()
        self.type_filter = QComboBox()
        self.type_filter.addItem("Any type", None)
        for member in CommunicationType:
            self.type_filter.addItem(member.label, member)
        self.date_from = QLineEdit(placeholderText="From DD/MM/YYYY")
        self.date_to = QLineEdit(placeholderText="To DD/MM/YYYY")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(130)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 130), (3, 80), (4, 90)):
            self.table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for button in (
            self.log_meeting_button,
            self.log_communication_button,
            self.remove_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.stakeholder_filter, 1)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.text_filter.textChanged.connect(self._debounce.start)
        self.date_from.textChanged.connect(self._debounce.start)
        self.date_to.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self.apply_filter)
        self.stakeholder_filter.currentIndexChanged.connect(self.apply_filter)
        self.type_filter.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.model.modelReset.connect(self._show_selected)
        self.log_meeting_button.clicked.connect(self.log_meeting)
        self.log_communication_button.clicked.connect(self.log_communication)
        self.remove_button.clicked.connect(self.remove_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        self._fill_stakeholders()
        self.apply_filter()
        writable = not self.document.db.read_only
        for button in (self.log_meeting_button, self.log_communication_button):
            button.setEnabled(writable)
        self.remove_button.setEnabled(writable)

    def _fill_stakeholders(self) -> None:
        assert self.project_id is not None
        chosen = self.stakeholder_filter.currentData()
        self.stakeholder_filter.blockSignals(True)
        self.stakeholder_filter.clear()
        self.stakeholder_filter.addItem("Any stakeholder", None)
        for option in communications.list_stakeholder_options(self.document.db, self.project_id):
            self.stakeholder_filter.addItem(option.name, option.id)
        self.stakeholder_filter.setCurrentIndex(max(self.stakeholder_filter.findData(chosen), 0))
        self.stakeholder_filter.blockSignals(False)

    def current_filter(self) -> LogFilter:
        assert self.project_id is not None
        return LogFilter(
            project_id=self.project_id,
            text=self.text_filter.text(),
            stakeholder_id=self.stakeholder_filter.currentData(),
            communication_type=self.type_filter.currentData(),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
        )

    @staticmethod
    def _date(edit: QLineEdit) -> Any:
        try:
            value = parse_date(edit.text())
        except DateFormatError as error:
            edit.setToolTip(f"{error}: ignored until corrected.")
            return None
        edit.setToolTip("")
        return value

    def apply_filter(self) -> None:
        if self.project_id is None:
            return
        self.model.set_filter(self.current_filter())
        total = self.model.total
        self.count_label.setText(f"{total:,} entr{'y' if total == 1 else 'ies'}")

    def selected_entry_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ENTRY_ID_ROLE)) if rows else None

    def _show_selected(self) -> None:
        entry_id = self.selected_entry_id()
        if entry_id is None:
            self.detail.setHtml("<p><i>Select an entry to see who took part and what "
                                "was decided.</i></p>")  # fmt: skip
            return
        try:
            self.detail.setHtml(
                detail_html(communications.entry_detail(self.document.db, entry_id))
            )
        except CommissionerError as error:
            self.detail.setPlainText(str(error))

    def log_meeting(self) -> None:
        self._open_dialog("Log meeting", CommunicationType.MEETING)

    def log_communication(self) -> None:
        self._open_dialog("Log communication", CommunicationType.EMAIL)

    def _open_dialog(self, title: str, communication_type: CommunicationType) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        db = self.document.db

        def submit(form: MeetingInput) -> None:
            LogMeetingCommand(self.document, project_id, form).run_first()

        dialog = MeetingDialog(
            communications.list_stakeholder_options(db, project_id),
            communications.list_meeting_templates(db),
            submit,
            title=title,
            communication_type=communication_type,
            parent=self,
        )
        dialog.exec()
        dialog.deleteLater()

    def remove_selected(self) -> None:
        entry_id = self.selected_entry_id()
        if entry_id is None or self.project_id is None:
            show_problem(self, "Remove log entry", "Select the entry to remove first.")
            return
        question = (
            "Remove this entry from the log? Its decisions and actions stay in the "
            "tracker. Edit → Undo brings it back."
        )
        if not confirm(self, "Remove log entry", question, "Remove"):
            return
        try:
            DeleteEntryCommand(self.document, self.project_id, entry_id).run_first()
        except CommissionerError as error:
            show_problem(self, "Remove log entry", str(error))
