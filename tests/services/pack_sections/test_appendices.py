"""The pack's appendices: every register in full, lettered A to F on landscape pages,
equal to what the registers hold; one line for an empty register; long text cut
sensibly; and a large project built well inside a second."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import insert, select

from commissioner.models import (
    CommunicationEntry,
    CommunicationParticipant,
    Project,
    RaidItem,
    Stakeholder,
)
from commissioner.models.enums import (
    CommunicationType,
    Direction,
    RaidKind,
    RaidStatus,
    StakeholderType,
)
from commissioner.models.money import format_pounds
from commissioner.reports.blocks import Block, Paragraph, Section, Subheading, Table
from commissioner.services import actions, change_requests, communications, costs, stakeholders
from commissioner.services.communications import LogFilter, MeetingInput
from commissioner.services.pack_sections.appendices import build_appendices, reporting_period
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.wording import TEXT_LIMIT, shorten
from commissioner.services.risk_register import (
    LIVE_STATUSES,
    RegisterFilter,
    count_register,
    fetch_register,
)
from commissioner.services.risk_settings import load_risk_settings
from commissioner.services.stakeholders import StakeholderInput
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
HEADINGS = [
    "Appendix A – Risk register",
    "Appendix B – Communications log",
    "Appendix C – Actions and decisions",
    "Appendix D – Stakeholder register",
    "Appendix E – Cost lines",
    "Appendix F – Change requests",
]


def _project(db: Database, prefix: str) -> int:
    with db.session() as session:
        references = dict(session.execute(select(Project.reference, Project.id)).all())
    return next(pid for ref, pid in references.items() if ref.startswith(prefix))


def _context(project_id: int) -> PackContext:
    return PackContext(project_id, TODAY, "November 2026", PackFigures())


def _build(db: Database, project_id: int) -> Section:
    return build_appendices(db, _context(project_id))


def _part(section: Section, letter: str) -> list[Block]:
    start = next(
        i
        for i, block in enumerate(section.blocks)
        if isinstance(block, Subheading) and block.text.startswith(f"Appendix {letter} ")
    )
    rest: list[Block] = []
    for block in section.blocks[start + 1 :]:
        if isinstance(block, Subheading):
            break
        rest.append(block)
    return rest


def _tables(blocks: list[Block]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


# --- The demo portfolio ---------------------------------------------------------------


def test_registers_are_lettered_wide_tables_on_landscape_pages(demo: Database) -> None:
    section = _build(demo, _project(demo, "WST"))

    assert (section.key, section.title, section.landscape) == ("appendices", "Appendices", True)
    assert [b.text for b in section.blocks if isinstance(b, Subheading)] == HEADINGS
    tables = [block for block in section.blocks if isinstance(block, Table)]
    assert len(tables) == 7
    assert all(table.wide and table.rows for table in tables)


def test_the_risk_register_holds_every_open_entry(demo: Database) -> None:
    project = _project(demo, "WST")
    table = _tables(_part(_build(demo, project), "A"))[0]
    register = RegisterFilter(project_id=project, statuses=LIVE_STATUSES, today=TODAY)
    entries = fetch_register(demo, register, offset=0, limit=1000)
    settings = load_risk_settings(demo)

    assert len(table.rows) == count_register(demo, register) == len(entries) == 38
    assert [row[0] for row in table.rows] == [entry.reference for entry in entries]
    for row, entry in zip(table.rows, entries, strict=True):
        assert row[9] != "Closed"
        if entry.kind is RaidKind.RISK:
            band = settings.band(entry.levels.residual_score)
            assert row[6:8] == (str(entry.levels.residual_score), band.name if band else "")
    assert {column.title for column in table.columns if column.rating} == {
        "Band or priority",
        "Appetite",
    }


def test_the_communications_log_is_the_period_oldest_first(demo: Database) -> None:
    project = _project(demo, "EDU")
    table = _tables(_part(_build(demo, project), "B"))[0]
    period = LogFilter(project, date_from=dt.date(2026, 11, 1), date_to=TODAY)
    newest_first = communications.fetch_log(demo, period, offset=0, limit=1000)

    assert len(table.rows) == communications.count_log(demo, period) == 47
    assert [row[3] for row in table.rows] == [entry.subject for entry in reversed(newest_first)]
    first = communications.entry_detail(demo, newest_first[-1].id)
    assert table.rows[0][0] == first.occurred_at.strftime("%d/%m/%Y")
    assert table.rows[0][5] == ", ".join(sorted(first.participants, key=str.casefold))


def test_actions_decisions_and_stakeholders_are_complete(demo: Database) -> None:
    project = _project(demo, "WST")
    section = _build(demo, project)
    action_table, decision_table = _tables(_part(section, "C"))
    listed = actions.list_actions(demo, project, today=TODAY)
    people = stakeholders.list_stakeholders(demo, project, TODAY)
    register = _tables(_part(section, "D"))[0]

    assert len(action_table.rows) == len(listed) == 62
    assert sum(row[3] == "Overdue" for row in action_table.rows) == sum(a.overdue for a in listed)
    assert len(decision_table.rows) == len(actions.list_decisions(demo, project)) == 47
    assert [row[0] for row in register.rows] == [person.name for person in people]
    assert sum(row[-1] == "Overdue" for row in register.rows) == sum(p.overdue for p in people)


def test_cost_lines_add_up_to_the_cost_position(demo: Database) -> None:
    project = _project(demo, "EDU")
    table = _tables(_part(_build(demo, project), "E"))[0]
    position = costs.get_cost_position(demo, project, TODAY)

    assert table.total_row
    total = table.rows[-1]
    assert total[0] == "Total"
    assert total[3] == format_pounds(position.profiled_budget)
    assert total[4] == format_pounds(position.spend_to_date)
    assert total[5] == format_pounds(position.forecast_at_completion)
    assert len(table.rows) == len(costs.get_cost_sheet(demo, project, TODAY).lines) + 1


def test_change_requests_show_decisions_and_linked_risks(demo: Database) -> None:
    project = _project(demo, "WST")
    table = _tables(_part(_build(demo, project), "F"))[0]
    rows = {row[0]: row for row in table.rows}

    assert list(rows) == [r.reference for r in change_requests.list_change_requests(demo, project)]
    assert rows["CR-003"][3] == "+£120,000"
    assert rows["CR-003"][7:9] == ("Proposed", "Awaiting decision")
    assert rows["CR-002"][5] == "Yes" and rows["CR-002"][9] == "R-031"
    assert rows["CR-002"][8] == "Cabinet, 24/02/2026"


# --- Built for the purpose ------------------------------------------------------------


def test_an_empty_project_says_so_once_per_register(
    db: Database, make_project: MakeProject
) -> None:
    section = _build(db, make_project(db))

    assert not any(isinstance(block, Table) for block in section.blocks)
    assert list(section.blocks) == [
        Subheading(HEADINGS[0]),
        Paragraph("No RAID entries are open for this project.", kind="empty"),
        Subheading(HEADINGS[1]),
        Paragraph("No communications were logged in November 2026.", kind="empty"),
        Subheading(HEADINGS[2]),
        Paragraph("No actions or decisions are recorded.", kind="empty"),
        Subheading(HEADINGS[3]),
        Paragraph("No stakeholders are recorded.", kind="empty"),
        Subheading(HEADINGS[4]),
        Paragraph("No cost lines are recorded.", kind="empty"),
        Subheading(HEADINGS[5]),
        Paragraph("No change requests are recorded.", kind="empty"),
    ]


def test_long_summaries_are_cut_and_user_text_kept_literally(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    names = (HOSTILE, "Smith, Jones & Co <Ltd>")
    people = tuple(
        stakeholders.add_stakeholder(db, project, StakeholderInput(name, StakeholderType.SUPPLIER))
        for name in names
    )
    summary = HOSTILE + "\n\n" + "word " * 300
    form = MeetingInput("12/11/2026", HOSTILE, summary=summary, participant_ids=people)
    communications.log_meeting(db, project, form)
    row = _tables(_part(_build(db, project), "B"))[0].rows[0]

    assert row[3] == HOSTILE
    assert len(row[4]) <= TEXT_LIMIT and row[4].endswith("…")
    assert row[4].startswith(HOSTILE + " word word") and "\n" not in row[4]
    assert row[5] == ", ".join(sorted(names, key=str.casefold))


def test_shorten_keeps_text_at_the_limit_and_cuts_at_a_word() -> None:
    exact = "a" * TEXT_LIMIT
    assert shorten(exact) == exact
    cut = shorten("alpha beta " * 40)
    assert cut.endswith("beta…") or cut.endswith("alpha…")
    assert len(cut) <= TEXT_LIMIT
    assert shorten("  two\nlines  ") == "two lines"
    padded = shorten(" " * 700 + "word " * 100)
    assert padded.startswith("word word") and padded.endswith("word…")
    assert len(padded) <= TEXT_LIMIT


def test_the_period_is_the_month_holding_as_of() -> None:
    context = PackContext(1, dt.date(2026, 2, 14), "February 2026", PackFigures())
    assert reporting_period(context) == (dt.date(2026, 2, 1), dt.date(2026, 2, 14))


def _fill_large_project(db: Database, project: int) -> None:
    """500 open risks (and 20 closed), 2,000 log entries in November with two
    participants each and long summaries: the large project of the brief."""
    risks = [
        {
            "project_id": project,
            "kind": RaidKind.RISK,
            "reference": f"R-{n:03d}",
            "title": f"Risk number {n}",
            "residual_likelihood": n % 5 + 1,
            "residual_impact": (n * 3) % 5 + 1,
            "status": RaidStatus.CLOSED if n > 500 else RaidStatus.OPEN,
        }
        for n in range(1, 521)
    ]
    start = dt.datetime(2026, 11, 1, 8)
    entries = [
        {
            "project_id": project,
            "occurred_at": start + dt.timedelta(minutes=20 * n),
            "communication_type": CommunicationType.EMAIL,
            "formal": False,
            "direction": Direction.OUTBOUND,
            "subject": f"Update {n}",
            "summary": "A long note about the contract. " * 40,
        }
        for n in range(2000)
    ]
    people = [
        {"project_id": project, "name": f"Person {n}", "stakeholder_type": StakeholderType.SUPPLIER}
        for n in range(2)
    ]
    with db.session() as session:
        session.execute(insert(RaidItem), risks)
        session.execute(insert(CommunicationEntry), entries)
        session.execute(insert(Stakeholder), people)
        entry_ids = session.scalars(
            select(CommunicationEntry.id).where(CommunicationEntry.project_id == project)
        ).all()
        people_ids = session.scalars(
            select(Stakeholder.id).where(Stakeholder.project_id == project)
        ).all()
        links = [
            {"communication_id": entry, "stakeholder_id": person}
            for entry in entry_ids
            for person in people_ids
        ]
        session.execute(insert(CommunicationParticipant), links)


def test_a_large_project_builds_well_inside_a_second(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    _fill_large_project(db, project)

    started = time.perf_counter()
    section = _build(db, project)
    elapsed = time.perf_counter() - started

    assert len(_tables(_part(section, "A"))[0].rows) == 500
    log = _tables(_part(section, "B"))[0]
    assert len(log.rows) == 2000
    assert all(len(row[4]) <= TEXT_LIMIT for row in log.rows)
    assert log.rows[0][5] == "Person 0, Person 1"
    assert elapsed < 1.0, f"appendices took {elapsed:.2f} s"
