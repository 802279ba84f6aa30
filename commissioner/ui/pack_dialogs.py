"""The governance pack dialogs: the options for a new pack, its progress while the
worker draws it, and the question asked when a saved pack's file is missing or changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import ValidationError
from commissioner.models.enums import ProtectiveMarking
from commissioner.services.pack_options import (
    PackOptions,
    SectionChoice,
    period_month,
    validate_options,
)
from commissioner.services.packs import default_options, next_version, section_choices
from commissioner.services.projects import get_project
from commissioner.storage import Database
from commissioner.ui.messages import confirm
from commissioner.ui.pack_job import PackRequest
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, run_form

PDF_FILTER = "PDF documents (*.pdf)"
#: Characters no file name may hold on Windows, macOS or Linux.
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')
#: The answers to a missing or changed file.
REGENERATE, OPEN_ANYWAY = "regenerate", "open"


def documents_folder() -> Path:
    """The user's Documents folder, or their home when there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def pack_file_name(subject: str, period: str, version: str) -> str:
    """'WST-2023-01 governance pack 2026-11 v1.0.pdf'."""
    name = f"{subject} governance pack {period} v{version}".strip()
    return f"{_UNSAFE.sub('-', name)}.pdf"


def as_pdf_path(name: str) -> Path:
    """A chosen file name, with .pdf added when the user left it off."""
    path = Path(name).expanduser()
    return path if path.suffix.lower() == ".pdf" else path.with_name(f"{path.name}.pdf")


@dataclass(frozen=True)
class PackForm:
    """What the options dialog holds: the pack's options and where to save it."""

    options: PackOptions
    target: str
    #: The user has already agreed to replace the file at ``target`` (Browse asked).
    replace_agreed: bool = False


def check_pack_form(
    form: PackForm,
    choices: tuple[SectionChoice, ...],
    today: dt.date,
    agree_to_replace: Callable[[Path], bool],
) -> tuple[PackOptions, Path]:
    """The tidied options and the target, or a ValidationError naming every bad field."""
    problems: dict[str, str] = {}
    options = form.options
    try:
        options = validate_options(form.options, choices, today)
    except ValidationError as error:
        problems.update(error.problems)
    target = as_pdf_path(form.target.strip()) if form.target.strip() else None
    if target is None:
        problems["target"] = "Choose where to save the pack."
    elif not target.parent.is_dir():
        problems["target"] = f"There is no folder {target.parent} to save the pack in."
    if problems:
        raise ValidationError(problems)
    assert target is not None
    if target.exists() and not form.replace_agreed and not agree_to_replace(target):
        raise ValidationError({"target": f"{target.name} already exists: choose another name."})
    return options, target


def _section_boxes(
    choices: tuple[SectionChoice, ...], chosen: tuple[str, ...]
) -> tuple[QWidget, dict[str, QCheckBox]]:
    """A tick box per section in two columns, read down the first column then the second."""
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    rows = (len(choices) + 1) // 2
    boxes: dict[str, QCheckBox] = {}
    for number, choice in enumerate(choices):
        box = QCheckBox(choice.title)
        box.setChecked(choice.key in chosen)
        grid.addWidget(box, number % rows, number // rows)
        boxes[choice.key] = box
    return holder, boxes


class PackOptionsDialog(RecordFormDialog):
    """The options of a new pack; Generate checks them before any worker starts."""

    def __init__(
        self,
        initial: PackOptions,
        choices: tuple[SectionChoice, ...],
        submit: Callable[[PackForm], None],
        *,
        subject: str,
        folder: Path,
        suggest_version: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Generate a governance pack: {subject}", submit, parent)
        self.setMinimumWidth(720)
        self.save_button.setText("Generate")
        self._subject, self._folder, self._suggest_version = subject, folder, suggest_version
        self._replace_agreed = False
        self.title_edit = QLineEdit(initial.title)
        self.period = QDateEdit()
        self.period.setDisplayFormat("MMMM yyyy")
        self.period.setMaximumWidth(220)
        self.period.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        month = period_month(initial.period) or dt.date.today().replace(day=1)
        self.period.setDate(QDate(month.year, month.month, 1))
        sections, self.section_boxes = _section_boxes(choices, initial.sections)
        self.marking = QComboBox()
        self.marking.setMaximumWidth(220)
        for marking in ProtectiveMarking:
            self.marking.addItem(marking.label, marking)
        self.marking.setCurrentIndex(self.marking.findData(initial.marking))
        self.descriptor = QLineEdit(initial.descriptor)
        self.descriptor.setPlaceholderText("Optional, e.g. COMMERCIAL")
        self.version = QLineEdit(initial.version)
        self.version.setMaximumWidth(120)
        self._suggested_version = initial.version
        self.author = QLineEdit(initial.author)
        self.distribution = QPlainTextEdit("\n".join(initial.distribution))
        self.distribution.setTabChangesFocus(True)
        self.distribution.setPlaceholderText("One name per line, e.g. Project board")
        self.distribution.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self._suggested_target = str(folder / self._file_name())
        self.target = QLineEdit(self._suggested_target)
        self.browse_button = QPushButton("Browse…")
        self._add_rows(sections)
        self._connect_signals()
        self._marking_changed()

    def _add_rows(self, sections: QWidget) -> None:
        self.add_row("title", "&Title", self.title_edit)
        self.add_row("period", "Reporting &period", self.period)
        self.add_row("sections", "Sections", sections)
        self.add_row("marking", "Protective &marking", self.marking)
        self.add_row(
            "descriptor", "&Descriptor", self.descriptor, "Printed after the marking on every page."
        )
        self.add_row(
            "version",
            "&Version",
            self.version,
            "1.0 for a period's first pack, then 1.1, 1.2… for each reissue.",
        )
        self.add_row("author", "&Author", self.author)
        self.add_row("distribution", "D&istribution", self.distribution)
        target_row = QWidget()
        layout = QHBoxLayout(target_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.target, 1)
        layout.addWidget(self.browse_button)
        self.add_row("target", "&Save as", target_row)
        buddy = self.rows.labelForField(target_row)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.target)

    def _connect_signals(self) -> None:
        self.period.dateChanged.connect(lambda _date: self._period_changed())
        self.version.textEdited.connect(lambda _text: self._refresh_target())
        self.marking.currentIndexChanged.connect(lambda _index: self._marking_changed())
        self.browse_button.clicked.connect(self.browse)
        self.target.textEdited.connect(lambda _text: self._forget_agreement())

    def period_text(self) -> str:
        return self.period.date().toString("yyyy-MM")

    def _file_name(self) -> str:
        return pack_file_name(self._subject, self.period_text(), self.version.text().strip())

    def _period_changed(self) -> None:
        # Follow the suggestions only while the user has not typed their own.
        suggested = self._suggest_version(self.period_text())
        if self.version.text() == self._suggested_version:
            self.version.setText(suggested)
        self._suggested_version = suggested
        self._refresh_target()

    def _refresh_target(self) -> None:
        folder = Path(self.target.text()).parent if self.target.text() else self._folder
        suggested = str(folder / self._file_name())
        if self.target.text() == self._suggested_target:
            self.target.setText(suggested)
            self._forget_agreement()
        self._suggested_target = suggested

    def _marking_changed(self) -> None:
        self.descriptor.setEnabled(self.chosen_marking() is not ProtectiveMarking.NONE)

    def _forget_agreement(self) -> None:
        self._replace_agreed = False

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the pack as", self.target.text() or str(self._folder), PDF_FILTER
        )
        if name:
            path = as_pdf_path(name)
            self.target.setText(str(path))
            # The file dialog has asked about replacing only when the name was kept as chosen.
            self._replace_agreed = str(path) == name

    def chosen_marking(self) -> ProtectiveMarking:
        return combo_enum(self.marking, ProtectiveMarking) or ProtectiveMarking.OFFICIAL

    def form(self) -> PackForm:
        marking = self.chosen_marking()
        names = self.distribution.toPlainText().splitlines()
        options = PackOptions(
            period=self.period_text(),
            sections=tuple(key for key, box in self.section_boxes.items() if box.isChecked()),
            marking=marking,
            descriptor=self.descriptor.text() if marking is not ProtectiveMarking.NONE else "",
            version=self.version.text(),
            author=self.author.text(),
            distribution=tuple(names),
            title=self.title_edit.text(),
        )
        return PackForm(options, self.target.text(), self._replace_agreed)


def ask_pack_options(
    parent: QWidget, db: Database, project_id: int | None, *, folder: Path, today: dt.date
) -> PackRequest | None:
    """Ask for a new pack's options; the worker's request once they pass every check,
    or None when the user cancelled. Raises CommissionerError for a missing project."""
    reference = get_project(db, project_id).reference if project_id is not None else None
    initial = default_options(db, project_id, today)
    choices = section_choices(project_id)

    def check(form: PackForm) -> tuple[PackOptions, Path]:
        return check_pack_form(form, choices, today, _agree_to_replace)

    shown: list[PackOptionsDialog] = []

    def make_dialog(submit: Callable[[PackForm], None]) -> PackOptionsDialog:
        shown.append(PackOptionsDialog(
            initial, choices, submit,
            subject=reference or "Portfolio", folder=folder,
            suggest_version=lambda period: next_version(db, project_id, period),
            parent=parent,
        ))  # fmt: skip
        return shown[-1]

    chosen = run_form(make_dialog, check)
    for dialog in shown:
        dialog.deleteLater()
    if chosen is None:
        return None
    options, target = chosen
    return PackRequest(db.path, target, db.actor, reference, options)


def _agree_to_replace(target: Path) -> bool:
    question = f"{target.name} already exists in {target.parent}. Replace it with the new pack?"
    return confirm(QApplication.activeModalWidget(), "Replace file", question, "Replace")


class PackProgressDialog(QDialog):
    """The worker's progress, with Cancel; the window behind keeps painting."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self._finished = False
        self.message = QLabel("Starting…")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        note = QLabel("Cancelling leaves no file and records nothing.")
        note.setObjectName("muted")
        buttons = QHBoxLayout()
        buttons.addWidget(note, 1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def show_progress(self, done: float, message: str) -> None:
        # The renderer draws in passes, so its fraction can step back; the bar never does.
        self.bar.setValue(max(self.bar.value(), round(min(max(done, 0.0), 1.0) * 1000)))
        if message:
            self.message.setText(message)

    def finish(self) -> None:
        """Close without asking the worker to stop (it has finished)."""
        self._finished = True
        self.accept()

    def reject(self) -> None:
        if not self._finished:
            self._finished = True
            self.cancel_requested.emit()
        super().reject()


def ask_about_file(parent: QWidget, title: str, message: str, *, can_open: bool) -> str:
    """Ask what to do about a missing or changed file: REGENERATE, OPEN_ANYWAY or ''."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    regenerate = box.addButton("Regenerate…", QMessageBox.ButtonRole.AcceptRole)
    open_anyway = box.addButton("Open anyway", QMessageBox.ButtonRole.ActionRole)
    open_anyway.setVisible(can_open)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(regenerate)
    box.exec()
    clicked = box.clickedButton()
    if clicked is regenerate:
        return REGENERATE
    return OPEN_ANYWAY if clicked is open_anyway and can_open else ""
