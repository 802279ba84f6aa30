"""The Cultural alignment area: assess suppliers, compare them, follow the trend, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.services import alignment, suppliers
from commissioner.services.alignment import AssessmentInput, ScoreInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.storage import Database, open_database
from commissioner.ui.alignment_area import AlignmentArea
from commissioner.ui.alignment_dialogs import (
    AssessmentDialog,
    QuestionnaireDialog,
    SelfAssessmentDialog,
)
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.main_window import MainWindow
from commissioner.ui.record_form import RecordFormDialog

TODAY = dt.date(2026, 3, 20)
COMPARISON_INDEX, COMPARISON_TREND, COMPARISON_FIT = 5, 7, 8


class AreaOnFixedDay(AlignmentArea):
    """The area as the workspace builds it, on a known day."""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent, today=TODAY)


@pytest.fixture(autouse=True)
def only_our_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", [AreaOnFixedDay])


def add_supplier(
    db: Database, project_id: int, name: str, price: str, capability: str, **options: Any
) -> int:
    supplier_id = suppliers.add_supplier(
        db, suppliers.SupplierInput(name, OrganisationType.PRIVATE_COMPANY)
    )
    form = suppliers.RelationshipInput(
        supplier_id,
        options.get("role", SupplierRole.SHORTLISTED),
        options.get("category", SupplierCategory.EXPERT),
        price,
        capability,
    )
    return suppliers.add_relationship(db, project_id, form)


def seed(db: Database) -> tuple[int, int, int]:
    """A waste project with two shortlisted suppliers; returns (project, first, second)."""
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    first = add_supplier(db, project_id, "GreenCycle Environmental Services", "72", "81")
    second = add_supplier(db, project_id, "Urbaser Municipal", "88", "70")
    return project_id, first, second


@pytest.fixture
def project(window: MainWindow, tmp_path: Path) -> tuple[Database, int, int, int]:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    return (db, *seed(db))


def keys(db: Database) -> list[str]:
    return [dimension.key for dimension in alignment.list_dimensions(db)]


def expected_index(pairs: Sequence[tuple[int, int]]) -> int:
    """The documented formula, worked here independently: 100 × (1 − mean gap ÷ 4)."""
    mean_gap = sum(abs(council - supplier) for council, supplier in pairs) / len(pairs)
    return round(100 * (1 - mean_gap / 4))


def record(db: Database, link: int, day: str, pairs: Sequence[tuple[int, int]]) -> None:
    scores = tuple(ScoreInput(k, c, s) for k, (c, s) in zip(keys(db), pairs, strict=False))
    alignment.add_assessment(db, link, AssessmentInput(day, "Priya Shah", scores), TODAY)


def open_area(window: MainWindow, project_id: int) -> AlignmentArea:
    window.open_project(project_id)
    window.workspace.show_area("Cultural alignment")
    return next(a for a in window.workspace.areas if isinstance(a, AlignmentArea))


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type[RecordFormDialog], fill: Callable
) -> None:
    def exec_(dialog: RecordFormDialog) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def place(qtbot: QtBot, box: QSpinBox, value: int) -> None:
    """Step a position box to ``value`` with the arrow keys, as a user would."""
    box.setFocus()
    while box.value() < value:
        qtbot.keyClick(box, Qt.Key.Key_Up)
    while box.value() > value:
        qtbot.keyClick(box, Qt.Key.Key_Down)


def fill_assessment(
    qtbot: QtBot, assessor: str, pairs: dict[str, tuple[int, int]], seen: list[str]
) -> Callable[[AssessmentDialog], None]:
    def fill(dialog: AssessmentDialog) -> None:
        qtbot.keyClicks(dialog.assessor, assessor)
        for key, (council, supplier) in pairs.items():
            place(qtbot, dialog.positions[key][0], council)
            place(qtbot, dialog.positions[key][1], supplier)
        seen.append(dialog.index_label.text())
        click(qtbot, dialog.save_button)

    return fill


def choose_supplier(area: AlignmentArea, relationship_id: int) -> None:
    area.tabs.setCurrentIndex(1)
    area.supplier.setCurrentIndex(area.supplier.findData(relationship_id))


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def test_assess_two_suppliers_and_compare_them_side_by_side(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id, green, urbaser = project
    first, second, third = keys(db)[:3]
    area = open_area(window, project_id)
    assert area.comparison_model.index(0, COMPARISON_INDEX).data() == "Not assessed"
    assert area.comparison_chart.heights("culture") == {}

    seen: list[str] = []
    green_pairs = {first: (4, 3), second: (2, 2), third: (4, 5)}
    answer(monkeypatch, AssessmentDialog, fill_assessment(qtbot, "Priya Shah", green_pairs, seen))
    choose_supplier(area, green)
    click(qtbot, area.new_button)
    green_index = expected_index(list(green_pairs.values()))
    assert f"Alignment index: {green_index}" in seen[-1]

    # The second starts from the council's own positions as last recorded.
    urbaser_pairs = {first: (4, 1), second: (2, 5), third: (4, 4)}
    answer(monkeypatch, AssessmentDialog, fill_assessment(qtbot, "Tom Okafor", urbaser_pairs, seen))
    choose_supplier(area, urbaser)
    click(qtbot, area.new_button)
    urbaser_index = expected_index(list(urbaser_pairs.values()))
    assert green_index > urbaser_index

    model = area.comparison_model
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == ["GreenCycle Environmental Services", "Urbaser Municipal"]
    indexes = [model.index(row, COMPARISON_INDEX).data() for row in range(2)]
    assert indexes == [str(green_index), str(urbaser_index)]
    assert model.index(0, 6).data() == TODAY.strftime("%d/%m/%Y")
    chart = area.comparison_chart
    assert list(chart.heights("culture").values()) == [green_index, urbaser_index]
    assert list(chart.heights("price").values()) == [72, 88]
    assert list(chart.heights("capability").values()) == [81, 70]
    assert [item.name() for item in chart.series.values()] == [
        "Culture (alignment index)",
        "Price score",
        "Capability score",
    ]
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(area.history_model, force_py=True)


def test_a_reassessment_that_falls_raises_the_flag_and_undo_removes_it(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id, green, _ = project
    first, second = keys(db)[:2]
    record(db, green, "10/09/2025", [(4, 4), (2, 2), (4, 4), (4, 3)])
    before = expected_index([(4, 4), (2, 2), (4, 4), (4, 3)])
    area = open_area(window, project_id)
    choose_supplier(area, green)
    assert "fell" not in area.flag.text()

    starts: list[tuple[int, int]] = []

    def fill(dialog: AssessmentDialog) -> None:
        starts.extend((c.value(), s.value()) for c, s in list(dialog.positions.values())[:4])
        place(qtbot, dialog.positions[first][1], 1)
        place(qtbot, dialog.positions[second][1], 4)
        click(qtbot, dialog.save_button)

    answer(monkeypatch, AssessmentDialog, fill)
    click(qtbot, area.new_button)
    assert starts == [(4, 4), (2, 2), (4, 4), (4, 3)]
    after = expected_index([(4, 1), (2, 4), (4, 4), (4, 3)])
    assert before - after >= 5
    flag = f"Alignment fell from {before} to {after} at the latest reassessment"
    assert flag in area.flag.text()
    assert "#c62828" in area.flag.text()  # and in red
    assert area.history_model.rowCount() == 2
    assert area.history_model.index(1, 3).data() == f"Down {before - after}"
    assert list(area.trend_chart.index_line.yData) == [before, after]
    assert area.trend_chart.gap_values(first) == [0, 3]
    fall = area.comparison_model.index(0, COMPARISON_TREND).data()
    assert fall == f"Falling ({before} → {after})"

    undo(qtbot, window)
    assert area.history_model.rowCount() == 1
    assert "fell" not in area.flag.text()
    assert area.comparison_model.index(0, COMPARISON_TREND).data() == ""


def test_our_self_assessment_shows_who_covers_a_weakness_then_undo(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id, green, _ = project
    change = "change"
    assert change in keys(db)
    record(db, green, "10/09/2025", [(3, 3)] * (len(keys(db)) - 1) + [(2, 5)])
    area = open_area(window, project_id)
    assert area.comparison_model.index(0, COMPARISON_FIT).data() == ""

    def fill(dialog: SelfAssessmentDialog) -> None:
        combo = dialog.ratings[change]
        combo.setCurrentIndex(combo.findText("Weakness"))
        qtbot.keyClicks(dialog.notes[change], "Slow to adopt new routing technology")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, SelfAssessmentDialog, fill)
    area.tabs.setCurrentIndex(2)
    click(qtbot, area.self_button)
    assert area.comparison_model.index(0, COMPARISON_FIT).data() == "Covers a weakness"
    row = keys(db).index(change)
    assert area.self_model.index(row, 3).data() == "Weakness"
    assert area.self_model.index(row, 4).data() == "Slow to adopt new routing technology"
    area.comparison_table.selectRow(0)
    assert "Approach to change and innovation: covers a weakness" in area.fit.text()
    qtmodeltester.check(area.self_model, force_py=True)

    undo(qtbot, window)
    assert area.comparison_model.index(0, COMPARISON_FIT).data() == ""
    assert area.self_model.index(row, 3).data() == "Neutral"


def test_the_form_puts_each_problem_beside_its_field(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, project_id, green, _ = project
    area = open_area(window, project_id)
    choose_supplier(area, green)
    problems: dict[str, str] = {}

    def fill(dialog: AssessmentDialog) -> None:
        dialog.assessed_on.clear()
        qtbot.keyClicks(dialog.assessed_on, "31/04/2026")
        place(qtbot, dialog.positions["formality"][0], 3)
        click(qtbot, dialog.save_button)
        problems.update({f: dialog.error_text(f) for f in ("assessed_on", "assessor", "scores")})
        dialog.reject()

    answer(monkeypatch, AssessmentDialog, fill)
    click(qtbot, area.new_button)
    assert "not a real date" in problems["assessed_on"]
    assert problems["assessor"] == "Say who made the assessment."
    assert "Place both sides on Formality" in problems["scores"]
    assert area.history_model.rowCount() == 0


def test_edit_and_delete_an_assessment_with_undo(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, project_id, green, _ = project
    record(db, green, "10/09/2025", [(4, 4), (2, 2)])
    area = open_area(window, project_id)
    choose_supplier(area, green)
    assert area.history_model.index(0, 2).data() == "100"

    def fill(dialog: AssessmentDialog) -> None:
        place(qtbot, dialog.positions[keys(db)[0]][1], 2)
        click(qtbot, dialog.save_button)

    answer(monkeypatch, AssessmentDialog, fill)
    area.history_table.selectRow(0)
    click(qtbot, area.edit_button)
    assert area.history_model.index(0, 2).data() == str(expected_index([(4, 2), (2, 2)]))
    undo(qtbot, window)
    assert area.history_model.index(0, 2).data() == "100"

    monkeypatch.setattr("commissioner.ui.alignment_area.confirm", lambda *_: True)
    area.history_table.selectRow(0)
    click(qtbot, area.delete_button)
    assert area.history_model.rowCount() == 0
    assert area.comparison_model.index(1, COMPARISON_INDEX).data() == "Not assessed"
    undo(qtbot, window)
    assert area.history_model.rowCount() == 1


def test_the_questionnaire_gains_a_dimension_and_undo_takes_it_away(
    qtbot: QtBot,
    window: MainWindow,
    project: tuple[Database, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    db, project_id, _, _ = project
    count = len(keys(db))
    area = open_area(window, project_id)

    def fill(dialog: QuestionnaireDialog) -> None:
        qtmodeltester.check(dialog.model, force_py=True)
        click(qtbot, dialog.add_button)
        editor = dialog.table.viewport().findChild(QLineEdit)
        qtbot.keyClicks(editor, "Social value")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        model = dialog.model
        qtbot.waitUntil(lambda: model.dimensions()[count].name == "Social value")
        model.setData(model.index(count, 1), "Little beyond the contract")
        model.setData(model.index(count, 2), "Invests in the borough")
        dialog.table.selectRow(count)
        click(qtbot, dialog.up_button)
        click(qtbot, dialog.save_button)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_text("dimensions")

    answer(monkeypatch, QuestionnaireDialog, fill)
    area.tabs.setCurrentIndex(2)
    click(qtbot, area.questionnaire_button)
    dimensions = [area.self_model.index(row, 0).data() for row in range(count + 1)]
    assert dimensions[count - 1] == "Social value"
    assert area.self_model.index(count - 1, 2).data() == "Invests in the borough"

    undo(qtbot, window)
    assert area.self_model.rowCount() == count
    assert "Social value" not in keys(db)


def test_a_read_only_file_switches_editing_off(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shared-drive.db"
    db = open_database(path)
    project_id, green, _ = seed(db)
    record(db, green, "10/09/2025", [(4, 4)])
    db.close()
    monkeypatch.setattr(
        "commissioner.ui.main_window.open_database",
        lambda chosen, actor: open_database(chosen, actor=actor, read_only=True),
    )
    assert window.open_path(path)
    window.open_project(project_id)
    area = next(a for a in window.workspace.areas if isinstance(a, AlignmentArea))
    assert area.comparison_chart is None  # no charting library until the area is shown
    window.workspace.show_area("Cultural alignment")
    assert area.comparison_chart is not None
    choose_supplier(area, green)
    assert area.history_model.rowCount() == 1
    buttons = (
        area.new_button,
        area.edit_button,
        area.delete_button,
        area.self_button,
        area.questionnaire_button,
    )
    assert not any(button.isEnabled() for button in buttons)
