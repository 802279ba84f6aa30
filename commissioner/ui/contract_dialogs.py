"""Forms for a duty-to-warn entry, a contract use-case test and the clarity lexicon."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.enums import WarningStatus
from commissioner.services.clarity import LexiconInput, PhraseInput
from commissioner.services.duty_to_warn import WarningInput
from commissioner.services.use_cases import UseCaseInput
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo

_Index = QModelIndex | QPersistentModelIndex


def _text_box(text: str, height: int = 58, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setPlaceholderText(placeholder)
    return box


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


@dataclass(frozen=True)
class WarningForm:
    """A warning as typed, and the supplier relationship that raised it (None: not chosen)."""

    relationship_id: int | None
    warning: WarningInput


class WarningDialog(RecordFormDialog):
    """A warning from an expert supplier or strategic partner, and the council's response."""

    def __init__(
        self,
        suppliers: Sequence[tuple[int, str]],
        submit: Callable[[WarningForm], None],
        initial: WarningInput,
        *,
        supplier_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        editing = bool(supplier_name)
        super().__init__("Edit warning" if editing else "Log a warning", submit, parent)
        self.supplier: QWidget
        if editing:
            self.supplier = _plain_label(supplier_name)
        else:
            blank = None if len(suppliers) == 1 else "Choose the supplier…"
            self.supplier = option_combo(suppliers, blank=blank)
        self.raised_on = QLineEdit(initial.raised_on, placeholderText="DD/MM/YYYY")
        self.raised_on.setMaximumWidth(140)
        self.subject = QLineEdit(initial.subject, placeholderText="What the supplier warned about")
        self.raised_by = QLineEdit(initial.raised_by, placeholderText="Name and role")
        self.how = QLineEdit(
            initial.how_communicated, placeholderText="e.g. letter, email, minuted meeting"
        )
        self.status = option_combo(enum_options(WarningStatus), selected=initial.status.value)
        self.response = _text_box(initial.council_response, 72, "What the council did about it")
        self.add_row("relationship_id", "&Supplier", self.supplier)
        self.add_row("raised_on", "&Date raised", self.raised_on)
        self.add_row("subject", "S&ubject", self.subject)
        self.add_row("raised_by", "&Raised by", self.raised_by)
        self.add_row("how_communicated", "&How communicated", self.how)
        self.add_row("status", "S&tatus", self.status)
        self.add_row(
            "council_response",
            "&Council response",
            self.response,
            "Needed before the warning is marked responded or closed.",
        )

    def form(self) -> WarningForm:
        supplier = self.supplier
        relationship = supplier.currentData() if isinstance(supplier, QComboBox) else None
        return WarningForm(
            relationship_id=relationship,
            warning=WarningInput(
                raised_on=self.raised_on.text(),
                subject=self.subject.text(),
                raised_by=self.raised_by.text(),
                how_communicated=self.how.text(),
                council_response=self.response.toPlainText(),
                status=combo_enum(self.status, WarningStatus) or WarningStatus.OPEN,
            ),
        )


class UseCaseDialog(RecordFormDialog):
    """An operational scenario tested against a clause, with both parties' readings."""

    def __init__(
        self,
        submit: Callable[[UseCaseInput], None],
        initial: UseCaseInput,
        *,
        title: str = "New use-case test",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, submit, parent)
        self.setMinimumWidth(640)
        self.scenario = _text_box(
            initial.scenario, 72, "What happens in practice, e.g. a visit is missed at 9pm"
        )
        self.clause = QLineEdit(initial.clause_reference, placeholderText="e.g. 3.2")
        self.clause.setMaximumWidth(220)
        self.expected = _text_box(initial.expected_behaviour, 58, "What the council expects")
        self.council_reading = _text_box(initial.council_reading, 58, "How we read the clause")
        self.supplier_reading = _text_box(initial.supplier_reading, 58, "How the supplier reads it")
        self.ambiguous = QCheckBox("The wording can be read more than one way")
        self.ambiguous.setChecked(initial.ambiguous)
        self.status = option_combo(enum_options(WarningStatus), selected=initial.status.value)
        self.resolution = _text_box(initial.resolution, 58, "How the wording was settled")
        self.add_row("scenario", "&Scenario", self.scenario)
        self.add_row("clause_reference", "C&lause", self.clause)
        self.add_row("expected_behaviour", "&Expected behaviour", self.expected)
        self.add_row("council_reading", "C&ouncil reading", self.council_reading)
        self.add_row("supplier_reading", "Su&pplier reading", self.supplier_reading)
        self.add_row("ambiguous", "&Ambiguous", self.ambiguous)
        self.add_row("status", "S&tatus", self.status)
        self.add_row(
            "resolution",
            "&Resolution",
            self.resolution,
            "An ambiguity is closed only once its resolution is recorded.",
        )

    def form(self) -> UseCaseInput:
        return UseCaseInput(
            scenario=self.scenario.toPlainText(),
            clause_reference=self.clause.text(),
            expected_behaviour=self.expected.toPlainText(),
            council_reading=self.council_reading.toPlainText(),
            supplier_reading=self.supplier_reading.toPlainText(),
            ambiguous=self.ambiguous.isChecked(),
            resolution=self.resolution.toPlainText(),
            status=combo_enum(self.status, WarningStatus) or WarningStatus.OPEN,
        )


class LexiconModel(QAbstractTableModel):
    """The lexicon's phrases, edited in place before saving."""

    columns = ("Phrase", "Why it is vague", "What to write instead", "Kind of vagueness")

    def __init__(self, phrases: Sequence[PhraseInput], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = [[p.phrase, p.why, p.suggestion, p.reason] for p in phrases]

    def phrases(self) -> tuple[PhraseInput, ...]:
        return tuple(PhraseInput(*row) for row in self.rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.columns[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self.rows[index.row()][index.column()]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()][index.column()] = str(value or "")
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def insertRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or not 0 <= row <= len(self.rows) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self.rows[row:row] = [["", "", "", ""] for _ in range(count)]
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self.rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self.rows[row : row + count]
        self.endRemoveRows()
        return True


class LexiconDialog(QDialog):
    """The council's clarity lexicon: phrases to flag and acronyms never to flag."""

    def __init__(
        self,
        initial: LexiconInput,
        submit: Callable[[LexiconInput], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clarity lexicon")
        self.resize(1200, 680)
        self._submit = submit
        self.model = LexiconModel(initial.phrases, self)
        note = QLabel(
            "The phrases the clarity check flags as vague, why, and what to write instead. "
            "The lexicon is kept in this file, so colleagues opening it check against the "
            "same words. Double-click a cell to edit it."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Advice runs to a sentence or two: wrap it so that every word can be read.
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 300, 360)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton("&Add phrase")
        self.remove_button = QPushButton("&Remove phrase")
        self.acronyms = QLineEdit(initial.acronyms)
        self.acronyms.setPlaceholderText("e.g. NHS, KPI, GDPR")
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._row_buttons())
        acronyms_label = QLabel("Well-known &acronyms, never flagged (comma-separated)")
        acronyms_label.setBuddy(self.acronyms)
        layout.addWidget(acronyms_label)
        layout.addWidget(self.acronyms)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())
        self._connect_signals()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Row heights follow the wrapped text, known only once the columns have their widths.
        self.table.resizeRowsToContents()

    def _row_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        return row

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        return buttons

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_phrase)
        self.remove_button.clicked.connect(self.remove_phrase)
        self.model.dataChanged.connect(
            lambda first, *_: self.table.resizeRowToContents(first.row())
        )

    def add_phrase(self) -> None:
        """Add an empty row at the end and start typing its phrase."""
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.edit(index)

    def remove_phrase(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.removeRows(index.row(), 1)

    def form(self) -> LexiconInput:
        return LexiconInput(self.model.phrases(), self.acronyms.text())

    def _save(self) -> None:
        self.table.setCurrentIndex(QModelIndex())  # commits a cell still being typed
        try:
            self._submit(self.form())
        except ValidationError as error:
            self._show_error(" ".join(error.problems.values()))
            return
        except CommissionerError as error:
            self._show_error(str(error))
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
