"""The duty-to-warn log and its prompt where an expert supplier has gone quiet."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import SupplierCategory, SupplierRole, WarningStatus
from commissioner.services import duty_to_warn as dw
from commissioner.services import organisation
from commissioner.services import suppliers as sp
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 3, 31)


def _link(
    db: Database,
    project_id: int,
    name: str = "Acme Care Ltd",
    category: SupplierCategory = SupplierCategory.EXPERT,
    role: SupplierRole = SupplierRole.CONTRACTED,
) -> int:
    supplier = sp.add_supplier(db, sp.SupplierInput(name=name))
    return sp.add_relationship(db, project_id, sp.RelationshipInput(supplier, role, category))


def _warn(
    db: Database, link: int, day: dt.date | str, subject: str = "Demand model", **fields: object
) -> int:
    raised_on = day if isinstance(day, str) else day.strftime("%d/%m/%Y")
    form = dw.WarningInput(raised_on, subject, **fields)  # type: ignore[arg-type]
    return dw.add_warning(db, link, form, TODAY)


def _set_period(db: Database, days: int) -> None:
    view = organisation.get_organisation(db)
    organisation.update_organisation(db, dataclasses.replace(view, duty_to_warn_prompt_days=days))


# --- The log --------------------------------------------------------------------------------


def test_a_warning_keeps_everything_the_court_would_ask_about(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project)
    warning = _warn(
        db,
        link,
        "15/03/2026",
        "  Eligibility  criteria <draft 2> & demand  ",
        raised_by=" Dr A. Shah ",
        how_communicated="Letter to the CRO",
    )
    (row,) = dw.list_warnings(db, project)
    assert row == dw.WarningRow(
        id=warning,
        relationship_id=link,
        supplier_name="Acme Care Ltd",
        raised_on=dt.date(2026, 3, 15),
        subject="Eligibility criteria <draft 2> & demand",
        raised_by="Dr A. Shah",
        how_communicated="Letter to the CRO",
        council_response="",
        status=WarningStatus.OPEN,
    )

    answered = dataclasses.replace(
        row.as_input(),
        council_response="Criteria revised; see cabinet paper 12",
        status=WarningStatus.RESPONDED,
    )
    dw.update_warning(db, warning, answered, TODAY)
    (row,) = dw.list_warnings(db, project)
    assert (row.status, row.council_response) == (
        WarningStatus.RESPONDED,
        "Criteria revised; see cabinet paper 12",
    )


def test_general_suppliers_have_no_log(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    link = _link(db, project, category=SupplierCategory.GENERAL)
    with pytest.raises(ValidationError) as caught:
        _warn(db, link, "15/03/2026")
    assert set(caught.value.problems) == {"relationship_id"}
    assert dw.list_warnings(db, project) == []
    strategic = _link(db, project, "Partner plc", SupplierCategory.STRATEGIC_PARTNER)
    _warn(db, strategic, "15/03/2026")
    assert len(dw.list_warnings(db, project)) == 1


@pytest.mark.parametrize("status", [WarningStatus.RESPONDED, WarningStatus.CLOSED])
def test_an_answered_warning_needs_the_councils_response(
    db: Database, make_project: MakeProject, status: WarningStatus
) -> None:
    link = _link(db, make_project(db))
    with pytest.raises(ValidationError) as caught:
        _warn(db, link, "15/03/2026", status=status, council_response="  ")
    assert set(caught.value.problems) == {"council_response"}
    _warn(db, link, "15/03/2026", status=status, council_response="Accepted")


@pytest.mark.parametrize(
    ("raised_on", "subject", "field"),
    [
        ("01/04/2026", "Demand model", "raised_on"),
        ("", "Demand model", "raised_on"),
        ("30/02/2026", "Demand model", "raised_on"),
        ("15/03/2026", "   ", "subject"),
        ("15/03/2026", "x" * 301, "subject"),
    ],
)
def test_warning_fields_are_checked(
    db: Database, make_project: MakeProject, raised_on: str, subject: str, field: str
) -> None:
    link = _link(db, make_project(db))
    with pytest.raises(ValidationError) as caught:
        _warn(db, link, raised_on, subject)
    assert set(caught.value.problems) == {field}


def test_the_log_is_newest_first_across_the_projects_suppliers(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    acme = _link(db, project)
    partner = _link(db, project, "Partner plc", SupplierCategory.STRATEGIC_PARTNER)
    elsewhere = _link(db, make_project(db), "Elsewhere Ltd")
    _warn(db, acme, "01/02/2026", "Oldest")
    _warn(db, partner, "20/03/2026", "Newest")
    _warn(db, acme, "01/03/2026", "Middle, added first")
    _warn(db, partner, "01/03/2026", "Middle, added second")
    _warn(db, elsewhere, "30/03/2026", "Another project")
    assert [(row.subject, row.supplier_name) for row in dw.list_warnings(db, project)] == [
        ("Newest", "Partner plc"),
        ("Middle, added second", "Partner plc"),
        ("Middle, added first", "Acme Care Ltd"),
        ("Oldest", "Acme Care Ltd"),
    ]


def test_delete_and_undo(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    warning = _warn(db, _link(db, project), "15/03/2026")
    (before,) = dw.list_warnings(db, project)
    removal = dw.delete_warning(db, warning)
    assert dw.list_warnings(db, project) == []
    restore_removal(db, removal)
    assert dw.list_warnings(db, project) == [before]
    with pytest.raises(RecordNotFoundError):
        dw.delete_warning(db, 99)
    with pytest.raises(RecordNotFoundError):
        _warn(db, 99, "15/03/2026")


# --- The prompt -----------------------------------------------------------------------------


def test_a_warning_exactly_the_period_ago_still_counts(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    _set_period(db, 30)
    quiet = _link(db, project, "Quiet Ltd")
    recent = _link(db, project, "Recent Ltd")
    _warn(db, quiet, TODAY - dt.timedelta(days=31), "Last month's risk")
    _warn(db, recent, TODAY - dt.timedelta(days=30))

    (prompt,) = dw.warning_prompts(db, project, TODAY)

    assert (prompt.relationship_id, prompt.last_raised, prompt.period_days) == (
        quiet,
        dt.date(2026, 2, 28),
        30,
    )
    assert prompt.message == (
        "Quiet Ltd (expert supplier) has raised no warning in 30 days; its last was on "
        "28/02/2026. Ask whether it sees risks in our requirements."
    )
    # A day later the other supplier's warning falls out of the period too.
    later = dw.warning_prompts(db, project, TODAY + dt.timedelta(days=1))
    assert [p.supplier_name for p in later] == ["Quiet Ltd", "Recent Ltd"]


def test_who_is_prompted(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    never = _link(db, project, "Never Raised plc", SupplierCategory.STRATEGIC_PARTNER)
    _link(db, project, "Expert Bidder", role=SupplierRole.BIDDER)
    _link(db, project, "General Supplies", SupplierCategory.GENERAL)
    shortlisted = _link(db, project, "Shortlisted Expert", role=SupplierRole.SHORTLISTED)

    prompts = dw.warning_prompts(db, project, TODAY)

    assert [(p.relationship_id, p.last_raised) for p in prompts] == [
        (never, None),
        (shortlisted, None),
    ]
    assert prompts[0].message == (
        "Never Raised plc (strategic partner) has raised no warning in 90 days; it has "
        "raised none. Ask whether it sees risks in our requirements."
    )


def test_the_period_comes_from_the_organisation_settings(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project)
    _warn(db, link, TODAY - dt.timedelta(days=60))
    assert organisation.get_organisation(db).duty_to_warn_prompt_days == 90
    assert dw.prompt_period(db) == 90
    assert dw.warning_prompts(db, project, TODAY) == []

    _set_period(db, 59)

    assert dw.prompt_period(db) == 59
    assert [p.period_days for p in dw.warning_prompts(db, project, TODAY)] == [59]


@pytest.mark.parametrize(("days", "accepted"), [(6, False), (7, True), (730, True), (731, False)])
def test_the_period_is_7_to_730_days(db: Database, days: int, accepted: bool) -> None:
    if accepted:
        _set_period(db, days)
        assert organisation.get_organisation(db).duty_to_warn_prompt_days == days
        return
    with pytest.raises(ValidationError) as caught:
        _set_period(db, days)
    assert caught.value.problems == {
        "duty_to_warn_prompt_days": "Give the duty-to-warn period as 7 to 730 days."
    }
    assert organisation.get_organisation(db).duty_to_warn_prompt_days == 90
