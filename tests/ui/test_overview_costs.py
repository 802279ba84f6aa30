"""The project overview states the cost position in words, with the overrun flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from commissioner.services import cost_entries
from commissioner.services.cost_entries import CellEdit, CostLineInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.main_window import MainWindow


def test_overview_shows_an_overrun_beyond_red_tolerance(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(
        db,
        ProjectInput(
            reference="EDU-01",
            name="SEND transport",
            service_area="Education",
            approved_budget="£100,000",
        ),
    )
    categories = cost_entries.list_categories(db)
    line = cost_entries.add_cost_line(db, project, CostLineInput("Routes", categories[1].id))
    month = dt.date.today().replace(day=1)
    cost_entries.set_cells(db, project, [CellEdit(line, month, "forecast", 112_000_00)])

    window.open_project(project)
    text = window.workspace.overview.cost_summary.text()
    assert "Current budget <b>£100,000</b>" in text
    assert "forecast at completion <b>£112,000</b>" in text
    assert "variance £12,000 (+12.0%)" in text
    assert "<b>Red</b> — <b>overrun</b>" in text


def test_overview_without_a_budget_says_so(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(db, ProjectInput(reference="X-1", name="X", service_area="Y"))
    window.open_project(project)
    assert window.workspace.overview.cost_summary.text() == "No approved budget yet."


def test_overview_with_a_budget_but_no_figures_reports_no_variance(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(
        db, ProjectInput(reference="X-1", name="X", service_area="Y", approved_budget="£5m")
    )
    window.open_project(project)
    text = window.workspace.overview.cost_summary.text()
    assert text.startswith("Current budget <b>£5,000,000</b> · no forecast or actuals")
    assert "Green" not in text
