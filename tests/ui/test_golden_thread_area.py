"""The golden thread and benefits areas, driven like a user, with undo."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from commissioner.models import CorporateOutcome
from commissioner.models.dates import format_date
from commissioner.models.golden_thread_rules import add_months
from commissioner.services import kpis
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.golden_thread import create_objective, read_golden_thread
from commissioner.services.golden_thread_input import KpiInput, MeasurementInput, ObjectiveInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project, list_projects
from commissioner.storage import open_database
from commissioner.ui import workspace
from commissioner.ui.benefits_area import BenefitDialog, BenefitsArea
from commissioner.ui.golden_thread_area import GoldenThreadArea
from commissioner.ui.golden_thread_dialogs import KpiDialog, MeasurementDialog, ObjectiveDialog
from commissioner.ui.golden_thread_models import GoldenThreadModel
from commissioner.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window_with_areas(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> MainWindow:
    monkeypatch.setattr(workspace, "AREA_CLASSES", [GoldenThreadArea, BenefitsArea])
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    with db.session() as session:
        session.add_all(
            [
                CorporateOutcome(code="CO1", title="Residents live independently", sort_order=1),
                CorporateOutcome(code="CO3", title="A clean, green borough", sort_order=3),
            ]
        )
    project_id = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    window.open_project(project_id)
    return window


@pytest.fixture
def area(window_with_areas: MainWindow) -> GoldenThreadArea:
    window_with_areas.workspace.show_area("Golden thread")
    return next(a for a in window_with_areas.workspace.areas if isinstance(a, GoldenThreadArea))


@pytest.fixture
def benefits_area(window_with_areas: MainWindow) -> BenefitsArea:
    window_with_areas.workspace.show_area("Benefits")
    return next(a for a in window_with_areas.workspace.areas if isinstance(a, BenefitsArea))


def answer(
    monkeypatch: pytest.MonkeyPatch, dialog_class: type, fill: Callable[[Any], None]
) -> None:
    """Make the next ``dialog_class`` dialogs run ``fill`` instead of waiting for a person."""

    def exec_(dialog: Any) -> int:
        dialog.show()
        fill(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)


def press(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    window.activateWindow()
    qtbot.keySequence(window, QKeySequence(sequence))


def rows(model: GoldenThreadModel, parent: QModelIndex | None = None) -> list[tuple[str, ...]]:
    """Every row of the tree, depth first, as its four texts."""
    parent = parent or QModelIndex()
    found: list[tuple[str, ...]] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(tuple(model.index(row, c, parent).data() for c in range(4)))
        found += rows(model, index)
    return found


def row_named(model: GoldenThreadModel, start: str) -> tuple[str, ...]:
    return next(row for row in rows(model) if row[0].startswith(start))


def add_objective(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, area: GoldenThreadArea,
                  title: str, outcome_row: int) -> None:  # fmt: skip
    def fill(dialog: ObjectiveDialog) -> None:
        assert dialog.code.text() == area.golden_thread.next_objective_code  # type: ignore[union-attr]
        qtbot.keyClicks(dialog.title, title)
        dialog.outcome.setCurrentIndex(outcome_row)
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, ObjectiveDialog, fill)
    qtbot.mouseClick(area.add_objective_button, LEFT)


def test_kpi_and_measurement_show_their_rag_in_words_and_undo_step_by_step(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    add_objective(qtbot, monkeypatch, area, "Fewer missed bins", outcome_row=2)
    assert row_named(area.model, "CO3")[0] == "CO3 A clean, green borough"
    assert row_named(area.model, "O1")[3] == "No KPI measures it"
    assert area.selected_key() == ("objective", area.golden_thread.objectives[0].id)  # type: ignore[union-attr]

    def fill_kpi(dialog: KpiDialog) -> None:
        assert dialog.objectives.checked_ids() == (area.golden_thread.objectives[0].id,)  # type: ignore[union-attr]
        qtbot.keyClicks(dialog.name, "Missed collections")
        dialog.unit.setCurrentText("per 100,000")
        dialog.direction.setCurrentIndex(1)  # lower is better
        qtbot.keyClicks(dialog.target, "50")
        dialog.tolerance.clear()
        qtbot.keyClicks(dialog.tolerance, "15")
        assert "amber up to 65 per 100,000" in dialog.bands.text()
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, KpiDialog, fill_kpi)
    qtbot.mouseClick(area.add_kpi_button, LEFT)
    kpi_row = row_named(area.model, "KPI K1")
    assert kpi_row == ("KPI K1 Missed collections", "Not yet measured", "No data", "")
    assert row_named(area.model, "O1")[3] == ""
    assert area.gaps_model.rowCount() == 0
    assert "No gaps" in area.gaps_label.text()
    assert area.kpi_panel.isVisible() and "No data" in area.kpi_panel.latest.text()

    def fill_measurement(dialog: MeasurementDialog) -> None:
        assert dialog.period_end.text()  # the period after the latest, or last month's end
        qtbot.keyClicks(dialog.value, "58")
        assert "Would be rated Amber" in dialog.rating.text()
        qtbot.keyClicks(dialog.commentary, "New rounds bedding in.")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, MeasurementDialog, fill_measurement)
    qtbot.mouseClick(area.record_button, LEFT)
    assert row_named(area.model, "KPI K1")[2] == "Amber"
    assert row_named(area.model, "KPI K1")[1].startswith("58 per 100,000")
    table = area.kpi_panel.model
    assert (table.index(0, 1).data(), table.index(0, 2).data()) == ("58 per 100,000", "Amber")
    assert "Amber" in area.kpi_panel.latest.text()

    press(qtbot, window_with_areas, "Ctrl+Z")  # the measurement
    assert row_named(area.model, "KPI K1")[2] == "No data"
    press(qtbot, window_with_areas, "Ctrl+Z")  # the KPI
    assert row_named(area.model, "O1")[3] == "No KPI measures it"
    assert area.gaps_model.rowCount() == 1
    press(qtbot, window_with_areas, "Ctrl+Z")  # the objective
    assert rows(area.model) == []
    press(qtbot, window_with_areas, "Ctrl+Shift+Z")
    assert row_named(area.model, "O1")[0] == "O1 Fewer missed bins"


def test_a_gap_is_flagged_then_cleared_when_the_objective_is_linked(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    add_objective(qtbot, monkeypatch, area, "Lower running costs", outcome_row=0)
    assert "No corporate outcome" in row_named(area.model, "O1")[3]
    kinds = [area.gaps_model.index(r, 0).data() for r in range(area.gaps_model.rowCount())]
    assert kinds == ["No corporate outcome", "No KPI measures it"]

    def link(dialog: ObjectiveDialog) -> None:
        assert dialog.windowTitle() == "Edit objective"
        dialog.outcome.setCurrentIndex(1)
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, ObjectiveDialog, link)
    area.select(("objective", area.golden_thread.objectives[0].id))  # type: ignore[union-attr]
    qtbot.mouseClick(area.edit_button, LEFT)
    assert row_named(area.model, "O1")[3] == "No KPI measures it"
    assert row_named(area.model, "CO1")[0] == "CO1 Residents live independently"

    press(qtbot, window_with_areas, "Ctrl+Z")
    assert "No corporate outcome" in row_named(area.model, "O1")[3]


def test_clicking_a_gap_selects_its_record(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, area: GoldenThreadArea
) -> None:
    add_objective(qtbot, monkeypatch, area, "Lower running costs", outcome_row=0)
    area.tree.clearSelection()
    index = area.gaps_model.index(0, 1)
    area.gaps_table.clicked.emit(index)
    assert area.selected_key() == ("objective", area.golden_thread.objectives[0].id)  # type: ignore[union-attr]


def test_kpi_form_shows_every_problem_and_saves_nothing(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    seen: dict[str, str] = {}

    def fill(dialog: KpiDialog) -> None:
        qtbot.keyClicks(dialog.target, "lots")
        dialog.tolerance.clear()
        qtbot.keyClicks(dialog.tolerance, "-1")
        qtbot.mouseClick(dialog.save_button, LEFT)
        seen.update({key: dialog.error_text(key) for key in ("name", "target", "tolerance")})
        dialog.reject()

    answer(monkeypatch, KpiDialog, fill)
    qtbot.mouseClick(area.add_kpi_button, LEFT)
    assert seen["name"] == "Give the KPI a name."
    assert "not a number" in seen["target"]
    assert "cannot be negative" in seen["tolerance"]
    assert area.golden_thread is not None and area.golden_thread.kpis == ()
    assert not window_with_areas.undo_action.isEnabled()


def _kpi_with_measurements(window: MainWindow, area: GoldenThreadArea) -> int:
    db = window.document.db  # type: ignore[union-attr]
    project_id = window.workspace.project.id  # type: ignore[union-attr]
    objective = create_objective(db, project_id, ObjectiveInput("O1", "Reliable collections"))
    kpi = kpis.create_kpi(
        db,
        project_id,
        KpiInput("K1", "Visits on time", "95", "%", "2.5", objective_ids=(objective,)),
    )
    last_month_end = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    for months_ago, value in ((2, "96"), (1, "94"), (0, "91")):
        period_end = add_months(last_month_end, -months_ago)
        kpis.add_measurement(db, kpi, MeasurementInput(format_date(period_end), value))
    area.reload()
    return kpi


def test_duplicate_period_is_refused_in_the_measurement_dialog(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    kpi = _kpi_with_measurements(window_with_areas, area)
    area.select(("kpi", kpi))
    latest = area.kpi_panel.model.index(0, 0).data()
    seen: list[str] = []

    def fill(dialog: MeasurementDialog) -> None:
        dialog.period_end.setText(latest)
        qtbot.keyClicks(dialog.value, "97")
        qtbot.mouseClick(dialog.save_button, LEFT)
        seen.append(dialog.error_text("period_end"))
        dialog.reject()

    answer(monkeypatch, MeasurementDialog, fill)
    qtbot.mouseClick(area.record_button, LEFT)
    assert seen == [
        f"This KPI already has a measurement for the period ending {latest}; "
        "edit that one instead of adding another."
    ]
    assert area.kpi_panel.model.rowCount() == 3


def test_correct_and_delete_a_measurement_with_undo(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    kpi = _kpi_with_measurements(window_with_areas, area)
    area.select(("kpi", kpi))
    assert row_named(area.model, "KPI K1")[2] == "Red"
    panel = area.kpi_panel
    panel.table.selectRow(0)

    def correct(dialog: MeasurementDialog) -> None:
        dialog.value.selectAll()
        qtbot.keyClicks(dialog.value, "95.5")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, MeasurementDialog, correct)
    qtbot.mouseClick(panel.edit_button, LEFT)
    assert row_named(area.model, "KPI K1")[2] == "Green"
    assert panel.model.index(0, 2).data() == "Green"

    monkeypatch.setattr("commissioner.ui.kpi_panel.confirm", lambda *args: True)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.delete_button, LEFT)
    assert panel.model.rowCount() == 2
    assert row_named(area.model, "KPI K1")[2] == "Amber"
    press(qtbot, window_with_areas, "Ctrl+Z")
    assert panel.model.rowCount() == 3
    press(qtbot, window_with_areas, "Ctrl+Z")
    assert row_named(area.model, "KPI K1")[2] == "Red"


def test_delete_kpi_then_undo_brings_back_its_measurements(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
) -> None:
    kpi = _kpi_with_measurements(window_with_areas, area)
    area.select(("kpi", kpi))
    monkeypatch.setattr("commissioner.ui.golden_thread_area.confirm", lambda *args: True)
    qtbot.mouseClick(area.delete_button, LEFT)
    assert area.golden_thread is not None and area.golden_thread.kpis == ()
    assert "No KPI measures it" in row_named(area.model, "O1")[3]
    press(qtbot, window_with_areas, "Ctrl+Z")
    assert row_named(area.model, "KPI K1")[2] == "Red"
    area.select(("kpi", kpi))
    assert area.kpi_panel.model.rowCount() == 3


def test_chart_draws_points_lines_and_latest_value(
    window_with_areas: MainWindow, area: GoldenThreadArea
) -> None:
    kpi = _kpi_with_measurements(window_with_areas, area)
    area.select(("kpi", kpi))
    chart = area.kpi_panel.chart
    assert chart is not None
    title = chart.plot.getPlotItem().titleLabel.text  # type: ignore[attr-defined]
    assert "91%" in title and "Red" in title
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() > 100


def test_tree_and_tables_pass_the_model_tester(
    window_with_areas: MainWindow,
    area: GoldenThreadArea,
    qtmodeltester: Any,
) -> None:
    kpi = _kpi_with_measurements(window_with_areas, area)
    area.select(("kpi", kpi))
    for model in (area.model, area.gaps_model, area.kpi_panel.model):
        qtmodeltester.check(model, force_py=True)


# Benefits


def test_add_edit_and_delete_a_benefit_with_undo(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window_with_areas: MainWindow,
    benefits_area: BenefitsArea,
    qtmodeltester: Any,
) -> None:
    def fill(dialog: BenefitDialog) -> None:
        qtbot.keyClicks(dialog.description, "Lower management fee")
        qtbot.keyClicks(dialog.owner, "Tom Brennan")
        qtbot.keyClicks(dialog.measure, "Annual saving")
        qtbot.keyClicks(dialog.unit, "£")
        qtbot.keyClicks(dialog.baseline, "0")
        qtbot.keyClicks(dialog.target, "240,000")
        qtbot.keyClicks(dialog.expected_on, "31/03/2027")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, BenefitDialog, fill)
    qtbot.mouseClick(benefits_area.add_button, LEFT)
    model = benefits_area.model
    assert model.rowCount() == 1
    assert model.index(0, 4).data() == "£0 → £240,000"
    assert model.index(0, 6).data() == "Not yet measured"
    assert benefits_area.summary.text() == "1 benefit · 1 not yet measured"

    def realise(dialog: BenefitDialog) -> None:
        qtbot.keyClicks(dialog.realised, "150000")
        qtbot.mouseClick(dialog.save_button, LEFT)

    answer(monkeypatch, BenefitDialog, realise)
    benefits_area.table.selectRow(0)
    qtbot.mouseClick(benefits_area.edit_button, LEFT)
    assert model.index(0, 6).data() == "£150,000 · 62% of the way to target"
    qtmodeltester.check(model, force_py=True)

    monkeypatch.setattr("commissioner.ui.benefits_area.confirm", lambda *args: True)
    benefits_area.table.selectRow(0)
    qtbot.mouseClick(benefits_area.delete_button, LEFT)
    assert model.rowCount() == 0
    press(qtbot, window_with_areas, "Ctrl+Z")
    assert model.index(0, 6).data() == "£150,000 · 62% of the way to target"
    press(qtbot, window_with_areas, "Ctrl+Z")
    assert model.index(0, 6).data() == "Not yet measured"


def test_benefit_form_problems_are_shown_beside_their_fields(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, benefits_area: BenefitsArea
) -> None:
    seen: dict[str, str] = {}

    def fill(dialog: BenefitDialog) -> None:
        qtbot.keyClicks(dialog.baseline, "about ten")
        qtbot.keyClicks(dialog.expected_on, "31/02/2027")
        qtbot.mouseClick(dialog.save_button, LEFT)
        seen.update({key: dialog.error_text(key) for key in ("description", "baseline")})
        seen["expected_on"] = dialog.error_text("expected_on")
        dialog.reject()

    answer(monkeypatch, BenefitDialog, fill)
    qtbot.mouseClick(benefits_area.add_dis_button, LEFT)
    assert seen["description"] == "Describe the dis-benefit."
    assert "not a number" in seen["baseline"]
    assert "not a real date" in seen["expected_on"]
    assert benefits_area.model.rowCount() == 0


def test_opening_the_area_does_not_load_pyqtgraph() -> None:
    code = (
        "import sys; import commissioner.ui.golden_thread_area, commissioner.ui.benefits_area, "
        "commissioner.ui.main_window; "
        "print('pyqtgraph' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_every_demo_thread_passes_the_model_tester(qtmodeltester: Any, tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.db", actor="tester")
    try:
        build_demo_portfolio(db, today=dt.date(2026, 3, 16))
        for project in list_projects(db, include_archived=True):
            model = GoldenThreadModel()
            model.set_thread(read_golden_thread(db, project.id, today=dt.date(2026, 3, 16)))
            assert model.rowCount() > 0
            qtmodeltester.check(model, force_py=True)
    finally:
        db.close()
