"""The Contract use cases area: ambiguities counted for the contracting gate, the two
readings side by side, closing needs a resolution, undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import WarningStatus
from commissioner.services import use_cases
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.services.use_cases import UseCaseInput
from commissioner.storage import Database
from commissioner.ui.contract_dialogs import UseCaseDialog
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.use_cases_area import UseCasesArea


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [UseCasesArea])


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="ASC-01", name="Home care", service_area="Adult social care")
    )
    return db, project_id


def open_area(window: MainWindow, project_id: int) -> UseCasesArea:
    window.open_project(project_id)
    window.workspace.show_area("Contract use cases")
    return next(a for a in window.workspace.areas if isinstance(a, UseCasesArea))


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


def press(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(keys))


def column(area: UseCasesArea, number: int) -> list[str]:
    return [area.model.index(row, number).data() for row in range(area.model.rowCount())]


def test_an_ambiguous_use_case_is_counted_shown_first_and_undone(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id = project_db
    use_cases.add_use_case(
        db, project_id, UseCaseInput("A complaint arrives on a Saturday.", "5.4")
    )
    area = open_area(window, project_id)
    assert area.summary.text() == "1 use case tested; no outstanding ambiguities"

    def fill(dialog: UseCaseDialog) -> None:
        qtbot.keyClicks(dialog.scenario, "A Service User refuses care at the 7am visit.")
        qtbot.keyClicks(dialog.clause, "3.4")
        qtbot.keyClicks(dialog.council_reading, "A refused visit is a completed visit.")
        qtbot.keyClicks(dialog.supplier_reading, "A visit under 15 minutes is not paid.")
        dialog.ambiguous.setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, UseCaseDialog, fill)
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)

    assert area.summary.text() == (
        "1 outstanding ambiguity: settle this before the contracting gate"
    )
    assert column(area, 0) == [
        "A Service User refuses care at the 7am visit.",
        "A complaint arrives on a Saturday.",
    ]
    assert column(area, 5) == ["Yes: outstanding", "No"]
    assert area.model.index(0, 5).data(Qt.ItemDataRole.DecorationRole) is not None
    qtmodeltester.check(area.model, force_py=True)

    area.table.selectRow(0)
    assert area.detail.council.text() == "A refused visit is a completed visit."
    assert area.detail.supplier.text() == "A visit under 15 minutes is not paid."
    assert area.detail.heading.text().startswith("Clause 3.4: A Service User refuses")

    press(qtbot, window, "Ctrl+Z")
    assert column(area, 0) == ["A complaint arrives on a Saturday."]
    assert area.summary.text() == "1 use case tested; no outstanding ambiguities"


def test_closing_an_ambiguity_needs_its_resolution_and_undo_reopens_it(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    for scenario in ("Snow closes the A59.", "A new package in the north lot."):
        use_cases.add_use_case(db, project_id, UseCaseInput(scenario, "3.4", ambiguous=True))
    area = open_area(window, project_id)
    assert area.summary.text() == (
        "2 outstanding ambiguities: settle these before the contracting gate"
    )
    area.table.selectRow(1)
    seen: list[str] = []

    def fill(dialog: UseCaseDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData(WarningStatus.CLOSED.value))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("resolution"))
        qtbot.keyClicks(dialog.resolution, "Clause 3.4 now names a 5-day start.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, UseCaseDialog, fill)
    qtbot.mouseClick(area.edit_button, Qt.MouseButton.LeftButton)

    assert seen == ["Say how the ambiguity was resolved before closing it."]
    assert area.summary.text() == (
        "1 outstanding ambiguity: settle this before the contracting gate"
    )
    assert column(area, 0) == ["Snow closes the A59.", "A new package in the north lot."]
    assert column(area, 5) == ["Yes: outstanding", "Yes"]
    assert column(area, 6) == ["Open", "Closed"]
    assert area.detail.resolution.text() == "Clause 3.4 now names a 5-day start."

    press(qtbot, window, "Ctrl+Z")
    assert area.summary.text().startswith("2 outstanding ambiguities")


def test_delete_a_use_case_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    use_cases.add_use_case(db, project_id, UseCaseInput("Snow closes the A59.", ambiguous=True))
    area = open_area(window, project_id)
    monkeypatch.setattr("commissioner.ui.use_cases_area.confirm", lambda *_args: True)
    area.table.selectRow(0)

    qtbot.mouseClick(area.delete_button, Qt.MouseButton.LeftButton)

    assert area.model.rowCount() == 0
    assert area.summary.text().startswith("No use-case tests yet")
    assert area.detail.heading.text().startswith("Select a use case")
    press(qtbot, window, "Ctrl+Z")
    assert column(area, 0) == ["Snow closes the A59."]
