"""The pack's client team section: coverage, capacity, gaps and the training plan as the
team, skills and training services report them; long gap lists capped; the empty
project in one line per part; user text carried literally."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from commissioner.models import Project
from commissioner.models.enums import SupplierCategory, TeamRole, TrainingStatus
from commissioner.models.money import format_pounds
from commissioner.reports.blocks import (
    Block,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services import skills, team, training
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.team_capability import build_team_capability
from commissioner.services.people import PersonInput, add_person
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'


def _project(db: Database, prefix: str) -> int:
    with db.session() as session:
        references = dict(session.execute(select(Project.reference, Project.id)).all())
    return next(pid for ref, pid in references.items() if ref.startswith(prefix))


def _build(db: Database, project_id: int) -> Section:
    context = PackContext(project_id, TODAY, "November 2026", PackFigures())
    return build_team_capability(db, context)


def _figures(section: Section) -> dict[str, KeyFigure]:
    tiles = next(block for block in section.blocks if isinstance(block, KeyFigures))
    return {figure.label: figure for figure in tiles.figures}


def _lead(section: Section) -> str:
    return next(b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "lead")


def _part(section: Section, heading: str) -> list[Block]:
    start = next(
        i
        for i, block in enumerate(section.blocks)
        if isinstance(block, Subheading) and block.text == heading
    )
    rest: list[Block] = []
    for block in section.blocks[start + 1 :]:
        if isinstance(block, Subheading):
            break
        rest.append(block)
    return rest


def _tables(blocks: list[Block]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def _member(db: Database, project: int, name: str, fte: str, *roles: TeamRole) -> int:
    person = add_person(db, PersonInput(name, "Commissioning officer"))
    team.add_member(db, project, team.MemberInput(person, fte, roles))
    return person


# --- The demo portfolio ---------------------------------------------------------------


def test_headline_figures_equal_the_services(demo: Database) -> None:
    project = _project(demo, "WST")
    section = _build(demo, project)
    figures = _figures(section)
    view = team.team_for_project(demo, project)
    gaps = skills.gaps_for_project(demo, project)
    plan = training.plan_for_project(demo, project, TODAY)

    assert (section.key, section.title) == ("team", "Client team capability")
    assert figures["Team capacity"].value == "1.6 FTE"
    assert figures["Team capacity"].note == "meets the 1.6 FTE planned"
    assert figures["Roles not covered"].value == str(sum(r.flagged for r in view.roles)) == "1"
    assert figures["Skills gaps"].value == str(len(gaps)) == "8"
    assert figures["Training overdue"].value == str(plan.overdue_count) == "1"
    assert figures["Training overdue"].rating == "Overdue"
    assert "Covered at awareness only: contract management." in _lead(section)


def test_role_coverage_reads_the_team_view(demo: Database) -> None:
    project = _project(demo, "ASC-2025-01")
    table = _tables(_part(_build(demo, project), "Role coverage"))[0]
    view = team.team_for_project(demo, project)

    assert [row[0] for row in table.rows] == [role.label for role in TeamRole]
    for row, cover in zip(table.rows, view.roles, strict=True):
        assert row[1] == (", ".join(cover.holders) or "Nobody")
    coverage = {row[0]: row[2] for row in table.rows}
    assert coverage["Service design"] == "Not covered"
    assert coverage["Project management"] == "Covered"
    assert next(column for column in table.columns if column.title == "Coverage").rating


def test_a_capacity_shortfall_is_in_the_lead(demo: Database) -> None:
    section = _build(demo, _project(demo, "ASC-2025-01"))
    assert _lead(section).startswith(
        "The team gives the project 1 FTE against 1.6 FTE planned: 0.6 FTE short."
    )
    assert _figures(section)["Team capacity"].note == "0.6 FTE short of 1.6 FTE planned"


def test_gaps_and_training_plan_equal_the_services(demo: Database) -> None:
    project = _project(demo, "WST")
    section = _build(demo, project)
    gaps = skills.gaps_for_project(demo, project)
    plan = training.plan_for_project(demo, project, TODAY)

    gap_table = _tables(_part(section, "Skills gaps"))[0]
    assert [(row[0], row[1]) for row in gap_table.rows] == [
        (gap.full_name, gap.competency_name) for gap in gaps
    ]
    assert gap_table.rows[0][3:5] == ("Expert", "Awareness")
    training_part = _part(section, "Training plan")
    counts, overdue = _tables(training_part)
    assert {row[0]: int(row[1]) for row in counts.rows} == {
        status.label: sum(1 for a in plan.actions if a.status is status)
        for status in TrainingStatus
    }
    assert (
        Paragraph(
            f"The plan costs {format_pounds(plan.total_cost_pence)}, leaving out cancelled actions."
        )
        in training_part
    )
    assert overdue.rows == (
        (
            "Daniel Osei",
            "Accredited contract management practitioner course (five days)",
            "12/11/2026",
            "18",
        ),
    )


# --- Built for the purpose ------------------------------------------------------------


def test_a_long_gap_list_is_capped(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, supplier_category=SupplierCategory.STRATEGIC_PARTNER)
    _member(db, project, "Sam Reed", "0.5", *TeamRole)
    gaps = skills.gaps_for_project(db, project)
    part = _part(_build(db, project), "Skills gaps")

    assert len(gaps) > 10
    assert len(_tables(part)[0].rows) == 10
    assert part[-1] == Paragraph(f"… and {len(gaps) - 10} more gaps in the skills audit.", "note")
    assert _tables(part)[0].rows[0][4:] == ("Not rated", "None planned")


def test_overdue_training_counts_days_past_due(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    person = _member(db, project, "Sam Reed", "0.5", TeamRole.PROJECT_MANAGEMENT)
    for description, due in (("Late course", "01/11/2026"), ("Due today", "30/11/2026")):
        form = training.ActionInput(person, description, due_on=due)
        training.add_action(db, form, TODAY)
    section = _build(db, project)
    overdue = _tables(_part(section, "Training plan"))[1]

    assert overdue.rows == (("Sam Reed", "Late course", "01/11/2026", "29"),)
    assert _figures(section)["Training overdue"].note == "of 2 open actions"


def test_an_empty_project_says_so_in_one_line_per_part(
    db: Database, make_project: MakeProject
) -> None:
    section = _build(db, make_project(db))
    empty = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "empty"]

    assert not any(isinstance(block, Table) for block in section.blocks)
    assert empty == [
        "No role is covered yet: the client team has no members.",
        "No one is on this project's client team yet.",
        "No skills gaps: every member meets what their roles need on this project.",
        "No training actions are planned for this team.",
    ]
    assert _figures(section)["Team capacity"].value == "0 FTE"


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _member(db, project, HOSTILE, "0.4", TeamRole.PROJECT_MANAGEMENT)
    team.set_team_plan(db, project, team.TeamPlanInput("1", "Smith & Jones <Ltd> support"))
    section = _build(db, project)

    members = _tables(_part(section, "Team and capacity"))[0]
    assert members.rows[0][0] == HOSTILE
    assert members.rows[-1] == ("Team total", "", "0.4", "")
    assert Paragraph("Team plan: Smith & Jones <Ltd> support", kind="note") in section.blocks
    assert _tables(_part(section, "Role coverage"))[0].rows[0][1] == HOSTILE
    assert "0.6 FTE short" in _lead(section)
