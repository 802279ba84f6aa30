"""The Training plan area on the demo: cost and overdue in words, an action planned from a
gap, marked done, cancelled and deleted — each undone with Ctrl+Z."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from commissioner.services.demo import build_demo_portfolio
from commissioner.services.projects import list_projects
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.training_area import STATUS_COLUMN, TrainingArea
from commissioner.ui.training_dialogs import ActionDialog, CompletionDialog

TODAY = dt.date(2026, 11, 17)
GAP_ACTION_COLUMN = 5


class TrainingAreaOnTheDemoDay(TrainingArea):
    """The area as it looks on the day the demo was built."""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent, today=TODAY)


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [TrainingAreaOnTheDemoDay])


@pytest.fixture
def area(window: MainWindow, tmp_path: Path) -> TrainingArea:
    """The Training plan of the demo's waste contract, shown in the window."""
    assert window.open_path(tmp_path / "council.db")
    assert window.document is not None
    build_demo_portfolio(window.document.db, today=TODAY)
    projects = list_projects(window.document.db)
    window.open_project(next(p.id for p in projects if p.reference == "WST-2023-01"))
    window.workspace.show_area("Training plan")
    return next(a for a in window.workspace.areas if isinstance(a, TrainingArea))


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


def agree(monkeypatch: pytest.MonkeyPatch, seen: list[str]) -> None:
    def confirm(_parent: Any, _title: str, question: str, _action: str) -> bool:
        seen.append(question)
        return True

    monkeypatch.setattr("commissioner.ui.training_area.confirm", confirm)


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def row_of(model: Any, *texts: str) -> int:
    """The first row whose cells include every one of ``texts``."""
    for row in range(model.rowCount()):
        cells = {model.index(row, column).data() for column in range(model.columnCount())}
        if set(texts) <= cells:
            return row
    raise AssertionError(f"no row with {texts}")


def statuses(area: TrainingArea) -> list[str]:
    model = area.plan_model
    return [model.index(row, STATUS_COLUMN).data() for row in range(model.rowCount())]


def test_the_demo_plan_shows_its_cost_and_flags_the_overdue_course(
    area: TrainingArea, qtmodeltester: Any
) -> None:
    assert area.summary.text() == (
        "7 development actions · total cost £14,550 (cancelled actions left out) · 1 overdue"
    )
    overdue = row_of(area.plan_model, "Daniel Osei", "Contract administration")
    assert area.plan_model.index(overdue, STATUS_COLUMN).data() == "Planned — overdue"
    assert statuses(area).count("Planned — overdue") == 1
    largest = [area.gaps_model.index(0, column).data() for column in range(5)]
    assert largest == ["Daniel Osei", "Contract administration", "Expert", "Awareness", "2 levels"]
    qtmodeltester.check(area.plan_model, force_py=True)
    qtmodeltester.check(area.gaps_model, force_py=True)


def test_plan_an_action_from_a_gap_mark_it_done_then_undo_both(
    qtbot: QtBot, window: MainWindow, area: TrainingArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    gap = row_of(area.gaps_model, "Ben Carver", "KPIs and performance monitoring")
    assert area.gaps_model.index(gap, GAP_ACTION_COLUMN).data() == "No action"
    area.gaps_table.selectRow(gap)
    prefilled: list[str] = []

    def fill(dialog: ActionDialog) -> None:
        prefilled.append(dialog.description.toPlainText())
        qtbot.keyClicks(dialog.provider, "Midshires Commercial Training")
        qtbot.keyClicks(dialog.cost, "£450")
        qtbot.keyClicks(dialog.due_on, "31/01/2027")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, ActionDialog, fill)
    click(qtbot, area.plan_gap_button)

    assert prefilled == [
        "KPIs and performance monitoring: from practitioner to expert for WST-2023-01"
    ]
    assert "8 development actions · total cost £15,000" in area.summary.text()
    gap = row_of(area.gaps_model, "Ben Carver", "KPIs and performance monitoring")
    assert area.gaps_model.index(gap, GAP_ACTION_COLUMN).data() == prefilled[0]
    added = row_of(area.plan_model, "Ben Carver", prefilled[0])
    assert area.plan_model.index(added, STATUS_COLUMN).data() == "Planned"

    area.plan_table.selectRow(added)

    def complete(dialog: CompletionDialog) -> None:
        dialog.completed_on.setText("")
        qtbot.keyClicks(dialog.completed_on, "15/11/2026")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, CompletionDialog, complete)
    click(qtbot, area.done_button)
    done = row_of(area.plan_model, "Ben Carver", prefilled[0])
    assert area.plan_model.index(done, STATUS_COLUMN).data() == "Done"
    tip = area.plan_model.index(done, STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Completed on 15/11/2026"

    undo(qtbot, window)
    again = row_of(area.plan_model, "Ben Carver", prefilled[0])
    assert area.plan_model.index(again, STATUS_COLUMN).data() == "Planned"
    undo(qtbot, window)
    assert area.plan_model.rowCount() == 7
    gap = row_of(area.gaps_model, "Ben Carver", "KPIs and performance monitoring")
    assert area.gaps_model.index(gap, GAP_ACTION_COLUMN).data() == "No action"


def test_a_completion_date_in_the_future_stays_in_the_dialog(
    qtbot: QtBot, area: TrainingArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.plan_table.selectRow(row_of(area.plan_model, "Planned — overdue"))
    seen: list[str] = []

    def complete(dialog: CompletionDialog) -> None:
        dialog.completed_on.setText("01/01/2030")
        click(qtbot, dialog.save_button)
        seen.append(dialog.error_text("completed_on"))
        dialog.reject()

    answer(monkeypatch, CompletionDialog, complete)
    click(qtbot, area.done_button)
    assert seen and seen[0]
    assert statuses(area).count("Planned — overdue") == 1


def test_cancelling_the_overdue_course_takes_it_off_the_cost_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow, area: TrainingArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    agree(monkeypatch, questions)
    area.plan_table.selectRow(row_of(area.plan_model, "Planned — overdue"))
    click(qtbot, area.cancel_button)
    assert "Daniel Osei" in questions[0]
    assert "Cancelled" in statuses(area)
    assert area.summary.text().endswith(
        "total cost £13,100 (cancelled actions left out) · none overdue"
    )

    undo(qtbot, window)
    assert statuses(area).count("Planned — overdue") == 1
    assert "£14,550" in area.summary.text()


def test_deleting_an_action_then_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, area: TrainingArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    agree(monkeypatch, [])
    area.plan_table.selectRow(row_of(area.plan_model, "Planned — overdue"))
    click(qtbot, area.delete_button)
    assert area.plan_model.rowCount() == 6
    assert "Planned — overdue" not in statuses(area)

    undo(qtbot, window)
    assert area.plan_model.rowCount() == 7
    assert statuses(area).count("Planned — overdue") == 1


def test_a_new_action_for_a_team_member_can_be_edited(
    qtbot: QtBot, window: MainWindow, area: TrainingArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: ActionDialog) -> None:
        dialog.person.setCurrentIndex(dialog.person.findText("Nathan Price"))
        qtbot.keyClicks(dialog.description, "Facilitation skills workshop")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, ActionDialog, fill)
    click(qtbot, area.new_button)
    added = row_of(area.plan_model, "Nathan Price", "Facilitation skills workshop")

    area.plan_table.selectRow(added)

    def rename(dialog: ActionDialog) -> None:
        dialog.description.setPlainText("Facilitation skills workshop (two days)")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, ActionDialog, rename)
    click(qtbot, area.edit_button)
    row_of(area.plan_model, "Nathan Price", "Facilitation skills workshop (two days)")

    undo(qtbot, window)
    row_of(area.plan_model, "Nathan Price", "Facilitation skills workshop")


def test_buttons_that_need_a_selection_wait_for_one(area: TrainingArea) -> None:
    assert area.new_button.isEnabled()
    assert not area.edit_button.isEnabled()
    assert not area.plan_gap_button.isEnabled()
    area.plan_table.selectRow(row_of(area.plan_model, "Done"))
    assert area.edit_button.isEnabled()
    assert not area.done_button.isEnabled()  # already done
    area.gaps_table.selectRow(0)
    assert area.plan_gap_button.isEnabled()
