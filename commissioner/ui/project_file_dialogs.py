"""The questions a project file raises — where to export and with what password, the
password of a protected file, what an import would bring, what to do about a project
that is already here — and the messages that say what was done."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from commissioner.errors import ValidationError
from commissioner.io.project_file import FILE_EXTENSION
from commissioner.services.project_export import ExportResult
from commissioner.services.project_import import ImportMode, ImportResult
from commissioner.ui.messages import confirm
from commissioner.ui.record_form import RecordFormDialog, run_form

PROJECT_FILTER = f"Commissioner project (*{FILE_EXTENSION})"
OPEN_FILTER = f"{PROJECT_FILTER};;All files (*)"
#: The answers to the conflict question, as its buttons read.
IMPORT, AS_COPY, REPLACE = "Import", "Import as a copy", "Replace…"
#: Characters no file name may hold on Windows, macOS or Linux.
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


@dataclass(frozen=True)
class Subject:
    """A project as the questions name it."""

    reference: str
    name: str
    records: int | None = None

    def label(self) -> str:
        plural = "" if self.records == 1 else "s"
        counted = f" ({self.records:,} record{plural})" if self.records is not None else ""
        return f"{self.reference} {self.name}{counted}"


# --- Export ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportForm:
    """What the export dialog holds, as typed."""

    target: str
    protect: bool = False
    password: str = ""
    confirmation: str = ""
    #: The user has already agreed to replace the file at ``target`` (Browse asked).
    replace_agreed: bool = False


@dataclass(frozen=True)
class ExportChoice:
    target: Path
    password: str | None


def project_file_name(references: Sequence[str]) -> str:
    """'WST-2023-01.commission', or 'WST-2023-01 and 2 more.commission' for several."""
    stem = references[0] if references else "projects"
    if len(references) > 1:
        stem += f" and {len(references) - 1} more"
    return f"{_UNSAFE.sub('-', stem).strip() or 'project'}{FILE_EXTENSION}"


def as_project_path(name: str) -> Path:
    """A chosen file name, with .commission added when the user left it off."""
    path = Path(name).expanduser()
    if path.suffix.lower() == FILE_EXTENSION:
        return path
    return path.with_name(path.name + FILE_EXTENSION)


def check_export_form(form: ExportForm, agree_to_replace: Callable[[Path], bool]) -> ExportChoice:
    """The target and password, or a ValidationError naming every field to put right."""
    problems: dict[str, str] = {}
    target = as_project_path(form.target.strip()) if form.target.strip() else None
    if target is None:
        problems["target"] = "Choose where to save the project file."
    elif not target.parent.is_dir():
        problems["target"] = f"There is no folder {target.parent} to save the file in."
    if form.protect and not form.password:
        problems["password"] = "Type a password, or untick “Protect with a password”."
    elif form.protect and form.password != form.confirmation:
        problems["confirmation"] = "The two passwords are not the same: type it again."
    if problems:
        raise ValidationError(problems)
    assert target is not None
    if target.exists() and not form.replace_agreed and not agree_to_replace(target):
        raise ValidationError({"target": f"{target.name} already exists: choose another name."})
    return ExportChoice(target, form.password if form.protect else None)


class ExportProjectDialog(RecordFormDialog):
    """Where to save the project file, and whether to lock it with a password."""

    def __init__(
        self,
        subjects: Sequence[Subject],
        folder: Path,
        submit: Callable[[ExportForm], None],
        parent: QWidget | None = None,
    ) -> None:
        noun = "project" if len(subjects) == 1 else f"{len(subjects)} projects"
        super().__init__(f"Export {noun}", submit, parent)
        self.setMinimumWidth(600)
        self.save_button.setText("Export")
        self._replace_agreed = False
        self.what = QLabel(_export_intro(subjects))
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.target = QLineEdit(str(folder / project_file_name([s.reference for s in subjects])))
        self.browse_button = QPushButton("Browse…")
        self.protect = QCheckBox("Protect with a password")
        self.password = _password_edit()
        self.confirmation = _password_edit()
        self._add_rows()
        self.browse_button.clicked.connect(self.browse)
        self.target.textEdited.connect(self._forget_agreement)
        self.protect.toggled.connect(self._protect_toggled)
        self._protect_toggled(False)

    def _add_rows(self) -> None:
        self.rows.addRow(self.what)
        target_row = QWidget()
        layout = QHBoxLayout(target_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.target, 1)
        layout.addWidget(self.browse_button)
        self.add_row("target", "&Save as", target_row)
        buddy = self.rows.labelForField(target_row)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.target)
        self.add_row(
            "protect",
            "",
            self.protect,
            "Anyone importing the file will need the password. Keep it safe: if it is "
            "forgotten, it cannot be recovered and the file cannot be opened.",
        )
        self.add_row("password", "&Password", self.password)
        self.add_row("confirmation", "&Confirm password", self.confirmation)

    def _protect_toggled(self, checked: bool) -> None:
        for edit in (self.password, self.confirmation):
            edit.setEnabled(checked)
        if checked:
            self.password.setFocus()

    def _forget_agreement(self) -> None:
        self._replace_agreed = False

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the project as", self.target.text(), PROJECT_FILTER
        )
        if name:
            path = as_project_path(name)
            self.target.setText(str(path))
            # The file dialog asked about replacing only when the name was kept as chosen.
            self._replace_agreed = str(path) == name

    def form(self) -> ExportForm:
        return ExportForm(
            self.target.text(),
            self.protect.isChecked(),
            self.password.text(),
            self.confirmation.text(),
            self._replace_agreed,
        )


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _export_intro(subjects: Sequence[Subject]) -> str:
    listed = "\n".join(f"  {subject.label()}" for subject in subjects)
    return (
        f"{listed}\n\nThe file holds everything recorded about "
        f"{'it' if len(subjects) == 1 else 'them'}, with the audit trail, for a colleague "
        "to import into their own portfolio."
    )


def ask_export(parent: QWidget, subjects: Sequence[Subject], folder: Path) -> ExportChoice | None:
    """Ask where to export and with what password; None when the user cancelled."""
    shown: list[ExportProjectDialog] = []

    def make_dialog(submit: Callable[[ExportForm], None]) -> ExportProjectDialog:
        shown.append(ExportProjectDialog(subjects, folder, submit, parent))
        return shown[-1]

    chosen = run_form(make_dialog, lambda form: check_export_form(form, _agree_to_replace))
    for dialog in shown:
        dialog.deleteLater()
    return chosen


def _agree_to_replace(target: Path) -> bool:
    question = f"{target.name} already exists in {target.parent}. Replace it?"
    return confirm(QApplication.activeModalWidget(), "Replace file", question, "Replace")


# --- Messages ------------------------------------------------------------------------------


def size_text(size: int) -> str:
    """'812 bytes', '46 KB', '12.4 MB'."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _sentence(verb: str, labels: Sequence[str], where: str = "") -> str:
    """'Imported WST-2023-01 Waste … (1,805 records).', or a list after a colon for several."""
    if len(labels) == 1:
        return f"{verb} {labels[0]}{where}."
    bullets = "\n".join(f"•  {label}" for label in labels)
    return f"{verb} {len(labels)} projects{where}:\n\n{bullets}"


def exported_message(result: ExportResult, protected: bool) -> str:
    """What was exported, where, and how large."""
    rows = zip(result.references, result.names, result.record_counts, strict=True)
    where = f" to {result.path} ({size_text(result.size_bytes)})"
    message = _sentence("Exported", [Subject(*row).label() for row in rows], where)
    if protected:
        message += "\n\nIt is protected by a password: send the password separately, not with it."
    return message


def imported_message(result: ImportResult) -> str:
    """What was imported (under which references), how undo works, and where the backup is."""
    labels = []
    for original, reference, name, count in zip(
        result.original_references, result.references, result.names, result.record_counts,
        strict=True,
    ):  # fmt: skip
        renamed = original if original == reference else f"{original} as {reference}"
        labels.append(Subject(renamed, name, count).label())
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    pronoun = "it" if len(labels) == 1 else "them"
    restore = " and puts back the version it replaced" if result.replaced else ""
    gap = " " if len(labels) == 1 else "\n\n"
    message = f"{_sentence('Imported', labels)}{gap}Undo ({undo}) removes {pronoun}{restore}."
    if result.backup_path is not None:
        message += f"\n\nThe portfolio file was backed up first to\n{result.backup_path}"
    return message


def _message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A message box wide enough that a file's path does not wrap every few words."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStyleSheet(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 440px; }"
    )
    return box


def show_done(parent: QWidget, title: str, message: str) -> None:
    box = _message_box(parent, QMessageBox.Icon.Information, title, message)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()


# --- Import ------------------------------------------------------------------------------


def ask_password(parent: QWidget, file_name: str, *, again: bool) -> str | None:
    """The password for a protected file; None when the user cancelled."""
    first = (
        f"That password does not open {file_name}: it is wrong, or the file was altered."
        if again
        else f"{file_name} is protected by a password."
    )
    password, ok = QInputDialog.getText(
        parent, "Password", f"{first}\n\nPassword:", QLineEdit.EchoMode.Password
    )
    return password if ok else None


def import_question(file_name: str, subjects: Sequence[Subject], origin: str = "") -> str:
    """What the file holds and what importing it does, in plain words."""
    listed = "\n".join(f"•  {subject.label()}" for subject in subjects)
    noun = "this project" if len(subjects) == 1 else f"these {len(subjects)} projects"
    exported = f"\n\n{origin}" if origin else ""
    return (
        f"{file_name} holds {noun}:\n\n{listed}{exported}\n\n"
        "People and suppliers already in your portfolio are matched, not added twice."
    )


def export_origin(exported_by: str, exported_at: dt.datetime | None) -> str:
    """'Exported by Asha Patel on 30/11/2026 at 09:15.' from a file's manifest."""
    if exported_at is None:
        return f"Exported by {exported_by}." if exported_by else ""
    local = exported_at.astimezone() if exported_at.tzinfo else exported_at
    when = f"on {local:%d/%m/%Y} at {local:%H:%M}"
    return f"Exported by {exported_by} {when}." if exported_by else f"Exported {when}."


def ask_import_mode(
    parent: QWidget,
    file_name: str,
    subjects: Sequence[Subject],
    conflicts: Sequence[str],
    portfolio: Path,
    origin: str = "",
) -> ImportMode | None:
    """Confirm the import; for references already here, a copy or a replacement (after a
    backup of ``portfolio``, the open database file). None when the user cancelled."""
    box = _message_box(
        parent,
        QMessageBox.Icon.Question,
        "Import project",
        import_question(file_name, subjects, origin),
    )
    answers: dict[object, str] = {}
    if conflicts:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setInformativeText(_conflict_text(conflicts))
        answers[box.addButton(AS_COPY, QMessageBox.ButtonRole.AcceptRole)] = AS_COPY
        answers[box.addButton(REPLACE, QMessageBox.ButtonRole.DestructiveRole)] = REPLACE
    else:
        answers[box.addButton(IMPORT, QMessageBox.ButtonRole.AcceptRole)] = IMPORT
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    answer = answers.get(box.clickedButton())
    box.deleteLater()
    if answer == REPLACE:
        return ImportMode.REPLACE if _confirm_replace(parent, conflicts, portfolio) else None
    return {IMPORT: ImportMode.REFUSE, AS_COPY: ImportMode.COPY}.get(answer or "")


def _conflict_text(conflicts: Sequence[str]) -> str:
    names = ", ".join(conflicts)
    if len(conflicts) == 1:
        return (
            f"Your portfolio already has a project {names}. Import this one as a copy under a "
            "new reference, or replace yours with it?"
        )
    return (
        f"Your portfolio already has projects {names}. Import these as copies under new "
        "references, or replace yours with them?"
    )


def _confirm_replace(parent: QWidget, conflicts: Sequence[str], portfolio: Path) -> bool:
    names = ", ".join(conflicts)
    backup = portfolio.with_name(
        f"{portfolio.stem}.before-import-<date and time>{portfolio.suffix}"
    )
    question = (
        f"Replace {names} with the version from the file?\n\n"
        f"Everything now recorded about {names} in this portfolio is removed and the file's "
        "version takes its place. First, Commissioner saves a backup of the whole portfolio "
        f"file to\n{backup}\n\n"
        "Edit → Undo puts your version back until you close this portfolio."
    )
    box = _message_box(parent, QMessageBox.Icon.Warning, "Replace project", question)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    box.deleteLater()
    return box.clickedButton() is replace
