"""Suppliers and their relationships with projects: the register, categories, deletes with
undo, and the supplier's own due diligence on our outcomes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import (
    AuditAction,
    OrganisationType,
    SupplierCategory,
    SupplierRole,
    WarningStatus,
)
from commissioner.services import alignment, due_diligence, duty_to_warn
from commissioner.services import suppliers as sp
from commissioner.services.audit_trail import AuditFilter, fetch_audit_entries
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 3, 31)
SHIPPED_AREAS = 8


def _supplier(db: Database, name: str = "Acme Care Ltd", **overrides: object) -> int:
    return sp.add_supplier(db, sp.SupplierInput(name=name, **overrides))  # type: ignore[arg-type]


def _link(
    db: Database,
    project_id: int,
    supplier_id: int,
    role: SupplierRole = SupplierRole.SHORTLISTED,
    category: SupplierCategory = SupplierCategory.EXPERT,
    **overrides: str,
) -> int:
    form = sp.RelationshipInput(supplier_id, role, category, **overrides)
    return sp.add_relationship(db, project_id, form)


# --- The supplier register ------------------------------------------------------------


def test_add_and_update_keep_what_was_typed(db: Database) -> None:
    supplier = _supplier(
        db,
        "  Smith  &  Sons <Care>  ",
        organisation_type=OrganisationType.CHARITY,
        email=" bids@smith.org.uk ",
        notes="  Prices <5% & rising\nsecond line  ",
    )
    (row,) = sp.list_suppliers(db)
    assert row.id == supplier
    assert row.name == "Smith & Sons <Care>"
    assert row.organisation_type is OrganisationType.CHARITY
    assert row.email == "bids@smith.org.uk"
    assert row.notes == "Prices <5% & rising\nsecond line"

    sp.update_supplier(db, supplier, dataclasses.replace(row.as_input(), phone="01234 567890"))
    (row,) = sp.list_suppliers(db)
    assert (row.name, row.phone) == ("Smith & Sons <Care>", "01234 567890")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "   "),
        ("name", "x" * 201),
        ("email", "bids at acme"),
        ("email", "bids@acme .com"),
        ("email", "@"),
        ("email", "bids@"),
        ("email", "bids@acme"),
        ("email", "bids@acme.co.uk@x.com"),
        ("phone", "1" * 51),
    ],
)
def test_bad_supplier_fields_are_refused(db: Database, field: str, value: str) -> None:
    changes: dict[str, Any] = {field: value}
    form = dataclasses.replace(sp.SupplierInput(name="Acme Care Ltd"), **changes)
    with pytest.raises(ValidationError) as caught:
        sp.add_supplier(db, form)
    assert set(caught.value.problems) == {field}
    assert sp.list_suppliers(db) == []


def test_a_name_taken_in_another_case_is_refused(db: Database) -> None:
    _supplier(db, "Acme Care Ltd")
    other = _supplier(db, "Brightway Trust")
    with pytest.raises(ValidationError) as caught:
        _supplier(db, "ACME care ltd")
    assert caught.value.problems == {"name": "ACME care ltd is already a supplier."}
    with pytest.raises(ValidationError):
        sp.update_supplier(db, other, sp.SupplierInput(name="acme care LTD"))
    # A supplier may change the case of its own name.
    sp.update_supplier(db, other, sp.SupplierInput(name="BRIGHTWAY Trust"))
    assert [row.name for row in sp.list_suppliers(db)] == ["Acme Care Ltd", "BRIGHTWAY Trust"]


def test_a_name_with_accented_capitals_is_matched_too(db: Database) -> None:
    _supplier(db, "École Services Ltd")
    with pytest.raises(ValidationError):
        _supplier(db, "école services ltd")
    _supplier(db, "zeta Services")
    _supplier(db, "Acme Care Ltd")
    assert [row.name for row in sp.list_suppliers(db)] == [
        "Acme Care Ltd",
        "École Services Ltd",
        "zeta Services",
    ]


def test_list_is_by_name_with_the_number_of_projects(
    db: Database, make_project: MakeProject
) -> None:
    first, second = make_project(db), make_project(db)
    zeta = _supplier(db, "zeta Services")
    acme = _supplier(db, "Acme Care Ltd")
    _supplier(db, "Mid Borough Trust")
    _link(db, first, zeta)
    _link(db, second, zeta)
    _link(db, first, acme)
    rows = sp.list_suppliers(db)
    assert [(row.name, row.project_count) for row in rows] == [
        ("Acme Care Ltd", 1),
        ("Mid Borough Trust", 0),
        ("zeta Services", 2),
    ]


def test_a_linked_supplier_cannot_be_deleted_until_unlinked(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    supplier = _supplier(db)
    link = _link(db, project, supplier)
    other = _link(db, make_project(db), supplier)
    with pytest.raises(ValidationError) as caught:
        sp.delete_supplier(db, supplier)
    assert caught.value.problems == {
        "": "Acme Care Ltd is linked to 2 project(s); remove it from them first."
    }
    sp.delete_relationship(db, other)
    with pytest.raises(ValidationError, match="linked to 1 project"):
        sp.delete_supplier(db, supplier)
    sp.delete_relationship(db, link)
    removal = sp.delete_supplier(db, supplier)
    assert sp.list_suppliers(db) == []
    restore_removal(db, removal)
    assert [row.id for row in sp.list_suppliers(db)] == [supplier]


def test_missing_records_are_reported(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    with pytest.raises(RecordNotFoundError):
        sp.delete_supplier(db, 99)
    with pytest.raises(RecordNotFoundError):
        sp.update_supplier(db, 99, sp.SupplierInput(name="Gone"))
    with pytest.raises(RecordNotFoundError):
        _link(db, project, 99)
    with pytest.raises(RecordNotFoundError):
        _link(db, 99, _supplier(db))
    with pytest.raises(RecordNotFoundError):
        sp.get_relationship(db, 99)


# --- Relationships ----------------------------------------------------------------------


def test_a_new_relationship_starts_due_diligence_from_the_template(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    before = _link(db, project, _supplier(db, "Before"))
    template = due_diligence.list_template(db)
    assert len(template) == SHIPPED_AREAS
    assert [row.area for row in due_diligence.list_due_diligence(db, before)] == list(template)

    due_diligence.replace_template(db, ["Financial standing", "Safeguarding"])
    after = _link(db, project, _supplier(db, "After"))

    assert [row.area for row in due_diligence.list_due_diligence(db, after)] == [
        "Financial standing",
        "Safeguarding",
    ]
    # The earlier checklist keeps the areas it started with.
    assert [row.area for row in due_diligence.list_due_diligence(db, before)] == list(template)


def test_a_supplier_is_linked_to_a_project_once(db: Database, make_project: MakeProject) -> None:
    first, second = make_project(db), make_project(db)
    supplier = _supplier(db)
    _link(db, first, supplier)
    with pytest.raises(ValidationError) as caught:
        _link(db, first, supplier, role=SupplierRole.CONTRACTED)
    assert caught.value.problems == {"supplier_id": "Acme Care Ltd is already on this project."}
    _link(db, second, supplier)  # another project is fine
    assert len(sp.list_relationships(db, first)) == 1


@pytest.mark.parametrize("typed", ["abc", "101", "-1", "100.5", "NaN"])
def test_scores_outside_0_to_100_are_refused(
    db: Database, make_project: MakeProject, typed: str
) -> None:
    project = make_project(db)
    supplier = _supplier(db)
    with pytest.raises(ValidationError) as caught:
        _link(db, project, supplier, price_score=typed, capability_score=typed)
    assert set(caught.value.problems) == {"price_score", "capability_score"}
    assert sp.list_relationships(db, project) == []


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [("85%", 85.0, "85"), (" 72.5 ", 72.5, "72.5"), ("0", 0.0, "0"), ("100", 100.0, "100")],
)
def test_scores_are_read_as_typed(
    db: Database, make_project: MakeProject, typed: str, stored: float, shown: str
) -> None:
    project = make_project(db)
    link = _link(db, project, _supplier(db), price_score=typed)
    row = sp.get_relationship(db, link)
    assert row.price_score == stored
    assert row.capability_score is None
    assert row.as_input().price_score == shown


def test_contracted_first_then_shortlisted_then_bidders(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    _link(db, project, _supplier(db, "Bidder B"), role=SupplierRole.BIDDER)
    _link(db, project, _supplier(db, "shortlisted Z"), role=SupplierRole.SHORTLISTED)
    _link(db, project, _supplier(db, "Bidder A"), role=SupplierRole.BIDDER)
    _link(db, project, _supplier(db, "Contracted"), role=SupplierRole.CONTRACTED)
    _link(db, project, _supplier(db, "Shortlisted A"), role=SupplierRole.SHORTLISTED)
    assert [row.label for row in sp.list_relationships(db, project)] == [
        "Contracted (contracted provider)",
        "Shortlisted A (shortlisted)",
        "shortlisted Z (shortlisted)",
        "Bidder A (bidder)",
        "Bidder B (bidder)",
    ]


def test_each_category_says_what_it_implies(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    rows = {}
    for category in SupplierCategory:
        link = _link(db, project, _supplier(db, category.label), category=category)
        rows[category] = sp.get_relationship(db, link)
    general = " ".join(rows[SupplierCategory.GENERAL].implications)
    expert = " ".join(rows[SupplierCategory.EXPERT].implications)
    strategic = " ".join(rows[SupplierCategory.STRATEGIC_PARTNER].implications)
    assert "No expert responsibilities or duty to warn" in general
    for text in (expert, strategic):
        assert "duty to warn apply" in text
        assert "Due diligence both ways" in text
    assert "cultural alignment reassessed" in strategic


@pytest.mark.parametrize(
    ("category", "role", "owes"),
    [
        (SupplierCategory.GENERAL, SupplierRole.CONTRACTED, False),
        (SupplierCategory.EXPERT, SupplierRole.BIDDER, False),
        (SupplierCategory.EXPERT, SupplierRole.SHORTLISTED, True),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.BIDDER, False),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.CONTRACTED, True),
    ],
)
def test_who_owes_the_duty_to_warn(
    db: Database,
    make_project: MakeProject,
    category: SupplierCategory,
    role: SupplierRole,
    owes: bool,
) -> None:
    link = _link(db, make_project(db), _supplier(db), role=role, category=category)
    assert sp.get_relationship(db, link).owes_duty_to_warn is owes


def test_update_relationship_changes_role_category_and_scores(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project, _supplier(db), role=SupplierRole.BIDDER, price_score="60")
    form = dataclasses.replace(
        sp.get_relationship(db, link).as_input(),
        role=SupplierRole.CONTRACTED,
        category=SupplierCategory.STRATEGIC_PARTNER,
        capability_score="91",
        notes="Won on quality & culture <both>",
    )
    sp.update_relationship(db, link, form)
    row = sp.get_relationship(db, link)
    assert (row.role, row.category) == (SupplierRole.CONTRACTED, SupplierCategory.STRATEGIC_PARTNER)
    assert (row.price_score, row.capability_score) == (60.0, 91.0)
    assert row.notes == "Won on quality & culture <both>"
    with pytest.raises(ValidationError):
        sp.update_relationship(db, link, dataclasses.replace(form, capability_score="101"))


def _fill_relationship(db: Database, link: int) -> tuple[int, int, int]:
    first_item = due_diligence.list_due_diligence(db, link)[0]
    due_diligence.update_item(
        db,
        first_item.id,
        due_diligence.DueDiligenceInput(first_item.area, 4, "Two similar contracts", "R. Patel"),
        TODAY,
    )
    assessment = alignment.add_assessment(
        db,
        link,
        alignment.AssessmentInput(
            "01/03/2026", "R. Patel", (alignment.ScoreInput("formality", 3, 4),)
        ),
        TODAY,
    )
    warning = duty_to_warn.add_warning(
        db, link, duty_to_warn.WarningInput("10/03/2026", "Demand model understated"), TODAY
    )
    return first_item.id, assessment, warning


def test_deleting_a_relationship_takes_its_records_and_undo_brings_them_back(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project, _supplier(db))
    item, assessment, warning = _fill_relationship(db, link)

    removal = sp.delete_relationship(db, link)

    assert sp.list_relationships(db, project) == []
    assert due_diligence.list_due_diligence(db, link) == []
    assert alignment.list_assessments(db, link) == []
    assert duty_to_warn.list_warnings(db, project) == []
    assert sp.list_suppliers(db)[0].project_count == 0

    restore_removal(db, removal)

    assert [row.id for row in sp.list_relationships(db, project)] == [link]
    items = due_diligence.list_due_diligence(db, link)
    assert len(items) == SHIPPED_AREAS
    assert (items[0].id, items[0].rating, items[0].evidence) == (item, 4, "Two similar contracts")
    (restored,) = alignment.list_assessments(db, link)
    assert restored.id == assessment
    assert restored.scores == (alignment.ScoreInput("formality", 3, 4),)
    (entry,) = duty_to_warn.list_warnings(db, project)
    assert (entry.id, entry.subject, entry.status) == (
        warning,
        "Demand model understated",
        WarningStatus.OPEN,
    )


def test_the_audit_trail_shows_relationship_changes_under_the_project(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project, _supplier(db), price_score="60")
    _fill_relationship(db, link)
    form = dataclasses.replace(
        sp.get_relationship(db, link).as_input(),
        price_score="75",
        category=SupplierCategory.STRATEGIC_PARTNER,
    )
    sp.update_relationship(db, link, form)
    removal = sp.delete_relationship(db, link)
    restore_removal(db, removal)

    rows = fetch_audit_entries(db, AuditFilter(project_id=project), offset=0, limit=1000)
    ours = [row for row in rows if row.table_name != "projects" and row.record_kind != "Stage"]
    changes = [
        (row.record_label, row.field_label, row.old_text, row.new_text, row.actor)
        for row in ours
        if row.action is AuditAction.UPDATE and row.table_name == "project_suppliers"
    ]
    assert sorted(changes) == [
        (
            "Acme Care Ltd (shortlisted)",
            "Category",
            "Expert supplier",
            "Strategic partner",
            "tester",
        ),
        ("Acme Care Ltd (shortlisted)", "Price score", "60", "75", "tester"),
    ]
    deleted = {row.record_kind for row in ours if row.action is AuditAction.DELETE}
    assert deleted == {
        "Supplier relationship",
        "Due diligence",
        "Alignment assessment",
        "Alignment score",
        "Duty to warn",
    }
    # Undo is recorded too: each record put back appears as added again.
    last_delete = max(row.id for row in ours if row.action is AuditAction.DELETE)
    restored = [row for row in ours if row.action is AuditAction.INSERT and row.id > last_delete]
    assert {row.record_kind for row in restored} == deleted
    rated = [row for row in ours if row.record_kind == "Due diligence" and row.field == "rating"]
    assert [(row.action, row.old_value, row.new_value) for row in reversed(rated)] == [
        (AuditAction.UPDATE, None, "4"),
        (AuditAction.DELETE, "4", None),
        (AuditAction.INSERT, None, "4"),
    ]
    assert rated[0].record_label == "Due diligence: Technical expertise"


# --- The supplier's own due diligence on our outcomes ------------------------------------


def test_supplier_due_diligence_round_trip(db: Database, make_project: MakeProject) -> None:
    link = _link(db, make_project(db), _supplier(db))
    assert sp.get_supplier_due_diligence(db, link) == sp.SupplierDueDiligenceInput()
    form = sp.SupplierDueDiligenceInput(
        requested_on="2026-02-01",
        allowed=True,
        done_on="31 Mar 2026",
        findings="  Outcome 3 unachievable at this price & scale <see report>  ",
    )
    sp.update_supplier_due_diligence(db, link, form, TODAY)
    assert sp.get_supplier_due_diligence(db, link) == sp.SupplierDueDiligenceInput(
        requested_on="01/02/2026",
        allowed=True,
        done_on="31/03/2026",
        findings="Outcome 3 unachievable at this price & scale <see report>",
    )


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (sp.SupplierDueDiligenceInput(requested_on="01/04/2026"), {"requested_on"}),
        (sp.SupplierDueDiligenceInput(requested_on="31/02/2026"), {"requested_on"}),
        (sp.SupplierDueDiligenceInput(allowed=True, done_on="soon"), {"done_on"}),
        (
            sp.SupplierDueDiligenceInput("10/03/2026", allowed=True, done_on="09/03/2026"),
            {"done_on"},
        ),
        (
            sp.SupplierDueDiligenceInput("01/03/2026", allowed=False, done_on="10/03/2026"),
            {"allowed"},
        ),
    ],
)
def test_supplier_due_diligence_checks(
    db: Database, make_project: MakeProject, form: sp.SupplierDueDiligenceInput, fields: set[str]
) -> None:
    link = _link(db, make_project(db), _supplier(db))
    with pytest.raises(ValidationError) as caught:
        sp.update_supplier_due_diligence(db, link, form, TODAY)
    assert set(caught.value.problems) == fields
    assert sp.get_supplier_due_diligence(db, link) == sp.SupplierDueDiligenceInput()


def test_impossible_date_is_named(db: Database, make_project: MakeProject) -> None:
    link = _link(db, make_project(db), _supplier(db))
    form = sp.SupplierDueDiligenceInput(requested_on="31/02/2026")
    with pytest.raises(ValidationError) as caught:
        sp.update_supplier_due_diligence(db, link, form, TODAY)
    assert "31/02/2026 is not a real date" in caught.value.problems["requested_on"]
