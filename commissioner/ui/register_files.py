"""The register's file actions: import another register, export ours to a spreadsheet.

"Export the entries shown" writes the full register workbook (every field, the legend
and a heat map of what it holds) for exactly the entries the register's filter shows,
in the register's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton, QWidget

from commissioner.errors import CommissionerError
from commissioner.io.register_export import RegisterExport, write_register
from commissioner.io.table_export import write_atomically
from commissioner.models.enums import RaidKind
from commissioner.services import projects
from commissioner.services.register_export import export_register, load_register
from commissioner.services.risk_register import RegisterFilter, fetch_register
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.import_register_dialog import import_register
from commissioner.ui.messages import show_problem
from commissioner.ui.table_export_action import ask_export_path
from commissioner.ui.table_model import every_page

EXPORT_FILTER = "Excel workbook (*.xlsx);;CSV, comma separated (*.csv)"


CurrentProject = Callable[[], int | None]
CurrentFilter = Callable[[], RegisterFilter | None]


def register_files_button(
    parent: QWidget,
    document: DatabaseDocument,
    current: CurrentProject,
    shown: CurrentFilter | None = None,
) -> QPushButton:
    """A "Spreadsheets" button whose menu imports or exports the current project's register;
    ``shown`` gives the filter the register shows, for exporting just those entries."""
    button = QPushButton("Spreadsheets")
    menu = QMenu(button)
    menu.addAction("Import a register (.xlsx, .csv)…", partial(_import, parent, document, current))
    menu.addSeparator()
    if shown is not None:
        menu.addAction(
            "Export the entries shown (as filtered)…",
            partial(_export_shown, parent, document, shown),
        )
    menu.addAction("Export risks…", partial(_export, parent, document, current, (RaidKind.RISK,)))
    everything = tuple(RaidKind)
    menu.addAction(
        "Export the whole RAID log…", partial(_export, parent, document, current, everything)
    )
    button.setMenu(menu)
    return button


def _import(parent: QWidget, document: DatabaseDocument, current: CurrentProject) -> None:
    project_id = current()
    if project_id is not None:
        import_register(parent, document, project_id)


def _export(
    parent: QWidget,
    document: DatabaseDocument,
    current: CurrentProject,
    kinds: tuple[RaidKind, ...],
) -> None:
    project_id = current()
    if project_id is None:
        return
    reference = projects.get_project(document.db, project_id).reference
    what = "risk-register" if kinds == (RaidKind.RISK,) else "raid-log"
    suggestion = str(Path.home() / f"{reference}-{what}.xlsx")
    name, _ = QFileDialog.getSaveFileName(parent, "Export register", suggestion, EXPORT_FILTER)
    if not name:
        return
    try:
        count = export_register(document.db, project_id, Path(name), kinds)
    except CommissionerError as error:
        show_problem(parent, "Export not written", str(error))
        return
    except OSError as error:
        show_problem(parent, "Export not written", f"{name} could not be written: {error}")
        return
    _tell(parent, f"Exported {count} entries to {name}")


def _tell(parent: QWidget, message: str) -> None:
    status = getattr(parent.window(), "statusBar", None)
    if status is not None:
        status().showMessage(message, 8000)


def shown_entries(document: DatabaseDocument, register: RegisterFilter) -> RegisterExport:
    """The register workbook's content for the entries ``register`` matches, in its order."""
    assert register.project_id is not None
    db = document.db
    everything = load_register(db, register.project_id, tuple(RaidKind))
    rows = every_page(
        lambda offset, limit: fetch_register(db, register, offset=offset, limit=limit)
    )
    order = {row.reference: place for place, row in enumerate(rows)}
    entries = sorted(
        (entry for entry in everything.entries if entry.reference in order),
        key=lambda entry: order[entry.reference],
    )
    return replace(everything, entries=tuple(entries))


def _export_shown(parent: QWidget, document: DatabaseDocument, shown: CurrentFilter) -> None:
    register = shown()
    if register is None or register.project_id is None:
        return
    reference = projects.get_project(document.db, register.project_id).reference
    path = ask_export_path(parent, f"{reference} register filtered")
    if path is None:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        export = shown_entries(document, register)
        write_atomically(path, lambda temporary: write_register(export, temporary))
    except CommissionerError as error:
        problem: str | None = str(error)
    else:
        problem = None
    finally:
        QApplication.restoreOverrideCursor()
    if problem is not None:
        show_problem(parent, "Export not written", problem)
        return
    _tell(parent, f"Exported {len(export.entries)} entries to {path}")
