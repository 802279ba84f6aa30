"""Keeping the RAID log through the Risks and RAID area, with undo for every edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ActionStatus, RaidKind, RaidStatus
from commissioner.services import risks
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.services.risk_input import ActionInput, RiskInput
from commissioner.ui.main_window import MainWindow
from commissioner.ui.risk_dialogs import ActionDialog, RaiseIssueDialog, RiskDialog
from commissioner.ui.risks_area import RisksArea

RESIDUAL = 6  # the Residual column


@pytest.fixture
def area(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RisksArea:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [RisksArea])
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    window.open_project(project_id)
    window.workspace.show_area("Risks and RAID")
    return next(a for a in window.workspace.areas if isinstance(a, RisksArea))


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type, fill: Callable[[Any], None]
) -> None:
    def exec_(dialog: Any) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def add_risk(area: RisksArea, title: str = "Too few bidders", **overrides: Any) -> int:
    """A risk added straight through the service, then shown."""
    assert area.project_id is not None
    fields: dict[str, Any] = {
        "event": "Fewer than three bids",
        "residual_likelihood": 3,
        "residual_impact": 4,
        **overrides,
    }
    item = risks.add_raid_entry(area.document.db, area.project_id, RiskInput(title, **fields))
    area.reload()
    return item


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def redo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+Z"))


def choose(dialog: RiskDialog, stage: str, likelihood: int, impact: int) -> None:
    picker = dialog.score_picker(stage)
    picker.likelihood.setCurrentIndex(picker.likelihood.findData(likelihood))
    picker.impact.setCurrentIndex(picker.impact.findData(impact))


def test_create_a_risk_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, area: RisksArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fill(dialog: RiskDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.extend((dialog.error_text("title"), dialog.error_text("event")))
        qtbot.keyClicks(dialog.fields["title"], "TUPE costs unknown")
        qtbot.keyClicks(dialog.fields["event"], "Staff transfer costs more than priced")
        choose(dialog, "residual", 4, 4)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, RiskDialog, fill)
    area.add_entry(RaidKind.RISK)
    assert all(seen), "empty title and event get a message each"
    assert area.model.rowCount() == 1
    assert area.model.index(0, 0).data() == "R-001"
    assert area.model.index(0, RESIDUAL).data() == "16 Critical"
    assert area.entry is not None and len(area.entry.assessments) == 1
    undo(qtbot, window)
    assert area.model.rowCount() == 0
    redo(qtbot, window)
    assert area.model.rowCount() == 1


def test_edit_and_rescore_writes_history_and_undoes(
    qtbot: QtBot, window: MainWindow, area: RisksArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = add_risk(area)
    area.select_entry(item)

    def fill(dialog: RiskDialog) -> None:
        choose(dialog, "residual", 2, 4)
        qtbot.keyClicks(dialog.fields["note"], "Market day drew five providers")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, RiskDialog, fill)
    area.edit_selected()
    assert area.model.index(0, RESIDUAL).data() == "8 Medium"
    assert area.entry is not None
    assert [a.note for a in area.entry.assessments][-1] == "Market day drew five providers"
    assert area.detail.history_model.rowCount() == 2
    assert window.document.undo_stack.undoText().startswith("Re-score R-001")  # type: ignore[union-attr]
    undo(qtbot, window)
    assert area.model.index(0, RESIDUAL).data() == "12 High"
    assert len(risks.get_raid_entry(area.document.db, item).assessments) == 1


def test_close_a_risk_then_undo(
    qtbot: QtBot, window: MainWindow, area: RisksArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = add_risk(area)
    area.select_entry(item)
    monkeypatch.setattr("commissioner.ui.risks_area.confirm", lambda *_args: True)
    qtbot.mouseClick(area.close_button, Qt.MouseButton.LeftButton)
    assert risks.get_raid_entry(area.document.db, item).status is RaidStatus.CLOSED
    assert area.model.rowCount() == 0  # the register shows entries not closed
    undo(qtbot, window)
    assert area.model.rowCount() == 1
    assert risks.get_raid_entry(area.document.db, item).status is RaidStatus.OPEN


def test_raise_an_issue_from_a_risk_then_undo(
    qtbot: QtBot, window: MainWindow, area: RisksArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    risk = add_risk(area)
    area.select_entry(risk)

    def fill(dialog: RaiseIssueDialog) -> None:
        assert dialog.close_risk.isChecked()
        dialog.fields["title"].clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.fields["title"], "Only two bids received")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, RaiseIssueDialog, fill)
    qtbot.mouseClick(area.raise_issue_button, Qt.MouseButton.LeftButton)
    assert [area.model.index(r, 0).data() for r in range(area.model.rowCount())] == ["I-001"]
    assert area.entry is not None and area.entry.raised_from == "R-001 Too few bidders"
    assert risks.get_raid_entry(area.document.db, risk).status is RaidStatus.CLOSED
    undo(qtbot, window)
    assert [area.model.index(r, 0).data() for r in range(area.model.rowCount())] == ["R-001"]
    assert risks.get_raid_entry(area.document.db, risk).status is RaidStatus.OPEN


def test_add_an_action_mark_it_done_and_undo(
    qtbot: QtBot, window: MainWindow, area: RisksArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.select_entry(add_risk(area))

    def fill(dialog: ActionDialog) -> None:
        qtbot.keyClicks(dialog.description, "Run a market engagement day")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, ActionDialog, fill)
    qtbot.mouseClick(area.detail.add_action_button, Qt.MouseButton.LeftButton)
    assert area.detail.actions_model.rowCount() == 1
    area.detail.actions_table.selectRow(0)
    qtbot.mouseClick(area.detail.mark_done_button, Qt.MouseButton.LeftButton)
    assert area.detail.actions_model.row_at(0).status is ActionStatus.DONE
    undo(qtbot, window)
    assert area.detail.actions_model.row_at(0).status is ActionStatus.OPEN
    undo(qtbot, window)
    assert area.detail.actions_model.rowCount() == 0


def test_typing_filters_the_register(qtbot: QtBot, area: RisksArea) -> None:
    add_risk(area, "Too few bidders")
    add_risk(area, "Costs 100% over budget")
    assert area.model.rowCount() == 2
    qtbot.keyClicks(area.filters.text, "100%")
    qtbot.waitUntil(lambda: area.model.rowCount() == 1)
    assert area.model.index(0, 2).data() == "Costs 100% over budget"
    assert "1 entry of 2" in area.filters.count.text()
    area.filters.text.clear()
    qtbot.waitUntil(lambda: area.model.rowCount() == 2)


def test_filter_by_heat_map_cell(area: RisksArea) -> None:
    add_risk(area, "Twelve")
    add_risk(area, "Twenty-five", residual_likelihood=5, residual_impact=5)
    area.filter_by_cell("residual", 5, 5)
    assert area.model.rowCount() == 1 and area.model.index(0, 2).data() == "Twenty-five"
    assert area.filters.clear_cell_button.isVisibleTo(area)
    area.clear_cell_filter()
    assert area.model.rowCount() == 2
    assert not area.filters.clear_cell_button.isVisibleTo(area)


def test_header_click_sorts_in_sql_and_flags_show_words(area: RisksArea) -> None:
    add_risk(area, "Beta", next_review_on="01/01/2020")
    add_risk(area, "Alpha", residual_likelihood=5, residual_impact=5)
    assert area.model.index(0, 2).data() == "Alpha"  # most severe first
    area.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [area.model.index(r, 2).data() for r in range(2)] == ["Beta", "Alpha"]
    assert area.model.register_filter.sort == "title"
    assert area.model.index(0, 11).data().startswith("Overdue")
    assert area.model.index(0, 11).data(Qt.ItemDataRole.DecorationRole) is not None


def test_every_model_passes_the_model_tester(area: RisksArea, qtmodeltester: Any) -> None:
    item = add_risk(area)
    db = area.document.db
    risks.add_action(db, item, ActionInput("Market day", due_on="01/01/2020"))
    risks.update_raid_entry(
        db, item, RiskInput("Too few bidders", event="E", residual_likelihood=2, residual_impact=2)
    )
    area.reload()
    area.select_entry(item)
    for model in (area.model, area.detail.actions_model, area.detail.history_model):
        qtmodeltester.check(model, force_py=True)
    assert area.detail.actions_model.index(0, 2).data().startswith("Overdue")
    assert dt.date.today()


def test_register_loads_a_page_at_a_time(
    area: RisksArea, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    monkeypatch.setattr("commissioner.ui.risk_register_model.PAGE_SIZE", 2)
    for number in range(5):
        add_risk(area, f"Risk {number}")
    model = area.model
    assert model.rowCount() == 2 and model.total == 5 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 5
    assert len({model.index(r, 0).data() for r in range(5)}) == 5
    qtmodeltester.check(model, force_py=True)


def test_clicking_a_heat_map_cell_filters_the_register(qtbot: QtBot, area: RisksArea) -> None:
    add_risk(area, "Too few bidders", residual_likelihood=3, residual_impact=4)
    add_risk(area, "Key staff leave", residual_likelihood=2, residual_impact=2)
    add_risk(area, "Budget cut", residual_likelihood=3, residual_impact=4)
    residual = area.heat_maps.maps["residual"]
    assert residual.cell_text(3, 4) == "2"
    assert residual.cell_text(2, 2) == "1"
    centre = residual.cell_rect(3, 4).center().toPoint()
    qtbot.mouseClick(residual, Qt.MouseButton.LeftButton, pos=centre)
    titles = {area.model.index(row, 2).data() for row in range(area.model.rowCount())}
    assert titles == {"Too few bidders", "Budget cut"}
    assert residual.selected_cell() == (3, 4)
    area.clear_cell_filter()
    assert area.model.rowCount() == 3
    assert residual.selected_cell() is None
