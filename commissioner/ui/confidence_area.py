"""The Delivery confidence area: the latest rating, its trend, the history and a chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.confidence_rules import DIMENSIONS, allowed_ratings, trend
from commissioner.models.dates import format_date
from commissioner.services import confidence
from commissioner.services.confidence import Assessment, ConfidenceInput
from commissioner.ui.areas import ProjectArea
from commissioner.ui.confidence_commands import DeleteAssessmentCommand, RecordAssessmentCommand
from commissioner.ui.confidence_dialog import ConfidenceDialog
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import CONFIDENCE_COLOURS, confidence_icon, rag_icon
from commissioner.ui.table_model import RowTableModel, record_table

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Review date", "Confidence", *(title for _, title in DIMENSIONS), "By", "Rationale")
#: The assessment id behind a row.
ASSESSMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AssessmentsModel(RowTableModel[Assessment]):
    """Assessments newest first, each dimension as a word with a coloured dot."""

    columns = COLUMNS

    def set_assessments(self, assessments: list[Assessment]) -> None:
        self.set_rows(list(reversed(assessments)))

    def cell(self, row: Assessment, column: int, role: int) -> Any:
        dimension = DIMENSIONS[column - 2][0] if 2 <= column < 2 + len(DIMENSIONS) else None
        if role == ASSESSMENT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 1:
                return confidence_icon(row.rating)
            return rag_icon(row.dimension(dimension)) if dimension else None
        if role == Qt.ItemDataRole.ToolTipRole and column == len(COLUMNS) - 1:
            return row.rationale
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return format_date(row.assessed_on)
        if column == 1:
            return row.rating.label
        if dimension:
            rag = row.dimension(dimension)
            return rag.label if rag else "—"
        return row.assessed_by if column == len(COLUMNS) - 2 else row.rationale


class ConfidenceArea(ProjectArea):
    title = "Delivery confidence"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.assessments: list[Assessment] = []
        self.latest = QLabel()
        self.latest.setObjectName("confidenceBadge")
        self.latest.setTextFormat(Qt.TextFormat.RichText)
        self.record_button = QPushButton("Record assessment…")
        self.remove_button = QPushButton("Remove selected…")
        self.model = AssessmentsModel(self)
        self.table = record_table(self.model)
        self.chart: QWidget | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        header = QHBoxLayout()
        header.addWidget(self.latest, 1)
        header.addWidget(self.record_button)
        header.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        self.record_button.clicked.connect(self.record_assessment)
        self.remove_button.clicked.connect(self.remove_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        self.assessments = confidence.list_assessments(self.document.db, self.project_id)
        self.model.set_assessments(self.assessments)
        self.table.resizeColumnsToContents()
        self._show_latest()
        self._ensure_chart().show_assessments(self.assessments)  # type: ignore[attr-defined]
        writable = not self.document.db.read_only
        self.record_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and bool(self.assessments))

    def _ensure_chart(self) -> QWidget:
        if self.chart is None:
            from commissioner.ui.confidence_chart import ConfidenceChart

            self.chart = ConfidenceChart()
            self.chart.setMinimumHeight(200)
            self.splitter.insertWidget(0, self.chart)
            self.splitter.setSizes([240, 360])
        return self.chart

    def _show_latest(self) -> None:
        if not self.assessments:
            self.latest.setText("<b>Not yet assessed</b>")
            return
        latest = self.assessments[-1]
        previous = self.assessments[-2].rating if len(self.assessments) > 1 else None
        direction = trend(latest.rating, previous)
        colour = CONFIDENCE_COLOURS[latest.rating]
        since = f" — {direction} since the previous review" if direction else ""
        self.latest.setText(
            f'<span style="color:{colour}; font-size:20px">●</span> '
            f"<b>{latest.rating.label}</b> at the review of "
            f"{format_date(latest.assessed_on)}{since}"
        )

    def record_assessment(self) -> None:
        assert self.project_id is not None
        ratings = allowed_ratings(confidence.confidence_scale(self.document.db))
        project_id = self.project_id

        def submit(form: ConfidenceInput) -> None:
            RecordAssessmentCommand(self.document, project_id, form).run_first()

        ConfidenceDialog(ratings, submit, assessed_by=self.document.db.actor, parent=self).exec()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.project_id is None:
            show_problem(self, "Remove assessment", "Select the assessment to remove first.")
            return
        assessment_id = int(rows[0].data(ASSESSMENT_ID_ROLE))
        question = "Remove this assessment from the history? Edit → Undo brings it back."
        if not confirm(self, "Remove assessment", question, "Remove"):
            return
        try:
            DeleteAssessmentCommand(self.document, self.project_id, assessment_id).run_first()
        except CommissionerError as error:
            show_problem(self, "Remove assessment", str(error))
