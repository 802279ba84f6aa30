"""The register's file actions: import another register, export ours to a spreadsheet."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from commissioner.errors import CommissionerError
from commissioner.models.enums import RaidKind
from commissioner.services import projects
from commissioner.services.register_export import export_register
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.import_register_dialog import import_register
from commissioner.ui.messages import show_problem

EXPORT_FILTER = "Excel workbook (*.xlsx);;CSV, comma separated (*.csv)"


CurrentProject = Callable[[], int | None]


def register_files_button(
    parent: QWidget, document: DatabaseDocument, current: CurrentProject
) -> QPushButton:
    """A "Spreadsheets" button whose menu imports or exports the current project's register."""
    button = QPushButton("Spreadsheets")
    menu = QMenu(button)
    menu.addAction("Import a register (.xlsx, .csv)…", partial(_import, parent, document, current))
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
    window = parent.window()
    status = getattr(window, "statusBar", None)
    if status is not None:
        status().showMessage(f"Exported {count} entries to {name}", 8000)
