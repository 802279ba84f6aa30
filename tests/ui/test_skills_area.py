"""The Skills audit area: rate from the form or the heat map, record a gap review, edit
the competency framework, undo each; a read-only file switches editing off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from commissioner.models.enums import TeamRole
from commissioner.services import skills
from commissioner.services.people import PersonInput, add_person
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.services.team import MemberInput, add_member
from commissioner.storage import Database, open_database
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog
from commissioner.ui.skills_area import SkillsArea
from commissioner.ui.skills_dialogs import FrameworkDialog, GapReviewDialog, RatingDialog

DUTY_TO_WARN = "Suppliers' expert responsibilities and duty to warn"


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [SkillsArea])


def seed(db: Database) -> tuple[int, int]:
    """A general-supplier project with one contract manager, not rated yet."""
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    person_id = add_person(db, PersonInput("Priya Shah", "Contract manager", "", "0.6"))
    add_member(db, project_id, MemberInput(person_id, "0.6", (TeamRole.CONTRACT_MANAGEMENT,)))
    return project_id, person_id


@pytest.fixture
def project(window: MainWindow, tmp_path: Path) -> tuple[Database, int, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    return (db, *seed(db))


def open_area(window: MainWindow, project_id: int) -> SkillsArea:
    window.open_project(project_id)
    window.resize(1366, 820)
    window.workspace.show_area("Skills audit")
    return next(a for a in window.workspace.areas if isinstance(a, SkillsArea))


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


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def gap_names(area: SkillsArea) -> list[str]:
    return [area.gaps_model.index(r, 2).data() for r in range(area.gaps_model.rowCount())]


def choose(combo: Any, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_rating_a_member_closes_their_gap_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    area = open_area(window, project[1])
    assert gap_names(area) == ["Contract administration", "Partnership and relationship management"]
    assert area.gaps_model.index(0, 4).data() == "Not rated"
    assert area.gaps_model.index(0, 5).data() == "1 level short"
    errors: list[str] = []

    def fill(dialog: RatingDialog) -> None:
        choose(dialog.competency, "Contract administration (Contract management)")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_text("manager_level"))  # neither level given yet
        choose(dialog.manager_level, "Practitioner")
        choose(dialog.self_level, "Awareness")
        qtbot.keyClicks(dialog.rated_by, "Sam Patel")
        qtbot.keyClicks(dialog.evidence, "Ran the 2025 contract review")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, RatingDialog, fill)
    qtbot.mouseClick(area.rate_button, Qt.MouseButton.LeftButton)
    assert "Give a self-rating" in errors[0]
    assert gap_names(area) == ["Partnership and relationship management"]
    history = [area.history_model.index(0, c).data() for c in (0, 2, 3, 4)]
    assert history == ["Contract administration", "Awareness", "Practitioner", "Sam Patel"]
    for model in (area.gaps_model, area.history_model):
        qtmodeltester.check(model, force_py=True)

    undo(qtbot, window)
    assert gap_names(area)[0] == "Contract administration"
    assert area.history_model.rowCount() == 0


def test_clicking_a_heat_map_cell_opens_the_rating_form_on_it(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id, person_id = project
    area = open_area(window, project_id)
    heat_map = area.heat_map
    assert heat_map is not None and heat_map.isVisible()
    competencies = skills.skills_matrix(db, project_id).competencies
    column = [c.name for c in competencies].index("Partnership and relationship management")
    seen: list[tuple[Any, Any]] = []

    def fill(dialog: RatingDialog) -> None:
        seen.append((dialog.person.currentData(), dialog.competency.currentData()))
        dialog.reject()

    answer(monkeypatch, RatingDialog, fill)
    centre = heat_map.plot.getViewBox().mapViewToScene(heat_map.cell_centre(0, column))
    point: QPoint = heat_map.plot.mapFromScene(centre)
    QTest.mouseClick(heat_map.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert seen == [(person_id, competencies[column].key)]


def test_recording_a_gap_review_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    area = open_area(window, project[1])

    def fill(dialog: GapReviewDialog) -> None:
        qtbot.keyClicks(dialog.reviewed_by, "Sam Patel")
        qtbot.keyClicks(dialog.notes, "Contract administration is new to Priya.")
        qtbot.keyClicks(dialog.agreed_actions, "Shadow the highways contract manager.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, GapReviewDialog, fill)
    qtbot.mouseClick(area.review_button, Qt.MouseButton.LeftButton)
    assert area.person_tabs.tabText(1) == "Gap reviews (1)"
    assert area.reviews_model.index(0, 1).data() == "Sam Patel"
    assert area.reviews_model.index(0, 3).data() == "Shadow the highways contract manager."
    qtmodeltester.check(area.reviews_model, force_py=True)

    undo(qtbot, window)
    assert area.reviews_model.rowCount() == 0
    assert area.person_tabs.tabText(1) == "Gap reviews (0)"


def test_editing_the_framework_changes_the_gaps_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    area = open_area(window, project[1])
    assert DUTY_TO_WARN not in gap_names(area)  # not needed of a general supplier's client

    def fill(dialog: FrameworkDialog) -> None:
        model = dialog.model
        qtmodeltester.check(model, force_py=True)
        row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == DUTY_TO_WARN)
        model.setData(model.index(row, 3), 2)  # what the level delegate's combo writes
        assert model.index(row, 3).data() == "Practitioner"
        model.setData(model.index(0, 1), "")  # a blank name is refused, row by row
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "Row 1" in dialog.general_error.text()
        model.setData(model.index(0, 1), "Project planning and control")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, FrameworkDialog, fill)
    qtbot.mouseClick(area.framework_button, Qt.MouseButton.LeftButton)
    assert DUTY_TO_WARN in gap_names(area)
    duty = gap_names(area).index(DUTY_TO_WARN)
    assert area.gaps_model.index(duty, 5).data() == "2 levels short"

    undo(qtbot, window)
    assert DUTY_TO_WARN not in gap_names(area)


def test_a_read_only_file_switches_editing_off(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shared-drive.db"
    db = open_database(path)
    project_id, _ = seed(db)
    db.close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    window.open_project(project_id)
    area = next(a for a in window.workspace.areas if isinstance(a, SkillsArea))
    assert area.heat_map is None  # no charting library until the area is shown
    window.workspace.show_area("Skills audit")
    assert area.gaps_model.rowCount() == 2
    buttons = (area.rate_button, area.review_button, area.framework_button)
    assert not any(button.isEnabled() for button in buttons)
    opened: list[RatingDialog] = []

    def exec_(dialog: RatingDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(RatingDialog, "exec", exec_)
    heat_map: Any = area.heat_map
    heat_map.cell_clicked.emit(0, 0)
    assert opened == []
