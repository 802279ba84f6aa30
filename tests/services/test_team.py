"""A project's client team: members and roles with undo, role coverage, capacity,
succession cover, pipeline notes and the person form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from commissioner.errors import ValidationError
from commissioner.models.enums import SupplierCategory, TeamRole
from commissioner.models.team_rules import Coverage
from commissioner.services import team
from commissioner.services.audit_trail import AuditFilter, fetch_audit_entries
from commissioner.services.golden_thread_records import restore_removal
from commissioner.services.people import (
    PersonInput,
    add_person,
    delete_person,
    get_person,
    update_person,
)
from commissioner.services.skills import RatingInput, rate
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 10, 15)
CM, PM = TeamRole.CONTRACT_MANAGEMENT, TeamRole.PROJECT_MANAGEMENT


def _person(db: Database, name: str = "Priya Shah", fte: str = "0.5") -> int:
    return add_person(db, PersonInput(name, "Commissioning officer", "", fte))


def _problems(attempt: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        attempt()
    return caught.value.problems


def _coverage(db: Database, project: int) -> dict[TeamRole, Coverage]:
    return {cover.role: cover.coverage for cover in team.team_for_project(db, project).roles}


def _rate_role(db: Database, person: int, keys: tuple[str, ...], level: int) -> None:
    for key in keys:
        rate(db, person, key, RatingInput(None, level, "01/09/2026"), TODAY)


CM_KEYS = ("cm_contract", "cm_duty_to_warn", "cm_relationship")


def test_role_coverage_not_covered_awareness_only_and_covered(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, supplier_category=SupplierCategory.STRATEGIC_PARTNER)
    assert _coverage(db, project)[CM] is Coverage.NOT_COVERED

    person = _person(db)
    team.add_member(db, project, team.MemberInput(person, "0.5", (CM,)))
    _rate_role(db, person, CM_KEYS, 1)
    coverage = _coverage(db, project)
    assert coverage[CM] is Coverage.AWARENESS_ONLY
    assert coverage[PM] is Coverage.NOT_COVERED

    rate(db, person, "cm_contract", RatingInput(None, 2, "02/09/2026"), TODAY)
    view = team.team_for_project(db, project)
    cover = next(c for c in view.roles if c.role is CM)
    assert (cover.coverage, cover.holders) == (Coverage.COVERED, ("Priya Shah",))
    assert [c.role for c in view.roles] == list(TeamRole)


def test_capacity_shortfall_against_the_team_plan(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    for name, fte in (("Priya Shah", "0.5"), ("Amir Khan", "0.2")):
        team.add_member(db, project, team.MemberInput(_person(db, name), fte, (PM,)))
    assert not team.team_for_project(db, project).capacity.short

    before = team.set_team_plan(db, project, team.TeamPlanInput("1.5", "Waste & <recycling>"))
    view = team.team_for_project(db, project)
    assert view.capacity.team_fte == Decimal("0.7")
    assert view.capacity.shortfall == Decimal("0.8") and view.capacity.short
    assert view.plan_notes == "Waste & <recycling>"

    team.set_team_plan(db, project, before)
    assert team.get_team_plan(db, project) == team.TeamPlanInput()
    problems = _problems(lambda: team.set_team_plan(db, project, team.TeamPlanInput("-1")))
    assert problems["fte_needed"] == "The FTE needed must be more than 0 and at most 99."


def test_deleting_a_member_and_undoing_it_brings_their_roles_back(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    person = _person(db)
    member = team.add_member(db, project, team.MemberInput(person, "0.4", (CM, PM)))

    removal = team.delete_member(db, member)
    assert team.team_for_project(db, project).members == ()
    assert _coverage(db, project)[CM] is Coverage.NOT_COVERED

    restore_removal(db, removal)
    (back,) = team.team_for_project(db, project).members
    assert (back.member_id, back.fte, back.roles) == (member, 0.4, (PM, CM))
    assert team.member_input(back) == team.MemberInput(person, "0.4", (PM, CM))


def test_updating_a_member_returns_the_form_it_replaced(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    person = _person(db)
    member = team.add_member(db, project, team.MemberInput(person, "0.4", (CM,)))
    before = team.update_member(db, member, team.MemberInput(person, "0.25", (PM,)))
    assert before == team.MemberInput(person, "0.4", (CM,))
    (now,) = team.team_for_project(db, project).members
    assert (now.fte, now.roles) == (0.25, (PM,))
    team.update_member(db, member, before)
    (back,) = team.team_for_project(db, project).members
    assert (back.fte, back.roles) == (0.4, (CM,))


def test_member_validation(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    person = _person(db)
    problems = _problems(lambda: team.add_member(db, project, team.MemberInput(person, "1.5")))
    assert problems == {
        "fte": "The FTE must be more than 0 and at most 1.",
        "roles": "Choose at least one role this person holds on the project.",
    }
    problems = _problems(
        lambda: team.add_member(db, project, team.MemberInput(person, "a fifth", (PM,)))
    )
    assert problems["fte"].startswith("Give the FTE as a number such as 0.2")
    team.add_member(db, project, team.MemberInput(person, "", (PM,)))
    again = _problems(lambda: team.add_member(db, project, team.MemberInput(person, "", (CM,))))
    assert again == {"person_id": "Priya Shah is already on this team."}
    assert team.people_to_add(db, project) == []


def test_succession_cover_per_role_with_undo(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    holder, deputy = _person(db, "Priya Shah"), _person(db, "Amir Khan")
    team.add_member(db, project, team.MemberInput(holder, "0.5", (CM,)))
    form = team.SuccessionInput(CM, deputy, "Ready in 6 months & <with mentoring>")
    cover_id = team.add_succession_cover(db, project, form)

    cover = next(c for c in team.team_for_project(db, project).roles if c.role is CM)
    assert [(s.full_name, s.readiness) for s in cover.succession] == [
        ("Amir Khan", "Ready in 6 months & <with mentoring>")
    ]
    assert _problems(lambda: team.add_succession_cover(db, project, form)) == {
        "person_id": "Amir Khan already covers this role."
    }
    before = team.update_succession_cover(db, cover_id, team.SuccessionInput(CM, deputy, "Now"))
    assert before == form
    removal = team.delete_succession_cover(db, cover_id)
    assert all(not c.succession for c in team.team_for_project(db, project).roles)
    restore_removal(db, removal)
    cover = next(c for c in team.team_for_project(db, project).roles if c.role is CM)
    assert cover.succession[0].as_input() == team.SuccessionInput(CM, deputy, "Now")


def test_pipeline_note_returns_the_note_it_replaced(db: Database) -> None:
    person = _person(db)
    assert team.get_pipeline_note(db, person) == ""
    assert team.set_pipeline_note(db, person, "Aspiring head of service") == ""
    assert team.set_pipeline_note(db, person, "Acting up & <ready>") == "Aspiring head of service"
    assert team.get_pipeline_note(db, person) == "Acting up & <ready>"


def test_the_person_form_validates_and_its_edits_undo(db: Database) -> None:
    problems = _problems(
        lambda: add_person(db, PersonInput(" ", email="nope", commissioning_fte="1.5"))
    )
    assert problems == {
        "full_name": "Give the person's name.",
        "email": "That does not look like an email address.",
        "commissioning_fte": "The commissioning FTE must be more than 0 and at most 1.",
    }
    person = add_person(db, PersonInput("Sam <Lee> & co", "Officer", "sam@council.gov.uk", "0.2"))
    before = update_person(db, person, PersonInput("Sam Lee", "Lead", "", "0.25"))
    assert before == PersonInput("Sam <Lee> & co", "Officer", "sam@council.gov.uk", "0.2")
    assert get_person(db, person) == PersonInput("Sam Lee", "Lead", "", "0.25")
    removal = delete_person(db, person)
    restore_removal(db, removal)
    assert get_person(db, person).full_name == "Sam Lee"


def test_a_person_on_a_team_cannot_be_deleted(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    person = _person(db)
    team.add_member(db, project, team.MemberInput(person, "0.5", (PM,)))
    problems = _problems(lambda: delete_person(db, person))
    assert problems == {"": "Priya Shah has a record in the portfolio; keep them."}


def test_the_audit_trail_names_team_records_and_roles_in_words(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    team.add_member(db, project, team.MemberInput(_person(db), "0.5", (CM,)))
    rows = fetch_audit_entries(db, AuditFilter(project_id=project), offset=0, limit=50)
    role = next(r for r in rows if r.table_name == "team_member_roles" and r.field == "role")
    assert (role.record_kind, role.new_text) == ("Team role", "Contract management")
    assert any(r.record_kind == "Team member" for r in rows)


def test_an_empty_role_the_stage_does_not_need_is_not_a_shortfall(
    db: Database, make_project: MakeProject
) -> None:
    # A new project is at needs assessment: nobody yet needs to hold procurement.
    project = make_project(db)
    roles = {cover.role: cover for cover in team.team_for_project(db, project).roles}
    procurement = roles[TeamRole.PROCUREMENT]
    assert procurement.coverage is Coverage.NOT_COVERED
    assert not procurement.needed_now
    assert not procurement.flagged
    assert roles[TeamRole.NEEDS_ASSESSMENT].flagged
