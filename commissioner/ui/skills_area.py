"""The Skills audit area: the skills matrix heat map, the project's gaps, each member's
rating history and gap reviews, and the council's competency framework."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.io.table_export import TableExport
from commissioner.models.dates import format_date
from commissioner.models.enums import SkillLevel
from commissioner.services import skills, skills_framework, training
from commissioner.services.skills import GapRow, RatingRow, SkillsMatrix
from commissioner.services.training import GapReviewRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.list_exports import skills_matrix_export
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.skills_commands import (
    AddGapReviewCommand,
    RateCommand,
    ReplaceFrameworkCommand,
)
from commissioner.ui.skills_dialogs import (
    FrameworkDialog,
    GapReviewDialog,
    GapReviewForm,
    RatingDialog,
    RatingForm,
)
from commissioner.ui.table_export_action import ExportButton, area_title, view_export_button
from commissioner.ui.table_model import RowTableModel, record_table

#: The same colours as the heat map's cells, kept here so the table needs no pyqtgraph.
GAP_COLOURS = {1: "#f2b246", 2: "#c62828"}


def level_word(level: SkillLevel | None) -> str:
    return "Not given" if level is None else level.label


def gap_words(gap: int) -> str:
    return f"{gap} level short" if gap == 1 else f"{gap} levels short"


class GapsModel(RowTableModel[GapRow]):
    columns = ("Person", "Role", "Competency", "Required", "Current", "Gap", "Training action")
    export_kinds = ("text",) * 5 + ("integer",)

    def export_value(self, row: GapRow, column: int) -> Any:
        return row.gap if column == 5 else self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: GapRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 5:
            return swatch(GAP_COLOURS[min(row.gap, 2)])
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return _current_words(row)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 6):
            return (row.competency_name, row.open_action or "No training planned yet")[column > 2]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.full_name,
            row.role.label,
            row.competency_name,
            row.required.label,
            row.current.level.label if row.current.rated else "Not rated",
            gap_words(row.gap),
            row.open_action or "None planned",
        )
        return values[column]


def _current_words(row: GapRow) -> str:
    current = row.current
    if not current.rated:
        return "Not rated"
    whose = "manager's rating" if current.by_manager else "self-rating"
    return f"{current.level.label}: {whose} of {format_date(current.rated_on)}"


class RatingHistoryModel(RowTableModel[RatingRow]):
    columns = ("Competency", "Date", "Self-rating", "Manager's rating", "Rated by", "Evidence")

    def cell(self, row: RatingRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return row.evidence or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.competency_name,
            format_date(row.rated_on),
            level_word(row.self_level),
            level_word(row.manager_level),
            row.rated_by,
            row.evidence.replace("\n", " "),
        )
        return values[column]


class GapReviewsModel(RowTableModel[GapReviewRow]):
    columns = ("Date", "Reviewed by", "Notes", "Agreed actions")

    def cell(self, row: GapReviewRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return (row.notes, row.agreed_actions)[column - 2] or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            format_date(row.reviewed_on),
            row.reviewed_by,
            row.notes.replace("\n", " "),
            row.agreed_actions.replace("\n", " "),
        )
        return values[column]


def heat_map_matrix(matrix: SkillsMatrix, known: dict[int, dict[str, int]]) -> Any:
    """The heat map's plain view of ``matrix``; ``known`` (person → competency → current
    level) fills in cells where a competency is not needed but was rated."""
    from commissioner.ui.skills_heat_map import SkillsMatrix as HeatMapMatrix

    required, current = [], []
    for member in matrix.members:
        levels = known.get(member.person_id, {})
        needed, has = [], []
        for competency in matrix.competencies:
            cell = matrix.cell(member.person_id, competency.key)
            needed.append(0 if cell is None else int(cell.required))
            has.append(levels.get(competency.key))
        required.append(tuple(needed))
        current.append(tuple(has))
    return HeatMapMatrix(
        people=tuple(member.full_name for member in matrix.members),
        competencies=tuple(c.name for c in matrix.competencies),
        roles=tuple(c.role.label for c in matrix.competencies),
        required=tuple(required),
        current=tuple(current),
    )


class SkillsArea(ProjectArea):
    title = "Skills audit"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.matrix: SkillsMatrix | None = None
        self.history: dict[int, list[RatingRow]] = {}
        self.heat_map: Any = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.rate_button = QPushButton("Rate…")
        self.review_button = QPushButton("Record gap review…")
        self.framework_button = QPushButton("Competency framework…")
        self.gaps_model = GapsModel(self)
        self.gaps_table = record_table(self.gaps_model)
        self.export_gaps_button = view_export_button(
            self.gaps_table, area_title(self, "skills gaps"), "Skills gaps"
        )
        self.export_matrix_button = ExportButton(
            area_title(self, "skills matrix"), self._matrix_export, text="Export matrix…"
        )
        self.person = QComboBox()
        self.history_model = RatingHistoryModel(self)
        self.history_table = record_table(self.history_model)
        self.reviews_model = GapReviewsModel(self)
        self.reviews_table = record_table(self.reviews_model)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._lower_panels())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._header())
        layout.addWidget(self.splitter, 1)
        self._connect_signals()

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in (self.rate_button, self.review_button, self.framework_button):
            header.addWidget(button)
        header.addWidget(self.export_matrix_button)
        return header

    def _lower_panels(self) -> QSplitter:
        gaps = QWidget()
        gaps_layout = QVBoxLayout(gaps)
        gaps_layout.setContentsMargins(0, 0, 0, 0)
        gaps_title = QHBoxLayout()
        gaps_title.addWidget(QLabel("<b>Gaps on this project</b>, largest first"), 1)
        gaps_title.addWidget(self.export_gaps_button)
        gaps_layout.addLayout(gaps_title)
        gaps_layout.addWidget(self.gaps_table)
        person = QWidget()
        person_layout = QVBoxLayout(person)
        person_layout.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("<b>Member</b>"))
        chooser.addWidget(self.person, 1)
        person_layout.addLayout(chooser)
        self.person_tabs = QTabWidget()
        self.person_tabs.addTab(self.history_table, "Rating history")
        self.person_tabs.addTab(self.reviews_table, "Gap reviews")
        person_layout.addWidget(self.person_tabs)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(gaps)
        lower.addWidget(person)
        lower.setSizes([760, 390])
        return lower

    def _connect_signals(self) -> None:
        self.rate_button.clicked.connect(lambda: self.rate())
        self.review_button.clicked.connect(self.record_gap_review)
        self.framework_button.clicked.connect(self.edit_framework)
        self.person.currentIndexChanged.connect(self._show_person)
        self.gaps_table.selectionModel().currentRowChanged.connect(self._gap_chosen)
        self.gaps_table.doubleClicked.connect(self._rate_gap)

    # --- Reading ----------------------------------------------------------------------
    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        self.matrix = skills.skills_matrix(db, self.project_id)
        self.history = {
            m.person_id: skills.ratings_for(db, m.person_id) for m in self.matrix.members
        }
        gaps = skills.gaps_for_project(db, self.project_id)
        self.gaps_model.set_rows(gaps)
        _fit_columns(self.gaps_table)
        self.summary.setText(_summary(self.matrix, gaps))
        self._fill_people()
        self._draw_heat_map()
        writable = not db.read_only
        has_team = bool(self.matrix.members)
        self.rate_button.setEnabled(writable and has_team and bool(self.matrix.competencies))
        self.review_button.setEnabled(writable and has_team)
        self.framework_button.setEnabled(writable)

    def _fill_people(self) -> None:
        assert self.matrix is not None
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for member in self.matrix.members:
            self.person.addItem(member.full_name, member.person_id)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        self.person.blockSignals(False)
        self._show_person()

    def _show_person(self) -> None:
        person_id = self.person.currentData()
        self.history_model.set_rows(self.history.get(person_id, []) if person_id else [])
        reviews = training.gap_reviews_for(self.document.db, person_id) if person_id else []
        self.reviews_model.set_rows(reviews)
        for table in (self.history_table, self.reviews_table):
            _fit_columns(table)
        self.person_tabs.setTabText(1, f"Gap reviews ({len(reviews)})")

    def _matrix_export(self, title: str) -> TableExport:
        if self.matrix is None:
            raise CommissionerError("Open a project to export its skills matrix.")
        return skills_matrix_export(title, self.matrix)

    def _gap_chosen(self) -> None:
        gap = self.selected_gap()
        if gap is not None:
            self.person.setCurrentIndex(self.person.findData(gap.person_id))

    def selected_gap(self) -> GapRow | None:
        rows = self.gaps_table.selectionModel().selectedRows()
        return self.gaps_model.row_at(rows[0].row()) if rows else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_heat_map()

    def _draw_heat_map(self) -> None:
        """The map (and pyqtgraph) is made the first time the area is on screen."""
        if not self.isVisible() or self.matrix is None:
            return
        if self.heat_map is None:
            from commissioner.ui.skills_heat_map import SkillsHeatMap

            self.heat_map = SkillsHeatMap()
            self.heat_map.setMinimumHeight(300)
            self.heat_map.cell_clicked.connect(self._cell_clicked)
            self.splitter.insertWidget(0, self.heat_map)
            self.splitter.setSizes([430, 300])
        people = [member.person_id for member in self.matrix.members]
        known = skills.current_levels(self.document.db, people)
        self.heat_map.show_matrix(heat_map_matrix(self.matrix, known))

    # --- Editing ----------------------------------------------------------------------
    def _cell_clicked(self, person: int, competency: int) -> None:
        if self.matrix is None or self.document.db.read_only:
            return
        self.person.setCurrentIndex(person)
        self.rate(self.matrix.members[person].person_id, self.matrix.competencies[competency].key)

    def _rate_gap(self) -> None:
        gap = self.selected_gap()
        if gap is not None and not self.document.db.read_only:
            self.rate(gap.person_id, gap.competency_key)

    def rate(self, person_id: int | None = None, competency_key: str | None = None) -> None:
        """Open the rating form, on a given person and competency where known."""
        if self.matrix is None or self.project_id is None:
            return
        project_id, today = self.project_id, self.today
        people = [(m.person_id, m.full_name) for m in self.matrix.members]
        competencies = [(c.key, f"{c.name} ({c.role.label})") for c in self.matrix.competencies]

        def save(form: RatingForm) -> None:
            RateCommand(
                self.document, project_id, form.person_id, form.competency_key, form.rating, today
            ).run_first()

        run_form(
            lambda submit: RatingDialog(
                submit,
                people,
                competencies,
                person_id=person_id or self.person.currentData(),
                competency_key=competency_key,
                today=today,
                parent=self,
            ),
            save,
        )

    def record_gap_review(self) -> None:
        if self.matrix is None or self.project_id is None:
            return
        project_id, today = self.project_id, self.today
        people = [(m.person_id, m.full_name) for m in self.matrix.members]

        def save(form: GapReviewForm) -> None:
            AddGapReviewCommand(
                self.document, project_id, form.person_id, form.review, today
            ).run_first()

        run_form(
            lambda submit: GapReviewDialog(
                submit, people, person_id=self.person.currentData(), today=today, parent=self
            ),
            save,
        )

    def edit_framework(self) -> None:
        rows = skills_framework.list_competencies(self.document.db)
        run_form(
            lambda submit: FrameworkDialog(submit, rows, parent=self),
            lambda form: ReplaceFrameworkCommand(self.document, form).run_first(),
        )


def _fit_columns(table: QTableView, widest: int = 170) -> None:
    """Fit columns to their words, but no wider than ``widest``: long names end in "…"
    (in full in the tooltip) so that every column stays in view."""
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), widest))


def _summary(matrix: SkillsMatrix, gaps: list[GapRow]) -> str:
    if not matrix.members:
        return "Nobody is on this project's team yet: add members in the team area."
    people = len({gap.person_id for gap in gaps})
    if not gaps:
        return f"No skills gaps: all {len(matrix.members)} members meet what their roles need."
    serious = sum(1 for gap in gaps if gap.gap >= 2)
    return (
        f"{len(gaps)} skills gaps across {people} of {len(matrix.members)} members; "
        f"{serious} of them 2 or more levels short. Click a cell to rate it."
    )
