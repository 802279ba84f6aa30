"""Governance packs: the history of a project's (or the portfolio's) packs, and the
buttons that make a new one, open it, draw it again exactly, or save a copy.

A pack is drawn by a worker process (see ``pack_job``), so the window keeps painting
while reportlab works; this module only asks, shows and records where files went.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from commissioner.errors import CommissionerError
from commissioner.services.changes import Area, Change
from commissioner.services.pack_options import PackOptions
from commissioner.services.packs import (
    PackRecord,
    list_packs,
    pack_options,
    saved_file_matches,
    section_choices,
    set_saved_path,
)
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.document_page import DocumentPage
from commissioner.ui.messages import show_problem
from commissioner.ui.pack_dialogs import (
    OPEN_ANYWAY,
    PDF_FILTER,
    REGENERATE,
    PackProgressDialog,
    as_pdf_path,
    ask_about_file,
    ask_pack_options,
    documents_folder,
)
from commissioner.ui.pack_job import PackJob, PackRequest
from commissioner.ui.pack_panel import FileStatus, PackHistoryView, file_problem, file_signature


def open_pdf(path: Path) -> bool:
    """Open ``path`` in the system's PDF viewer; False when nothing could open it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PackHistoryPanel(PackHistoryView):
    """The history and its four actions, for one project or (project_id None) the portfolio."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.document: DatabaseDocument | None = None
        self.project_id: int | None = None
        #: Fixed for tests; otherwise each pack reads the calendar.
        self.today = today
        #: Each pack's stored options, read once (they never change).
        self._options: dict[int, PackOptions | None] = {}
        #: Each checked file's signature and whether its SHA-256 matched then.
        self._checks: dict[int, tuple[tuple[int, int] | None, bool]] = {}
        self.job = PackJob(self)
        self.progress_dialog: PackProgressDialog | None = None
        self._on_done: Any = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.open_button.clicked.connect(self.open_selected)
        self.regenerate_button.clicked.connect(self.regenerate_selected)
        self.copy_button.clicked.connect(self.save_copy)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.job.progress.connect(self._job_progress)
        self.job.finished.connect(self._job_finished)
        self.job.failed.connect(self._job_failed)

    # --- Showing ----------------------------------------------------------------------

    def show_scope(self, document: DatabaseDocument | None, project_id: int | None) -> None:
        """Show ``document``'s packs of ``project_id`` (None: the portfolio's)."""
        if document is not self.document or project_id != self.project_id:
            self._options.clear()
            self._checks.clear()
            self.notice.hide()
        self.document, self.project_id = document, project_id
        self.reload()

    def reload(self) -> None:
        chosen = self.selected()
        records = list_packs(self.document.db, self.project_id) if self.document else []
        self.model.set_rows(records, [self.file_status(record) for record in records])
        if chosen is not None:
            self.select_pack(chosen.id)
        self.show_summary(records)
        self._enable_buttons()

    def file_status(self, record: PackRecord) -> FileStatus:
        """From the file's presence, and the SHA-256 checked when it last looked the same."""
        signature = file_signature(record.saved_path)
        if signature is None:
            return FileStatus.MISSING
        checked = self._checks.get(record.id)
        if checked is not None and checked[0] == signature and not checked[1]:
            return FileStatus.CHANGED
        return FileStatus.SAVED

    def check_file(self, record: PackRecord, *, again: bool = False) -> FileStatus:
        """Compare the saved file's SHA-256 with the pack's: when asked ``again`` (before
        opening or copying it), or when the file looks different from its last check."""
        signature = file_signature(record.saved_path)
        checked = self._checks.get(record.id)
        if again or checked is None or checked[0] != signature:
            matches = signature is not None and saved_file_matches(record)
            self._checks[record.id] = (signature, matches)
        status = self.file_status(record)
        self.model.set_status(record.id, status)
        return status

    def _enable_buttons(self) -> None:
        writable = self.document is not None and not self.document.db.read_only
        self.generate_button.setEnabled(writable and not self.job.is_running())
        self.generate_button.setToolTip(
            "" if writable else "This file is read-only: a new pack cannot be recorded in it."
        )
        chosen = self.selected() is not None
        for button in (self.open_button, self.regenerate_button, self.copy_button):
            button.setEnabled(chosen)

    def _show_selected(self) -> None:
        record = self.selected()
        self._enable_buttons()
        if record is None or self.document is None:
            self.show_detail(None)
            return
        status = self.check_file(record)
        if record.id not in self._options:
            try:
                self._options[record.id] = pack_options(self.document.db, record.id)
            except (CommissionerError, ValueError):
                self._options[record.id] = None
        choices = section_choices(self.project_id)
        self.detail.show_pack(record, self._options[record.id], choices, status.value)
        self.show_preview(Path(record.saved_path) if status is FileStatus.SAVED else None)

    def select_pack(self, pack_id: int) -> None:
        for number in range(self.model.rowCount()):
            if self.model.row_at(number).id == pack_id:
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(self.model.index(number, 0), flags)
                return

    def selected(self) -> PackRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _need_selection(self, action: str) -> PackRecord | None:
        record = self.selected()
        if record is None or self.document is None:
            show_problem(self, action, "Select a pack in the history first.")
            return None
        return record

    def _folder(self) -> Path:
        """Where packs were saved last, else the Documents folder."""
        for number in range(self.model.rowCount()):
            folder = Path(self.model.row_at(number).saved_path).parent
            if self.model.row_at(number).saved_path and folder.is_dir():
                return folder
        return documents_folder()

    def _announce_change(self) -> None:
        """Tell the other views a pack was recorded (the audit trail shows it)."""
        if self.document is not None:
            area = Area.PORTFOLIO if self.project_id is None else Area.PROJECT
            self.document.changed.emit(Change(area, self.project_id))

    # --- Generating -------------------------------------------------------------------

    def generate(self) -> None:
        """Ask for the options, check them here, then draw the pack in the worker."""
        if self.document is None or self.job.is_running():
            return
        today = self.today or dt.date.today()
        try:
            request = ask_pack_options(
                self, self.document.db, self.project_id, folder=self._folder(), today=today
            )
        except CommissionerError as error:
            show_problem(self, "Generate pack", str(error))
            return
        if request is not None:
            self._run(request, "Generating the governance pack", self._generated)

    def _generated(self, result: dict[str, Any]) -> None:
        self._announce_change()
        self.reload()
        self.select_pack(int(result["pack_id"]))
        pages = int(result.get("pages", 0))
        self.show_notice(f"Generated the pack: {pages} pages, saved to {result.get('path')}.")

    # --- Opening, drawing again, copying ------------------------------------------------

    def open_selected(self) -> None:
        record = self._need_selection("Open pack")
        if record is None:
            return
        status = self.check_file(record, again=True)
        answer = OPEN_ANYWAY
        if status is not FileStatus.SAVED:
            answer = ask_about_file(
                self, "Open pack", file_problem(record, status),
                can_open=status is FileStatus.CHANGED,
            )  # fmt: skip
        if answer == REGENERATE:
            self.regenerate_selected()
        elif answer == OPEN_ANYWAY and not open_pdf(Path(record.saved_path)):
            show_problem(self, "Open pack", f"No program could open {record.saved_path}.")

    def regenerate_selected(self) -> None:
        """Draw the selected pack again from its snapshot, to a file the user names."""
        record = self._need_selection("Regenerate pack")
        if record is None or self.document is None:
            return
        intact = self.check_file(record, again=True) is FileStatus.SAVED
        original = Path(record.saved_path) if record.saved_path else self._folder() / "pack.pdf"
        suggestion = original if not intact else original.with_stem(f"{original.stem} (again)")
        name, _ = QFileDialog.getSaveFileName(
            self, "Regenerate the pack as", str(suggestion), PDF_FILTER
        )
        if not name:
            return
        db = self.document.db
        request = PackRequest(db.path, as_pdf_path(name), db.actor, regenerate_id=record.id)
        self._run(
            request,
            "Regenerating the governance pack",
            lambda result: self._regenerated(record, intact, result),
        )

    def _regenerated(self, record: PackRecord, intact: bool, result: dict[str, Any]) -> None:
        path, digest = Path(str(result["path"])), str(result["sha256"])
        identical = digest == record.sha256
        if identical and not intact:
            # The faithful copy replaces the lost or altered one as the pack's file.
            self._remember_path(record, path)
        self.reload()
        self.select_pack(record.id)
        if identical:
            verdict = f"byte-identical to the pack first generated (SHA-256 {digest[:12]}…)"
        else:
            verdict = (
                f"NOT identical to the pack first generated (SHA-256 {record.sha256[:12]}…, "
                f"now {digest[:12]}…): the fonts or software have changed since"
            )
        self.show_notice(f"Drew the pack again to {path}: {verdict}.")

    def save_copy(self) -> None:
        record = self._need_selection("Save a copy")
        if record is None:
            return
        status = self.check_file(record, again=True)
        if status is not FileStatus.SAVED:
            message = f"{file_problem(record, status)} There is no faithful copy to take."
            if ask_about_file(self, "Save a copy", message, can_open=False) == REGENERATE:
                self.regenerate_selected()
            return
        source = Path(record.saved_path)
        suggestion = str(documents_folder() / source.name)
        name, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the pack", suggestion, PDF_FILTER
        )
        if not name or as_pdf_path(name).resolve() == source.resolve():
            return
        target = as_pdf_path(name)
        try:
            shutil.copyfile(source, target)
        except OSError as error:
            show_problem(self, "Copy not saved", f"Cannot copy to {target}: {error.strerror}.")
            return
        self._remember_path(record, target)
        self.reload()
        self.select_pack(record.id)
        self.show_notice(f"Saved a copy to {target}.")

    def _remember_path(self, record: PackRecord, path: Path) -> None:
        if self.document is None or self.document.db.read_only:
            return  # the copy is made; a read-only file cannot note where it went
        try:
            set_saved_path(self.document.db, record.id, path)
        except CommissionerError as error:
            show_problem(self, "Where the pack is", str(error))
            return
        self._announce_change()

    # --- The worker ---------------------------------------------------------------------

    def _run(self, request: PackRequest, title: str, on_done: Any) -> None:
        if self.job.is_running():
            return
        self._on_done = on_done
        self.progress_dialog = PackProgressDialog(title, self.window())
        self.progress_dialog.cancel_requested.connect(self.cancel)
        self.job.start(request)
        if self.job.is_running() and self.progress_dialog is not None:
            self.progress_dialog.show()
        self._enable_buttons()

    def cancel(self) -> None:
        """Stop the worker: no file, no record."""
        self.job.cancel()
        self._close_progress()
        self.reload()
        self.show_notice("Cancelled: no pack was saved or recorded.")

    def _job_progress(self, done: float, message: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.show_progress(done, message)

    def _job_finished(self, result: dict[str, Any]) -> None:
        self._close_progress()
        on_done, self._on_done = self._on_done, None
        if on_done is not None:
            on_done(result)
        self._enable_buttons()

    def _job_failed(self, message: str) -> None:
        self._close_progress()
        self._on_done = None
        self._enable_buttons()
        show_problem(self, "No pack was made", message)

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.finish()
            dialog.deleteLater()


class PacksArea(ProjectArea):
    title = "Governance packs"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.panel = PackHistoryPanel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    def reload(self) -> None:
        self.panel.show_scope(self.document, self.project_id)


class PortfolioPacksPage(DocumentPage):
    """The portfolio's packs: every active project on a page of its own, with the totals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Portfolio governance packs")
        heading.setObjectName("pageHeading")
        intro = QLabel(
            "A pack for the portfolio board: the portfolio's summary, risk profile and cost "
            "position, then a page per active project. Each pack is kept in the file, so it "
            "can be drawn again exactly."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.panel = PackHistoryPanel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)

    def reload(self) -> None:
        self._stale = False
        self.panel.show_scope(self.document, None)
