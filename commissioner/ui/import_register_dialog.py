"""Import a risk register: choose the file, check how its columns map, then import.

The file is read on a worker thread (a 5,000-row workbook takes about a second to
parse); mapping a column again works on the rows already read, on the UI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.io.register_mapping import Mapping, RegisterField
from commissioner.io.register_rows import cell_text
from commissioner.io.spreadsheet import SheetTable
from commissioner.services import register_import
from commissioner.services.register_import import ImportPreview, RowOutcome
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.file_reading import ReadSpreadsheet
from commissioner.ui.import_register_commands import ImportRegisterCommand
from commissioner.ui.messages import show_problem
from commissioner.ui.table_model import RowTableModel

SKIPPED_COLOUR = QColor("#b71c1c")
WARNING_COLOUR = QColor("#8a5a00")
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"


def import_register(parent: QWidget | None, document: DatabaseDocument, project_id: int) -> bool:
    """Show the import dialog for a project; True when entries were imported."""
    dialog = ImportRegisterDialog(document, project_id, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class PreviewModel(RowTableModel[RowOutcome]):
    """Each source row with what the import does with it, and the warnings in words."""

    columns = ("Row", "Outcome", "Title", "Score", "Warnings")

    def cell(self, row: RowOutcome, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.outcome_text, *(f"• {warning}" for warning in row.warnings)]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.imported:
                return SKIPPED_COLOUR
            return WARNING_COLOUR if row.warnings and column == 4 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(row: RowOutcome, column: int) -> str:
        values = row.values
        if column == 0:
            return str(row.row_number)
        if column == 1:
            text = row.outcome_text
            return text[:1].upper() + text[1:]
        if column == 2:
            return values.title if values else ""
        if column == 3:
            likelihood, impact = values.residual if values else (None, None)
            return f"{likelihood} × {impact}" if likelihood and impact else ""
        return "; ".join(row.warnings) if row.warnings else ""


class ImportRegisterDialog(QDialog):
    """Two steps: the file, then the mapping with a row-by-row preview."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a risk register")
        self.resize(1200, 660)
        self.document = document
        self.project_id = project_id
        self.preview: ImportPreview | None = None
        self.combos: list[QComboBox] = []
        self._reader: ReadSpreadsheet | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.back_button = QPushButton("< &Back")
        self.next_button = QPushButton("&Next >")
        self.import_button = QPushButton("&Import")
        self.cancel_button = QPushButton("Cancel")
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.next_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        self._connect_signals()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show_page(0)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.next_button.clicked.connect(lambda: self.open_file(Path(self.path_edit.text())))
        self.import_button.clicked.connect(self.import_rows)
        self.cancel_button.clicked.connect(self.reject)
        self.browse_button.clicked.connect(self.choose_file)
        self.path_edit.textChanged.connect(lambda text: self.next_button.setEnabled(bool(text)))

    # --- step 1: the file ---------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "Choose a risk register saved as an Excel workbook (.xlsx) or a CSV file. "
            "Its columns are matched to ours by their names; you can change the match "
            "on the next page before anything is imported."
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("The register file")
        self.browse_button = QPushButton("&Browse…")
        self.file_status = QLabel()
        self.file_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.file_status)
        layout.addStretch(1)
        return page

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a risk register", "", FILE_FILTER)
        if name:
            self.path_edit.setText(name)
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` on a worker thread; the mapping step opens when it is read."""
        self.file_status.setText(f"Reading {path.name}…")
        self.next_button.setEnabled(False)
        self._reader = ReadSpreadsheet(path, register_import.read_register)
        self._reader.signals.done.connect(self._file_read)
        self._reader.signals.failed.connect(self._file_failed)
        QThreadPool.globalInstance().start(self._reader)

    def _file_failed(self, message: str) -> None:
        self.file_status.setText(message)
        self.next_button.setEnabled(True)

    def _file_read(self, table: SheetTable) -> None:
        self.next_button.setEnabled(True)
        try:
            preview = register_import.preview_import(self.document.db, self.project_id, table)
        except CommissionerError as error:
            self._file_failed(str(error))
            return
        self.file_status.setText("")
        self._show_preview(preview, rebuild_mapping=True)
        self._show_page(1)

    # --- step 2: the mapping and the preview ----------------------------------------------

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.mapping_grid = QGridLayout()
        self.mapping_grid.setColumnStretch(2, 1)
        mapping_widget = QWidget()
        mapping_widget.setLayout(self.mapping_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(mapping_widget)
        hint = QLabel(
            "One likelihood and impact pair is read as the current score. When residual "
            "columns are matched too, the first pair is the score before mitigation."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Columns in the file</b>"))
        left_layout.addWidget(scroll, 1)
        left_layout.addWidget(hint)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        for column, width in enumerate((44, 200, 190, 52)):
            self.table.setColumnWidth(column, width)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFixedHeight(96)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setPlaceholderText("Select a row to read what happens to it in full.")
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>What happens to each row</b>"))
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 720])
        layout = QVBoxLayout(page)
        layout.addWidget(self.source_label)
        layout.addWidget(splitter, 1)
        return page

    def _build_mapping_rows(self, preview: ImportPreview) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        for column, title in enumerate(("Column", "Our field", "First value")):
            self.mapping_grid.addWidget(QLabel(f"<i>{title}</i>"), 0, column)
        for index, name in enumerate(preview.table.columns):
            name_label = QLabel(name)
            name_label.setTextFormat(Qt.TextFormat.PlainText)
            name_label.setToolTip(name)
            combo = QComboBox()
            combo.addItem("(not imported)", None)
            for field in RegisterField:
                combo.addItem(field.label, field)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping[index])))
            combo.currentIndexChanged.connect(self._mapping_changed)
            sample = preview.table.column_values(index, limit=1)
            first = cell_text(sample[0]) if sample else ""
            sample_label = QLabel(first[:40] + ("…" if len(first) > 40 else ""))
            sample_label.setTextFormat(Qt.TextFormat.PlainText)
            sample_label.setToolTip(first)
            sample_label.setStyleSheet("color: palette(mid);")
            # Long values must not widen the column list: they are cut, the tooltip has all.
            sample_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            sample_label.setMinimumWidth(60)
            self.mapping_grid.addWidget(name_label, index + 1, 0)
            self.mapping_grid.addWidget(combo, index + 1, 1)
            self.mapping_grid.addWidget(sample_label, index + 1, 2)
            self.combos.append(combo)
        self.mapping_grid.setRowStretch(len(preview.table.columns) + 1, 1)

    def current_mapping(self) -> Mapping:
        # Qt hands a StrEnum back as plain text.
        return tuple(
            RegisterField(combo.currentData()) if combo.currentData() else None
            for combo in self.combos
        )

    def set_field(self, column: int, field: RegisterField | None) -> None:
        """Match one source column to ``field`` (or to nothing), as the combo would."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field) if field else 0)

    def _mapping_changed(self) -> None:
        assert self.preview is not None
        try:
            preview = register_import.remap(self.document.db, self.preview, self.current_mapping())
        except CommissionerError as error:
            show_problem(self, "Import a risk register", str(error))
            return
        self._show_preview(preview, rebuild_mapping=False)

    def _show_preview(self, preview: ImportPreview, *, rebuild_mapping: bool) -> None:
        self.preview = preview
        table = preview.table
        notes = "".join(f"<br>• {_escape(note)}" for note in table.notes)
        self.source_label.setText(
            f"<b>{_escape(table.source)}</b> — sheet “{_escape(table.sheet)}”, "
            f"column names on row {table.header_row}, {len(table.rows)} rows below them.{notes}"
        )
        if rebuild_mapping:
            self._build_mapping_rows(preview)
        self.model.set_rows(preview.rows)
        # Open on the first row that needs reading: skipped, or imported with warnings.
        first = next((i for i, r in enumerate(preview.rows) if r.warnings or not r.imported), 0)
        if preview.rows:
            self.table.selectRow(first)
        warned = sum(1 for row in preview.rows if row.imported and row.warnings)
        parts = [f"{preview.imported_count} of {len(preview.rows)} rows will be imported"]
        if preview.skipped_count:
            parts.append(f"{preview.skipped_count} skipped (the reason is on each row)")
        if warned:
            parts.append(f"{warned} imported with warnings to check")
        self.summary.setText("; ".join(parts) + ".")
        self.import_button.setEnabled(preview.imported_count > 0)
        self.import_button.setText(f"&Import {preview.imported_count}")

    def _show_details(self, current: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        row = self.model.row_at(current.row())
        lines = [f"Row {row.row_number}: {row.outcome_text}"]
        lines += [f"• {warning}" for warning in row.warnings]
        self.details.setPlainText("\n".join(lines))

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page == 1)
        self.next_button.setVisible(page == 0)
        self.next_button.setEnabled(bool(self.path_edit.text()))
        self.import_button.setVisible(page == 1)

    def import_rows(self) -> None:
        """Import the rows the preview accepts, as one undoable step."""
        if self.preview is None or self.preview.imported_count == 0:
            return
        command = ImportRegisterCommand(self.document, self.project_id, self.preview)
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, "Import a risk register", str(error))
            return
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
