"""File → Export project… and Import project…, and dropping a project file on the window.

Reading, checking, writing and importing a project file take from a fraction of a
second to several for a large project (scrypt alone is deliberately slow), so each runs
on the thread pool behind a busy dialog while the window keeps painting. The dialog is
modal: nothing else can change the portfolio while a file is read or written. The
services check a file whole before writing anything, and write all or nothing, so a
failure leaves both the portfolio and the user's folder as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMimeData,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from commissioner.errors import CommissionerError
from commissioner.io.project_file import (
    FILE_EXTENSION,
    PasswordRequiredError,
    WrongPasswordError,
    is_encrypted,
)
from commissioner.services import projects
from commissioner.services.project_export import ExportResult, export_projects
from commissioner.services.project_import import (
    ImportResult,
    ProjectPayload,
    apply_import,
    conflicting_references,
    read_import,
)
from commissioner.services.project_rows import records_per_project
from commissioner.ui.messages import show_problem
from commissioner.ui.pack_dialogs import documents_folder
from commissioner.ui.portfolio import PROJECT_ID_ROLE
from commissioner.ui.project_file_commands import ImportProjectsCommand
from commissioner.ui.project_file_dialogs import (
    OPEN_FILTER,
    Subject,
    ask_export,
    ask_import_mode,
    ask_password,
    export_origin,
    exported_message,
    imported_message,
    show_done,
)

if TYPE_CHECKING:
    from commissioner.ui.document import DatabaseDocument
    from commissioner.ui.main_window import MainWindow

T = TypeVar("T")
#: A busy dialog for work quicker than this would only flicker.
_BUSY_DELAY_MS = 300
_READ_ONLY = "This file is read-only: projects cannot be imported into it."
_NO_PROJECT = "Open a project, or select one in the portfolio, to export it."


# --- Work off the UI thread --------------------------------------------------------------


class _Finished(QObject):
    finished = Signal()


#: What a user can do to the window; held back while the work runs.
_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.Drop,
    }
)


class _HoldInput(QObject):
    """Swallows clicks, keys and closing the window while the work runs.

    The busy dialog is modal, but appears only after a moment (so quick work does not
    flicker); until then nothing else — another import, Undo, Quit — may touch the file.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            if watched is self.window:
                event.ignore()
                return True
            return False
        return event.type() in _INPUT


def run_in_background(parent: QWidget, label: str, work: Callable[[], T]) -> T:
    """Run ``work`` on the thread pool behind a modal busy dialog; return what it
    returned, or raise what it raised, here on the UI thread."""
    outcome: dict[str, Any] = {}
    signal = _Finished()
    loop = QEventLoop()
    signal.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # raised again on the UI thread
            outcome["error"] = error
        finally:
            signal.finished.emit()

    busy = _busy_dialog(parent, label)
    hold = _HoldInput(parent.window())
    application = QCoreApplication.instance()
    assert application is not None  # there are widgets, so there is an application
    application.installEventFilter(hold)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        QThreadPool.globalInstance().start(run)
        loop.exec()
    finally:
        application.removeEventFilter(hold)
        QGuiApplication.restoreOverrideCursor()
        busy.close()
        busy.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _busy_dialog(parent: QWidget, label: str) -> QProgressDialog:
    busy = QProgressDialog(label, "", 0, 0, parent)
    busy.setWindowTitle("Please wait")
    busy.setCancelButton(None)  # one transaction, or one file renamed into place: no halfway
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(_BUSY_DELAY_MS)
    busy.setMinimumWidth(380)
    busy.setValue(0)
    return busy


def dropped_path(mime: QMimeData) -> Path | None:
    """The project file being dragged, when it is one local ``.commission`` file."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() == FILE_EXTENSION else None


# --- The menu's actions ------------------------------------------------------------------


@dataclass(frozen=True)
class _FileContents:
    """A checked file: its rows, and how many records each project brings."""

    payload: ProjectPayload
    counts: tuple[int, ...]

    def subjects(self) -> list[Subject]:
        rows = zip(self.payload.references, self.payload.names, self.counts, strict=True)
        return [Subject(ref, name, count) for ref, name, count in rows]


def _read(path: Path, password: str | None) -> _FileContents:
    payload = read_import(path, password=password)
    return _FileContents(payload, records_per_project(payload.tables))


class ProjectFiles(QObject):
    """File → Export project… and Import project…, for the window that holds it.

    ``current_project`` gives the project to export: the one open in the workspace, or
    the one selected in the portfolio.
    """

    def __init__(self, window: MainWindow, current_project: Callable[[], int | None]) -> None:
        super().__init__(window)
        self.window = window
        self._current_project = current_project
        self._busy = False
        self.export_action = QAction("&Export project…", window)
        self.export_action.triggered.connect(self.export_current)
        self.import_action = QAction("&Import project…", window)
        self.import_action.triggered.connect(self.choose_and_import)
        self.actions = [self.export_action, self.import_action]
        window.portfolio.table.selectionModel().selectionChanged.connect(self.update_actions)
        self._last_folder: Path | None = None
        # Drops reach the window wherever no child widget takes them; we watch for them.
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept a dragged project file, and import it when dropped; refuse anything else."""
        if event.type() not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent are too
        path = dropped_path(event.mimeData())
        if path is None:
            event.ignore()
            return True
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.import_dropped(path)
        return True

    @property
    def document(self) -> DatabaseDocument | None:
        return self.window.document

    def update_actions(self) -> None:
        """Export needs a project; import needs a file that can be written."""
        document = self.document
        writable = document is not None and not document.db.read_only
        has_project = document is not None and self._current_project() is not None
        self.export_action.setEnabled(has_project)
        self.export_action.setStatusTip(
            "Save the project to a file a colleague can import" if has_project else _NO_PROJECT
        )
        self.import_action.setEnabled(writable)
        self.import_action.setStatusTip(
            "Add the projects of a .commission file to this portfolio" if writable else _READ_ONLY
        )

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)

    # --- Export ------------------------------------------------------------------------

    def export_current(self) -> None:
        project_id = self._current_project()
        if self.document is None or project_id is None:
            self._status(_NO_PROJECT)
            return
        self.export([project_id])

    def export(self, project_ids: Sequence[int]) -> ExportResult | None:
        """Ask where and how, then write the file; the result, or None if not written."""
        document = self.document
        if document is None or self._busy:
            return None
        try:
            subjects = [self._subject(document, project_id) for project_id in project_ids]
        except CommissionerError as error:
            show_problem(self.window, "Project not exported", str(error))
            return None
        choice = ask_export(self.window, subjects, self._last_folder or documents_folder())
        if choice is None:
            return None
        self._last_folder = choice.target.parent
        try:
            result = self._run(
                f"Writing {choice.target.name}…",
                lambda: export_projects(
                    document.db, project_ids, choice.target, password=choice.password
                ),
            )
        except CommissionerError as error:
            show_problem(self.window, "Project not exported", str(error))
            return None
        self._status(f"Exported to {result.path}")
        show_done(self.window, "Project exported", exported_message(result, bool(choice.password)))
        return result

    @staticmethod
    def _subject(document: DatabaseDocument, project_id: int) -> Subject:
        detail = projects.get_project(document.db, project_id)
        return Subject(detail.reference, detail.name)

    def _run(self, label: str, work: Callable[[], T]) -> T:
        self._busy = True
        try:
            return run_in_background(self.window, label, work)
        finally:
            self._busy = False

    # --- Import ------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        folder = self._last_folder or documents_folder()
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import project", str(folder), OPEN_FILTER
        )
        if name:
            self.import_file(Path(name))

    def import_dropped(self, path: Path) -> None:
        """Import a file dropped on the window, once the drop itself has finished (the
        program it came from waits for the drop to return)."""
        QTimer.singleShot(0, lambda: self.import_file(path))

    def import_file(self, path: Path) -> ImportResult | None:
        """Read and check ``path``, ask, then import it as one undo step."""
        document = self.document
        if self._busy:
            return None
        if document is None:
            show_problem(
                self.window,
                "Nowhere to import",
                "Open or create a portfolio file first, then import the project into it.",
            )
            return None
        if document.db.read_only:
            show_problem(self.window, "Project not imported", _READ_ONLY)
            return None
        self._last_folder = path.parent
        contents = self._read_with_password(path)
        if contents is None:
            return None
        return self._import(document, path, contents)

    def _read_with_password(self, path: Path) -> _FileContents | None:
        """The checked file, asking for its password (again, if wrong) until it opens."""
        password: str | None = None
        try:
            if is_encrypted(path):
                password = ask_password(self.window, path.name, again=False)
                if password is None:
                    return None
            while True:
                try:
                    return self._run(f"Checking {path.name}…", partial(_read, path, password))
                except (PasswordRequiredError, WrongPasswordError) as error:
                    again = isinstance(error, WrongPasswordError)
                    password = ask_password(self.window, path.name, again=again)
                    if password is None:
                        return None
        except CommissionerError as error:
            show_problem(self.window, "Project not imported", f"{path.name}: {error}")
            return None

    def _import(
        self, document: DatabaseDocument, path: Path, contents: _FileContents
    ) -> ImportResult | None:
        try:
            conflicts = conflicting_references(document.db, contents.payload)
        except CommissionerError as error:
            show_problem(self.window, "Project not imported", str(error))
            return None
        subjects = contents.subjects()
        payload = contents.payload
        origin = export_origin(payload.exported_by, payload.exported_at)
        mode = ask_import_mode(
            self.window, path.name, subjects, conflicts, document.db.path, origin
        )
        if mode is None:
            self._status(f"Import of {path.name} cancelled: nothing was changed.")
            return None
        try:
            result = self._run(
                f"Importing {', '.join(contents.payload.references)}…",
                lambda: apply_import(document.db, contents.payload, mode),
            )
        except CommissionerError as error:
            show_problem(self.window, "Project not imported", f"{error} Nothing was changed.")
            return None
        ImportProjectsCommand(document, result).record()
        self._show_imported(result)
        return result

    def _show_imported(self, result: ImportResult) -> None:
        """Show the portfolio with the (first) imported project selected, and say so."""
        self.window.show_portfolio()
        table = self.window.portfolio.table
        model = table.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(PROJECT_ID_ROLE) == result.project_ids[0]:
                table.selectRow(row)
                table.scrollTo(model.index(row, 0))
                break
        self._status(f"Imported {', '.join(result.references)}")
        show_done(self.window, "Project imported", imported_message(result))
