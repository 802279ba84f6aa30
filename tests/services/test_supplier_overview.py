"""What the project overview says about suppliers: providers and the flags to act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.services import alignment, duty_to_warn, suppliers, use_cases
from commissioner.services.alignment import AssessmentInput, ScoreInput
from commissioner.services.supplier_overview import supplier_overview
from commissioner.storage import Database

TODAY = dt.date(2026, 11, 20)


def _link(
    db: Database, project: int, name: str, role: SupplierRole, category: SupplierCategory
) -> int:
    supplier = suppliers.add_supplier(
        db, suppliers.SupplierInput(name, OrganisationType.PRIVATE_COMPANY)
    )
    form = suppliers.RelationshipInput(supplier, role=role, category=category)
    return suppliers.add_relationship(db, project, form)


def _assess(db: Database, link: int, on: str, supplier_positions: tuple[int, int]) -> None:
    scores = (
        ScoreInput("formality", 3, supplier_positions[0]),
        ScoreInput("communication", 3, supplier_positions[1]),
    )
    alignment.add_assessment(db, link, AssessmentInput(on, "A. Assessor", scores), TODAY)


def test_a_quiet_project_names_its_provider_and_raises_nothing(
    db: Database, make_project: Callable[..., int]
) -> None:
    project = make_project(db)
    _link(db, project, "Tidy Bins Ltd", SupplierRole.CONTRACTED, SupplierCategory.GENERAL)
    _link(db, project, "Other Bins Ltd", SupplierRole.BIDDER, SupplierCategory.GENERAL)
    overview = supplier_overview(db, project, TODAY)
    assert overview.providers == ("Tidy Bins Ltd — General supplier",)
    assert overview.in_competition == 1
    assert overview.flags == ()


def test_falling_alignment_ambiguity_and_silence_are_flagged(
    db: Database, make_project: Callable[..., int]
) -> None:
    project = make_project(db)
    partner = _link(
        db,
        project,
        "Greenway Partners",
        SupplierRole.CONTRACTED,
        SupplierCategory.STRATEGIC_PARTNER,
    )
    _assess(db, partner, "01/03/2026", (3, 3))  # index 100
    _assess(db, partner, "01/09/2026", (5, 3))  # mean gap 1 → index 75
    use_cases.add_use_case(
        db, project, use_cases.UseCaseInput("Missed bin on a bank holiday", ambiguous=True)
    )
    flags = supplier_overview(db, project, TODAY).flags
    assert flags[0] == (
        "Cultural alignment with Greenway Partners fell from 100 to 75 at the latest reassessment."
    )
    assert flags[1] == (
        "1 contract use case has ambiguous wording: settle this before the contracting gate."
    )
    assert flags[2].startswith("Greenway Partners (strategic partner) has raised no warning")

    duty_to_warn.add_warning(
        db,
        partner,
        duty_to_warn.WarningInput("10/11/2026", "Tonnage forecast looks low"),
        TODAY,
    )
    assert len(supplier_overview(db, project, TODAY).flags) == 2
