"""The Team area: add, edit and remove members, the team plan and succession cover, each
undone with Ctrl+Z; the demo's waste contract; a read-only file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import TeamRole
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.people import PersonInput, add_person
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project, list_projects
from commissioner.services.team import MemberInput, add_member
from commissioner.storage import Database, open_database
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.team_area import TeamArea
from commissioner.ui.team_dialogs import (
    EditMemberDialog,
    MemberDialog,
    PipelineNoteDialog,
    RemoveSuccessionDialog,
    SuccessionDialog,
    TeamPlanDialog,
)

ROLE, COVERAGE, HELD_BY, SUCCESSION = range(4)
CM, PM = TeamRole.CONTRACT_MANAGEMENT, TeamRole.PROJECT_MANAGEMENT


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [TeamArea])


@pytest.fixture
def project_db(window: MainWindow, tmp_path: Path) -> tuple[Database, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    return db, project_id


def _open(window: MainWindow, project_id: int) -> TeamArea:
    window.open_project(project_id)
    window.workspace.show_area("Team")
    return next(a for a in window.workspace.areas if isinstance(a, TeamArea))


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


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def _coverage(area: TeamArea, role: TeamRole, column: int = COVERAGE) -> str:
    row = next(r for r in range(area.coverage.rowCount()) if area.coverage.row_at(r).role is role)
    return str(area.coverage.index(row, column).data())


def _names(area: TeamArea) -> list[str]:
    return [area.members.index(row, 0).data() for row in range(area.members.rowCount())]


def _set_plan(qtbot: QtBot, area: TeamArea, monkeypatch: pytest.MonkeyPatch, fte: str) -> None:
    def fill(dialog: TeamPlanDialog) -> None:
        dialog.fte_needed.clear()
        qtbot.keyClicks(dialog.fte_needed, fte)
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, TeamPlanDialog, fill)
    _click(qtbot, area.plan_button)


def test_add_a_new_person_in_two_roles_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    area = _open(window, project_db[1])
    assert _coverage(area, PM) == "Not covered"
    assert _coverage(area, PM, HELD_BY) == "Nobody"
    # The project is at needs assessment: contract management is not needed yet.
    assert _coverage(area, CM) == "Not needed at this stage"

    def fill(dialog: MemberDialog) -> None:
        qtbot.keyClicks(dialog.full_name, "Aisha Rahman")
        qtbot.keyClicks(dialog.job_title, "Commissioning Officer")
        qtbot.keyClicks(dialog.commissioning_fte, "0.8")
        qtbot.keyClicks(dialog.fte, "0.4")
        dialog.roles.boxes[CM].click()
        dialog.roles.boxes[PM].click()
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, MemberDialog, fill)
    _click(qtbot, area.add_button)
    assert _names(area) == ["Aisha Rahman"]
    assert area.members.index(0, 2).data() == "0.4"
    assert area.members.index(0, 3).data() == "Project management, Contract management"
    # An in-house project is judged as a general supply: awareness is all it needs.
    assert _coverage(area, CM) == "Covered"
    assert _coverage(area, PM, HELD_BY) == "Aisha Rahman"
    assert _coverage(area, TeamRole.PROCUREMENT) == "Not needed at this stage"
    qtmodeltester.check(area.members, force_py=True)
    qtmodeltester.check(area.coverage, force_py=True)

    _undo(qtbot, window)
    assert _names(area) == []
    assert _coverage(area, PM) == "Not covered"
    # The person made for her went too, so she is not offered as existing staff.
    seen: list[int] = []
    answer(monkeypatch, MemberDialog, lambda dialog: seen.append(dialog.person.count()))
    _click(qtbot, area.add_button)
    assert seen == [1]


def test_choosing_existing_staff_and_a_missing_role_is_explained(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    add_person(db, PersonInput("Ben Carver", "Performance Officer"))
    area = _open(window, project_id)
    messages: list[str] = []

    def fill(dialog: MemberDialog) -> None:
        dialog.person.setCurrentIndex(dialog.person.findText("Ben Carver (Performance Officer)"))
        assert not dialog.full_name.isEnabled()
        _click(qtbot, dialog.save_button)
        messages.append(dialog.error_text("roles"))
        dialog.roles.boxes[TeamRole.PERFORMANCE_MANAGEMENT].click()
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, MemberDialog, fill)
    _click(qtbot, area.add_button)
    assert "at least one role" in messages[0]
    assert _names(area) == ["Ben Carver"]
    assert _coverage(area, TeamRole.PERFORMANCE_MANAGEMENT, HELD_BY) == "Ben Carver"


def test_team_plan_and_editing_fte_change_capacity_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    person = add_person(db, PersonInput("Priya Shah", "Commissioning Manager"))
    add_member(db, project_id, MemberInput(person, "0.4", (PM,)))
    area = _open(window, project_id)
    assert "not set" in area.capacity.text()

    _set_plan(qtbot, area, monkeypatch, "1")
    assert area.capacity.text() == "Capacity: 0.4 of 1 FTE: 0.6 short"

    def fill(dialog: EditMemberDialog) -> None:
        dialog.fte.clear()
        qtbot.keyClicks(dialog.fte, "1")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, EditMemberDialog, fill)
    area.members_table.selectRow(0)
    _click(qtbot, area.edit_button)
    assert area.capacity.text() == "Capacity: 1 of 1 FTE: enough"
    assert area.members.index(0, 2).data() == "1"

    _undo(qtbot, window)
    assert area.capacity.text() == "Capacity: 0.4 of 1 FTE: 0.6 short"
    _undo(qtbot, window)
    assert "not set" in area.capacity.text()


def test_remove_member_then_undo_brings_the_roles_back(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    person = add_person(db, PersonInput("Priya Shah", "Commissioning Manager"))
    add_member(db, project_id, MemberInput(person, "0.5", (PM, CM)))
    area = _open(window, project_id)
    monkeypatch.setattr("commissioner.ui.team_area.confirm", lambda *args: True)

    area.members_table.selectRow(0)
    _click(qtbot, area.remove_button)
    assert _names(area) == []
    assert _coverage(area, PM) == "Not covered"
    assert not area.edit_button.isEnabled()

    _undo(qtbot, window)
    assert _names(area) == ["Priya Shah"]
    assert _coverage(area, PM, HELD_BY) == "Priya Shah"
    assert _coverage(area, CM, HELD_BY) == "Priya Shah"


def test_succession_cover_added_and_removed_with_undo(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    add_person(db, PersonInput("Sarah Okafor", "Head of Commissioning"))
    area = _open(window, project_id)
    assert not area.remove_cover_button.isEnabled()

    def fill(dialog: SuccessionDialog) -> None:
        qtbot.keyClicks(dialog.readiness, "Ready now")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, SuccessionDialog, fill)
    row = [area.coverage.row_at(r).role for r in range(8)].index(CM)
    area.coverage_table.selectRow(row)
    _click(qtbot, area.add_cover_button)
    assert _coverage(area, CM, SUCCESSION) == "Sarah Okafor"
    assert _coverage(area, PM, SUCCESSION) == "None named"

    answer(monkeypatch, RemoveSuccessionDialog, lambda d: _click(qtbot, d.save_button))
    _click(qtbot, area.remove_cover_button)
    assert _coverage(area, CM, SUCCESSION) == "None named"

    _undo(qtbot, window)
    assert _coverage(area, CM, SUCCESSION) == "Sarah Okafor"


def _demo(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "demo.db"
    db = open_database(path, actor="tester")
    try:
        build_demo_portfolio(db, today=dt.date(2026, 3, 16))
        return path, {project.reference: project.id for project in list_projects(db)}
    finally:
        db.close()


def test_demo_waste_partnership_is_thin_on_contract_management(
    window: MainWindow, tmp_path: Path, qtmodeltester: Any
) -> None:
    path, projects = _demo(tmp_path)
    assert window.open_path(path)
    area = _open(window, projects["WST-2022-01"])
    assert area.category.text().startswith("Strategic partner")
    assert _coverage(area, CM) == "Awareness only"
    assert _coverage(area, CM, SUCCESSION) == "Sarah Okafor"
    qtmodeltester.check(area.members, force_py=True)
    qtmodeltester.check(area.coverage, force_py=True)

    area = _open(window, projects["ASC-2024-01"])
    assert area.capacity.text() == "Capacity: 1 of 1.6 FTE: 0.6 short"


def test_a_read_only_file_disables_every_button(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, projects = _demo(tmp_path)
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    area = _open(window, projects["WST-2022-01"])
    assert area.members.rowCount() == 5
    buttons = (
        area.add_button,
        area.edit_button,
        area.remove_button,
        area.plan_button,
        area.add_cover_button,
        area.remove_cover_button,
    )
    assert [button.isEnabled() for button in buttons] == [False] * len(buttons)


def test_a_members_talent_pipeline_note_is_kept_and_undone(
    qtbot: QtBot,
    window: MainWindow,
    project_db: tuple[Database, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id = project_db
    person = add_person(db, PersonInput("Priya Shah", "Commissioning Manager"))
    add_member(db, project_id, MemberInput(person, "0.4", (PM,)))
    area = _open(window, project_id)
    area.members_table.selectRow(0)

    def fill(dialog: PipelineNoteDialog) -> None:
        qtbot.keyClicks(dialog.note, "Ready to lead a strategic partnership & mentor others")
        _click(qtbot, dialog.save_button)

    answer(monkeypatch, PipelineNoteDialog, fill)
    _click(qtbot, area.pipeline_button)
    note = "Ready to lead a strategic partnership & mentor others"
    assert area.members.index(0, 4).data() == note

    _undo(qtbot, window)
    assert area.members.index(0, 4).data() == ""
