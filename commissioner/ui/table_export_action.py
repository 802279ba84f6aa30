"""Export… for any list: what the user sees, filtered and in view order, to .xlsx or .csv.

Reading happens on the UI thread (the models live there, and a paged model asks its
service for every row the current filter matches, not only those scrolled to); writing
runs in a worker thread behind a progress dialog that can cancel, because a large
workbook takes seconds to write. The file is swapped in whole at the end, so a failure
or a cancel leaves the user's folder as it was.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QTableView, QWidget

from commissioner.errors import CommissionerError
from commissioner.io.table_export import (
    KINDS,
    ColumnKind,
    ExportCancelledError,
    ExportColumn,
    TableExport,
    write_table,
)
from commissioner.services import projects
from commissioner.ui.areas import ProjectArea
from commissioner.ui.messages import show_problem
from commissioner.ui.table_model import EXPORT_ROLE, RowTableModel

EXPORT_FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv)"
_SUFFIXES = {"Excel workbook (*.xlsx)": ".xlsx", "CSV (*.csv)": ".csv"}
_HORIZONTAL = Qt.Orientation.Horizontal
#: Where the last export went this session, so the next one is offered the same folder.
_last_folder: Path | None = None
#: Jobs still writing: kept alive here, not by a widget that may close before they end.
_running: set[ExportJob] = set()

Kinds = Mapping[int, ColumnKind]


# --- Reading a view ----------------------------------------------------------------------


def view_export(
    view: QTableView, title: str, sheet_name: str, kinds: Kinds | None = None
) -> TableExport:
    """The rows and columns ``view`` shows, in its order, skipping hidden columns.

    Values come from ``EXPORT_ROLE`` (typed) where the model offers it, else the words
    shown; ``kinds`` (logical column → kind) overrides what the model's header says.
    """
    model = view.model()
    columns = shown_columns(view)
    export_columns = tuple(
        ExportColumn(str(model.headerData(c, _HORIZONTAL) or ""), _kind(model, c, kinds))
        for c in columns
    )
    return TableExport(title, sheet_name, export_columns, _rows(view, model, columns))


def shown_columns(view: QTableView) -> list[int]:
    """Logical column numbers in the order the user has them, hidden ones left out."""
    header = view.horizontalHeader()
    logical = (header.logicalIndex(visual) for visual in range(header.count()))
    return [column for column in logical if not view.isColumnHidden(column)]


def _kind(model: QAbstractItemModel, column: int, kinds: Kinds | None) -> ColumnKind:
    if kinds and column in kinds:
        return kinds[column]
    kind = model.headerData(column, _HORIZONTAL, EXPORT_ROLE)
    return kind if kind in KINDS else "text"


def _rows(view: QTableView, model: QAbstractItemModel, columns: list[int]) -> tuple[Any, ...]:
    if isinstance(model, RowTableModel):
        # The view's own model: a paged one fetches every row its filter matches.
        return tuple(
            tuple(model.export_value(row, column) for column in columns) for row in model.all_rows()
        )
    # A proxy (its filter and sort are what the user sees) or a model of another kind.
    typed = [model.headerData(c, _HORIZONTAL, EXPORT_ROLE) is not None for c in columns]
    return tuple(
        tuple(
            _value(model.index(row, c), is_typed)
            for c, is_typed in zip(columns, typed, strict=True)
        )
        for row in range(model.rowCount())
        if not view.isRowHidden(row)
    )


def _value(index: QModelIndex, typed: bool) -> Any:
    return index.data(EXPORT_ROLE) if typed else index.data(Qt.ItemDataRole.DisplayRole)


# --- Choosing a file ---------------------------------------------------------------------


def suggested_name(title: str) -> str:
    """A file name from the export's title: 'WST-2023-01 Risks' → 'WST-2023-01-risks.xlsx'."""
    words = re.sub(r"[^\w-]+", "-", title.strip()).strip("-")
    stem = "-".join(part if part.isupper() else part.lower() for part in words.split("-") if part)
    return f"{stem or 'export'}.xlsx"


def ask_export_path(parent: QWidget, title: str) -> Path | None:
    """Ask where to write; a name typed without .xlsx or .csv gets the chosen type's."""
    global _last_folder
    folder = _last_folder or Path.home()
    name, chosen = QFileDialog.getSaveFileName(
        parent, f"Export {title}", str(folder / suggested_name(title)), EXPORT_FILTERS
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in _SUFFIXES.values():
        path = path.with_name(path.name + _SUFFIXES.get(chosen, ".xlsx"))
    _last_folder = path.parent
    return path


# --- Writing in the background -----------------------------------------------------------


class ExportJob(QObject):
    """Writes one export in a worker thread; its signals arrive on the UI thread."""

    progressed = Signal(int)
    finished = Signal(str, int)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, export: TableExport, path: Path) -> None:
        super().__init__()
        self.export, self.path = export, path
        self._stop = threading.Event()

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self.run)

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """The worker's whole life: every outcome ends in exactly one signal."""
        try:
            self._write()
        finally:
            _running.discard(self)

    def _write(self) -> None:
        try:
            rows = write_table(self.export, self.path, progress=self._progress)
        except ExportCancelledError:
            self.cancelled.emit()
        except CommissionerError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a worker must report, never die silently
            self.failed.emit(f"{self.path.name} could not be written: {error}")
        else:
            self.finished.emit(str(self.path), rows)

    def _progress(self, written: int) -> bool:
        self.progressed.emit(written)
        return not self._stop.is_set()


class ExportButton(QPushButton):
    """ "Export…": asks for a file, reads the list, and writes it without freezing the window.

    ``title()`` names the export (and suggests the file name); ``make(title)`` reads the
    list as it is now. ``exported(path, rows)`` follows a file written in full.
    """

    exported = Signal(str, int)
    failed = Signal(str)

    def __init__(
        self,
        title: Callable[[], str],
        make: Callable[[str], TableExport],
        text: str = "Export…",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._title, self._make = title, make
        self.job: ExportJob | None = None
        self.progress: QProgressDialog | None = None
        self.setToolTip("Save this list as shown, with its filter, to Excel (.xlsx) or CSV")
        self.clicked.connect(self.export)

    def export(self) -> None:
        title = self._title()
        path = ask_export_path(self, title)
        if path is None:
            return
        try:
            export = self._make(title)
        except CommissionerError as error:
            self._fail(str(error))
            return
        self.write(export, path)

    def write(self, export: TableExport, path: Path) -> ExportJob:
        """Write ``export`` to ``path`` in the background, showing progress."""
        self.setEnabled(False)
        job = self.job = ExportJob(export, path)
        # Owned by the button, so it goes if the list's page is rebuilt mid-export.
        progress = self.progress = QProgressDialog(
            f"Writing {path.name}…", "Cancel", 0, max(len(export.rows), 1), self
        )
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(600)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(self._advance)
        job.finished.connect(self._finished)
        job.failed.connect(self._fail)
        job.cancelled.connect(self._cancelled)
        job.start()
        return job

    def _advance(self, written: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setValue(written)

    def _done(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.setEnabled(True)

    def _finished(self, path: str, rows: int) -> None:
        self._done()
        _status(self, f"Exported {rows:,} row{'s' if rows != 1 else ''} to {path}")
        self.exported.emit(path, rows)

    def _fail(self, message: str) -> None:
        self._done()
        self.failed.emit(message)
        show_problem(self, "Export not written", message)

    def _cancelled(self) -> None:
        self._done()
        _status(self, "Export cancelled: no file was written.")


def _status(widget: QWidget, message: str) -> None:
    status = getattr(widget.window(), "statusBar", None)
    if callable(status):
        status().showMessage(message, 8000)


def view_export_button(
    view: QTableView,
    title: Callable[[], str],
    sheet_name: str,
    kinds: Kinds | None = None,
    text: str = "Export…",
) -> ExportButton:
    """An Export… button for ``view``: the rows it shows, with its filter, in its order."""
    return ExportButton(title, lambda name: view_export(view, name, sheet_name, kinds), text)


def area_title(area: ProjectArea, what: str) -> Callable[[], str]:
    """A title naming the area's project: 'WST-2023-01 Stakeholders'."""

    def title() -> str:
        if area.project_id is None:
            return what
        return f"{projects.get_project(area.document.db, area.project_id).reference} {what}"

    return title
