"""The portfolio table: model contract, type-to-filter and natural sorting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ConfidenceRating, ProjectStatus, StageKind
from commissioner.services.projects import ProjectSummary
from commissioner.ui.portfolio import BUDGET_COLUMN, PortfolioModel, PortfolioPage


def summary(
    reference: str, name: str, area: str, budget: int | None, **kw: object
) -> ProjectSummary:
    fields: dict[str, object] = {
        "id": hash(reference) % 10_000,
        "reference": reference,
        "name": name,
        "service_area": area,
        "stage": StageKind.PROCUREMENT,
        "status": ProjectStatus.ACTIVE,
        "confidence": ConfidenceRating.AMBER,
        "previous_confidence": ConfidenceRating.GREEN,
        "approved_budget_pence": budget,
        "lead_commissioner": "Priya Shah",
        "archived": False,
    }
    fields.update(kw)
    return ProjectSummary(**fields)  # type: ignore[arg-type]


PROJECTS = [
    summary("ASC-01", "Home care", "Adult social care", 120_000_000),
    summary("WST-01", "Waste collection", "Waste and recycling", 5_500_000_000),
    summary("HWY-01", "Highways term contract", "Highways and transport", 900_000_000),
    summary(
        "LEI-01",
        "Leisure & <wellbeing> centres",
        "Leisure and culture",
        None,
        confidence=None,
        previous_confidence=None,
    ),
]


def test_portfolio_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PortfolioModel()
    model.set_projects(PROJECTS)
    qtmodeltester.check(model, force_py=True)


def test_model_shows_words_beside_colours_and_pounds(qtbot: QtBot) -> None:
    model = PortfolioModel()
    model.set_projects(PROJECTS)
    assert model.index(0, 4).data() == "Amber ↓"
    assert model.index(0, 4).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, BUDGET_COLUMN).data() == "£1,200,000"
    assert model.index(3, BUDGET_COLUMN).data() == "Not approved"
    assert model.index(3, 4).data() == "Not assessed"
    assert model.index(3, 1).data() == "Leisure & <wellbeing> centres"


def test_typing_in_the_filter_keeps_matching_rows(qtbot: QtBot) -> None:
    page = PortfolioPage()
    qtbot.addWidget(page)
    page.set_projects(PROJECTS)
    qtbot.keyClicks(page.filter_edit, "waste")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "WST-01"
    assert page.count_label.text() == "1 of 4 projects match the filter"
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "<WELL")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["LEI-01"]
    page.filter_edit.clear()
    assert page.proxy.rowCount() == 4


def test_budget_column_sorts_by_amount_not_text(qtbot: QtBot) -> None:
    page = PortfolioPage()
    qtbot.addWidget(page)
    page.set_projects(PROJECTS)
    page.table.sortByColumn(BUDGET_COLUMN, Qt.SortOrder.DescendingOrder)
    order = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert order == ["WST-01", "HWY-01", "ASC-01", "LEI-01"]


def test_opening_a_row_emits_its_project(qtbot: QtBot) -> None:
    page = PortfolioPage()
    qtbot.addWidget(page)
    page.set_projects(PROJECTS)
    index = page.proxy.index(2, 1)
    with qtbot.waitSignal(page.project_opened) as opened:
        page.table.activated.emit(index)
    assert opened.args == [index.data(Qt.ItemDataRole.UserRole + 1)]
