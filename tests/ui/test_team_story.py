"""The skills audit end to end, as a commissioner does it: add a member in two roles,
rate them, see the gap, plan training from it, mark it done, re-rate, see the gap close,
then undo the re-rating and see it open again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import SkillLevel, SupplierCategory, TeamRole, TrainingStatus
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.skills_area import SkillsArea
from commissioner.ui.skills_dialogs import RatingDialog
from commissioner.ui.team_area import TeamArea
from commissioner.ui.team_dialogs import MemberDialog
from commissioner.ui.training_area import TrainingArea
from commissioner.ui.training_dialogs import ActionDialog, CompletionDialog

DUTY_TO_WARN = "Suppliers' expert responsibilities and duty to warn"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "commissioner.ui.workspace.AREA_CLASSES", [TeamArea, SkillsArea, TrainingArea]
    )


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type[RecordFormDialog], fill: Callable[..., Any]
) -> None:
    def exec_(dialog: RecordFormDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def area(window: MainWindow, kind: type[Any], title: str) -> Any:
    window.workspace.show_area(title)
    return next(a for a in window.workspace.areas if isinstance(a, kind))


def gap_on(skills: SkillsArea, competency: str) -> str | None:
    """The Gap column's words for the competency, or None when it has no gap."""
    model = skills.gaps_model
    for row in range(model.rowCount()):
        if model.row_at(row).competency_name == competency:
            return str(model.index(row, 5).data())
    return None


def rate(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, skills: SkillsArea, level: SkillLevel
) -> None:
    def fill(dialog: RatingDialog) -> None:
        dialog.competency.setCurrentIndex(dialog.competency.findData("cm_duty_to_warn"))
        assert dialog.competency.currentText().startswith(DUTY_TO_WARN)
        dialog.manager_level.setCurrentIndex(dialog.manager_level.findData(int(level)))
        qtbot.keyClicks(dialog.rated_by, "Sarah Okafor")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, RatingDialog, fill)
    qtbot.mouseClick(skills.rate_button, LEFT)


def test_from_a_new_member_to_a_closed_gap_and_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(
        db,
        ProjectInput(
            reference="WST-01",
            name="Waste partnership",
            service_area="Waste and recycling",
            supplier_category=SupplierCategory.STRATEGIC_PARTNER,
        ),
    )
    window.open_project(project)

    # A new member, in two roles.
    def add(dialog: MemberDialog) -> None:
        qtbot.keyClicks(dialog.full_name, "Daniel Osei")
        qtbot.keyClicks(dialog.job_title, "Contracts Officer")
        qtbot.keyClicks(dialog.fte, "0.6")
        dialog.roles.boxes[TeamRole.PROJECT_MANAGEMENT].click()
        dialog.roles.boxes[TeamRole.CONTRACT_MANAGEMENT].click()
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, MemberDialog, add)
    team = area(window, TeamArea, "Team")
    qtbot.mouseClick(team.add_button, LEFT)
    assert team.members.index(0, 3).data() == "Project management, Contract management"

    # Rated at awareness where a strategic partnership needs an expert: 2 levels short.
    skills = area(window, SkillsArea, "Skills audit")
    rate(qtbot, monkeypatch, skills, SkillLevel.AWARENESS)
    assert gap_on(skills, DUTY_TO_WARN) == "2 levels short"

    # Plan training from the gap, then mark it done.
    training = area(window, TrainingArea, "Training plan")
    row = next(
        r
        for r in range(training.gaps_model.rowCount())
        if training.gaps_model.row_at(r).competency_name == DUTY_TO_WARN
    )
    training.gaps_table.selectRow(row)
    answer(
        monkeypatch,
        ActionDialog,
        lambda dialog: qtbot.mouseClick(dialog.save_button, LEFT),
    )
    qtbot.mouseClick(training.plan_gap_button, LEFT)
    assert training.plan_model.rowCount() == 1
    assert training.plan_model.row_at(0).status is TrainingStatus.PLANNED
    training.plan_table.selectRow(0)
    answer(
        monkeypatch,
        CompletionDialog,
        lambda dialog: qtbot.mouseClick(dialog.save_button, LEFT),
    )
    qtbot.mouseClick(training.done_button, LEFT)
    assert training.plan_model.row_at(0).status is TrainingStatus.DONE

    # Re-rated after the course: the gap closes.
    skills = area(window, SkillsArea, "Skills audit")
    rate(qtbot, monkeypatch, skills, SkillLevel.EXPERT)
    assert gap_on(skills, DUTY_TO_WARN) is None

    # Undo the re-rating: the gap is back.
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    assert gap_on(skills, DUTY_TO_WARN) == "2 levels short"
