"""The pack's executive summary: confidence and its movement, headline figures, key
messages, the position by dimension and the decisions the board is asked to take."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TypeVar

import pytest

from commissioner.models.confidence_rules import DIMENSIONS
from commissioner.models.enums import ChangeRequestStatus, ConfidenceRating, Rag, RaidKind
from commissioner.reports.blocks import (
    Block,
    Bullets,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from commissioner.services.actions import ActionFilter, ActionInput, add_action, list_actions
from commissioner.services.change_requests import (
    ChangeRequestInput,
    add_change_request,
    list_change_requests,
)
from commissioner.services.confidence import ConfidenceInput, list_assessments, record_assessment
from commissioner.services.gate_input import StageDatesInput
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.summary import build_executive_summary
from commissioner.services.projects import list_projects
from commissioner.services.risk_register import LIVE_STATUSES, RegisterFilter, count_register
from commissioner.services.stages import get_stages, update_stage_dates
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
LABEL = "version 1.0 of 3 Nov 2026"
FIRST_PACK = "This is the first pack for this project; movements will show from the next one."
HOME_CARE = "Home care recommissioning"
B = TypeVar("B", bound=Block)


def project_id(db: Database, name: str) -> int:
    return next(p.id for p in list_projects(db, include_archived=True) if p.name == name)


def build(
    db: Database,
    pid: int,
    current: PackFigures | None = None,
    previous: PackFigures | None = None,
) -> Section:
    context = PackContext(
        pid, TODAY, "November 2026", current or PackFigures(), previous, LABEL if previous else ""
    )
    return build_executive_summary(db, context)


def blocks(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def figure(section: Section, label: str) -> KeyFigure:
    return next(f for k in blocks(section, KeyFigures) for f in k.figures if f.label == label)


def lead(section: Section) -> str:
    return next(b.text for b in blocks(section, Paragraph) if b.kind == "lead")


def table_with(section: Section, title: str) -> Table:
    return next(t for t in blocks(section, Table) if any(c.title == title for c in t.columns))


def messages(section: Section) -> tuple[str, ...]:
    found = blocks(section, Bullets)
    return found[0].items if found else ()


def dimension(section: Section, name: str) -> tuple[str, ...]:
    return next(row for row in table_with(section, "Dimension").rows if row[0] == name)


def test_confidence_leads_with_its_rationale_and_who_assessed(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    latest = list_assessments(demo, pid)[-1]
    section = build(demo, pid)

    assert (section.key, section.title) == ("summary", "Executive summary")
    tile = figure(section, "Delivery confidence")
    assert (tile.value, tile.rating, tile.note) == ("Amber/Red", "Amber/Red", "First pack")
    assert lead(section) == (
        f"Delivery confidence is Amber/Red, assessed on 14/11/2026 by {latest.assessed_by}. "
        f"{FIRST_PACK}"
    )
    assert Paragraph(latest.rationale) in section.blocks


@pytest.mark.parametrize(
    ("previous", "tile_note", "sentence"),
    [
        (
            "Amber/Green",
            "Down from Amber/Green at the last pack",
            f"Down from Amber/Green at {LABEL}.",
        ),
        ("Red", "Up from Red at the last pack", f"Up from Red at {LABEL}."),
        ("Amber/Red", "Unchanged since the last pack", f"Unchanged since {LABEL}."),
        ("", "", f"No delivery confidence was reported at {LABEL}."),
    ],
)
def test_confidence_movement_against_the_previous_pack(
    demo: Database, previous: str, tile_note: str, sentence: str
) -> None:
    section = build(demo, project_id(demo, HOME_CARE), previous=PackFigures(confidence=previous))

    assert figure(section, "Delivery confidence").note == tile_note
    assert lead(section).endswith(sentence)
    fell = f"Delivery confidence fell from Amber/Green to Amber/Red since {LABEL}."
    assert (fell in messages(section)) is (previous == "Amber/Green")


def test_an_assessment_after_the_period_is_not_reported(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    assessments = list_assessments(demo, pid)
    context = PackContext(
        pid, assessments[-1].assessed_on - dt.timedelta(days=1), "", PackFigures()
    )

    section = build_executive_summary(demo, context)

    assert figure(section, "Delivery confidence").value == assessments[-2].rating.label


def test_dimensions_are_the_assessment_then_the_measured_position(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    latest = list_assessments(demo, pid)[-1]
    current = PackFigures(budget_pence=100_000_00, forecast_pence=112_000_00, cost_rating="Red")
    section = build(demo, pid, current)
    table = table_with(section, "Dimension")

    assessed = [(row[0], row[1]) for row in table.rows[: len(DIMENSIONS)]]
    expected = [
        (name, rag.label) for column, name in DIMENSIONS if (rag := latest.dimension(column))
    ]
    assert assessed == expected
    assert table.columns[1].rating
    assert dimension(section, "Cost against tolerance") == (
        "Cost against tolerance",
        "Red",
        "Forecast £112,000 against budget £100,000",
    )
    assert dimension(section, "KPIs (worst rating)")[1:] == (
        "Red",
        "4 KPIs: 1 Red, 1 Amber, 2 No data",
    )


def test_risk_tile_counts_open_risks_and_those_outside_appetite(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    risks = RegisterFilter(project_id=pid, kinds=(RaidKind.RISK,), statuses=LIVE_STATUSES)
    open_risks = count_register(demo, risks)
    outside = count_register(demo, dataclasses.replace(risks, outside_appetite=True))
    tile = figure(build(demo, pid), "Open risks")

    assert outside > 0
    assert (tile.value, tile.rating, tile.note) == (
        str(open_risks),
        "Outside appetite",
        f"{outside} outside appetite",
    )


def test_cost_overrun_beyond_tolerance_is_a_key_message(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    current = PackFigures(
        budget_pence=38_500_000_00,
        forecast_pence=43_120_000_00,
        variance_pence=4_620_000_00,
        cost_rating="Red",
    )
    previous = PackFigures(confidence="Amber/Red", forecast_pence=42_000_000_00)
    section = build(demo, pid, current, previous)

    tile = figure(section, "Forecast at completion")
    assert (tile.value, tile.rating, tile.note) == (
        "£43.1m",
        "Red",
        "against £38.5m budget (+12.0%)",
    )
    assert messages(section)[0] == (
        "Forecast at completion of £43,120,000 is £4,620,000 (+12.0%) over the budget of "
        "£38,500,000: Red against the cost tolerances. The forecast rose £1.12m since "
        f"{LABEL}."
    )
    within = build(demo, pid, PackFigures(budget_pence=1, forecast_pence=1, cost_rating="Green"))
    assert not any("cost tolerances" in message for message in messages(within))


def test_key_messages_name_red_kpis_overdue_actions_and_conditions(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    overdue = list_actions(demo, pid, ActionFilter(overdue_only=True), today=TODAY)
    found = messages(build(demo, pid))

    assert "1 KPI is Red: K1 Care packages started within 7 days of assessment." in found
    action = next(m for m in found if "overdue; the oldest" in m)
    assert action.startswith(
        f"{len(overdue)} actions are overdue; the oldest, “{overdue[0].description}”"
    )
    assert "Appendix C" in action
    assert (
        "1 gate condition is overdue: Cost model to be signed off by the Section 151 Officer."
        in found
    )


def test_falling_supplier_alignment_is_a_key_message(demo: Database) -> None:
    found = messages(build(demo, project_id(demo, "Highways maintenance term contract")))

    assert any(
        m.startswith("Cultural alignment with Marston & Kerr Highways Ltd fell") for m in found
    )
    assert (
        "1 KPI measurement is overdue: K5 Street lighting faults repaired within 5 working days."
        in found
    )


def test_decisions_required_lists_proposed_changes_and_escalations(demo: Database) -> None:
    pid = project_id(demo, HOME_CARE)
    proposed = [
        c for c in list_change_requests(demo, pid) if c.status is ChangeRequestStatus.PROPOSED
    ]
    table = table_with(build(demo, pid), "Decision required")
    decisions = [row[0] for row in table.rows]

    assert proposed
    for change in proposed:
        assert f"Change request {change.reference}: {change.description}" in decisions
    escalated = [d for d in decisions if d.startswith(("Risk ", "Issue "))]
    assert escalated
    assert all("Escalated" in row[1] for row in table.rows if row[0] in escalated)


def test_empty_project_gives_one_line_each(db: Database, make_project: MakeProject) -> None:
    section = build(db, make_project(db))

    empty = [b.text for b in blocks(section, Paragraph) if b.kind == "empty"]
    assert empty == [
        "No delivery confidence assessment is recorded for this project.",
        "No decisions are required from the board this period.",
    ]
    assert figure(section, "Delivery confidence").value == "Not assessed"
    assert figure(section, "Open risks").value == "0"
    assert not blocks(section, Bullets)
    assert any(b.text.startswith("No exceptions to report") for b in blocks(section, Paragraph))
    # Without an assessment only the measured rows remain.
    assert [row[0] for row in table_with(section, "Dimension").rows] == [
        "Cost against tolerance",
        "KPIs (worst rating)",
        "Risk appetite",
        "Stage schedule",
    ]


def test_gate_due_is_a_decision_and_a_message(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)
    stage_id = get_stages(db, pid).current.id
    update_stage_dates(
        db, stage_id, StageDatesInput("01/04/2026", "15/11/2026", "01/04/2026"), today=TODAY
    )
    section = build(db, pid)

    due = (
        "The Needs assessment gate is overdue: the stage was planned to end on 15/11/2026 "
        "(15 days late)."
    )
    assert due in messages(section)
    assert table_with(section, "Decision required").rows[0] == (
        "Needs assessment gate decision",
        due,
        "Due 15/11/2026",
    )
    assert figure(section, "Stage").rating == Rag.AMBER.label


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)
    form = ConfidenceInput(
        "20/11/2026",
        ConfidenceRating.AMBER,
        f"Why {HOSTILE}",
        assessed_by=f"Board {HOSTILE}",
        dimensions={"rag_time": Rag.RED},
    )
    record_assessment(db, pid, form, today=TODAY)
    change = ChangeRequestInput(f"Change {HOSTILE}", "25/11/2026", cost_impact="£250,000")
    add_change_request(db, pid, change, TODAY)
    add_action(db, pid, ActionInput(f"Act {HOSTILE}", f"Owner {HOSTILE}", "01/11/2026"))
    section = build(db, pid)

    assert f"by Board {HOSTILE}." in lead(section)
    assert Paragraph(f"Why {HOSTILE}") in section.blocks
    assert table_with(section, "Decision required").rows[0] == (
        f"Change request CR-001: Change {HOSTILE}",
        "Cost +£250k",
        "Raised 25/11/2026",
    )
    assert (
        f"1 action is overdue; the oldest, “Act {HOSTILE}”, was due 01/11/2026 "
        f"(owner Owner {HOSTILE}). Appendix C lists every action."
    ) in messages(section)
    assert dimension(section, "Time")[1] == "Red"
    assert dimension(section, "Cost")[1] == "Not rated"
