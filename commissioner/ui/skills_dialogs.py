"""Forms of the skills audit: a rating, a gap review and the competency framework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.dates import format_date
from commissioner.models.enums import SkillLevel, TeamRole
from commissioner.services.skills import RatingInput
from commissioner.services.skills_framework import CompetencyInput
from commissioner.services.training import GapReviewInput
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import RecordFormDialog, option_combo
from commissioner.ui.table_model import Index

#: (data, label) choices of a level, from none to expert, in words.
LEVEL_OPTIONS = [(int(level), level.label) for level in SkillLevel]


@dataclass(frozen=True)
class RatingForm:
    """Whose rating, on which competency, and the rating itself."""

    person_id: int
    competency_key: str
    rating: RatingInput


@dataclass(frozen=True)
class GapReviewForm:
    person_id: int
    review: GapReviewInput


def _text_box(height: int = 72) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class RatingDialog(RecordFormDialog):
    """A dated self-rating and manager's rating of one person on one competency."""

    def __init__(
        self,
        submit: Callable[[RatingForm], None],
        people: Sequence[tuple[int, str]],
        competencies: Sequence[tuple[str, str]],
        *,
        person_id: int | None = None,
        competency_key: str | None = None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Rate a competency", submit, parent)
        self.setMinimumWidth(640)
        self.person = option_combo(people, selected=person_id)
        self.competency = option_combo(competencies, selected=competency_key)
        self.self_level = option_combo(LEVEL_OPTIONS, blank="Not given")
        self.manager_level = option_combo(LEVEL_OPTIONS, blank="Not given")
        self.rated_on = QLineEdit(format_date(today), placeholderText="dd/mm/yyyy")
        self.rated_on.setMaximumWidth(140)
        self.rated_by = QLineEdit(placeholderText="e.g. the line manager's name")
        self.evidence = _text_box()
        self.add_row("person_id", "&Person", self.person)
        self.add_row("competency_key", "&Competency", self.competency)
        self.add_row("self_level", "&Self-rating", self.self_level)
        self.add_row(
            "manager_level",
            "&Manager's rating",
            self.manager_level,
            "The audit relies on the manager's rating where there is one.",
        )
        self.add_row("rated_on", "&Date", self.rated_on)
        self.add_row("rated_by", "&Rated by", self.rated_by)
        self.add_row("evidence", "&Evidence", self.evidence)

    def form(self) -> RatingForm:
        return RatingForm(
            int(self.person.currentData()),
            str(self.competency.currentData()),
            RatingInput(
                self_level=self.self_level.currentData(),
                manager_level=self.manager_level.currentData(),
                rated_on=self.rated_on.text(),
                rated_by=self.rated_by.text(),
                evidence=self.evidence.toPlainText(),
            ),
        )


class GapReviewDialog(RecordFormDialog):
    """That a member's gaps were discussed with them: when, by whom, what was agreed."""

    def __init__(
        self,
        submit: Callable[[GapReviewForm], None],
        people: Sequence[tuple[int, str]],
        *,
        person_id: int | None = None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Record gap review", submit, parent)
        self.person = option_combo(people, selected=person_id)
        self.reviewed_on = QLineEdit(format_date(today), placeholderText="dd/mm/yyyy")
        self.reviewed_on.setMaximumWidth(140)
        self.reviewed_by = QLineEdit(placeholderText="e.g. the line manager's name")
        self.notes = _text_box()
        self.agreed_actions = _text_box()
        self.add_row("person_id", "&Member", self.person)
        self.add_row("reviewed_on", "&Date", self.reviewed_on)
        self.add_row("reviewed_by", "Reviewed &by", self.reviewed_by)
        self.add_row("notes", "&Notes", self.notes, "What was discussed about their gaps.")
        self.add_row("agreed_actions", "&Agreed actions", self.agreed_actions)

    def form(self) -> GapReviewForm:
        return GapReviewForm(
            int(self.person.currentData()),
            GapReviewInput(
                reviewed_on=self.reviewed_on.text(),
                reviewed_by=self.reviewed_by.text(),
                notes=self.notes.toPlainText(),
                agreed_actions=self.agreed_actions.toPlainText(),
            ),
        )


# --- The competency framework ---------------------------------------------------------

_CATEGORY_COLUMNS = {3: "general", 4: "expert", 5: "strategic"}
_FIELD_COLUMNS = {"role": 0, "name": 1, "description": 2, "general": 3, "expert": 4, "strategic": 5}
PROBLEM_COLOUR = "#c62828"


class FrameworkModel(QAbstractTableModel):
    """The framework as an editable table: one competency a row, levels by category."""

    columns = (
        "Role",
        "Competency",
        "Description",
        "General supplier",
        "Expert supplier",
        "Strategic partner",
    )

    def __init__(self, rows: Sequence[CompetencyInput], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.problems: dict[tuple[int, int], str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        problem = self.problems.get((index.row(), column))
        if problem and role == Qt.ItemDataRole.DecorationRole:
            return swatch(PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or (_edit_value(row, column) if column in (1, 2) else None)
        if role == Qt.ItemDataRole.EditRole:
            return _edit_value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            value = _edit_value(row, column)
            if column == 0:
                return row.role.label
            return SkillLevel(value).label if column in _CATEGORY_COLUMNS else value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = self.rows[index.row()], index.column()
        changes: dict[str, Any] = {}
        if column == 0:
            changes["role"] = TeamRole(value)
        elif column in _CATEGORY_COLUMNS:
            changes[_CATEGORY_COLUMNS[column]] = int(value)
        else:
            changes[("name", "description")[column - 1]] = str(value)
        changed = replace(row, **changes)
        self.rows[index.row()] = changed
        self.problems.pop((index.row(), column), None)
        self.dataChanged.emit(index, index)
        return True

    def add_competency(self, role: TeamRole) -> int:
        """A new blank competency at the end; returns its row."""
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(CompetencyInput(key="", role=role, name=""))
        self.endInsertRows()
        return position

    def remove_competency(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self.rows[position]
        self.endRemoveRows()
        self.problems = {}

    def set_problems(self, problems: dict[str, str]) -> list[str]:
        """Mark the cells named '<row>.<field>'; returns every problem as a sentence."""
        self.beginResetModel()
        self.problems, sentences = {}, []
        for key, message in problems.items():
            row_text, _, field_name = key.partition(".")
            if row_text.isdigit() and field_name in _FIELD_COLUMNS:
                self.problems[(int(row_text), _FIELD_COLUMNS[field_name])] = message
                sentences.append(f"Row {int(row_text) + 1}: {message}")
            else:
                sentences.append(message)
        self.endResetModel()
        return sentences


def _edit_value(row: CompetencyInput, column: int) -> Any:
    return (
        row.role.value,
        row.name,
        row.description,
        row.general,
        row.expert,
        row.strategic,
    )[column]


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell by picking one of fixed (data, label) choices."""

    def __init__(self, options: Sequence[tuple[Any, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = list(options)

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = option_combo(self.options)
        combo.setParent(parent)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class FrameworkDialog(RecordFormDialog):
    """The council's own competency framework: what each role needs, by supplier category."""

    def __init__(
        self,
        submit: Callable[[list[CompetencyInput]], None],
        rows: Sequence[CompetencyInput],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Competency framework", submit, parent)
        self.resize(1180, 620)
        self.model = FrameworkModel(rows, self)
        self.table = self._make_table()
        self.add_button = QPushButton("Add competency")
        self.remove_button = QPushButton("Remove competency")
        intro = QLabel(
            "The level each competency needs on a project, by the project's supplier category. "
            "None means the role does not need it there. Double-click a cell to change it."
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, intro)
        layout.insertWidget(1, self.table, 1)
        layout.insertLayout(2, buttons)
        self.add_button.clicked.connect(self.add_competency)
        self.remove_button.clicked.connect(self.remove_competency)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        roles = [(role.value, role.label) for role in TeamRole]
        table.setItemDelegateForColumn(0, ChoiceDelegate(roles, table))
        for column in _CATEGORY_COLUMNS:
            table.setItemDelegateForColumn(column, ChoiceDelegate(LEVEL_OPTIONS, table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((230, 270, 300, 120, 120, 120)):
            table.setColumnWidth(column, width)
        # The description takes what is left, so the three levels always stay in view.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_competency(self) -> None:
        current = self.selected_row()
        role = self.model.rows[current].role if current is not None else TeamRole.PROJECT_MANAGEMENT
        position = self.model.add_competency(role)
        index = self.model.index(position, 1)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_competency(self) -> None:
        current = self.selected_row()
        if current is not None:
            self.model.remove_competency(current)

    def show_problems(self, problems: dict[str, str]) -> None:
        super().show_problems({"": " ".join(self.model.set_problems(problems))})

    def form(self) -> list[CompetencyInput]:
        return list(self.model.rows)
