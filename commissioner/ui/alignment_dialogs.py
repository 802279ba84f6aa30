"""Forms for cultural alignment: an assessment of a supplier, the council's
self-assessment, and the questionnaire's dimensions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from commissioner.models.alignment_rules import Dimension, Positions, alignment_index
from commissioner.models.enums import SelfRating
from commissioner.services.alignment import (
    POSITION_MAX,
    AssessmentInput,
    ScoreInput,
    SelfAssessmentEntry,
)
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.table_model import EditableRowsModel, Index, record_table

#: A position of 0 shows as "–": the dimension is not scored in this assessment.
NOT_SCORED = 0
INDEX_EXPLANATION = (
    "Alignment index = 100 × (1 − average gap ÷ 4): 100 when we and the supplier sit on "
    "the same point of every dimension, 0 when we sit at opposite ends of every one. "
    "Dimensions left at – are not scored and not counted."
)
QUESTIONNAIRE_HELP = (
    "Each dimension is scored 1 to 5 for the council and for the supplier on the same "
    "scale. Double-click a cell to change its words. History is kept: renaming a dimension "
    "keeps its past scores, and removing one only stops it being asked; scores already "
    "recorded stay in their assessments and still count in their index. "
    "Edit → Undo reverses the change."
)
SELF_RATING_COLOURS = {
    SelfRating.STRENGTH: "#2e7d32",
    SelfRating.NEUTRAL: "#9e9e9e",
    SelfRating.WEAKNESS: "#ef8f00",
}


def plain_label(text: str, *, muted: bool = False, width: int = 0) -> QLabel:
    """A label for user text: never read as markup, wrapped when it is long."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if muted:
        label.setObjectName("muted")
    if width:
        label.setFixedWidth(width)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def dimension_cell(dimension: Dimension, width: int = 340) -> QWidget:
    """A dimension's name over what its two ends mean."""
    cell = QWidget()
    grid = QGridLayout(cell)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(0)
    name = plain_label(dimension.name, width=width)
    font = name.font()
    font.setBold(True)
    name.setFont(font)
    grid.addWidget(name, 0, 0)
    if dimension.low or dimension.high:
        ends = f"1 = {dimension.low or '?'} · 5 = {dimension.high or '?'}"
        grid.addWidget(plain_label(ends, muted=True, width=width), 1, 0)
    return cell


def _fitting(inner: QWidget, rows: int) -> QWidget:
    """The grid as it is, or in a scrolling pane when a long questionnaire would not fit."""
    if rows <= 9:
        return inner
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumHeight(520)
    return area


def _position_box(value: int, side: str, dimension: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(NOT_SCORED, POSITION_MAX)
    box.setSpecialValueText("–")
    box.setValue(value)
    box.setAccessibleName(f"{side} position on {dimension}")
    box.setToolTip("1 to 5 on the dimension's scale; – leaves it unscored")
    return box


class AssessmentDialog(RecordFormDialog):
    """Both sides' positions on each dimension, with each gap and the index kept live."""

    def __init__(
        self,
        supplier: str,
        dimensions: Sequence[Dimension],
        initial: AssessmentInput,
        submit: Callable[[AssessmentInput], None],
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        verb = "Edit assessment" if editing else "New assessment"
        super().__init__(f"{verb}: {supplier}", submit, parent)
        self.setMinimumWidth(1040)
        self.assessed_on = QLineEdit(initial.assessed_on, placeholderText="DD/MM/YYYY")
        self.assessed_on.setMaximumWidth(160)
        self.assessor = QLineEdit(initial.assessor, placeholderText="e.g. Priya Shah, CRO")
        self.add_row("assessed_on", "Assessment &date", self.assessed_on)
        self.add_row("assessor", "&Assessor", self.assessor)
        #: Per dimension key: the council's and the supplier's position boxes.
        self.positions: dict[str, tuple[QSpinBox, QSpinBox]] = {}
        self.evidence: dict[str, QLineEdit] = {}
        self.gap_labels: dict[str, QLabel] = {}
        scores = {score.dimension: score for score in initial.scores}
        asked = _with_retired(dimensions, scores)
        self.names = {d.key: d.name for d in asked}
        self.rows.addRow(_fitting(self._grid(asked, scores), len(asked)))
        self.scores_error = plain_label("")
        self.scores_error.setObjectName("fieldError")
        self.scores_error.hide()
        self.rows.addRow(self.scores_error)
        self._errors["scores"] = self.scores_error
        self.index_label = QLabel()
        self.rows.addRow(self.index_label)
        self.rows.addRow(plain_label(INDEX_EXPLANATION, muted=True))
        self._update()

    def _grid(self, dimensions: Sequence[Dimension], scores: dict[str, ScoreInput]) -> QWidget:
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        for column, title in enumerate(("Dimension", "Council", "Supplier", "Gap", "Evidence")):
            grid.addWidget(_heading(title), 0, column)
        for row, dimension in enumerate(dimensions, start=1):
            score = scores.get(dimension.key)
            council = _position_box(
                score.council_position if score else 0, "Council", dimension.name
            )
            supplier = _position_box(
                score.supplier_position if score else 0, "Supplier", dimension.name
            )
            evidence = QLineEdit(score.evidence if score else "")
            evidence.setPlaceholderText("What the rating rests on")
            gap = QLabel()
            gap.setMinimumSize(28, council.sizeHint().height())
            gap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            for column, widget in enumerate((dimension_cell(dimension), council, supplier, gap)):
                grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(evidence, row, 4, Qt.AlignmentFlag.AlignTop)
            council.valueChanged.connect(self._update)
            supplier.valueChanged.connect(self._update)
            self.positions[dimension.key] = (council, supplier)
            self.evidence[dimension.key] = evidence
            self.gap_labels[dimension.key] = gap
        grid.setColumnStretch(4, 1)
        return inner

    def _update(self) -> None:
        """Show each dimension's gap and the overall index for the positions as set."""
        placed: dict[str, Positions] = {}
        for key, (council, supplier) in self.positions.items():
            both = council.value() != NOT_SCORED and supplier.value() != NOT_SCORED
            if both:
                placed[key] = Positions(council.value(), supplier.value())
            self.gap_labels[key].setText(str(placed[key].gap) if both else "–")
        index = alignment_index(placed)
        if index is None:
            self.index_label.setText(
                "No alignment index yet: place both sides on at least one dimension."
            )
        else:
            noun = "dimension" if len(placed) == 1 else "dimensions"
            self.index_label.setText(
                f"<b>Alignment index: {index}</b> from {len(placed)} {noun} scored"
            )

    def show_problems(self, problems: dict[str, str]) -> None:
        half = [self.names[k] for k, pair in self.positions.items() if _half_placed(*pair)]
        if "scores" in problems and half:
            # Name the rows, since "–" (not scored) is a fine answer on its own.
            skip = "or leave both at – to skip a dimension."
            problems = problems | {"scores": f"Place both sides on {', '.join(half)}, {skip}"}
        super().show_problems(problems)

    def form(self) -> AssessmentInput:
        return AssessmentInput(
            assessed_on=self.assessed_on.text(),
            assessor=self.assessor.text(),
            scores=tuple(
                ScoreInput(key, council.value(), supplier.value(), self.evidence[key].text())
                for key, (council, supplier) in self.positions.items()
                # Half-placed rows go to the service, which says both sides are needed.
                if council.value() != NOT_SCORED or supplier.value() != NOT_SCORED
            ),
        )


def _half_placed(council: QSpinBox, supplier: QSpinBox) -> bool:
    return (council.value() == NOT_SCORED) != (supplier.value() == NOT_SCORED)


def _with_retired(
    dimensions: Sequence[Dimension], scores: dict[str, ScoreInput]
) -> list[Dimension]:
    """The questionnaire plus dimensions since removed that this assessment scored."""
    keys = {d.key for d in dimensions}
    retired = [
        Dimension(key, f"{key.replace('_', ' ').capitalize()} (no longer asked)", "", "")
        for key in scores
        if key not in keys
    ]
    return [*dimensions, *retired]


class SelfAssessmentDialog(RecordFormDialog):
    """The council's own strength, neutral or weakness on each dimension, with a note."""

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        initial: dict[str, SelfAssessmentEntry],
        submit: Callable[[dict[str, SelfAssessmentEntry]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Our self-assessment", submit, parent)
        self.setMinimumWidth(860)
        self._kept = {
            key: e for key, e in initial.items() if key not in {d.key for d in dimensions}
        }
        self.rows.addRow(
            plain_label(
                "Where the council is strong or weak on each dimension. Comparing suppliers "
                "then shows who complements a strength (within one point of us) and who "
                "covers a weakness (two or more points away from us).",
                muted=True,
            )
        )
        self.ratings: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(("Dimension", "We are", "Note")):
            grid.addWidget(_heading(title), 0, column)
        for row, dimension in enumerate(dimensions, start=1):
            entry = initial.get(dimension.key, SelfAssessmentEntry())
            rating = QComboBox()
            for member in SelfRating:
                rating.addItem(swatch(SELF_RATING_COLOURS[member]), member.label, member.value)
            rating.setCurrentIndex(rating.findData(entry.rating.value))
            note = QLineEdit(entry.note, placeholderText="Why we rate ourselves so")
            grid.addWidget(dimension_cell(dimension), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(rating, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(note, row, 2, Qt.AlignmentFlag.AlignTop)
            self.ratings[dimension.key], self.notes[dimension.key] = rating, note
        grid.setColumnStretch(2, 1)
        self.rows.addRow(_fitting(inner, len(dimensions)))

    def form(self) -> dict[str, SelfAssessmentEntry]:
        entries = dict(self._kept)
        for key, combo in self.ratings.items():
            entry = SelfAssessmentEntry(SelfRating(combo.currentData()), self.notes[key].text())
            # Neutral with nothing to say is the same as unrated: keep the file tidy.
            if entry.rating is not SelfRating.NEUTRAL or entry.note.strip():
                entries[key] = entry
        return entries


def rating_words(entry: SelfAssessmentEntry | None) -> str:
    return (entry or SelfAssessmentEntry()).rating.label


def self_rating_icon(entry: SelfAssessmentEntry | None) -> Any:
    return swatch(SELF_RATING_COLOURS[(entry or SelfAssessmentEntry()).rating])


class QuestionnaireModel(EditableRowsModel[Dimension]):
    """The dimensions being edited: name and what 1 and 5 mean, typed in place."""

    columns = ("Dimension", "1 means", "5 means")
    editable_columns = (0, 1, 2)
    _fields = ("name", "low", "high")

    def cell(self, row: Dimension, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(row, self._fields[column])
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and not row.key:
            return "New: added when you save"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        edited = replace(self.row_at(index.row()), **{self._fields[index.column()]: str(value)})
        self.replace_row(index, edited)
        return True

    def dimensions(self) -> tuple[Dimension, ...]:
        return tuple(self.rows())

    def add_dimension(self) -> int:
        """Append a blank dimension (its key is made on saving); returns its row."""
        return self.append_row(Dimension("", "", "", ""))


class QuestionnaireDialog(RecordFormDialog):
    """Edit the council's dimensions: rename, reword the ends, add, remove, reorder."""

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        submit: Callable[[tuple[Dimension, ...]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Alignment questionnaire", submit, parent)
        self.setMinimumSize(860, 560)
        self.model = QuestionnaireModel(self)
        self.model.set_rows(dimensions)
        self.table = record_table(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setColumnWidth(0, 300)
        self.table.setColumnWidth(1, 230)
        # Enter finishes typing in a cell; it must not also press Save before the cell commits.
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.rows.addRow(plain_label(QUESTIONNAIRE_HELP, muted=True))
        self.add_button = QPushButton("Add dimension")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.rows.addRow(self.table)
        self.rows.addRow(buttons)
        self.add_row("dimensions", "", QWidget())
        # Removing or moving a row changes what the buttons can do without a new selection.
        for signal in (
            self.table.selectionModel().selectionChanged,
            self.model.rowsRemoved,
            self.model.rowsMoved,
        ):
            signal.connect(lambda *_: self._enable_buttons())
        self._enable_buttons()
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(lambda: self._selected(self.model.remove))
        self.up_button.clicked.connect(lambda: self._selected(lambda r: self._move(r, -1)))
        self.down_button.clicked.connect(lambda: self._selected(lambda r: self._move(r, 1)))

    def _enable_buttons(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    def _add(self) -> None:
        index = self.model.index(self.model.add_dimension(), 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _move(self, row: int, step: int) -> None:
        self.table.selectRow(self.model.move(row, step))

    def _selected(self, act: Callable[[int], None]) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            act(rows[0].row())

    def form(self) -> tuple[Dimension, ...]:
        return self.model.dimensions()
