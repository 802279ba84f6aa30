"""The organisation-wide skills gaps page: the demo's gaps largest first, where the
organisation is short, opening a project from a gap, and following undoable edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models.enums import SkillLevel, TeamRole
from commissioner.models.team_rules import CurrentRating
from commissioner.services import skills, training
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.skills import GapRow
from commissioner.services.skills_summary import competency_shortfalls
from commissioner.ui.confirmations_area import ConfirmationsArea
from commissioner.ui.golden_thread_commands import AddRecordCommand
from commissioner.ui.main_window import MainWindow
from commissioner.ui.organisation_gaps import (
    ACTION_COLUMN,
    CompetencyShortfallModel,
    OrganisationGapsModel,
    OrganisationGapsPage,
)
from commissioner.ui.training_commands import action_operations

TODAY = dt.date(2026, 11, 17)


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    # Opening a project builds every area; one light area is enough to see it open.
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [ConfirmationsArea])


@pytest.fixture
def demo(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.open_path(tmp_path / "council.db")
    assert window.document is not None
    build_demo_portfolio(window.document.db, today=TODAY)
    return window


def show_page(qtbot: QtBot, window: MainWindow) -> OrganisationGapsPage:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence("Ctrl+4"))
    assert window.pages.currentWidget() is window.organisation_gaps
    return window.organisation_gaps


def rows(model: Any) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def gap(person: str, competency: str, project: int, gap_size: int, action: str = "") -> GapRow:
    current = SkillLevel.EXPERT - gap_size
    return GapRow(
        person_id=ord(person[0]),
        full_name=person,
        project_id=project,
        project_reference=f"P-{project}",
        project_name="A project",
        role=TeamRole.CONTRACT_MANAGEMENT,
        competency_key=competency.lower(),
        competency_name=competency,
        required=SkillLevel.EXPERT,
        current=CurrentRating(SkillLevel(current)),
        open_action=action,
    )


def test_shortfalls_count_each_person_once_and_put_the_widest_first() -> None:
    shortfalls = competency_shortfalls(
        [
            gap("Ann", "Duty to warn", 1, 2),
            gap("Ann", "Duty to warn", 2, 1, "Course"),
            gap("Bob", "Contract administration", 1, 1),
            gap("Cy", "Contract administration", 1, 1),
        ]
    )
    assert [(s.competency_name, s.people_short, s.gaps) for s in shortfalls] == [
        ("Contract administration", 2, 2),
        ("Duty to warn", 1, 2),
    ]
    assert (shortfalls[1].largest_gap, shortfalls[1].without_action) == (2, 1)


def test_the_page_lists_the_waste_contracts_contract_management_gaps_and_opens_it(
    qtbot: QtBot, demo: MainWindow
) -> None:
    page = show_page(qtbot, demo)
    assert page.intro.text().startswith("20 gaps held by 7 people across 4 active projects")
    waste = [row for row in rows(page.model) if row[0] == "WST-2023-01"]
    contract_management = {row[3] for row in waste if row[2] == "Contract management"}
    assert contract_management == {
        "Contract administration",
        "Suppliers' expert responsibilities and duty to warn",
        "Partnership and relationship management",
    }
    assert all(row[6] == "2 levels" for row in waste if row[2] == "Contract management")
    gaps = [page.model.row_at(row).gap for row in range(page.model.rowCount())]
    assert gaps == sorted(gaps, reverse=True)
    top = rows(page.summary_model)[0]
    assert top[:3] == [
        "Suppliers' expert responsibilities and duty to warn",
        "Contract management",
        "4",
    ]

    waste_row = next(
        r
        for r in range(page.model.rowCount())
        if page.model.row_at(r).project_reference == "WST-2023-01"
    )
    first: QModelIndex = page.model.index(waste_row, 1)
    centre = page.table.visualRect(first).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert demo.pages.currentWidget() is demo.workspace
    assert demo.workspace.project is not None
    assert demo.workspace.project.reference == "WST-2023-01"


def test_an_action_planned_elsewhere_shows_here_and_undo_takes_it_away(
    qtbot: QtBot, demo: MainWindow
) -> None:
    page = show_page(qtbot, demo)
    assert demo.document is not None
    target = next(
        page.model.row_at(r)
        for r in range(page.model.rowCount())
        if page.model.row_at(r).full_name == "Tom Brennan"
        and page.model.row_at(r).open_action == ""
    )
    form = training.action_from_gap(target)
    AddRecordCommand(demo.document, action_operations(TODAY), target.project_id, form).run_first()

    def planned() -> list[str]:
        return [
            page.model.index(r, ACTION_COLUMN).data()
            for r in range(page.model.rowCount())
            if page.model.row_at(r).full_name == "Tom Brennan"
            and page.model.row_at(r).competency_key == target.competency_key
        ]

    assert planned() == [form.description]
    demo.activateWindow()
    qtbot.keySequence(demo, QKeySequence("Ctrl+Z"))
    assert planned() == ["No action"]


def test_both_models_pass_the_model_tester_on_the_demo(
    qtbot: QtBot, qtmodeltester: Any, demo: MainWindow
) -> None:
    assert demo.document is not None
    found = skills.organisation_gaps(demo.document.db)
    model = OrganisationGapsModel()
    model.set_rows(found)
    summary = CompetencyShortfallModel()
    summary.set_rows(competency_shortfalls(found))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(summary, force_py=True)
    assert model.rowCount() == 20
