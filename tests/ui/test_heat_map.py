"""The risk heat map, the portfolio risks page and the Risk settings dialog."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from commissioner.models import RaidItem, RiskCategory
from commissioner.models.enums import RaidKind, RiskCategoryKind
from commissioner.models.risk_rules import Band
from commissioner.services.portfolio_risks import top_risks
from commissioner.services.risk_heat_map import HeatMapCounts, heat_map_counts
from commissioner.services.risk_matrix import MatrixView, load_matrix
from commissioner.storage import Database
from commissioner.ui.app import make_application
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.heat_map import HeatMapWidget
from commissioner.ui.portfolio_risks import (
    PROJECT_ID_ROLE,
    PortfolioRisksPage,
    ProjectRisksModel,
    TopRisksModel,
)
from commissioner.ui.risk_settings_dialog import RiskSettingsDialog, UpdateRiskSettingsCommand

MakeProject = Callable[..., int]


def add_risk(db: Database, project_id: int, reference: str, residual: tuple[int, int]) -> None:
    with db.session() as session:
        category = session.scalar(
            select(RiskCategory.id).where(RiskCategory.kind == RiskCategoryKind.FINANCIAL)
        )
        session.add(
            RaidItem(
                project_id=project_id,
                kind=RaidKind.RISK,
                reference=reference,
                title=f"Risk {reference}",
                residual_likelihood=residual[0],
                residual_impact=residual[1],
                category_id=category,
                owner="Priya Shah",
            )
        )


@pytest.fixture
def document(db: Database) -> Iterator[DatabaseDocument]:
    make_application()
    doc = DatabaseDocument(db)
    yield doc
    doc.undo_stack.clear()


def counts_with(cells: dict[tuple[int, int], int]) -> HeatMapCounts:
    grid = [[0] * 6 for _ in range(6)]
    for (likelihood, impact), number in cells.items():
        grid[likelihood][impact] = number
    return HeatMapCounts("residual", tuple(tuple(row) for row in grid), total=sum(cells.values()))


@pytest.fixture
def heat_map(qtbot: QtBot, db: Database) -> HeatMapWidget:
    widget = HeatMapWidget("residual")
    qtbot.addWidget(widget)
    widget.set_counts(counts_with({(4, 3): 2, (1, 5): 7}), load_matrix(db))
    widget.resize(360, 320)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_counts_show_in_their_cells_and_empty_cells_stay_blank(heat_map: HeatMapWidget) -> None:
    assert heat_map.cell_text(4, 3) == "2"
    assert heat_map.cell_text(1, 5) == "7"
    assert heat_map.cell_text(1, 1) == ""
    assert heat_map.title() == "Residual risk"
    # Likelihood rises up the side; impact runs left to right.
    assert heat_map.cell_rect(5, 1).top() < heat_map.cell_rect(1, 1).top()
    assert heat_map.cell_rect(1, 1).left() < heat_map.cell_rect(1, 5).left()
    assert heat_map.cell_at(heat_map.cell_rect(4, 3).center()) == (4, 3)
    assert "2 risks" in heat_map.describe(4, 3)
    assert "= 12, High" in heat_map.describe(4, 3)


def test_each_cell_is_filled_with_its_band_colour(heat_map: HeatMapWidget) -> None:
    image = heat_map.grab().toImage()
    for cell, colour in (((1, 1), "#2e7d32"), ((4, 3), "#ef6c00"), ((5, 5), "#c62828")):
        corner = heat_map.cell_rect(*cell).topLeft().toPoint() + QPoint(5, 5)
        ratio = image.devicePixelRatio()
        pixel = image.pixelColor(int(corner.x() * ratio), int(corner.y() * ratio))
        assert pixel.name() == QColor(colour).name()


def test_every_cell_fits_at_the_size_it_sits_beside_the_register(
    heat_map: HeatMapWidget,
) -> None:
    inside = heat_map.rect()
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            rect = heat_map.cell_rect(likelihood, impact)
            assert inside.contains(rect.toRect())
            assert rect.width() > 40
            assert rect.height() > 36


def test_clicking_a_cell_emits_stage_likelihood_and_impact(
    qtbot: QtBot, heat_map: HeatMapWidget
) -> None:
    centre = heat_map.cell_rect(4, 3).center().toPoint()
    with qtbot.waitSignal(heat_map.cell_clicked) as blocker:
        QTest.mouseClick(heat_map, Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == ["residual", 4, 3]
    assert heat_map.selected_cell() == (4, 3)
    with qtbot.waitSignal(heat_map.cell_clicked) as blocker:
        QTest.keyClick(heat_map, Qt.Key.Key_Up)
    assert blocker.args == ["residual", 5, 3]


def test_clicking_outside_the_grid_emits_nothing(qtbot: QtBot, heat_map: HeatMapWidget) -> None:
    with qtbot.assertNotEmitted(heat_map.cell_clicked):
        QTest.mouseClick(heat_map, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert heat_map.selected_cell() is None


# ----- portfolio risks page -----------------------------------------------------------


def test_risk_models_pass_the_model_tester(
    qtmodeltester: Any, db: Database, make_project: MakeProject
) -> None:
    from commissioner.services.portfolio_risks import portfolio_risk_summary

    project = make_project(db)
    make_project(db)
    add_risk(db, project, "R-001", (5, 4))
    add_risk(db, project, "R-002", (1, 1))
    top = TopRisksModel()
    top.set_rows(top_risks(db))
    qtmodeltester.check(top, force_py=True)
    assert top.index(0, 3).data() == "20 Critical"
    assert top.index(0, 4).data() == "Outside appetite"
    assert top.index(0, 3).data(Qt.ItemDataRole.DecorationRole) is not None
    summary = ProjectRisksModel()
    summary.set_rows(portfolio_risk_summary(db))
    qtmodeltester.check(summary, force_py=True)
    assert summary.index(1, 5).data() == "—"


def test_page_shows_the_portfolio_and_lists_a_clicked_cell(
    qtbot: QtBot, document: DatabaseDocument, make_project: MakeProject
) -> None:
    db = document.db
    care, waste = make_project(db), make_project(db)
    add_risk(db, care, "R-001", (4, 3))
    add_risk(db, waste, "R-001", (4, 3))
    add_risk(db, waste, "R-002", (2, 2))
    page = PortfolioRisksPage()
    qtbot.addWidget(page)
    page.set_document(document)
    page.show()

    assert page.heat_map.cell_text(4, 3) == "2"
    assert page.risks_model.rowCount() == 3
    assert page.projects_model.rowCount() == 2

    QTest.mouseClick(
        page.heat_map,
        Qt.MouseButton.LeftButton,
        pos=page.heat_map.cell_rect(2, 2).center().toPoint(),
    )
    assert page.risks_model.rowCount() == 1
    assert "likelihood Unlikely and impact Minor" in page.risks_heading.text()
    page.show_top_button.click()
    assert page.risks_model.rowCount() == 3

    with qtbot.waitSignal(page.project_opened) as blocker:
        page.risks_table.activated.emit(page.risks_model.index(2, 0))
    assert blocker.args == [waste]
    index = page.projects_proxy.index(0, 0)
    with qtbot.waitSignal(page.project_opened) as blocker:
        page.projects_table.activated.emit(index)
    assert blocker.args == [index.data(PROJECT_ID_ROLE)]


# ----- risk settings ------------------------------------------------------------------


def open_settings(
    qtbot: QtBot, document: DatabaseDocument
) -> tuple[RiskSettingsDialog, MatrixView]:
    before = load_matrix(document.db)

    def submit(after: MatrixView) -> None:
        UpdateRiskSettingsCommand(document, before, after).run_first()

    dialog = RiskSettingsDialog(before, submit)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, before


def test_settings_refuse_overlapping_bands_with_a_message(
    qtbot: QtBot, document: DatabaseDocument
) -> None:
    dialog, before = open_settings(qtbot, document)
    dialog.band_rows[1].low.setValue(3)  # Medium now starts inside Low (1 to 4)

    assert dialog.errors["bands"].isVisible()
    assert "“Low” and “Medium” overlap at 3 to 4" in dialog.errors["bands"].text()
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors["bands"].isVisible()
    assert load_matrix(document.db) == before
    assert document.undo_stack.count() == 0


def test_settings_save_valid_bands_and_undo_restores(
    qtbot: QtBot, document: DatabaseDocument, make_project: MakeProject
) -> None:
    add_risk(document.db, make_project(document.db), "R-001", (2, 3))
    dialog, before = open_settings(qtbot, document)
    dialog.likelihood_edits[4].setText("Expected")
    dialog.band_rows[0].high.setValue(6)
    dialog.band_rows[1].low.setValue(7)
    dialog.band_rows[3].name.setText("Very high")
    dialog.appetite_rows[0][2].setValue(8)

    with qtbot.waitSignal(document.changed):
        dialog.save_button.click()

    assert not dialog.isVisible()
    saved = load_matrix(document.db)
    assert saved.likelihood_labels[4] == "Expected"
    assert saved.bands[0] == Band("Low", 1, 6, "#2e7d32")
    assert [band.name for band in saved.bands] == ["Low", "Medium", "High", "Very high"]
    assert saved.categories[0].tolerance_score == 8
    assert top_risks(document.db)[0].band_name == "Low"  # recoloured, score unchanged
    assert heat_map_counts(document.db, project_id=None, stage="residual").count(2, 3) == 1

    document.undo_stack.undo()
    assert load_matrix(document.db) == before
    document.undo_stack.redo()
    assert load_matrix(document.db) == saved


def test_settings_refuse_blank_and_repeated_words(qtbot: QtBot, document: DatabaseDocument) -> None:
    dialog, before = open_settings(qtbot, document)
    dialog.impact_edits[1].setText("  ")
    dialog.likelihood_edits[0].setText("unlikely")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "impact level 2" in dialog.errors["impact_labels"].text()
    assert "used twice" in dialog.errors["likelihood_labels"].text()
    assert load_matrix(document.db) == before


def test_bands_can_be_added_and_removed(qtbot: QtBot, document: DatabaseDocument) -> None:
    dialog, before = open_settings(qtbot, document)
    dialog.remove_band(dialog.band_rows[3])
    assert "Scores 16 to 25 are in no band" in dialog.errors["bands"].text()
    added = dialog.add_band(Band("Severe", 16, 25, "#b71c1c"))
    assert not dialog.errors["bands"].isVisible()
    assert added.colour.colour() == "#b71c1c"
    assert dialog.view().bands[-1] == Band("Severe", 16, 25, "#b71c1c")
    assert dataclasses.replace(before, bands=dialog.view().bands) == dialog.view()
