"""One KPI in detail: its standard, its latest rating in words, its trend chart and its
measurements table."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.golden_thread_rules import NO_DATA, format_measure, measurement_due_by
from commissioner.services.golden_thread_input import MeasurementInput
from commissioner.services.kpis import KpiHistory, MeasurementRow
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    MEASUREMENT,
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.golden_thread_dialogs import MeasurementDialog, suggested_measurement
from commissioner.ui.golden_thread_models import (
    MEASUREMENT_ID_ROLE,
    NO_DATA_COLOUR,
    MeasurementsModel,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import RAG_COLOURS
from commissioner.ui.record_form import run_form
from commissioner.ui.table_export_action import view_export_button


class KpiPanel(QWidget):
    """Shows the KPI chosen in the golden thread, and records and corrects its measurements."""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.history: KpiHistory | None = None
        self.today = dt.date.today()
        self.chart: QWidget | None = None
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.placeholder = QLabel(
            "Select a KPI in the golden thread to see its trend and its measurements."
        )
        self.placeholder.setObjectName("muted")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel()
        self.heading.setObjectName("kpiHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: 600; font-size: 14px; color: #1d3d6b;")
        self.standard = QLabel()
        self.standard.setObjectName("muted")
        self.standard.setTextFormat(Qt.TextFormat.PlainText)
        self.standard.setWordWrap(True)
        self.latest = QLabel()
        self.latest.setTextFormat(Qt.TextFormat.RichText)
        self.latest.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._measurements_table())
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.standard, 1)
        column.addLayout(title_row)
        column.addWidget(self.latest)
        column.addWidget(self.splitter, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _measurements_table(self) -> QWidget:
        """The measurements, newest first, with the buttons that correct them."""
        self.model = MeasurementsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.edit_button = QPushButton("Correct measurement…")
        self.delete_button = QPushButton("Delete measurement…")
        self.export_button = view_export_button(self.table, self._export_title, "Measurements")
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        measurements = QWidget()
        table_column = QVBoxLayout(measurements)
        table_column.setContentsMargins(0, 0, 0, 0)
        table_column.addWidget(self.table, 1)
        table_column.addLayout(buttons)
        return measurements

    def _connect_signals(self) -> None:
        self.edit_button.clicked.connect(self.correct_measurement)
        self.delete_button.clicked.connect(self.delete_measurement)
        self.table.doubleClicked.connect(lambda _index: self.correct_measurement())
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)

    def show_kpi(self, history: KpiHistory, *, today: dt.date) -> None:
        """Show ``history`` in full; keeps the selected measurement when it is still there."""
        kept = self.selected_measurement_id()
        self.history, self.today = history, today
        self.heading.setText(f"KPI {history.label}")
        self.standard.setText(self._standard_text(history))
        self.latest.setText(self._latest_text(history, today))
        self.model.set_measurements(history.measurements, history.unit)
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self._ensure_chart().show_history(history)  # type: ignore[attr-defined]
        self.pages.setCurrentIndex(1)
        if kept is not None:
            self.select_measurement(kept)
        self.update_buttons()

    def _export_title(self) -> str:
        history = self.history
        if history is None:
            return "KPI measurements"
        unit = f" ({history.unit})" if history.unit else ""
        return f"KPI {history.label} measurements{unit}"

    def clear(self) -> None:
        self.history = None
        self.model.set_measurements((), "")
        self.pages.setCurrentIndex(0)

    def _ensure_chart(self) -> QWidget:
        if self.chart is None:
            from commissioner.ui.kpi_chart import KpiChart

            self.chart = KpiChart()
            self.chart.setMinimumSize(320, 200)
            self.splitter.insertWidget(0, self.chart)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([560, 440])
        return self.chart

    @staticmethod
    def _standard_text(history: KpiHistory) -> str:
        target = format_measure(history.target, history.unit)
        parts = [f"Target {target}", history.direction.label.lower()]
        if history.tolerance > 0:
            parts.append(f"amber to {format_measure(history.amber_threshold, history.unit)}")
        else:
            parts.append("no amber band")
        parts.append(f"measured {history.frequency.label.lower()}")
        return " · ".join(parts)

    @staticmethod
    def _latest_text(history: KpiHistory, today: dt.date) -> str:
        latest = history.latest
        if latest is None:
            return (
                f'<span style="color:{NO_DATA_COLOUR}; font-size:16px">●</span> '
                f"<b>{NO_DATA}</b>: no measurement recorded yet."
            )
        colour = RAG_COLOURS[latest.rag]
        value = html.escape(format_measure(latest.value, history.unit))
        text = (
            f'<span style="color:{colour}; font-size:16px">●</span> <b>{latest.rag.label}</b>: '
            f"latest {value} for the period ending {format_date(latest.period_end)}"
        )
        if history.overdue(today):
            due = measurement_due_by(latest.period_end, history.frequency)
            text += '<br><span style="color:#b3261e">Overdue: a newer measurement was due by '
            text += f"{format_date(due)}.</span>"
        return text

    def selected_measurement_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(MEASUREMENT_ID_ROLE)) if rows else None

    def select_measurement(self, measurement_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(MEASUREMENT_ID_ROLE) == measurement_id:
                self.table.selectRow(row)
                return

    def update_buttons(self, *_args: object) -> None:
        chosen = self.selected_measurement_id() is not None
        writable = not self.document.db.read_only
        self.edit_button.setEnabled(writable and chosen)
        self.delete_button.setEnabled(writable and chosen)

    # ----- measurements ---------------------------------------------------------------
    def _selected_row(self) -> MeasurementRow | None:
        chosen = self.selected_measurement_id()
        rows = self.history.measurements if self.history else ()
        return next((row for row in rows if row.id == chosen), None)

    def record_measurement(self) -> None:
        history = self.history
        if history is None or self.document.db.read_only:
            return

        def action(form: MeasurementInput) -> None:
            label = f"for {history.code} {form.period_end.strip()}"
            AddRecordCommand(
                self.document,
                MEASUREMENT,
                history.project_id,
                form,
                owner_id=history.id,
                label=label,
            ).run_first()

        initial = suggested_measurement(history, self.today)
        run_form(lambda submit: MeasurementDialog(history, submit, initial, parent=self), action)

    def correct_measurement(self) -> None:
        history, row = self.history, self._selected_row()
        if history is None or row is None or self.document.db.read_only:
            return
        before = row.as_input()

        def action(form: MeasurementInput) -> None:
            label = f"for {history.code} {before.period_end}"
            EditRecordCommand(
                self.document, MEASUREMENT, history.project_id, row.id, before, form, label=label
            ).run_first()

        run_form(
            lambda submit: MeasurementDialog(history, submit, before, editing=True, parent=self),
            action,
        )

    def delete_measurement(self) -> None:
        history, row = self.history, self._selected_row()
        if history is None or row is None:
            return
        period = format_date(row.period_end)
        question = f"Delete the {history.code} measurement for the period ending {period}?"
        if not confirm(self, "Delete measurement", question, "Delete"):
            return
        label = f"for {history.code} {period}"
        command = DeleteRecordCommand(
            self.document, MEASUREMENT, history.project_id, row.id, label=label
        )
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, "Delete measurement", str(error))
