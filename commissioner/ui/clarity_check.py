"""The specification clarity check: paste or open a specification, see its clarity score,
findings per section and each finding highlighted in the text; log a finding as a
use-case test or a risk, and edit the council's lexicon."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.clarity_rules import Finding, FindingKind
from commissioner.services import clarity
from commissioner.services.changes import Area, Change
from commissioner.services.clarity import ClarityCheck
from commissioner.services.risk_input import RiskInput
from commissioner.services.risk_settings import load_risk_settings
from commissioner.ui.contract_commands import USE_CASE, ReplaceLexiconCommand
from commissioner.ui.contract_dialogs import LexiconDialog, UseCaseDialog
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import AddRecordCommand
from commissioner.ui.messages import show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.risk_commands import AddEntryCommand
from commissioner.ui.risk_dialogs import RiskDialog
from commissioner.ui.table_model import RowTableModel, record_table

FILE_FILTER = "Text files (*.txt *.md);;All files (*)"
#: (marker colour, highlight colour) per kind of finding; the list names the kind in words.
KIND_COLOURS = {
    FindingKind.VAGUE_PHRASE: ("#ef8f00", "#ffe2a8"),
    FindingKind.UNDEFINED_ACRONYM: ("#1565c0", "#cfe2fb"),
    FindingKind.PASSIVE_NO_ACTOR: ("#7b1fa2", "#ead5f3"),
}
#: Seconds of quiet after typing before the check runs again.
RECHECK_DELAY_MS = 800
_FINDING_WIDTHS = (150, 48, 255, 195, 300)


class FindingsModel(RowTableModel[Finding]):
    columns = ("Section", "Line", "Kind", "Words found", "Why", "Suggestion")

    def cell(self, row: Finding, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return swatch(KIND_COLOURS[row.kind][0])
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5):
            return row.why if column == 4 else row.suggestion
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.section,
            str(row.line),
            row.kind.value.capitalize(),
            " ".join(row.text.split()),
            row.why,
            row.suggestion,
        )
        return values[column]


class SectionCountsModel(RowTableModel[tuple[str, int]]):
    columns = ("Section", "Findings")

    def cell(self, row: tuple[str, int], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return row[0] if column == 0 else str(row[1])


def qt_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Python offsets as Qt text positions, which count characters beyond the Basic
    Multilingual Plane (emoji, some symbols) as two."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
    if not astral:
        return list(spans)

    def shift(offset: int) -> int:
        return offset + bisect.bisect_left(astral, offset)

    return [(shift(start), shift(end)) for start, end in spans]


def _legend() -> QWidget:
    legend = QWidget()
    row = QHBoxLayout(legend)
    row.setContentsMargins(0, 0, 0, 0)
    for kind, (marker, _highlight) in KIND_COLOURS.items():
        dot = QLabel()
        dot.setPixmap(swatch(marker).pixmap(12, 12))
        row.addWidget(dot)
        row.addWidget(QLabel(kind.value.capitalize()))
        row.addSpacing(12)
    row.addStretch(1)
    return legend


class ClarityCheckWindow(QDialog):
    """Checks a specification's text against the council's lexicon."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Specification clarity check")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.resize(1280, 800)
        self.document = document
        self.project_id = project_id
        self.check: ClarityCheck | None = None
        self.checked_text = ""
        self.recheck_timer = QTimer(self)
        self.recheck_timer.setSingleShot(True)
        self.recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._build()
        self._add_undo_actions()
        self._connect_signals()
        self._show_results()

    def _build(self) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(
            "Paste a specification's text here, or open a .txt or .md file."
        )
        self.open_button = QPushButton("&Open file…")
        self.check_button = QPushButton("&Check")
        self.lexicon_button = QPushButton("Edit &lexicon…")
        self.score = QLabel()
        self.score.setStyleSheet("font-size: 18px; font-weight: 600; color: #1d3d6b;")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.sections_model = SectionCountsModel(self)
        self.sections = record_table(self.sections_model)
        header = self.sections.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.findings_model = FindingsModel(self)
        self.findings = record_table(self.findings_model)
        for column, width in enumerate(_FINDING_WIDTHS):
            self.findings.setColumnWidth(column, width)
        self.finding_detail = QLabel()
        self.finding_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.finding_detail.setWordWrap(True)
        self.use_case_button = QPushButton("Log as &use-case test…")
        self.risk_button = QPushButton("Log as &risk…")
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        layout.addWidget(self.status)
        layout.addWidget(self._panes(), 1)

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for button in (self.open_button, self.check_button, self.lexicon_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.score)
        return bar

    def _panes(self) -> QSplitter:
        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(_legend())
        text_layout.addWidget(self.editor, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(text_side)
        top.addWidget(self.sections)
        top.setSizes([880, 360])
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.findings, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.finding_detail, 1)
        actions.addWidget(self.use_case_button)
        actions.addWidget(self.risk_button)
        bottom_layout.addLayout(actions)
        panes = QSplitter(Qt.Orientation.Vertical)
        panes.addWidget(top)
        panes.addWidget(bottom)
        panes.setSizes([430, 300])
        return panes

    def _add_undo_actions(self) -> None:
        """Ctrl+Z works here too, outside the text box, for what this window logged."""
        stack = self.document.undo_stack
        for action, keys in (
            (stack.createUndoAction(self, "&Undo"), QKeySequence.StandardKey.Undo),
            (stack.createRedoAction(self, "&Redo"), QKeySequence.StandardKey.Redo),
        ):
            action.setShortcut(keys)
            self.addAction(action)

    def _connect_signals(self) -> None:
        self.open_button.clicked.connect(self.open_file)
        self.check_button.clicked.connect(self.run_check)
        self.lexicon_button.clicked.connect(self.edit_lexicon)
        self.use_case_button.clicked.connect(self.log_as_use_case)
        self.risk_button.clicked.connect(self.log_as_risk)
        self.editor.textChanged.connect(self._text_edited)
        self.recheck_timer.timeout.connect(self.run_check)
        self.findings.selectionModel().selectionChanged.connect(self._finding_chosen)
        self.sections.selectionModel().selectionChanged.connect(self._section_chosen)
        self.document.changed.connect(self._on_change)

    # --- Running the check ------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Show ``text`` and check it straight away."""
        self.editor.setPlainText(text)
        self.run_check()

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a specification", "", FILE_FILTER)
        if not name:
            return
        try:
            text = clarity.read_specification(name)
        except CommissionerError as error:
            show_problem(self, "Open a specification", str(error))
            return
        self.set_text(text)

    def run_check(self) -> None:
        self.recheck_timer.stop()
        text = self.editor.toPlainText()
        try:
            self.check = clarity.check_text(self.document.db, text) if text.strip() else None
        except ValidationError as error:
            self.check = None
            self.checked_text = ""
            self._show_results(problem=" ".join(error.problems.values()))
            return
        self.checked_text = text
        self._show_results()

    def _text_edited(self) -> None:
        if self.editor.toPlainText() != self.checked_text:
            self.recheck_timer.start()

    def _on_change(self, change: Change) -> None:
        # The lexicon lives with the organisation's settings; an edit or undo re-checks.
        if change.area is Area.ORGANISATION and self.check is not None:
            self.run_check()

    def _show_results(self, problem: str = "") -> None:
        check = self.check
        self.findings_model.set_rows(check.report.findings if check else ())
        self.sections_model.set_rows(check.report.section_counts if check else ())
        self.sections.resizeColumnToContents(1)
        if check is None:
            self.score.setText("Clarity score: —")
            self.score.setToolTip("")
            self.status.setText(problem or "Paste or open a specification, then press Check.")
        else:
            report = check.report
            self.score.setText(f"Clarity score: {report.score} / 100")
            self.score.setToolTip(clarity.score_explanation(report))
            self.status.setText(
                f"{len(report.findings)} findings in {report.word_count:,} words. Select a "
                "finding to see it in the text; log it as a use-case test or a risk."
            )
        self.status.setStyleSheet("color: #b3261e;" if problem else "")
        self._highlight()
        self._update_buttons()

    def _highlight(self) -> None:
        selections = []
        if self.check is not None:
            spans = qt_spans(self.checked_text, self.check.spans)
            for finding, (start, end) in zip(self.check.report.findings, spans, strict=True):
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self._cursor(start, end)
                style = QTextCharFormat()
                style.setBackground(QColor(KIND_COLOURS[finding.kind][1]))
                style.setToolTip(f"{finding.kind.value.capitalize()}: {finding.why}")
                selection.format = style
                selections.append(selection)
        self.editor.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _update_buttons(self) -> None:
        writable = not self.document.db.read_only
        chosen = self.selected_finding() is not None
        self.lexicon_button.setEnabled(writable)
        self.use_case_button.setEnabled(writable and chosen)
        finding = self.selected_finding()
        self.finding_detail.setText(
            clarity.finding_in_full(finding)
            if finding
            else "Select a finding to see it in the text and in full here."
        )
        self.risk_button.setEnabled(writable and chosen)

    # --- Choosing a finding -----------------------------------------------------------

    def selected_index(self) -> int | None:
        rows = self.findings.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_finding(self) -> Finding | None:
        number = self.selected_index()
        return self.findings_model.row_at(number) if number is not None else None

    def _finding_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        number = self.selected_index()
        if number is not None and self.check is not None:
            start, end = qt_spans(self.checked_text, [self.check.spans[number]])[0]
            self.editor.setTextCursor(self._cursor(start, end))
            self.editor.centerCursor()
        self._update_buttons()

    def _section_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.sections.selectionModel().selectedRows()
        if not rows:
            return
        section = self.sections_model.row_at(rows[0].row())[0]
        for number in range(self.findings_model.rowCount()):
            if self.findings_model.row_at(number).section == section:
                self.findings.selectRow(number)
                return

    # --- Acting on a finding ----------------------------------------------------------

    def log_as_use_case(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            show_problem(self, "Log as use-case test", "Select a finding first.")
            return
        initial = clarity.use_case_from_finding(self.checked_text, finding)
        project_id = self.project_id
        run_form(
            lambda submit: UseCaseDialog(
                submit, initial, title="Log a finding as a use-case test", parent=self
            ),
            lambda form: AddRecordCommand(self.document, USE_CASE, project_id, form).run_first(),
        )

    def log_as_risk(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            show_problem(self, "Log as risk", "Select a finding first.")
            return
        db, project_id = self.document.db, self.project_id
        initial = clarity.risk_from_finding(self.checked_text, finding, owner=db.actor)

        def submit(form: RiskInput) -> None:
            AddEntryCommand(self.document, project_id, form).run_first()

        RiskDialog(
            load_risk_settings(db),
            submit,
            initial=initial,
            title="Log a finding as a risk",
            parent=self,
        ).exec()

    def edit_lexicon(self) -> None:
        try:
            initial = clarity.lexicon_input(self.document.db)
        except CommissionerError as error:
            show_problem(self, "Clarity lexicon", str(error))
            return
        LexiconDialog(
            initial,
            lambda form: ReplaceLexiconCommand(self.document, form).run_first(),
            parent=self,
        ).exec()
