"""The Stakeholders and Confirmations areas: add, re-rate on the grid, confirm, undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import StakeholderType
from commissioner.services import stakeholders as sh
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database
from commissioner.ui.confirmations_area import ConfirmationsArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.stakeholder_dialogs import ConfirmationDialog, StakeholderDialog
from commissioner.ui.stakeholders_area import StakeholdersArea


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "commissioner.ui.workspace.AREA_CLASSES", [StakeholdersArea, ConfirmationsArea]
    )


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    return db, project_id


def _area(window: MainWindow, kind: type[Any], title: str) -> Any:
    window.workspace.show_area(title)
    return next(a for a in window.workspace.areas if isinstance(a, kind))


def answer(
    monkeypatch: pytest.MonkeyPatch,
    dialog_class: type[RecordFormDialog],
    fill: Callable[[Any], None],
) -> None:
    def exec_(dialog: RecordFormDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def test_add_stakeholder_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    window.open_project(project_db[1])
    area: StakeholdersArea = _area(window, StakeholdersArea, "Stakeholders")

    def fill(dialog: StakeholderDialog) -> None:
        qtbot.keyClicks(dialog.name, "Cllr Jane Hart")
        dialog.interest.setValue(4)
        dialog.influence.setValue(5)
        qtbot.keyClicks(dialog.cadence, "30")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, StakeholderDialog, fill)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)
    assert area.model.rowCount() == 1
    assert area.model.index(0, 0).data() == "Cllr Jane Hart"
    assert area.model.index(0, 5).data() == "Manage closely"
    assert area.model.index(0, 8).data() == "Overdue"
    assert area.summary.text() == "1 key stakeholder not engaged in 60 days"
    qtmodeltester.check(area.model, force_py=True)

    _undo(qtbot, window)
    assert area.model.rowCount() == 0


def test_blank_name_is_shown_in_the_dialog(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.open_project(project_db[1])
    area: StakeholdersArea = _area(window, StakeholdersArea, "Stakeholders")
    seen: list[str] = []

    def fill(dialog: StakeholderDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("name"))
        dialog.reject()

    answer(monkeypatch, StakeholderDialog, fill)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)
    assert "name" in seen[0]
    assert area.model.rowCount() == 0


def test_dragging_on_the_grid_re_rates_then_undo(
    qtbot: QtBot, window: MainWindow, project_db: tuple[Database, int]
) -> None:
    db, project_id = project_db
    form = sh.StakeholderInput(
        "Unison branch", StakeholderType.TRADE_UNION, interest=2, influence=2
    )
    union = sh.add_stakeholder(db, project_id, form)
    window.open_project(project_id)
    area: StakeholdersArea = _area(window, StakeholdersArea, "Stakeholders")
    assert area.model.index(0, 5).data() == "Monitor"

    x, y = area.grid.position_of(union)
    assert (round(x), round(y)) == (2, 2)
    area.grid.drop_stakeholder(union, 4.3, 3.8)  # as a drop at that spot would
    assert (area.model.index(0, 3).data(), area.model.index(0, 4).data()) == ("4", "4")
    assert area.model.index(0, 5).data() == "Manage closely"

    _undo(qtbot, window)
    assert area.model.index(0, 5).data() == "Monitor"
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert area.model.index(0, 5).data() == "Manage closely"


def test_record_confirmation_leaves_the_outstanding_list_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id = project_db
    form = sh.StakeholderInput("Cllr Jane Hart", StakeholderType.ELECTED_MEMBER)
    hart = sh.add_stakeholder(db, project_id, form)
    item = sh.UnderstandingInput(sh.UnderstandingSubject.TIMETABLE, "Go-live date", "", (hart,))
    sh.add_understanding_item(db, project_id, item)
    window.open_project(project_id)
    area: ConfirmationsArea = _area(window, ConfirmationsArea, "Confirmations")
    area.outstanding_only.setChecked(True)
    assert area.model.rowCount() == 1
    assert area.model.index(0, 4).data() == "Outstanding"
    qtmodeltester.check(area.model, force_py=True)

    def fill(dialog: ConfirmationDialog) -> None:
        qtbot.keyClicks(dialog.method, "Signed minutes")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, ConfirmationDialog, fill)
    area.table.selectRow(0)
    qtbot.mouseClick(area.record_button, Qt.MouseButton.LeftButton)
    assert area.model.rowCount() == 0
    area.outstanding_only.setChecked(False)
    assert area.model.index(0, 4).data() == "Confirmed"
    assert area.model.index(0, 6).data() == "Signed minutes"

    _undo(qtbot, window)
    assert area.model.index(0, 4).data() == "Outstanding"
    area.outstanding_only.setChecked(True)
    assert area.model.rowCount() == 1
