"""Export… in each list: filter like a user, export, and find exactly the rows on screen."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableView
from pytestqt.qtbot import QtBot

from commissioner.services.projects import list_projects
from commissioner.ui import audit_view, communications_area, table_export_action
from commissioner.ui.actions_area import ActionsArea
from commissioner.ui.communications_area import CommunicationsArea
from commissioner.ui.costs_area import CostsArea
from commissioner.ui.golden_thread_area import GoldenThreadArea
from commissioner.ui.main_window import MainWindow
from commissioner.ui.risks_area import RisksArea
from commissioner.ui.skills_area import SkillsArea
from commissioner.ui.stakeholders_area import StakeholdersArea
from commissioner.ui.table_export_action import ExportButton, ExportJob
from commissioner.ui.training_area import TrainingArea

Rows = list[dict[str, Any]]


@pytest.fixture(autouse=True)
def export_problems(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages an export would show in a dialog, collected instead of blocking."""
    shown: list[str] = []
    monkeypatch.setattr(
        table_export_action, "show_problem", lambda _parent, _title, message: shown.append(message)
    )
    return shown


@pytest.fixture
def demo_window(window: MainWindow, demo_portfolio_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    assert window.open_path(path)
    return window


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], Path]:
    """Answer the next file dialogs with ``name`` in the test's folder."""

    def choose(name: str) -> Path:
        path = tmp_path / "exports" / name
        path.parent.mkdir(exist_ok=True)
        kind = "CSV (*.csv)" if name.endswith(".csv") else "Excel workbook (*.xlsx)"
        monkeypatch.setattr(
            table_export_action.QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *_args, **_kwargs: (str(path), kind)),
        )
        return path

    return choose


def open_areas(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, reference: str, *kinds: type
) -> list[Any]:
    monkeypatch.setattr("commissioner.ui.workspace.AREA_CLASSES", list(kinds))
    db = window.document.db  # type: ignore[union-attr]
    project = next(p for p in list_projects(db) if p.reference == reference)
    window.open_project(project.id)
    areas = [next(a for a in window.workspace.areas if isinstance(a, kind)) for kind in kinds]
    if areas:
        window.workspace.show_area(areas[0].title)  # on screen, as a user would have it
    return areas


def export(qtbot: QtBot, button: ExportButton) -> tuple[str, int]:
    """Click Export… and wait for the file; a failure fails the test with its message."""
    outcome: list[tuple[str, Any]] = []
    button.exported.connect(lambda path, rows: outcome.append((path, rows)))
    button.failed.connect(lambda message: outcome.append(("failed", message)))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(outcome), timeout=30_000)
    assert outcome[0][0] != "failed", outcome[0][1]
    return outcome[0]


def read_xlsx(path: Path) -> Rows:
    sheet = load_workbook(path).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def read_csv(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def shown(view: QTableView, column: int) -> list[str]:
    """The words in one column of the rows the user sees, top to bottom."""
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_portfolio_exports_the_filtered_sorted_columns_as_arranged(
    demo_window: MainWindow, qtbot: QtBot, save_as: Callable[[str], Path]
) -> None:
    page = demo_window.portfolio
    qtbot.keyClicks(page.filter_edit, "ASC")
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(5), 0)  # budget first
    page.table.setColumnHidden(2, True)  # no service area
    path = save_as("portfolio.xlsx")
    assert export(qtbot, page.export_button) == (str(path), page.proxy.rowCount())
    rows = read_xlsx(path)
    assert list(rows[0]) == [
        "Approved budget", "Reference", "Name", "Stage", "Delivery confidence",
        "Lead commissioner", "Status",
    ]  # fmt: skip
    references = [row["Reference"] for row in rows]
    assert references == shown(page.table, 0) and references == sorted(references, reverse=True)
    assert len(references) >= 2 and all(ref.startswith("ASC") for ref in references)
    sheet = load_workbook(path).worksheets[0]
    budgets = [cell for cell in sheet["A"][1:] if cell.value is not None]
    assert budgets and all(cell.number_format == "£#,##0.00" for cell in budgets)
    pence = {p.reference: p.approved_budget_pence for p in page.model.all_rows()}
    # Pounds, as numbers: the app's pence divided by 100.
    assert [round(cell.value * 100) for cell in budgets] == [
        pence[ref] for ref in references if pence[ref] is not None
    ]


def test_risks_export_the_entries_the_filter_shows_in_full(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (area,) = open_areas(demo_window, monkeypatch, "WST-2023-01", RisksArea)
    everything = area.model.total
    area.filters.kind.setCurrentIndex(area.filters.kind.findText("Risks"))
    area.filters.status.setCurrentIndex(area.filters.status.findText("All statuses"))
    owner = area.filters.owner
    owner.setCurrentIndex(1)
    view_references = shown(area.table, 0)
    assert 0 < len(view_references) < everything
    path = save_as("register.xlsx")
    menu = area.files_button.menu()
    action = next(a for a in menu.actions() if a.text().startswith("Export the entries shown"))
    action.trigger()
    workbook = load_workbook(path)
    rows = [
        dict(zip([c.value for c in workbook["Register"][1]], values, strict=True))
        for values in workbook["Register"].iter_rows(min_row=2, values_only=True)
    ]
    assert [row["Reference"] for row in rows] == view_references
    assert {row["Type"] for row in rows} == {"Risk"}
    assert {row["Owner"] for row in rows} == {owner.currentText()}
    assert all(isinstance(row["Date raised"], dt.datetime) for row in rows if row["Date raised"])


def test_stakeholders_export_only_those_matching_the_typed_filter_to_csv(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (area,) = open_areas(demo_window, monkeypatch, "WST-2023-01", StakeholdersArea)
    everyone = area.model.rowCount()
    first_type = area.model.index(0, 2).data()
    qtbot.keyClicks(area.filter_edit, first_type)
    names = shown(area.table, 0)
    assert 0 < len(names) < everyone
    path = save_as("stakeholders.csv")
    export(qtbot, area.export_button)
    rows = read_csv(path)
    assert [row["Name"] for row in rows] == names
    assert all(row["Interest"].isdigit() for row in rows)
    for row in rows:
        assert row["Last contact"] == "" or dt.date.fromisoformat(row["Last contact"])


def test_the_log_exports_every_entry_the_filter_matches_not_one_page(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(communications_area, "PAGE_SIZE", 20)
    (area,) = open_areas(demo_window, monkeypatch, "WST-2023-01", CommunicationsArea)
    unfiltered = area.model.total
    area.type_filter.setCurrentIndex(area.type_filter.findText("Email"))
    total = area.model.total
    loaded = area.model.rowCount()
    assert total < unfiltered and loaded < total  # only the pages scrolled to are loaded
    path = save_as("log.xlsx")
    assert export(qtbot, area.export_button)[1] == total
    rows = read_xlsx(path)
    on_screen = shown(area.table, 2)
    assert len(rows) == total and len(on_screen) < total
    assert {row["Type"].removesuffix(" (informal)") for row in rows} == {"Email"}
    assert [row["Subject"] for row in rows[: len(on_screen)]] == on_screen
    times = [row["When"] for row in rows]
    assert all(isinstance(when, dt.datetime) for when in times)
    assert times == sorted(times, reverse=True)  # newest first, as on screen


def test_actions_export_the_open_ones_with_real_due_dates(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (area,) = open_areas(demo_window, monkeypatch, "WST-2023-01", ActionsArea)
    everything = area.model.rowCount()
    qtbot.mouseClick(area.open_only, Qt.MouseButton.LeftButton)
    descriptions = shown(area.table, 0)
    assert 0 < len(descriptions) < everything
    path = save_as("actions.xlsx")
    export(qtbot, area.export_button)
    rows = read_xlsx(path)
    assert [row["Action"] for row in rows] == descriptions
    assert not any(str(row["Status"]).startswith("Done") for row in rows)
    assert any(isinstance(row["Due"], dt.datetime) for row in rows)
    decisions = save_as("decisions.csv")
    export(qtbot, area.export_decisions_button)
    assert len(read_csv(decisions)) == area.decisions_model.rowCount()


def test_the_training_plan_exports_the_filtered_plan_with_costs_in_pounds(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (area,) = open_areas(demo_window, monkeypatch, "WST-2023-01", TrainingArea)
    everything = area.plan_model.rowCount()
    person = area.plan_model.index(0, 0).data()
    qtbot.keyClicks(area.plan_filter, person)
    people = shown(area.plan_table, 0)
    assert 0 < len(people) < everything and set(people) == {person}
    path = save_as("training.xlsx")
    export(qtbot, area.export_plan_button)
    rows = read_xlsx(path)
    assert [row["Person"] for row in rows] == people
    sheet = load_workbook(path).worksheets[0]
    costs = [cell for cell in sheet["F"][1:] if cell.value is not None]
    assert all(cell.number_format == "£#,##0.00" for cell in costs)


def test_the_audit_trail_exports_every_matching_change(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_view, "PAGE_SIZE", 10)
    open_areas(demo_window, monkeypatch, "WST-2023-01")
    panel = demo_window.workspace.audit_panel
    assert panel is not None
    unfiltered = panel.model.total
    qtbot.keyClicks(panel.filter_edit, "stakeholder")
    qtbot.waitUntil(lambda: panel.model.total != unfiltered, timeout=5000)
    total = panel.model.total
    assert 10 < total < unfiltered and panel.model.rowCount() == 10
    path = save_as("audit.csv")
    export(qtbot, panel.export_button)
    rows = read_csv(path)
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    assert [row["Record"] for row in rows] == shown(panel.table, 3)
    assert len(rows) == total
    assert all(dt.datetime.fromisoformat(row["When"]) for row in rows)


def test_costs_kpis_and_the_skills_matrix_export_what_they_show(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    costs, thread, skills = open_areas(
        demo_window, monkeypatch, "WST-2023-01", CostsArea, GoldenThreadArea, SkillsArea
    )
    path = save_as("costs.xlsx")
    export(qtbot, costs.export_button)
    rows = read_xlsx(path)
    assert len(rows) == costs.model.rowCount()
    assert rows[-1]["Cost line"] == "All cost lines (total)"
    figures = [v for row in rows for k, v in row.items() if k != "Cost line" and v is not None]
    assert figures and all(isinstance(value, int | float) for value in figures)
    path = save_as("kpis.csv")
    export(qtbot, thread.export_button)
    assert [row["Code"] for row in read_csv(path)] == [k.code for k in thread.golden_thread.kpis]
    path = save_as("matrix.xlsx")
    export(qtbot, skills.export_matrix_button)
    assert len(read_xlsx(path)) == len(skills.matrix.cells)


def test_a_read_only_target_is_refused_in_one_line_and_left_alone(
    demo_window: MainWindow,
    qtbot: QtBot,
    save_as: Callable[[str], Path],
    export_problems: list[str],
) -> None:
    path = save_as("portfolio.xlsx")
    path.write_bytes(b"last week's")
    path.chmod(stat.S_IRUSR)
    button = demo_window.portfolio.export_button
    with qtbot.waitSignal(button.failed, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert len(export_problems) == 1 and "read-only" in export_problems[0]
    assert "\n" not in export_problems[0]
    assert path.read_bytes() == b"last week's" and button.isEnabled()


def test_a_cancelled_job_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    from commissioner.io.table_export import ExportColumn, TableExport

    rows = tuple((f"row {n}",) for n in range(2000))
    job = ExportJob(TableExport("Big", "Big", (ExportColumn("A"),), rows), tmp_path / "big.xlsx")
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.start()
    assert list(tmp_path.iterdir()) == []


def test_the_portfolio_risk_list_exports_the_heat_map_cell_chosen(
    demo_window: MainWindow, qtbot: QtBot, save_as: Callable[[str], Path]
) -> None:
    page = demo_window.portfolio_risks
    page.reload()
    top = shown(page.risks_table, 1)
    page.heat_map.cell_clicked.emit("residual", 4, 4)  # as a click on that cell does
    references = shown(page.risks_table, 1)
    assert references and references != top
    path = save_as("portfolio-risks.xlsx")
    export(qtbot, page.export_button)
    rows = read_xlsx(path)
    assert [row["Ref"] for row in rows] == references
    assert all(isinstance(row["Next review"], dt.datetime | None) for row in rows)


def test_a_long_export_shows_progress_and_cancel_leaves_no_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from commissioner.io.table_export import ExportColumn, TableExport

    columns = (ExportColumn("A"), ExportColumn("When", "date"), ExportColumn("Cost", "money"))
    rows = tuple((f"row {n}", dt.date(2026, 4, 1), n) for n in range(200_000))
    button = ExportButton(lambda: "Big", lambda _title: TableExport("Big", "Big", columns, rows))
    qtbot.addWidget(button)
    button.show()
    target = tmp_path / "big.xlsx"
    button.write(TableExport("Big", "Big", columns, rows), target)
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: button.progress is not None and button.progress.isVisible())
    assert button.progress is not None and button.job is not None
    cancel = button.progress.findChildren(QPushButton)[0]
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(button.job.cancelled, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    assert list(tmp_path.iterdir()) == []
