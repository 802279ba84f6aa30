"""The portfolio costs page: overruns first, totals, opening a project, and the council's
cost tolerances set in organisation settings (validated, saved and undone)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.services import budgets, cost_entries, organisation
from commissioner.services.budgets import BudgetInput
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.costs import portfolio_costs
from commissioner.storage import Database
from commissioner.ui.confirmations_area import ConfirmationsArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.organisation_dialog import OrganisationDialog
from commissioner.ui.portfolio_costs import (
    PROJECT_ID_ROLE,
    RAG_COLUMN,
    PortfolioCostsModel,
    PortfolioCostsPage,
)
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 17)
#: (reference, % of forecast over a £100,000 budget; None for no figures at all).
PROJECTS = (("ASC-01", 3), ("WST-01", 12), ("HWY-01", 7), ("LEI-01", -5), ("CHS-01", None))


def add_projects(db: Database, make_project: MakeProject) -> dict[str, int]:
    category = cost_entries.list_categories(db)[0].id
    ids = {}
    for reference, percent in PROJECTS:
        ids[reference] = project = make_project(
            db, reference=reference, name=f"Project {reference}", approved_budget="£100,000"
        )
        if percent is None:
            continue
        line = cost_entries.add_cost_line(db, project, CostLineInput("Provider", category))
        april, may = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
        # £25,000 booked in April as planned; May's forecast carries the whole variance.
        cost_entries.set_cells(
            db,
            project,
            [
                CellEdit(line, april, "budget", 2_500_000),
                CellEdit(line, april, "forecast", 2_500_000),
                CellEdit(line, april, "actual", 2_500_000),
                CellEdit(line, may, "budget", 7_500_000),
                CellEdit(line, may, "forecast", 7_500_000 + percent * 100_000),
            ],
        )
    return ids


def column(model: Any, number: int) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    # Opening a project builds every area; one light area is enough to see it open.
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [ConfirmationsArea])


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path, make_project: MakeProject) -> MainWindow:
    assert window.open_path(tmp_path / "council.db")
    assert window.document is not None
    add_projects(window.document.db, make_project)
    window.portfolio_costs.today = TODAY
    return window


def press(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(sequence))


# ----- the model ----------------------------------------------------------------------


def test_model_passes_the_model_tester_and_puts_overruns_first(
    qtbot: QtBot, qtmodeltester: Any, db: Database, make_project: MakeProject
) -> None:
    add_projects(db, make_project)
    model = PortfolioCostsModel()
    model.set_projects(portfolio_costs(db, TODAY))
    qtmodeltester.check(model, force_py=True)

    assert column(model, 0) == ["WST-01", "HWY-01", "ASC-01", "LEI-01", "CHS-01", "Total"]
    assert column(model, RAG_COLUMN)[:5] == [
        "Red — overrun",
        "Amber — overrun",
        "Green",
        "Green",
        "No forecast",
    ]
    assert model.index(0, RAG_COLUMN).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(4, RAG_COLUMN).data(Qt.ItemDataRole.DecorationRole) is None
    first = [model.index(0, number).data() for number in range(10)]
    assert first == [
        "WST-01",
        "Project WST-01",
        "£100,000",
        "£100,000",
        "£112,000",
        "£12,000",
        "+12.0%",
        "Red — overrun",
        "£25,000",
        "3.0 months",
    ]
    assert model.index(0, RAG_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Amber at 5% and Red at 10% over the current budget (the council's tolerances)"
    )


def test_a_project_without_a_forecast_is_not_shown_as_a_full_underspend(
    qtbot: QtBot, db: Database, make_project: MakeProject
) -> None:
    add_projects(db, make_project)
    model = PortfolioCostsModel()
    model.set_projects(portfolio_costs(db, TODAY))
    unprofiled = [model.index(4, number).data() for number in (4, 5, 6)]
    assert unprofiled == ["—", "—", "—"]
    totals = [model.index(5, number).data() for number in range(10)]
    # Variance over the four measured projects: +12k +7k +3k −5k on £400,000.
    assert totals == [
        "Total",
        "5 projects",
        "£500,000",
        "£500,000",
        "£417,000",
        "£17,000",
        "+4.3%",
        "",
        "£100,000",
        "",
    ]
    assert model.index(5, 0).data(PROJECT_ID_ROLE) is None
    assert model.index(5, 0).data(Qt.ItemDataRole.FontRole).bold()


# ----- the page in the window ---------------------------------------------------------


def open_costs_page(window: MainWindow) -> PortfolioCostsPage:
    window.portfolio_costs_action.trigger()
    assert window.pages.currentWidget() is window.portfolio_costs
    return window.portfolio_costs


def test_view_menu_shows_the_page_and_a_double_click_opens_the_overrunning_project(
    qtbot: QtBot, opened: MainWindow
) -> None:
    page = open_costs_page(opened)
    assert page.intro.text().startswith("2 projects are overrunning, as at 17/11/2026")
    table = page.table
    first: QModelIndex = page.model.index(0, 1)
    assert first.data() == "Project WST-01"

    # A real double-click is a click, then the double-click event on the same spot.
    centre = table.visualRect(first).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    assert opened.pages.currentWidget() is opened.workspace
    assert opened.workspace.project is not None
    assert opened.workspace.project.reference == "WST-01"
    assert opened.windowTitle().startswith("Commissioner — WST-01")


def test_enter_opens_the_current_project_but_not_the_totals(
    qtbot: QtBot, opened: MainWindow
) -> None:
    page = open_costs_page(opened)
    table = page.table
    table.setFocus()
    table.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.isVisible()  # the totals row is no project: nothing opened

    table.setCurrentIndex(page.model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.workspace.project is not None
    assert opened.workspace.project.reference == "HWY-01"


# ----- the council's tolerances -------------------------------------------------------


def answer_organisation_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, amber: str, red: str, seen: list[str]
) -> None:
    """The next organisation dialog gets ``amber`` and ``red`` typed in and is saved;
    ``seen`` collects the message under the red field after each save."""

    def exec_(dialog: OrganisationDialog) -> int:
        dialog.show()
        for edit, text in ((dialog.amber_percent, amber), (dialog.red_percent, red)):
            edit.selectAll()
            qtbot.keyClicks(edit, text)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("cost_red_percent"))
        if dialog.isVisible():
            dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(OrganisationDialog, "exec", exec_)


def test_red_not_above_amber_is_refused_in_the_dialog(
    qtbot: QtBot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = opened.document
    assert document is not None
    seen: list[str] = []
    answer_organisation_dialog(monkeypatch, qtbot, "10", "8", seen)
    opened.organisation_action.trigger()
    assert seen == ["The red tolerance must be higher than the amber one."]
    view = organisation.get_organisation(document.db)
    assert (view.cost_amber_percent, view.cost_red_percent) == ("5", "10")
    assert document.undo_stack.count() == 0


def test_council_tolerances_saved_move_the_cost_rag_and_undo_restores_it(
    qtbot: QtBot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_costs_page(opened)
    seen: list[str] = []
    answer_organisation_dialog(monkeypatch, qtbot, "7.5", "15", seen)
    opened.organisation_action.trigger()

    assert seen == [""]
    assert column(page.model, 0)[:2] == ["WST-01", "HWY-01"]
    assert column(page.model, RAG_COLUMN)[:2] == ["Amber — overrun", "Green"]
    assert "Amber at 7.5% and Red at 15%" in page.intro.text()

    press(qtbot, opened, "Ctrl+Z")
    assert column(page.model, RAG_COLUMN)[:2] == ["Red — overrun", "Amber — overrun"]
    assert "Amber at 5% and Red at 10%" in page.intro.text()
    press(qtbot, opened, "Ctrl+Shift+Z")
    assert column(page.model, RAG_COLUMN)[0] == "Amber — overrun"


def test_a_project_on_its_own_tolerances_says_so(
    qtbot: QtBot, db: Database, make_project: MakeProject
) -> None:
    ids = add_projects(db, make_project)
    form = BudgetInput("£100,000", amber_percent="1", red_percent="2.5")
    budgets.update_budget(db, ids["ASC-01"], form, TODAY)
    model = PortfolioCostsModel()
    model.set_projects(portfolio_costs(db, TODAY))
    # 3% over is Red on its own 2.5%, and Reds come first, the larger overrun leading.
    assert column(model, 0)[:3] == ["WST-01", "ASC-01", "HWY-01"]
    assert model.index(1, RAG_COLUMN).data() == "Red — overrun (own tolerances)"
    assert model.index(1, RAG_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Amber at 1% and Red at 2.5% over the current budget (the project's own tolerances)"
    )
