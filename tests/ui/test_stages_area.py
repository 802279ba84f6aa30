"""The Stages and gates area, driven like a user: gates, advancing, overrides, checklists, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ConditionStatus, GateDecision, StageKind, StageStatus
from commissioner.services import stages
from commissioner.services.projects import get_project
from commissioner.services.stages import ConditionInput, GateInput, StageDatesInput
from commissioner.storage import Database
from commissioner.ui.checklist_templates_dialog import (
    ChecklistTemplatesDialog,
    TemplateLinesModel,
)
from commissioner.ui.gate_dialog import ConditionRowsModel, GateDialog
from commissioner.ui.main_window import MainWindow
from commissioner.ui.stage_dialogs import AdvanceDialog, StageDatesDialog
from commissioner.ui.stage_timeline import StageTimeline
from commissioner.ui.stages_area import StagesArea

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def only_the_stages_area(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows made in these tests show just this area (it is registered for real elsewhere)."""
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [StagesArea])


@pytest.fixture
def answer(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[type[QDialog], Callable[[Any], None]], None]:
    """Make the next dialogs of a class run ``fill`` instead of waiting for a person."""

    def install(dialog_class: type[QDialog], fill: Callable[[Any], None]) -> None:
        def exec_(dialog: QDialog) -> int:
            dialog.show()
            fill(dialog)
            return int(dialog.result())

        monkeypatch.setattr(dialog_class, "exec", exec_)

    return install


@pytest.fixture
def db(window: MainWindow, tmp_path: Path) -> Database:
    assert window.open_path(tmp_path / "council.db")
    assert window.document is not None
    return window.document.db


@pytest.fixture
def project(window: MainWindow, db: Database, make_project) -> int:
    project_id = int(make_project(db))
    show_stages(window, project_id)
    return project_id


def show_stages(window: MainWindow, project_id: int) -> StagesArea:
    window.open_project(project_id)
    window.workspace.show_area(StagesArea.title)
    return area_of(window)


def area_of(window: MainWindow) -> StagesArea:
    area = window.workspace.areas[0]
    assert isinstance(area, StagesArea)
    return area


def press(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(sequence))


def current_stage(db: Database, project_id: int) -> StageKind:
    return stages.get_stages(db, project_id).current_stage


def approve_first_stage(db: Database, project_id: int) -> None:
    first = stages.get_stages(db, project_id).stages[0]
    form = GateInput(GateDecision.APPROVED, "15/06/2026", "Commissioning Board")
    stages.record_gate(db, first.id, form)


# ----- models ----------------------------------------------------------------------


def test_every_model_passes_the_model_tester(
    qtmodeltester, window: MainWindow, db: Database, project: int
) -> None:
    approve_first_stage(db, project)
    form = GateInput(
        GateDecision.APPROVED_WITH_CONDITIONS,
        "20/06/2026",
        "Cabinet",
        conditions=(ConditionInput("Cost model signed off", "Priya Shah", "01/07/2026"),),
    )
    stages.record_gate(db, stages.get_stages(db, project).stages[0].id, form)
    area = show_stages(window, project)
    area.stage_table.setCurrentIndex(area.stage_model.index(0, 0))

    assert area.gates_model.rowCount() == 2
    assert area.conditions_model.rowCount() == 1
    for model in (area.stage_model, area.checklist_model, area.gates_model, area.conditions_model):
        qtmodeltester.check(model, force_py=True)
    rows = ConditionRowsModel()
    rows.insertRows(0, 2)
    rows.setData(rows.index(0, 0), "Sign off")
    qtmodeltester.check(rows, force_py=True)
    lines = TemplateLinesModel(stages.list_templates(db))
    lines.move_line(0, 1)
    qtmodeltester.check(lines, force_py=True)


# ----- gates -------------------------------------------------------------------------


def test_record_a_gate_decision_with_a_condition_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer
) -> None:
    area = area_of(window)
    seen: dict[str, str] = {}

    def fill(dialog: GateDialog) -> None:
        assert "Service users and carers consulted" in dialog.evidence_list.text()
        qtbot.mouseClick(dialog.save_button, LEFT)  # nothing chosen yet
        seen["decision"] = dialog.error_text("decision")
        seen["maker"] = dialog.error_text("decision_maker")
        dialog.decision.setCurrentIndex(
            dialog.decision.findData(GateDecision.APPROVED_WITH_CONDITIONS)
        )
        dialog.decided_on.setText("20/06/2026")
        qtbot.keyClicks(dialog.decision_maker, "Commissioning Board")
        dialog.gateway_review.setCurrentIndex(2)
        qtbot.mouseClick(dialog.add_condition_button, LEFT)
        editor = dialog.conditions_view.viewport().findChild(QLineEdit)
        assert editor is not None
        qtbot.keyClicks(editor, "Equality impact assessment completed")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(GateDialog, fill)
    qtbot.mouseClick(area.record_gate_button, LEFT)

    assert seen == {
        "decision": "Choose the decision.",
        "maker": "Say who decided, e.g. Commissioning Board.",
    }
    gate = stages.get_stages(db, project).stages[0].gates[0]
    assert (gate.decision, gate.decided_on) == (
        GateDecision.APPROVED_WITH_CONDITIONS,
        dt.date(2026, 6, 20),
    )
    assert gate.gateway_review == "Gate 1: business justification"
    assert [condition.text for condition in gate.conditions] == [
        "Equality impact assessment completed"
    ]
    assert area.gates_model.index(0, 1).data() == "Approved with conditions"
    assert area.conditions_model.index(0, 3).data() == "Open"
    assert area.stage_model.index(0, 6).data() == "Approved with conditions"

    press(qtbot, window, "Ctrl+Z")
    assert stages.get_stages(db, project).stages[0].gates == ()
    assert area.gates_model.rowCount() == 0
    assert area.stage_model.index(0, 6).data() == "—"
    press(qtbot, window, "Ctrl+Shift+Z")
    assert stages.get_stages(db, project).stages[0].gates == (gate,)


def test_a_condition_is_marked_met_and_undo_reopens_it(
    qtbot: QtBot, window: MainWindow, db: Database, project: int
) -> None:
    first = stages.get_stages(db, project).stages[0]
    form = GateInput(
        GateDecision.APPROVED_WITH_CONDITIONS,
        "20/06/2026",
        "Cabinet",
        conditions=(ConditionInput("Cost model signed off", "Priya Shah", "01/07/2026"),),
    )
    stages.record_gate(db, first.id, form)
    area = show_stages(window, project)
    area.stage_table.setCurrentIndex(area.stage_model.index(0, 0))
    assert area.conditions_model.index(0, 3).data() == "Open — overdue"

    qtbot.mouseClick(area.met_button, LEFT)

    condition = stages.get_stages(db, project).stages[0].gates[0].conditions[0]
    assert (condition.status, condition.closed_on) == (ConditionStatus.MET, TODAY)
    assert area.conditions_model.index(0, 3).data() == "Met"
    assert area.reopen_button.isEnabled() and not area.met_button.isEnabled()
    press(qtbot, window, "Ctrl+Z")
    condition = stages.get_stages(db, project).stages[0].gates[0].conditions[0]
    assert (condition.status, condition.closed_on) == (ConditionStatus.OPEN, None)
    assert area.conditions_model.index(0, 3).data() == "Open — overdue"


# ----- advancing -------------------------------------------------------------------


def test_advance_with_an_approved_gate_then_undo(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer
) -> None:
    approve_first_stage(db, project)
    area = show_stages(window, project)
    shown: dict[str, Any] = {}

    def fill(dialog: AdvanceDialog) -> None:
        shown["override"] = dialog.needs_override
        shown["button"] = dialog.advance_button.text()
        dialog.on.setText("01/07/2026")
        qtbot.mouseClick(dialog.advance_button, LEFT)

    answer(AdvanceDialog, fill)
    qtbot.mouseClick(area.advance_button, LEFT)

    assert shown == {"override": False, "button": "Advance to Service design"}
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.SERVICE_DESIGN
    assert (view.stages[0].status, view.stages[0].actual_end) == (
        StageStatus.COMPLETE,
        dt.date(2026, 7, 1),
    )
    assert view.stages[1].actual_start == dt.date(2026, 7, 1)
    assert area.position.text().startswith("Current stage: Service design")
    assert area.stage_model.index(1, 1).data() == "In progress"
    assert "Service design" in window.workspace.subtitle.text()

    press(qtbot, window, "Ctrl+Z")
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.NEEDS_ASSESSMENT
    assert (view.stages[0].status, view.stages[0].actual_end) == (StageStatus.IN_PROGRESS, None)
    assert view.stages[1].status is StageStatus.NOT_STARTED
    assert area.position.text().startswith("Current stage: Needs assessment")
    assert get_project(db, project).current_stage is StageKind.NEEDS_ASSESSMENT


def test_advancing_without_an_approved_gate_is_refused_until_a_reason_is_given(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer
) -> None:
    area = area_of(window)
    seen: dict[str, Any] = {}

    def refuse(dialog: AdvanceDialog) -> None:
        seen["message"] = dialog.message.text()
        seen["enabled"] = dialog.advance_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "   ")
        seen["blank reason enabled"] = dialog.advance_button.isEnabled()
        dialog.reject()

    answer(AdvanceDialog, refuse)
    qtbot.mouseClick(area.advance_button, LEFT)

    assert "Needs assessment has no approving gate yet." in seen["message"]
    assert seen["enabled"] is False
    assert seen["blank reason enabled"] is False
    assert current_stage(db, project) is StageKind.NEEDS_ASSESSMENT
    assert not window.undo_action.isEnabled()


def test_override_with_a_reason_advances_and_undo_restores(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer
) -> None:
    area = area_of(window)
    seen: dict[str, str] = {}
    reason = "Cabinet instructed an urgent start before the board could meet."

    def override(dialog: AdvanceDialog) -> None:
        dialog.on.setText("31/02/2026")
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.mouseClick(dialog.advance_button, LEFT)
        seen["date"] = dialog.error_text("on")
        dialog.on.setText("01/07/2026")
        qtbot.mouseClick(dialog.advance_button, LEFT)

    answer(AdvanceDialog, override)
    qtbot.mouseClick(area.advance_button, LEFT)

    assert "not a real date" in seen["date"]
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.SERVICE_DESIGN
    assert view.stages[0].override_reason == reason
    assert area.stage_model.index(0, 1).data() == "Complete (overridden)"
    assert window.undo_action.text() == "&Undo Advance to Service design (override)"

    press(qtbot, window, "Ctrl+Z")
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.NEEDS_ASSESSMENT
    assert view.stages[0].override_reason == ""
    assert area.stage_model.index(0, 1).data() == "In progress"


def test_delivery_cannot_be_advanced(window: MainWindow, db: Database, project: int) -> None:
    for day in range(1, 5):
        stages.advance_stage(db, project, on=dt.date(2026, 5, day), override_reason="Test")
    area = show_stages(window, project)

    assert not area.advance_button.isEnabled()
    assert "last stage" in area.advance_button.toolTip()


# ----- checklists and dates ------------------------------------------------------------


def test_ticking_a_checklist_item_is_undoable(
    qtbot: QtBot, window: MainWindow, db: Database, project: int
) -> None:
    area = area_of(window)
    view = area.checklist_view
    view.setCurrentIndex(area.checklist_model.index(1, 0))

    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: area.checklist_model.row_at(1).done)

    item = stages.get_stages(db, project).stages[0].checklist[1]
    assert (item.done, item.done_on) == (True, TODAY)
    assert area.checklist_model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert "(1 of 5 done)" in area.checklist_box.title()
    press(qtbot, window, "Ctrl+Z")
    assert not stages.get_stages(db, project).stages[0].checklist[1].done
    assert not area.checklist_model.row_at(1).done


def test_edit_dates_refuses_impossible_dates_then_saves_and_undoes(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer
) -> None:
    area = area_of(window)
    seen: dict[str, str] = {}

    def fill(dialog: StageDatesDialog) -> None:
        dialog.edits["planned_start"].setText("01/04/2026")
        dialog.edits["planned_end"].setText("31/02/2026")
        qtbot.mouseClick(dialog.save_button, LEFT)
        seen["impossible"] = dialog.error_text("planned_end")
        dialog.edits["planned_end"].setText("31/03/2026")
        qtbot.mouseClick(dialog.save_button, LEFT)
        seen["backwards"] = dialog.error_text("planned_end")
        dialog.edits["planned_end"].setText("31/07/2026")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(StageDatesDialog, fill)
    qtbot.mouseClick(area.edit_dates_button, LEFT)

    assert "not a real date" in seen["impossible"]
    assert "before the planned start" in seen["backwards"]
    first = stages.get_stages(db, project).stages[0]
    assert (first.planned_start, first.planned_end) == (dt.date(2026, 4, 1), dt.date(2026, 7, 31))
    assert area.stage_model.index(0, 2).data() == "01/04/2026 – 31/07/2026"
    press(qtbot, window, "Ctrl+Z")
    assert stages.get_stages(db, project).stages[0].planned_end is None


def test_template_edits_reach_new_projects_and_undo(
    qtbot: QtBot, window: MainWindow, db: Database, project: int, answer, make_project
) -> None:
    area = area_of(window)
    original = stages.list_templates(db)[StageKind.DELIVERY]

    def fill(dialog: ChecklistTemplatesDialog) -> None:
        dialog.stage.setCurrentIndex(4)
        dialog.table.setCurrentIndex(dialog.model.index(4, 0))
        qtbot.mouseClick(dialog.up_button, LEFT)
        qtbot.mouseClick(dialog.add_button, LEFT)
        editor = dialog.table.viewport().findChild(QLineEdit)
        assert editor is not None
        qtbot.keyClicks(editor, "Lessons learned recorded")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(ChecklistTemplatesDialog, fill)
    qtbot.mouseClick(area.templates_button, LEFT)

    delivery = stages.list_templates(db)[StageKind.DELIVERY]
    assert delivery[3:] == (
        "Exit and handover arrangements agreed",
        "Lessons learned recorded",
        "Benefits realisation plan in place",
    )
    older = [item.text for item in stages.get_stages(db, project).stages[4].checklist]
    assert older == list(original)
    newer = make_project(db)
    assert [item.text for item in stages.get_stages(db, newer).stages[4].checklist] == list(
        delivery
    )
    press(qtbot, window, "Ctrl+Z")
    assert stages.list_templates(db)[StageKind.DELIVERY] == original


# ----- the timeline ------------------------------------------------------------------


def test_the_timeline_draws_slips_in_words_and_gates_as_markers(
    window: MainWindow, db: Database, project: int
) -> None:
    first = stages.get_stages(db, project).stages[0]
    stages.update_stage_dates(
        db, first.id, StageDatesInput("01/04/2026", "30/06/2026", "01/04/2026")
    )
    form = GateInput(GateDecision.DEFERRED, "30/06/2026", "Board", notes="More evidence needed.")
    stages.record_gate(db, first.id, form)
    stages.record_gate(db, first.id, GateInput(GateDecision.APPROVED, "12/07/2026", "Board"))
    stages.advance_stage(db, project, on=dt.date(2026, 7, 12))

    area = show_stages(window, project)

    assert area.timeline.built
    assert "12 days late" in area.timeline.texts
    assert "in progress" in area.timeline.texts
    assert area.timeline.markers == {GateDecision.DEFERRED: 1, GateDecision.APPROVED: 1}
    assert "deferred" in area.timeline.legend.text()


def test_the_chart_is_only_built_once_it_is_shown(qtbot: QtBot, db: Database, project: int) -> None:
    timeline = StageTimeline()
    qtbot.addWidget(timeline)
    timeline.show_timeline(stages.timeline(stages.get_stages(db, project), TODAY))
    assert not timeline.built
    timeline.show()
    qtbot.waitExposed(timeline)
    assert timeline.built
    assert QApplication.instance() is not None


def test_a_stage_not_yet_started_offers_no_gate(window: MainWindow, project: int) -> None:
    area = area_of(window)
    assert area.record_gate_button.isEnabled()

    area.stage_table.setCurrentIndex(area.stage_model.index(2, 0))

    assert not area.record_gate_button.isEnabled()
    assert "has not started" in area.record_gate_button.toolTip()
    assert area.gate_notes.text() == "No gate decision is recorded for Procurement yet."
    assert area.checklist_box.title() == "Evidence checklist: Procurement (0 of 6 done)"
