"""Pre-contract due diligence: rating each area with evidence, the summary line, extra
areas, and the council's editable template."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import SupplierCategory, SupplierRole
from commissioner.services import due_diligence as dd
from commissioner.services import suppliers as sp
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 3, 31)


def _relationship(db: Database, make_project: MakeProject) -> int:
    supplier = sp.add_supplier(db, sp.SupplierInput(name="Acme Care Ltd"))
    form = sp.RelationshipInput(supplier, SupplierRole.SHORTLISTED, SupplierCategory.EXPERT)
    return sp.add_relationship(db, make_project(db), form)


def _rate(db: Database, row: dd.DueDiligenceRow, rating: int, **overrides: str) -> None:
    fields = {"evidence": "Accounts 2024/25", "assessor": "R. Patel", "assessed_on": "30/03/2026"}
    fields.update(overrides)
    dd.update_item(db, row.id, dd.DueDiligenceInput(row.area, rating, **fields), TODAY)


def test_rating_an_area_keeps_evidence_assessor_and_date(
    db: Database, make_project: MakeProject
) -> None:
    link = _relationship(db, make_project)
    financial = dd.list_due_diligence(db, link)[4]
    assert financial.area == "Financial standing"
    _rate(db, financial, 2, evidence="Reserves < 1 month & falling")

    row = dd.list_due_diligence(db, link)[4]
    assert (row.rating, row.evidence, row.assessor, row.assessed_on) == (
        2,
        "Reserves < 1 month & falling",
        "R. Patel",
        dt.date(2026, 3, 30),
    )
    assert row.concern
    assert row.as_input() == dd.DueDiligenceInput(
        "Financial standing", 2, "Reserves < 1 month & falling", "R. Patel", "30/03/2026"
    )


def test_a_rating_needs_evidence(db: Database, make_project: MakeProject) -> None:
    link = _relationship(db, make_project)
    row = dd.list_due_diligence(db, link)[0]
    with pytest.raises(ValidationError) as caught:
        _rate(db, row, 4, evidence="   ")
    assert set(caught.value.problems) == {"evidence"}
    assert dd.list_due_diligence(db, link)[0].rating is None
    # Evidence may be gathered before the area is rated.
    dd.update_item(db, row.id, dd.DueDiligenceInput(row.area, None, "Site visit booked"), TODAY)
    assert dd.list_due_diligence(db, link)[0].evidence == "Site visit booked"


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_run_from_1_to_5(db: Database, make_project: MakeProject, rating: int) -> None:
    link = _relationship(db, make_project)
    with pytest.raises(ValidationError) as caught:
        _rate(db, dd.list_due_diligence(db, link)[0], rating)
    assert set(caught.value.problems) == {"rating"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("assessed_on", "01/04/2026"), ("assessed_on", "31/02/2026"), ("assessor", "x" * 201)],
)
def test_dates_and_assessor_are_checked(
    db: Database, make_project: MakeProject, field: str, value: str
) -> None:
    link = _relationship(db, make_project)
    with pytest.raises(ValidationError) as caught:
        _rate(db, dd.list_due_diligence(db, link)[0], 3, **{field: value})
    assert set(caught.value.problems) == {field}


def test_summary_counts_areas_assessed_and_concerns(
    db: Database, make_project: MakeProject
) -> None:
    link = _relationship(db, make_project)
    assert dd.due_diligence_summary([]) == "No due diligence areas yet"
    rows = dd.list_due_diligence(db, link)
    assert dd.due_diligence_summary(rows) == "0 of 8 areas assessed"
    _rate(db, rows[0], 4)
    _rate(db, rows[1], 3)
    _rate(db, rows[2], 2)
    assert dd.due_diligence_summary(dd.list_due_diligence(db, link)) == (
        "3 of 8 areas assessed; 1 concern"
    )
    _rate(db, rows[3], 1)
    assert dd.due_diligence_summary(dd.list_due_diligence(db, link)) == (
        "4 of 8 areas assessed; 2 concerns"
    )


def test_an_extra_area_goes_at_the_end_of_one_checklist(
    db: Database, make_project: MakeProject
) -> None:
    link = _relationship(db, make_project)
    other = _relationship_for_another_project(db, make_project)
    extra = dd.add_item(
        db, link, dd.DueDiligenceInput("  TUPE   liabilities ", 3, "Staff list checked"), TODAY
    )
    rows = dd.list_due_diligence(db, link)
    assert (rows[-1].id, rows[-1].area, rows[-1].rating) == (extra, "TUPE liabilities", 3)
    assert len(rows) == 9
    assert len(dd.list_due_diligence(db, other)) == 8
    with pytest.raises(ValidationError) as caught:
        dd.add_item(db, link, dd.DueDiligenceInput(" "), TODAY)
    assert set(caught.value.problems) == {"area"}


def test_deleting_an_area_can_be_undone_with_its_rating(
    db: Database, make_project: MakeProject
) -> None:
    link = _relationship(db, make_project)
    extra = dd.add_item(db, link, dd.DueDiligenceInput("TUPE liabilities", 2, "Gaps"), TODAY)
    removal = dd.delete_item(db, extra)
    assert [row.area for row in dd.list_due_diligence(db, link)][-1] != "TUPE liabilities"
    restore_removal(db, removal)
    back = dd.list_due_diligence(db, link)[-1]
    assert (back.id, back.area, back.rating, back.evidence) == (
        extra,
        "TUPE liabilities",
        2,
        "Gaps",
    )
    with pytest.raises(RecordNotFoundError):
        dd.delete_item(db, 999)


def _relationship_for_another_project(db: Database, make_project: MakeProject) -> int:
    supplier = sp.add_supplier(db, sp.SupplierInput(name="Brightway Trust"))
    return sp.add_relationship(db, make_project(db), sp.RelationshipInput(supplier))


def test_missing_items_are_reported(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        dd.update_item(db, 99, dd.DueDiligenceInput("Gone"), TODAY)
    with pytest.raises(RecordNotFoundError):
        dd.add_item(db, 99, dd.DueDiligenceInput("Gone"), TODAY)


# --- The council's template ---------------------------------------------------------------


def test_template_replace_returns_the_previous_areas_for_undo(db: Database) -> None:
    shipped = dd.list_template(db)
    assert shipped[0] == "Technical expertise"

    before = dd.replace_template(
        db, ["  Financial   standing ", "", "Technical expertise", "Cyber security"]
    )

    assert before == shipped
    assert dd.list_template(db) == ("Financial standing", "Technical expertise", "Cyber security")
    assert dd.replace_template(db, before) == (
        "Financial standing",
        "Technical expertise",
        "Cyber security",
    )
    assert dd.list_template(db) == shipped


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ([], "Keep at least one due diligence area."),
        (["  ", ""], "Keep at least one due diligence area."),
        (["Financial standing", "FINANCIAL  standing"], "Each area may appear only once."),
        (["x" * 201], "Keep each area to 200 characters."),
    ],
)
def test_template_replace_refuses_blank_duplicate_and_long(
    db: Database, areas: list[str], message: str
) -> None:
    shipped = dd.list_template(db)
    with pytest.raises(ValidationError) as caught:
        dd.replace_template(db, areas)
    assert caught.value.problems == {"areas": message}
    assert dd.list_template(db) == shipped


def test_template_can_change_the_case_of_an_area(db: Database) -> None:
    dd.replace_template(db, ["Financial standing", "Safeguarding"])
    dd.replace_template(db, ["Financial Standing", "Safeguarding"])
    assert dd.list_template(db) == ("Financial Standing", "Safeguarding")


def test_template_edit_leaves_existing_checklists_alone(
    db: Database, make_project: MakeProject
) -> None:
    link = _relationship(db, make_project)
    rows = dd.list_due_diligence(db, link)
    _rate(db, rows[0], 5)
    dd.replace_template(db, ["Cyber security"])
    after = dd.list_due_diligence(db, link)
    assert [row.area for row in after] == [row.area for row in rows]
    assert after[0] == dataclasses.replace(
        rows[0],
        rating=5,
        evidence="Accounts 2024/25",
        assessor="R. Patel",
        assessed_on=dt.date(2026, 3, 30),
    )
