"""The project overview names the contracted provider and flags what needs attention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.services import alignment, suppliers, use_cases
from commissioner.services.alignment import AssessmentInput, ScoreInput
from commissioner.services.project_input import ProjectInput
from commissioner.services.projects import create_project
from commissioner.ui.main_window import MainWindow


def test_overview_shows_the_provider_and_a_falling_alignment(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(
        db, ProjectInput(reference="WST-01", name="Waste", service_area="Waste and recycling")
    )
    supplier = suppliers.add_supplier(
        db, suppliers.SupplierInput("Greenway Ltd", OrganisationType.PRIVATE_COMPANY)
    )
    link = suppliers.add_relationship(
        db,
        project,
        suppliers.RelationshipInput(
            supplier, SupplierRole.CONTRACTED, SupplierCategory.STRATEGIC_PARTNER
        ),
    )
    today = dt.date.today()
    for days_ago, position in ((200, 3), (100, 5)):
        day = (today - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y")
        scores = (ScoreInput("formality", 3, position),)
        alignment.add_assessment(db, link, AssessmentInput(day, "P. Shah", scores), today)
    use_cases.add_use_case(
        db, project, use_cases.UseCaseInput("Bank holiday round", ambiguous=True)
    )

    window.open_project(project)
    overview = window.workspace.overview
    assert overview.providers.text() == "Contracted: Greenway Ltd — Strategic partner."
    flags = overview.supplier_flags.text()
    assert "Cultural alignment with Greenway Ltd fell from 100 to 50" in flags
    assert "1 contract use case has ambiguous wording" in flags
    assert "Greenway Ltd (strategic partner) has raised no warning" in flags
    assert overview.supplier_flags.isVisibleTo(overview)


def test_overview_of_a_project_without_suppliers_says_so(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_path(tmp_path / "council.db")
    db = window.document.db  # type: ignore[union-attr]
    project = create_project(
        db, ProjectInput(reference="EDU-01", name="Transport", service_area="Education")
    )
    window.open_project(project)
    overview = window.workspace.overview
    assert overview.providers.text() == "No contracted provider yet."
    assert not overview.supplier_flags.isVisibleTo(overview)
