"""The skills audit: ratings with history, the matrix, gaps scaled by supplier category,
organisation-wide gaps, and the competency framework with undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from commissioner.errors import ValidationError
from commissioner.models.enums import ProjectStatus, SkillLevel, SupplierCategory, TeamRole
from commissioner.services import skills
from commissioner.services.people import PersonInput, add_person
from commissioner.services.skills_framework import (
    CompetencyInput,
    list_competencies,
    replace_framework,
)
from commissioner.services.team import MemberInput, add_member
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 10, 15)
CM = TeamRole.CONTRACT_MANAGEMENT
STRATEGIC, GENERAL = SupplierCategory.STRATEGIC_PARTNER, SupplierCategory.GENERAL


def _person(db: Database, name: str = "Priya Shah") -> int:
    return add_person(db, PersonInput(name, "Contracts officer", "", "0.5"))


def _rate(
    db: Database,
    person: int,
    key: str,
    *,
    self_level: int | None = None,
    manager: int | None = None,
    on: str = "01/09/2026",
) -> int:
    form = skills.RatingInput(self_level, manager, on, "Jo Manager", "Observed at review")
    return skills.rate(db, person, key, form, TODAY)


def _problems(attempt: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        attempt()
    return caught.value.problems


def _gaps(db: Database, project: int) -> dict[str, int]:
    return {row.competency_key: row.gap for row in skills.gaps_for_project(db, project)}


def test_a_manager_rating_outweighs_a_later_self_rating_and_the_latest_wins(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, supplier_category=STRATEGIC)
    person = _person(db)
    add_member(db, project, MemberInput(person, "0.5", (CM,)))
    _rate(db, person, "cm_contract", manager=1, on="01/03/2026")
    _rate(db, person, "cm_contract", self_level=3, on="01/06/2026")
    cell = skills.skills_matrix(db, project).cell(person, "cm_contract")
    assert cell is not None
    assert (cell.required, cell.current.level, cell.gap) == (3, 1, 2)
    assert cell.current.by_manager and cell.current.rated_on == dt.date(2026, 3, 1)

    _rate(db, person, "cm_contract", manager=2, on="01/07/2026")
    assert _gaps(db, project)["cm_contract"] == 1
    history = skills.ratings_for(db, person)
    assert [r.rated_on.month for r in history] == [7, 6, 3]
    assert history[0].competency_name == "Contract administration"


def test_the_same_person_has_a_gap_on_a_strategic_partnership_and_none_on_a_general_supply(
    db: Database, make_project: MakeProject
) -> None:
    strategic = make_project(db, supplier_category=STRATEGIC)
    general = make_project(db, supplier_category=GENERAL)
    person = _person(db)
    for project in (strategic, general):
        add_member(db, project, MemberInput(person, "0.2", (CM,)))
    for key in ("cm_contract", "cm_duty_to_warn", "cm_relationship"):
        _rate(db, person, key, manager=1)

    assert _gaps(db, strategic) == {"cm_contract": 2, "cm_duty_to_warn": 2, "cm_relationship": 2}
    assert _gaps(db, general) == {}
    # Duty to warn is not asked of a general supply's team at all.
    columns = [c.key for c in skills.skills_matrix(db, general).competencies]
    assert columns == ["cm_contract", "cm_relationship"]


def test_the_matrix_has_cells_only_where_a_members_roles_need_the_competency(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, supplier_category=SupplierCategory.EXPERT)
    contracts, planner = _person(db, "Priya Shah"), _person(db, "Amir Khan")
    add_member(db, project, MemberInput(contracts, "0.5", (CM,)))
    add_member(db, project, MemberInput(planner, "1", (TeamRole.PROJECT_MANAGEMENT,)))
    matrix = skills.skills_matrix(db, project)
    assert [m.full_name for m in matrix.members] == ["Amir Khan", "Priya Shah"]
    assert matrix.cell(planner, "cm_contract") is None
    unrated = matrix.cell(planner, "pm_planning")
    assert unrated is not None and not unrated.current.rated and unrated.gap == 2
    assert len(matrix.cells) == 6


def test_rating_validation_names_each_problem(db: Database) -> None:
    person = _person(db)
    bad = skills.RatingInput(4, None, "31/02/2026")
    problems = _problems(lambda: skills.rate(db, person, "cm_contract", bad, TODAY))
    assert problems["self_level"] == "The self-rating must be from 0 (none) to 3 (expert)."
    assert "not a real date" in problems["rated_on"]
    none_given = skills.RatingInput(None, None, "01/01/2026")
    problems = _problems(lambda: skills.rate(db, person, "nope", none_given, TODAY))
    assert problems["manager_level"] == "Give a self-rating, a manager's rating or both."
    assert problems["competency_key"] == "That competency is no longer in the framework."
    future = skills.RatingInput(2, None, "16/10/2026")
    assert (
        "future" in _problems(lambda: skills.rate(db, person, "pm_risk", future, TODAY))["rated_on"]
    )


def test_evidence_keeps_what_was_typed(db: Database) -> None:
    person = _person(db)
    form = skills.RatingInput(None, 2, "01/09/2026", "A & B <team>", "Ran <b>two</b> & more")
    skills.rate(db, person, "pm_risk", form, TODAY)
    rating = skills.ratings_for(db, person)[0]
    assert (rating.rated_by, rating.evidence) == ("A & B <team>", "Ran <b>two</b> & more")


def test_organisation_gaps_cover_every_active_project_largest_first(
    db: Database, make_project: MakeProject
) -> None:
    waste = make_project(db, reference="ENV-01", supplier_category=STRATEGIC)
    meals = make_project(db, reference="ASC-02", supplier_category=GENERAL)
    closed = make_project(db, reference="OLD-03", status=ProjectStatus.CLOSED)
    priya, amir = _person(db, "Priya Shah"), _person(db, "Amir Khan")
    add_member(db, waste, MemberInput(priya, "0.5", (CM,)))
    add_member(db, meals, MemberInput(amir, "0.2", (TeamRole.PROCUREMENT,)))
    add_member(db, closed, MemberInput(amir, "0.2", (CM,)))
    _rate(db, priya, "cm_contract", manager=2)
    _rate(db, amir, "pr_tender", manager=1)

    rows = skills.organisation_gaps(db)
    assert {row.project_reference for row in rows} == {"ENV-01", "ASC-02"}
    assert [row.gap for row in rows] == sorted((row.gap for row in rows), reverse=True)
    assert (rows[0].project_reference, rows[0].competency_key, rows[0].gap) == (
        "ENV-01",
        "cm_duty_to_warn",
        3,
    )
    amirs = skills.gaps_for_person(db, amir)
    assert [(r.competency_key, r.gap) for r in amirs] == [("pr_specification", 2)]


def test_a_renamed_competency_keeps_its_ratings_and_replacing_can_be_undone(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db, supplier_category=STRATEGIC)
    person = _person(db)
    add_member(db, project, MemberInput(person, "0.5", (CM,)))
    _rate(db, person, "cm_contract", manager=3)
    original = list_competencies(db)
    edited = [
        dataclasses.replace(row, name="Running the contract", strategic=2)
        if row.key == "cm_contract"
        else row
        for row in original
        if row.key != "cm_duty_to_warn"
    ]
    edited.append(CompetencyInput("", CM, "Exit & <handover> planning", general=1))

    before = replace_framework(db, edited)

    assert before == original
    now = {row.key: row for row in list_competencies(db)}
    assert now["cm_contract"].name == "Running the contract"
    assert "cm_duty_to_warn" not in now
    added = [row for row in now.values() if row.name == "Exit & <handover> planning"]
    assert added and added[0].key.startswith("contract_man")
    assert skills.ratings_for(db, person)[0].competency_name == "Running the contract"
    replace_framework(db, before)
    assert list_competencies(db) == original


def test_the_framework_refuses_blank_and_duplicate_names_and_levels_out_of_range(
    db: Database,
) -> None:
    rows = list_competencies(db)
    rows[1] = dataclasses.replace(rows[1], name="  ")
    rows[2] = dataclasses.replace(rows[2], name=rows[0].name.upper(), strategic=4)
    problems = _problems(lambda: replace_framework(db, rows))
    assert problems["1.name"] == "Give the competency's name."
    assert problems["2.name"] == f"{rows[0].name.upper()} is in the framework twice."
    assert problems["2.strategic"] == "The required level must be from 0 (none) to 3 (expert)."
    assert len(list_competencies(db)) == len(rows)
    assert SkillLevel(rows[0].general) is SkillLevel.AWARENESS


def test_current_levels_take_the_managers_latest_view(
    db: Database, make_project: MakeProject
) -> None:
    from commissioner.services.people import PersonInput, add_person

    person = add_person(db, PersonInput("Priya Shah", "Commissioning Manager"))
    for on, self_level, manager in (("01/03/2026", 3, 1), ("01/06/2026", 3, None)):
        form = skills.RatingInput(self_level, manager, on)
        skills.rate(db, person, "cm_duty_to_warn", form, TODAY)
    assert skills.current_levels(db, [person]) == {person: {"cm_duty_to_warn": 1}}
    assert skills.current_levels(db, []) == {}
