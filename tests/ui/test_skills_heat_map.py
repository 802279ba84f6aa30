"""The skills matrix heat map: gap colours, words in every cell, names, clicks, empty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from commissioner.ui.skills_heat_map import (
    STATE_COLOURS,
    CellState,
    SkillsHeatMap,
    SkillsMatrix,
    cell_state,
)

LONG_NAME = "Siobhan McAllister-Graham-Worthington"

#: Three people × four competencies, two roles; every kind of cell appears once at least.
MATRIX = SkillsMatrix(
    people=("Priya Shah", "Tom Whitfield", LONG_NAME),
    competencies=(
        "Project planning and control",
        "Risk and issue management",
        "Contract administration",
        "Suppliers' expert responsibilities and duty to warn",
    ),
    roles=("Project management",) * 2 + ("Contract management",) * 2,
    required=((2, 2, 0, 0), (0, 0, 3, 3), (1, 0, 2, 3)),
    current=((2, 1, 3, None), (None, 0, 1, 3), (3, None, None, 1)),
)


@pytest.fixture
def heat_map(qtbot: QtBot) -> SkillsHeatMap:
    widget = SkillsHeatMap()
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_matrix(MATRIX)
    return widget


def test_each_cell_is_coloured_by_its_gap(heat_map: SkillsHeatMap) -> None:
    meets, one, two = CellState.MEETS, CellState.ONE_SHORT, CellState.TWO_OR_MORE_SHORT
    not_needed, not_rated = CellState.NOT_NEEDED, CellState.NOT_RATED
    expected = [
        [meets, one, not_needed, not_needed],  # above the level needed still meets it
        [not_needed, not_needed, two, meets],
        [meets, not_needed, not_rated, two],
    ]
    assert heat_map.state_indices().tolist() == [[int(s) for s in row] for row in expected]
    assert heat_map.image.image is not None
    assert heat_map.image.image.tolist() == heat_map.state_indices().tolist()


def test_gap_never_goes_below_zero_and_unrated_is_not_a_gap() -> None:
    assert cell_state(2, 3) is CellState.MEETS
    assert cell_state(3, 0) is CellState.TWO_OR_MORE_SHORT
    assert cell_state(3, None) is CellState.NOT_RATED
    assert cell_state(0, None) is CellState.NOT_NEEDED


def test_the_drawn_cells_carry_their_colours(qtbot: QtBot, heat_map: SkillsHeatMap) -> None:
    qtbot.wait(20)
    image = heat_map.plot.grab().toImage()
    ratio = image.devicePixelRatio()
    view = heat_map.plot.getViewBox()
    for (person, competency), state in (
        ((0, 0), CellState.MEETS),
        ((0, 1), CellState.ONE_SHORT),
        ((1, 2), CellState.TWO_OR_MORE_SHORT),
    ):
        # Near the cell's corner, clear of its words.
        corner = heat_map.cell_centre(person, competency)
        corner.setX(corner.x() - 0.4)
        corner.setY(corner.y() - 0.4)
        point = heat_map.plot.mapFromScene(view.mapViewToScene(corner))
        pixel = image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))
        assert pixel.name() == STATE_COLOURS[state]


def test_every_cell_shows_the_current_level_and_the_level_needed(
    heat_map: SkillsHeatMap,
) -> None:
    texts = [label.textItem.toPlainText() for label in heat_map.cell_labels]
    assert len(texts) == 12
    assert texts[:4] == ["P\nneeds P", "A\nneeds P", "E", "?"]
    assert texts[4:8] == ["?", "–", "A\nneeds E", "E\nneeds E"]
    assert texts[8:] == ["E\nneeds A", "?", "?\nneeds P", "A\nneeds E"]


def test_names_are_on_the_axes_and_in_full_in_tooltips(heat_map: SkillsHeatMap) -> None:
    people = heat_map.person_labels
    assert people[:2] == ["Priya Shah", "Tom Whitfield"]
    assert people[2].startswith("Siobhan") and people[2].endswith("…")
    assert heat_map.role_labels == ["Project management", "Contract management"]
    assert "1 Project planning and control" in heat_map.key.text()
    assert "4 Suppliers' expert responsibilities and duty to warn" in heat_map.key.text()
    assert heat_map.key.textFormat() == Qt.TextFormat.PlainText
    tip = heat_map.describe(2, 3)
    assert LONG_NAME in tip
    assert "Suppliers' expert responsibilities and duty to warn (Contract management)" in tip
    assert "Current: awareness · needs expert · 2 or more levels short" in tip


def test_hovering_a_cell_sets_its_tooltip(qtbot: QtBot, heat_map: SkillsHeatMap) -> None:
    QTest.mouseMove(heat_map.plot.viewport(), _cell_point(heat_map, 1, 2))
    qtbot.waitUntil(lambda: "Tom Whitfield" in heat_map.image.toolTip())
    assert "Contract administration" in heat_map.image.toolTip()


def _cell_point(heat_map: SkillsHeatMap, person: int, competency: int) -> QPoint:
    scene = heat_map.plot.getViewBox().mapViewToScene(heat_map.cell_centre(person, competency))
    return heat_map.plot.mapFromScene(scene)


def test_clicking_a_cell_emits_person_and_competency(qtbot: QtBot, heat_map: SkillsHeatMap) -> None:
    with qtbot.waitSignal(heat_map.cell_clicked) as blocker:
        QTest.mouseClick(
            heat_map.plot.viewport(), Qt.MouseButton.LeftButton, pos=_cell_point(heat_map, 2, 3)
        )
    assert blocker.args == [2, 3]
    with qtbot.waitSignal(heat_map.cell_clicked) as blocker:
        QTest.mouseClick(
            heat_map.plot.viewport(), Qt.MouseButton.LeftButton, pos=_cell_point(heat_map, 0, 1)
        )
    assert blocker.args == [0, 1]


def test_clicking_a_name_emits_nothing(qtbot: QtBot, heat_map: SkillsHeatMap) -> None:
    with qtbot.assertNotEmitted(heat_map.cell_clicked):
        QTest.mouseClick(heat_map.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 60))


def test_nobody_on_the_team_says_so(heat_map: SkillsHeatMap) -> None:
    heat_map.show_matrix(SkillsMatrix((), (), (), (), ()))
    assert heat_map.empty_label.isVisible()
    assert "Nobody is on this project's team yet" in heat_map.empty_label.text()
    assert not heat_map.plot.isVisible()
    assert not heat_map.legend.isVisible()
    assert heat_map.cell_labels == []


def test_nothing_needed_says_so_and_a_matrix_brings_the_map_back(
    heat_map: SkillsHeatMap,
) -> None:
    idle = SkillsMatrix(
        ("Priya Shah",), ("Contract administration",), ("Contract management",), ((0,),), ((2,),)
    )
    heat_map.show_matrix(idle)
    assert "Nothing is needed yet" in heat_map.empty_label.text()
    assert not heat_map.plot.isVisible()
    heat_map.show_matrix(MATRIX)
    assert not heat_map.empty_label.isVisible()
    assert heat_map.plot.isVisible() and heat_map.legend.isVisible()
    assert len(heat_map.cell_labels) == 12


def test_role_names_shorten_when_the_map_narrows(qtbot: QtBot, heat_map: SkillsHeatMap) -> None:
    names = ("Planning", "Risk", "Budget", "Specifications", "Contract administration")
    roles = ("Project management",) * 3 + ("Procurement", "Contract management")
    heat_map.show_matrix(
        SkillsMatrix(("Priya Shah",), names, roles, ((1, 1, 1, 2, 2),), ((1, 1, 1, 1, 1),))
    )
    assert heat_map.role_labels[-1] == "Contract management"
    heat_map.resize(300, 400)  # as narrow as the legend allows
    qtbot.waitUntil(lambda: heat_map.role_labels[-1].endswith("…"))
    assert heat_map.role_labels[-1].startswith("Contract")
    heat_map.resize(1100, 600)
    qtbot.waitUntil(lambda: heat_map.role_labels[-1] == "Contract management")
