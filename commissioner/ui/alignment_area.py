"""The Cultural alignment area: suppliers compared on culture, price and capability;
each supplier's assessments over time; and the council's own self-assessment."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.alignment_rules import Dimension, falling_trend
from commissioner.models.dates import format_date
from commissioner.services import alignment, suppliers
from commissioner.services.alignment import (
    AlignmentTrend,
    AssessmentInput,
    AssessmentRow,
    SupplierComparison,
)
from commissioner.ui.alignment_commands import (
    QuestionnaireCommand,
    SelfAssessmentCommand,
    assessment_operations,
)
from commissioner.ui.alignment_dialogs import (
    INDEX_EXPLANATION,
    AssessmentDialog,
    QuestionnaireDialog,
    SelfAssessmentDialog,
    plain_label,
)
from commissioner.ui.alignment_models import (
    FALL_COLOUR,
    AssessmentsModel,
    ComparisonModel,
    SelfAssessmentModel,
    history_lines,
)
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.record_form import run_form
from commissioner.ui.table_model import record_table


class AlignmentArea(ProjectArea):
    title = "Cultural alignment"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.dimensions: tuple[Dimension, ...] = ()
        self.history: list[AssessmentRow] = []
        self.compared: list[SupplierComparison] = []
        self.comparison_chart: Any = None
        self.trend_chart: Any = None
        self.comparison_model = ComparisonModel(self)
        self.history_model = AssessmentsModel(self)
        self.self_model = SelfAssessmentModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._comparison_page(), "Compare suppliers")
        self.tabs.addTab(self._history_page(), "Assessments over time")
        self.tabs.addTab(self._self_page(), "Our self-assessment")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._connect_signals()

    def _comparison_page(self) -> QWidget:
        page = QWidget()
        self.comparison_table = record_table(self.comparison_model)
        self.fit = QLabel()
        self.fit.setWordWrap(True)
        self.fit.setTextFormat(Qt.TextFormat.RichText)
        upper = QWidget()
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.comparison_table, 1)
        column.addWidget(self.fit)
        self.comparison_split = QSplitter(Qt.Orientation.Vertical)
        self.comparison_split.addWidget(upper)
        about = (
            "Shortlisted and contracted suppliers, best alignment first: culture beside "
            "the tender's price and capability scores. " + INDEX_EXPLANATION.split(":")[0] + "."
        )
        layout = QVBoxLayout(page)
        layout.addWidget(plain_label(about, muted=True))
        layout.addWidget(self.comparison_split, 1)
        return page

    def _history_page(self) -> QWidget:
        page = QWidget()
        self.supplier = QComboBox()
        self.supplier.setMinimumWidth(320)
        self.new_button = QPushButton("New assessment…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.flag.setTextFormat(Qt.TextFormat.RichText)
        self.history_table = record_table(self.history_model)
        self.history_split = QSplitter(Qt.Orientation.Vertical)
        self.history_split.addWidget(self.history_table)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("&Supplier"))
        bar.itemAt(0).widget().setBuddy(self.supplier)  # type: ignore[union-attr]
        bar.addWidget(self.supplier)
        bar.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.flag)
        layout.addWidget(self.history_split, 1)
        return page

    def _self_page(self) -> QWidget:
        page = QWidget()
        self.self_table = record_table(self.self_model)
        self.self_button = QPushButton("Edit our self-assessment…")
        self.questionnaire_button = QPushButton("Questionnaire…")
        bar = QHBoxLayout()
        about = (
            "The council's own strengths and weaknesses on each dimension of the "
            "questionnaire. A supplier complements a strength or covers a weakness."
        )
        bar.addWidget(plain_label(about, muted=True), 1)
        bar.addWidget(self.self_button)
        bar.addWidget(self.questionnaire_button)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.self_table, 1)
        return page

    def _connect_signals(self) -> None:
        self.supplier.currentIndexChanged.connect(self._show_history)
        self.new_button.clicked.connect(self.new_assessment)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.history_table.doubleClicked.connect(self.edit_selected)
        self.comparison_table.doubleClicked.connect(self._open_history)
        self.comparison_table.selectionModel().selectionChanged.connect(self._show_fit)
        self.self_button.clicked.connect(self.edit_self_assessment)
        self.questionnaire_button.clicked.connect(self.edit_questionnaire)

    # --- Reading ------------------------------------------------------------------

    @property
    def names(self) -> dict[str, str]:
        return {d.key: d.name for d in self.dimensions}

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        self.dimensions = alignment.list_dimensions(db)
        self.comparison_model.names = self.names
        self.comparison_model.falls = {
            f.relationship_id: f for f in alignment.falling_alignments(db, self.project_id)
        }
        self.compared = alignment.compare_suppliers(db, self.project_id)
        self.comparison_model.set_rows(self.compared)
        self.comparison_table.resizeColumnsToContents()
        # Long names end in "…" (the whole name is the tooltip) to leave room for the fit.
        self.comparison_table.setColumnWidth(0, min(self.comparison_table.columnWidth(0), 240))
        self._show_fit()
        ratings = alignment.get_self_assessment(db)
        self.self_model.set_rows([(d, ratings.get(d.key)) for d in self.dimensions])
        self.self_table.resizeColumnsToContents()
        self._fill_suppliers()
        self._show_history()
        writable = not db.read_only
        self.self_button.setEnabled(writable and bool(self.dimensions))
        self.questionnaire_button.setEnabled(writable)

    def _show_fit(self) -> None:
        """Where the selected supplier fits our strengths and weaknesses, dimension by dimension."""
        rows = self.comparison_table.selectionModel().selectedRows()
        if not rows:
            self.fit.setText(
                '<span style="color:#5f6b7a">Select a supplier to see where it fits our own '
                "strengths and weaknesses; double-click it to open its assessments.</span>"
            )
            return
        row = self.comparison_model.row_at(rows[0].row())
        detail = self.comparison_model.verdicts(row) or (
            "no verdicts: rate our strengths and weaknesses in Our self-assessment"
            if row.index is not None
            else "not assessed yet"
        )
        self.fit.setText(f"<b>{html.escape(row.supplier_name)}</b>: {html.escape(detail)}.")

    def _fill_suppliers(self) -> None:
        assert self.project_id is not None
        chosen = self.supplier.currentData()
        self.supplier.blockSignals(True)
        self.supplier.clear()
        for row in suppliers.list_relationships(self.document.db, self.project_id):
            self.supplier.addItem(row.label, row.id)
        self.supplier.setCurrentIndex(max(self.supplier.findData(chosen), 0))
        self.supplier.blockSignals(False)

    def _show_history(self) -> None:
        relationship_id = self.supplier.currentData()
        db = self.document.db
        self.history = alignment.list_assessments(db, relationship_id) if relationship_id else []
        self.history_model.set_rows(history_lines(self.history, self.names))
        self.history_table.resizeColumnsToContents()
        self.flag.setText(self._flag_text())
        writable = not db.read_only
        self.new_button.setEnabled(writable and relationship_id is not None)
        self.edit_button.setEnabled(writable and bool(self.history))
        self.delete_button.setEnabled(writable and bool(self.history))
        self._draw_charts()

    def _flag_text(self) -> str:
        """The falling-trend flag in words and colour, or the latest reading plainly."""
        if self.supplier.currentData() is None:
            return "Add suppliers to this project in Suppliers to assess their culture."
        known = [row for row in self.history if row.index is not None]
        if not known:
            return "Not assessed yet: record a first assessment with New assessment…"
        latest = known[-1]
        if len(known) < 2:
            return (
                f"One assessment so far: index {latest.index} on {format_date(latest.assessed_on)}."
            )
        before = known[-2]
        text = f"Alignment fell from {before.index} to {latest.index} at the latest reassessment"
        if falling_trend([before.index, latest.index]):
            return (
                f'<span style="color:{FALL_COLOUR}"><b>▼ {text}</b></span> '
                f"({format_date(latest.assessed_on)})."
            )
        return (
            f"Latest index {latest.index} on {format_date(latest.assessed_on)}, "
            f"{before.index} at the assessment before."
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_charts()

    def _draw_charts(self) -> None:
        """Charts are made the first time the area is on screen, not when the app opens."""
        if not self.isVisible() or self.project_id is None:
            return
        if self.comparison_chart is None:
            from commissioner.ui.alignment_charts import ComparisonChart, TrendChart

            self.comparison_chart, self.trend_chart = ComparisonChart(), TrendChart()
            self.comparison_split.addWidget(self.comparison_chart)
            self.history_split.addWidget(self.trend_chart)
            self.comparison_split.setSizes([190, 430])
            self.history_split.setSizes([180, 440])
        self.comparison_chart.show_comparison(self.compared)
        relationship_id = self.supplier.currentData()
        trend = (
            alignment.alignment_trend(self.document.db, relationship_id)
            if relationship_id is not None
            else AlignmentTrend((), (), {})
        )
        self.trend_chart.show_trend(trend, self.names)

    # --- Editing ------------------------------------------------------------------

    def _open_history(self) -> None:
        """Double-clicking a compared supplier opens its assessments."""
        rows = self.comparison_table.selectionModel().selectedRows()
        if rows:
            chosen = self.comparison_model.row_at(rows[0].row()).relationship_id
            self.supplier.setCurrentIndex(self.supplier.findData(chosen))
            self.tabs.setCurrentIndex(1)

    def new_assessment(self) -> None:
        relationship_id = self.supplier.currentData()
        if relationship_id is None or self.project_id is None:
            return
        project_id, db = self.project_id, self.document.db
        start = alignment.starting_positions(db, relationship_id)
        # A reassessment starts from the last positions but needs its own evidence.
        scores = tuple(replace(score, evidence="") for score in start.values())
        assessor = self.history[-1].assessor if self.history else ""
        initial = AssessmentInput(format_date(self.today), assessor, scores)
        operations = assessment_operations(self.today)
        run_form(
            lambda submit: AssessmentDialog(
                self.supplier.currentText(), self.dimensions, initial, submit, parent=self
            ),
            lambda form: AddRecordCommand(
                self.document,
                operations,
                project_id,
                form,
                owner_id=relationship_id,
                label=f"of {self.supplier.currentText()}",
            ).run_first(),
        )

    def selected(self) -> AssessmentRow | None:
        rows = self.history_table.selectionModel().selectedRows()
        return self.history_model.row_at(rows[0].row()).assessment if rows else None

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Edit assessment", "Select the assessment to edit first.")
            return
        project_id, before = self.project_id, row.as_input()
        operations = assessment_operations(self.today)
        run_form(
            lambda submit: AssessmentDialog(
                self.supplier.currentText(),
                self.dimensions,
                before,
                submit,
                editing=True,
                parent=self,
            ),
            lambda form: EditRecordCommand(
                self.document, operations, project_id, row.id, before, form
            ).run_first(),
        )

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Delete assessment", "Select the assessment to delete first.")
            return
        question = (
            f"Delete the assessment of {self.supplier.currentText()} made on "
            f"{format_date(row.assessed_on)}? Edit → Undo brings it back."
        )
        if not confirm(self, "Delete assessment", question, "Delete"):
            return
        operations = assessment_operations(self.today)
        try:
            DeleteRecordCommand(self.document, operations, self.project_id, row.id).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete assessment", str(error))

    def edit_self_assessment(self) -> None:
        current = alignment.get_self_assessment(self.document.db)
        run_form(
            lambda submit: SelfAssessmentDialog(self.dimensions, current, submit, parent=self),
            lambda entries: SelfAssessmentCommand(self.document, entries).run_first(),
        )

    def edit_questionnaire(self) -> None:
        run_form(
            lambda submit: QuestionnaireDialog(self.dimensions, submit, parent=self),
            lambda dimensions: QuestionnaireCommand(self.document, dimensions).run_first(),
        )
