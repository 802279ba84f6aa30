"""Importing a register through the dialog: file, mapping step, import, one undo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from commissioner.io.register_mapping import RegisterField
from commissioner.models import RaidItem, RiskAssessment
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.import_register_dialog import ImportRegisterDialog, PreviewModel
from commissioner.ui.main_window import MainWindow
from tests.services.test_register_import import messy_workbook

#: Set IMPORT_SHOTS to a folder to keep pictures of the dialog for review.
SHOTS = Path(os.environ["IMPORT_SHOTS"]) if os.environ.get("IMPORT_SHOTS") else None


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> tuple[DatabaseDocument, int]:
    assert window.open_path(tmp_path / "council.db")
    document = window.document
    assert document is not None
    project_id = create_project(
        document.db, ProjectInput(reference="ASC-01", name="Home care", service_area="Adults")
    )
    return document, project_id


def _count(document: DatabaseDocument, table: type) -> int:
    with document.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _mapping_step(
    qtbot: QtBot, document: DatabaseDocument, project_id: int, path: Path
) -> ImportRegisterDialog:
    dialog = ImportRegisterDialog(document, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.path_edit, str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5000)
    return dialog


def test_import_through_the_mapping_step_then_undo_everything(
    qtbot: QtBot, opened: tuple[DatabaseDocument, int], tmp_path: Path
) -> None:
    document, project_id = opened
    dialog = _mapping_step(qtbot, document, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    assert dialog.current_mapping()[6] is RegisterField.OWNER  # "Risk owner", guessed
    assert dialog.model.rowCount() == 5
    outcome = dialog.model.index(3, 1).data()
    assert outcome.startswith("Skipped: only half a score")
    assert "formula" in dialog.model.index(0, 4).data()  # warnings in words
    assert "4 of 5 rows will be imported" in dialog.summary.text()

    dialog.set_field(6, RegisterField.ACTIONEE)  # as a user choosing in the combo
    assert dialog.preview is not None and dialog.preview.mapping[6] is RegisterField.ACTIONEE
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "mapping_step.png"))

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportRegisterDialog.DialogCode.Accepted
    assert _count(document, RaidItem) == 4 and _count(document, RiskAssessment) == 4
    with document.db.session() as session:
        actionees = set(session.scalars(select(RaidItem.actionee)))
    assert "Head of Finance" in actionees

    assert document.undo_stack.count() == 1  # one step for the whole import
    document.undo_stack.undo()
    assert _count(document, RaidItem) == 0 and _count(document, RiskAssessment) == 0
    document.undo_stack.redo()
    assert _count(document, RaidItem) == 4


def test_an_unreadable_file_is_explained_on_the_first_step(
    qtbot: QtBot, opened: tuple[DatabaseDocument, int], tmp_path: Path
) -> None:
    document, project_id = opened
    dialog = ImportRegisterDialog(document, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    (tmp_path / "broken.xlsx").write_text("not a workbook")
    dialog.path_edit.setText(str(tmp_path / "broken.xlsx"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be read" in dialog.file_status.text(), timeout=5000)
    assert dialog.pages.currentIndex() == 0 and dialog.next_button.isEnabled()


def test_preview_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, opened: tuple[DatabaseDocument, int], tmp_path: Path
) -> None:
    document, project_id = opened
    dialog = _mapping_step(qtbot, document, project_id, messy_workbook(tmp_path / "messy.xlsx"))
    assert isinstance(dialog.model, PreviewModel)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
