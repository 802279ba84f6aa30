"""Import actuals from a finance-system export: choose the file, check which column is
which against a row-by-row preview, then write every month as one undoable step.

The file is read on a worker thread; choosing another column, year or mode previews
again from the rows already read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.io.actuals_mapping import ActualsField, ColumnChoice, year_choice_label
from commissioner.io.register_rows import cell_text
from commissioner.io.spreadsheet import SheetTable
from commissioner.models.money import format_pounds
from commissioner.services import actuals_import
from commissioner.services.actuals_import import (
    ActualsPreview,
    ActualsRow,
    ImportMode,
    MonthActual,
)
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.file_reading import ReadSpreadsheet
from commissioner.ui.import_actuals_commands import ImportActualsCommand
from commissioner.ui.messages import show_problem
from commissioner.ui.table_model import RowTableModel, record_table

TITLE = "Import actuals"
SKIPPED_COLOUR = QColor("#b71c1c")
FILE_FILTER = "Finance exports (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NOT_USED = -1


def run_import_actuals(parent: QWidget | None, document: DatabaseDocument, project_id: int) -> None:
    """Show the import for a project; the import itself is one step on the undo stack."""
    if document.db.read_only:
        show_problem(parent, TITLE, "This file is open read-only, so actuals cannot be imported.")
        return
    ImportActualsDialog(document, project_id, parent).exec()


def _label(text: str = "") -> QLabel:
    """A wrapping label whose text is shown as written (file names and cells are data)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _table(model: RowTableModel[Any], widths: tuple[int, ...], *, stretch: bool) -> QTableView:
    table = record_table(model)
    table.horizontalHeader().setStretchLastSection(stretch)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def _stacked(*items: QWidget, grow: QWidget | None = None, margins: bool = True) -> QWidget:
    """Widgets one above the other; ``grow`` takes the spare height, else space below."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    if not margins:
        layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        layout.addWidget(item, 1 if item is grow else 0)
    if grow is None:
        layout.addStretch(1)
    return panel


def _money(pence: int | None) -> str:
    return format_pounds(pence, with_pence=True) if pence is not None else ""


class RowsModel(RowTableModel[ActualsRow]):
    """Each row of the export: the cost line and month it goes to, or why it is skipped."""

    columns = ("Row", "Code", "Description", "Cost line", "Month", "Amount", "Outcome")

    def cell(self, row: ActualsRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 6):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and not row.imported and column == 6:
            return SKIPPED_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return _RIGHT
        return None

    @staticmethod
    def _text(row: ActualsRow, column: int) -> str:
        month = f"{row.month:%b %Y}" if row.month else ""
        outcome = "Imported" if row.imported else f"Skipped: {row.skipped_because}"
        texts = (str(row.row_number), row.source, row.description, row.line_name, month)
        return (*texts, _money(row.pence), outcome)[column]


class MonthsModel(RowTableModel[MonthActual]):
    """Each cost line's month as the import will leave it, the file's rows summed."""

    columns = ("Cost line", "Month", "Rows", "From the file", "Actual before", "Actual after")

    def cell(self, row: MonthActual, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.line_name, f"{row.month:%b %Y}", str(row.row_count))
            return (*values, _money(row.pence), _money(row.before) or "blank", _money(row.after))[
                column
            ]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        return None


class ImportActualsDialog(QDialog):
    """Three steps: the file; the columns, year and mode with the preview; the result."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(1240, 680)
        self.document, self.project_id = document, project_id
        self.preview: ActualsPreview | None = None
        self.column_combos: dict[ActualsField, QComboBox] = {}
        self._reader: ReadSpreadsheet | None = None
        self.pages = QStackedWidget()
        for page in (self._file_page(), self._mapping_page(), self._done_page()):
            self.pages.addWidget(page)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self._show_page(0)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.next_button.clicked.connect(lambda: self.open_file(Path(self.path_edit.text())))
        self.import_button.clicked.connect(self.import_actuals)
        self.cancel_button.clicked.connect(self._close)
        self.browse_button.clicked.connect(self.choose_file)
        self.path_edit.textChanged.connect(lambda text: self.next_button.setEnabled(bool(text)))
        for combo in self.column_combos.values():
            combo.activated.connect(self._column_chosen)
        self.year_combo.activated.connect(self._preview_again)
        self.rows_table.selectionModel().currentRowChanged.connect(self._show_row)
        self.mode_group.idClicked.connect(self._preview_again)

    # --- step 1: the file -------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        intro = _label(
            "Choose a transaction listing exported from the finance system, as an Excel "
            "workbook (.xlsx) or a CSV file. Each row is matched to a cost line by its "
            "finance code (cost centre and account) or the line's name; you can check and "
            "change which column is which on the next page before anything is written."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("The finance export")
        self.browse_button = QPushButton("&Browse…")
        self.file_status = _label()
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        return _stacked(intro, chooser, self.file_status)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, TITLE, "", FILE_FILTER)
        if name:
            self.path_edit.setText(name)
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` on a worker thread; the next step opens when it is read."""
        self.file_status.setText(f"Reading {path.name}…")
        self.next_button.setEnabled(False)
        self._reader = ReadSpreadsheet(path, actuals_import.read_export)
        self._reader.signals.done.connect(self._file_read)
        self._reader.signals.failed.connect(self._file_failed)
        QThreadPool.globalInstance().start(self._reader)

    def _file_failed(self, message: str) -> None:
        self.file_status.setText(message)
        self.next_button.setEnabled(True)

    def _file_read(self, table: SheetTable) -> None:
        self.next_button.setEnabled(True)
        try:
            preview = actuals_import.preview_actuals(self.document.db, self.project_id, table)
        except CommissionerError as error:
            self._file_failed(str(error))
            return
        self.file_status.setText("")
        self._fill_choices(preview)
        self._show_preview(preview)
        self._show_page(1)

    # --- step 2: columns, year and mode, with the preview --------------------------------------

    def _mapping_page(self) -> QWidget:
        self.source_label = _label()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._choices_panel())
        splitter.addWidget(self._preview_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 860])
        return _stacked(self.source_label, splitter, grow=splitter)

    def _choices_panel(self) -> QWidget:
        columns = QGroupBox("Which column holds what")
        form = QFormLayout(columns)
        for field in ActualsField:
            combo = QComboBox()
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.column_combos[field] = combo
            form.addRow(field.label, combo)
        self.year_combo = QComboBox()
        self.year_hint = _label()
        year = QGroupBox("Financial periods")
        year_layout = QVBoxLayout(year)
        year_layout.addWidget(self.year_hint)
        year_layout.addWidget(self.year_combo)
        self.replace_radio = QRadioButton("&Replace the month's actual (the default)")
        self.add_radio = QRadioButton("&Add to the actual already recorded")
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.replace_radio, 0)
        self.mode_group.addButton(self.add_radio, 1)
        self.replace_radio.setChecked(True)
        self.mode_hint = _label()
        mode = QGroupBox("Imported actuals")
        mode_layout = QVBoxLayout(mode)
        for widget in (self.replace_radio, self.add_radio, self.mode_hint):
            mode_layout.addWidget(widget)
        return _stacked(columns, year, mode, margins=False)

    def _preview_panel(self) -> QWidget:
        self.rows_model = RowsModel(self)
        self.months_model = MonthsModel(self)
        self.rows_table = _table(self.rows_model, (40, 100, 170, 120, 70, 90), stretch=True)
        months_table = _table(self.months_model, (200, 80, 50, 120, 120, 120), stretch=False)
        self.row_details = _label()
        self.row_details.setFrameShape(QLabel.Shape.StyledPanel)
        self.row_details.setMinimumHeight(44)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rows_table, "Rows in the file")
        self.tabs.addTab(months_table, "Months to write")
        self.problem_label = _label()
        self.problem_label.setStyleSheet(f"color: {SKIPPED_COLOUR.name()}; font-weight: bold;")
        self.summary = _label()
        parts = (self.tabs, self.row_details, self.problem_label, self.summary)
        return _stacked(*parts, grow=self.tabs, margins=False)

    def _fill_choices(self, preview: ActualsPreview) -> None:
        table = preview.table
        for combo in self.column_combos.values():
            combo.clear()
            combo.addItem("(not used)", _NOT_USED)
            for index, name in enumerate(table.columns):
                sample = table.column_values(index, limit=1)
                first = cell_text(sample[0])[:24] if sample else ""
                combo.addItem(f"{name} — {first}" if first else name, index)
        self._set_combos(preview.columns)
        start = dt.date(2000, preview.start_month, 1)
        self.year_hint.setText(
            f"P01 is {start:%B}, the first month of the council's financial year. "
            "Periods written without a year are in:"
        )
        self.year_combo.clear()
        for year in range(preview.financial_year - 3, preview.financial_year + 3):
            self.year_combo.addItem(year_choice_label(year, preview.start_month), year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(preview.financial_year))
        self.replace_radio.setChecked(True)

    def _set_combos(self, columns: ColumnChoice) -> None:
        for field, combo in self.column_combos.items():
            combo.setCurrentIndex(combo.findData(columns.get(field, _NOT_USED)))

    def current_columns(self) -> ColumnChoice:
        return {
            field: combo.currentData()
            for field, combo in self.column_combos.items()
            if combo.currentData() != _NOT_USED
        }

    def set_column(self, field: ActualsField, column: int | None) -> None:
        """Read ``field`` from ``column`` (None: from no column), as choosing it would."""
        combo = self.column_combos[field]
        combo.setCurrentIndex(combo.findData(_NOT_USED if column is None else column))
        combo.activated.emit(combo.currentIndex())

    def _column_chosen(self) -> None:
        changed = self.sender()
        chosen = changed.currentData() if isinstance(changed, QComboBox) else _NOT_USED
        for combo in self.column_combos.values():
            # A column holds one thing: the field that had it lets it go.
            if combo is not changed and chosen != _NOT_USED and combo.currentData() == chosen:
                combo.setCurrentIndex(0)
        self._preview_again()

    def _preview_again(self) -> None:
        assert self.preview is not None
        mode = ImportMode.ADD if self.add_radio.isChecked() else ImportMode.REPLACE
        try:
            preview = actuals_import.remap(
                self.document.db,
                self.preview,
                self.current_columns(),
                mode=mode,
                year=self.year_combo.currentData(),
            )
        except CommissionerError as error:
            show_problem(self, TITLE, str(error))
            return
        self._show_preview(preview)

    def _show_preview(self, preview: ActualsPreview) -> None:
        self.preview = preview
        table = preview.table
        notes = "".join(f"\n• {note}" for note in table.notes)
        sheet = "" if Path(table.source).stem == table.sheet else f" — sheet “{table.sheet}”"
        self.source_label.setText(
            f"{table.source}{sheet}: column names on row {table.header_row}, "
            f"{len(table.rows)} {'row' if len(table.rows) == 1 else 'rows'} below them.{notes}"
        )
        self.rows_model.set_rows(preview.rows)
        self.months_model.set_rows(preview.months)
        # Open on the first skipped row: its reason is what needs reading.
        skipped = next((i for i, row in enumerate(preview.rows) if not row.imported), 0)
        if preview.rows:
            self.rows_table.selectRow(skipped)
        self.tabs.setTabText(0, f"Rows in the file ({len(preview.rows)})")
        self.tabs.setTabText(1, f"Months to write ({len(preview.months)})")
        self.mode_hint.setText(preview.mode.explanation)
        self.problem_label.setText(preview.problem)
        self.problem_label.setVisible(bool(preview.problem))
        self.summary.setText(_summary(preview))
        ready = not preview.problem and bool(preview.months)
        self.import_button.setEnabled(ready)
        self.import_button.setText(f"&Import {preview.imported_rows} rows" if ready else "&Import")

    def _show_row(self, current: QModelIndex) -> None:
        if not current.isValid():
            self.row_details.setText("Select a row to read what happens to it in full.")
            return
        row = self.rows_model.row_at(current.row())
        where = f"{row.line_name}, {row.month:%B %Y}" if row.month else row.line_name
        outcome = (
            f"imported into {where}: {_money(row.pence)}"
            if row.imported
            else f"skipped, {row.skipped_because}"
        )
        about = f" ({row.description})" if row.description else ""
        self.row_details.setText(f"Row {row.row_number}{about}: {outcome}.")

    # --- step 3: the result -------------------------------------------------------------------

    def _done_page(self) -> QWidget:
        self.report_label = _label()
        # The same months as the preview showed, now written: what undo would put back.
        written = _table(self.months_model, (240, 90, 60, 130, 130, 130), stretch=False)
        heading = QLabel("<b>Actuals written</b>")
        return _stacked(self.report_label, heading, written, grow=written)

    def import_actuals(self) -> None:
        """Write the months the preview imports, as one undoable step."""
        if self.preview is None:
            return
        command = ImportActualsCommand(self.document, self.project_id, self.preview)
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, TITLE, str(error))
            return
        assert command.imported is not None
        self.report_label.setText(
            f"{command.imported.report}\n\nUndo (Ctrl+Z) takes the whole import back."
        )
        self._show_page(2)

    def _close(self) -> None:
        if self.pages.currentIndex() == 2:
            self.accept()
        else:
            self.reject()

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page == 1)
        self.next_button.setVisible(page == 0)
        self.next_button.setEnabled(bool(self.path_edit.text()))
        self.import_button.setVisible(page == 1)
        self.cancel_button.setText("Close" if page == 2 else "Cancel")


def _summary(preview: ActualsPreview) -> str:
    parts = [f"{preview.imported_rows} of {len(preview.rows)} rows will be imported"]
    if preview.skipped_rows:
        parts.append(f"{preview.skipped_rows} skipped (the reason is on each row)")
    if preview.months:
        lines = "cost line" if preview.line_count == 1 else "cost lines"
        months = "month" if preview.month_count == 1 else "months"
        parts.append(
            f"{_money(preview.total_pence)} into {preview.line_count} {lines} over "
            f"{preview.month_count} {months}"
        )
    return "; ".join(parts) + "."
