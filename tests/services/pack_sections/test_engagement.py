"""The pack's stakeholder section: the figures equal what the services report, the
period is the pack's month, long lists point to the appendix, an empty project says so
line by line, and user text arrives in the blocks exactly as typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from commissioner.models import Project
from commissioner.models.enums import CommunicationType, StakeholderType, UnderstandingSubject
from commissioner.reports.blocks import (
    Block,
    Bullets,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services import actions, change_requests, communications, stakeholders
from commissioner.services.actions import ActionFilter, ActionInput
from commissioner.services.communications import LogFilter, MeetingInput
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.engagement import build_stakeholder_engagement
from commissioner.services.stakeholders import (
    ConfirmationInput,
    StakeholderInput,
    UnderstandingInput,
)
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
NOVEMBER = (dt.date(2026, 11, 1), TODAY)
HOSTILE = '<b>&amp; "x"'


def _project(db: Database, prefix: str) -> int:
    """A demo project by its reference's prefix and number, e.g. 'HWY' or 'ASC-2025-02'."""
    with db.session() as session:
        references = dict(session.execute(select(Project.reference, Project.id)).all())
    return next(pid for ref, pid in references.items() if ref.startswith(prefix))


def _build(db: Database, project_id: int) -> Section:
    context = PackContext(project_id, TODAY, "November 2026", PackFigures())
    return build_stakeholder_engagement(db, context)


def _figures(section: Section) -> dict[str, KeyFigure]:
    tiles = next(block for block in section.blocks if isinstance(block, KeyFigures))
    return {figure.label: figure for figure in tiles.figures}


def _part(section: Section, heading: str) -> list[Block]:
    """The blocks under a subheading, up to the next one."""
    start = next(
        i
        for i, block in enumerate(section.blocks)
        if isinstance(block, Subheading) and block.text.startswith(heading)
    )
    rest: list[Block] = []
    for block in section.blocks[start + 1 :]:
        if isinstance(block, Subheading):
            break
        rest.append(block)
    return rest


def _tables(blocks: list[Block]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def _lead(section: Section) -> str:
    return next(b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "lead")


def _stakeholder(db: Database, project: int, name: str, **fields: Any) -> int:
    form = StakeholderInput(name=name, stakeholder_type=StakeholderType.ELECTED_MEMBER)
    return stakeholders.add_stakeholder(db, project, replace(form, **fields))


def _meeting(db: Database, project: int, day: str, **fields: Any) -> int:
    return communications.log_meeting(db, project, MeetingInput(day, "Board", **fields))


# --- The demo portfolio ---------------------------------------------------------------


def test_headline_figures_equal_the_services(demo: Database) -> None:
    project = _project(demo, "WST")
    section = _build(demo, project)
    figures = _figures(section)
    logged = communications.count_log(
        demo, LogFilter(project, date_from=NOVEMBER[0], date_to=TODAY)
    )
    overdue = actions.list_actions(demo, project, ActionFilter(overdue_only=True), today=TODAY)
    waiting = stakeholders.outstanding_confirmations(demo, project)
    people = stakeholders.list_stakeholders(demo, project, TODAY)

    assert (section.key, section.title) == ("stakeholders", "Stakeholders, decisions and actions")
    assert figures["Stakeholders"].value == str(len(people)) == "11"
    assert figures["Communications"].value == str(logged) == "9"
    assert figures["Overdue actions"].value == str(len(overdue)) == "4"
    assert figures["Overdue actions"].rating == "Overdue"
    assert figures["Confirmations outstanding"].value == str(len(waiting)) == "3"
    assert "4 actions are overdue" in _lead(section)


def test_key_stakeholders_gone_quiet_are_named_as_the_overview_counts_them(
    demo: Database,
) -> None:
    project = _project(demo, "HWY")
    section = _build(demo, project)
    summary = stakeholders.engagement_summary(demo, project, TODAY)
    quiet = next(
        t for t in _tables(_part(section, "Stakeholder engagement")) if "Key" in t.columns[0].title
    )

    assert summary == "2 key stakeholders not engaged in 60 days"
    assert _lead(section).startswith(summary + ".")
    assert len(quiet.rows) == 2
    by_name = {row.name: row for row in stakeholders.list_stakeholders(demo, project, TODAY)}
    for name, _organisation, _role, last, days in quiet.rows:
        contact = by_name[name].last_contact
        assert contact is not None and (TODAY - contact).days > 60
        assert (last, days) == (contact.strftime("%d/%m/%Y"), str((TODAY - contact).days))


def test_quadrant_counts_cover_every_stakeholder(demo: Database) -> None:
    project = _project(demo, "LEI")
    grid = _tables(_part(_build(demo, project), "Stakeholder engagement"))[0]
    people = stakeholders.list_stakeholders(demo, project, TODAY)

    counts = {row[0]: int(row[1]) for row in grid.rows}
    assert sum(counts.values()) == len(people) == 12
    for row in people:
        assert counts[row.quadrant.label] >= 1
    overdue = {row[0]: int(row[2]) for row in grid.rows}
    assert sum(overdue.values()) == sum(1 for row in people if row.overdue)


def test_communications_by_channel_match_the_log(demo: Database) -> None:
    project = _project(demo, "EDU")
    table = _tables(_part(_build(demo, project), "Communications in November 2026"))[0]
    body, total = table.rows[:-1], table.rows[-1]

    assert table.total_row and total[0] == "Total"
    for label, count, _formal in body:
        kind = next(k for k in CommunicationType if k.label == label)
        log_filter = LogFilter(
            project, communication_type=kind, date_from=NOVEMBER[0], date_to=TODAY
        )
        assert int(count) == communications.count_log(demo, log_filter)
    assert int(total[1]) == sum(int(row[1]) for row in body) == 47
    assert [int(row[1]) for row in body] == sorted((int(row[1]) for row in body), reverse=True)


# --- Built for the purpose ------------------------------------------------------------


def test_the_period_is_the_month_of_the_pack(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _meeting(db, project, "31/10/2026", occurred_time=dt.time(23, 59), decisions=("Too early",))
    _meeting(db, project, "01/11/2026", occurred_time=dt.time(0, 0), decisions=("First day",))
    _meeting(db, project, "30/11/2026", occurred_time=dt.time(23, 30), decisions=("Last day",))
    section = _build(db, project)

    assert _figures(section)["Communications"].value == "2"
    decided = _tables(_part(section, "Decisions"))[0]
    assert [row[1] for row in decided.rows] == ["Last day", "First day"]


def test_overdue_actions_most_overdue_first_capped_with_the_appendix(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    for day in range(1, 13):
        actions.add_action(db, project, ActionInput(f"Action {day}", "Tom", f"{day:02d}/10/2026"))
    actions.add_action(db, project, ActionInput("Due today", "Tom", "30/11/2026"))
    done = actions.add_action(db, project, ActionInput("Done late", "Tom", "01/09/2026"))
    actions.mark_done(db, done, today=TODAY)
    part = _part(_build(db, project), "Overdue actions")
    table = _tables(part)[0]

    assert len(table.rows) == 10
    assert table.rows[0] == ("Action 1", "Tom", "01/10/2026", "60")
    assert table.rows[-1][0] == "Action 10"
    assert Paragraph("… and 2 more in Appendix C.", kind="note") in part
    assert not any(row[0] in ("Due today", "Done late") for row in table.rows)


def test_decisions_awaited_name_the_gate_and_proposed_change_requests(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    form = change_requests.ChangeRequestInput(
        "Extend the pilot to two more wards", "02/11/2026", cost_impact="£45,000"
    )
    change_requests.add_change_request(db, project, form, TODAY)
    part = _part(_build(db, project), "Decisions")
    awaited = next(block for block in part if isinstance(block, Bullets)).items

    assert awaited[0].startswith("Gate decision to leave needs assessment")
    assert awaited[1] == "CR-001 Extend the pilot to two more wards (raised 02/11/2026, +£45k)."


def test_confirmations_show_who_has_yet_to_confirm(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    ann = _stakeholder(db, project, "Ann Lee")
    raj = _stakeholder(db, project, "Raj Patel")
    form = UnderstandingInput(UnderstandingSubject.TIMETABLE, "Go-live", "", (ann, raj))
    stakeholders.add_understanding_item(db, project, form)
    first = stakeholders.list_understanding_items(db, project)[0].confirmations[0]
    stakeholders.record_confirmation(db, first.id, ConfirmationInput("10/11/2026", "email"), TODAY)

    table = _tables(_part(_build(db, project), "Confirmations of understanding"))[0]
    assert table.rows == (("Go-live", "Timetable", "1 of 2", "Raj Patel"),)

    second = stakeholders.list_understanding_items(db, project)[0].confirmations[1]
    stakeholders.record_confirmation(db, second.id, ConfirmationInput("11/11/2026", "call"), TODAY)
    part = _part(_build(db, project), "Confirmations of understanding")
    assert part == [Paragraph("All 2 confirmations of understanding are in.")]


def test_an_empty_project_says_so_in_one_line_per_part(
    db: Database, make_project: MakeProject
) -> None:
    section = _build(db, make_project(db))
    empty = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "empty"]

    assert not any(isinstance(block, Table) for block in section.blocks)
    assert empty == [
        "No stakeholders are recorded for this project.",
        "No communications were logged in November 2026.",
        "No decisions were recorded in November 2026.",
        "No actions are overdue.",
        "No confirmations of understanding have been requested for this project.",
    ]
    assert {figure.value for figure in _figures(section).values()} == {"0"}
    assert _lead(section) == "No key stakeholders identified yet."


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _stakeholder(db, project, HOSTILE, interest=5, influence=5, organisation="Smith & Jones <Ltd>")
    actions.add_action(db, project, ActionInput(HOSTILE, "Smith & Jones <Ltd>", "01/11/2026"))
    _meeting(db, project, "05/11/2026", decisions=(HOSTILE,))
    section = _build(db, project)

    quiet = _tables(_part(section, "Stakeholder engagement"))[1]
    assert quiet.rows[0][:2] == (HOSTILE, "Smith & Jones <Ltd>")
    assert quiet.rows[0][3] == "Never"
    overdue = _tables(_part(section, "Overdue actions"))[0]
    assert overdue.rows[0][:2] == (HOSTILE, "Smith & Jones <Ltd>")
    decided = _tables(_part(section, "Decisions"))[0]
    assert decided.rows[0][1] == HOSTILE
