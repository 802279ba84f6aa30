"""The pack's stage and gate position section, on the demo portfolio and on bare projects."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from commissioner.models.enums import GateDecision, StageKind, StageStatus
from commissioner.models.stage_rules import slip_band, slip_days, slip_text
from commissioner.reports.blocks import (
    Block,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
    Timeline,
)
from commissioner.services.gate_input import ConditionInput, GateInput, StageDatesInput
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.stage_position import (
    build_stage_position,
    gate_decision_needed,
    next_gate_text,
)
from commissioner.services.projects import list_projects
from commissioner.services.stages import get_stages, record_gate, update_stage_dates
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
B = TypeVar("B", bound=Block)


def project_id(db: Database, name: str) -> int:
    return next(p.id for p in list_projects(db, include_archived=True) if p.name == name)


def build(db: Database, pid: int, as_of: dt.date = TODAY) -> Section:
    return build_stage_position(db, PackContext(pid, as_of, "November 2026", PackFigures()))


def blocks(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def table_with(section: Section, title: str) -> Table:
    return next(t for t in blocks(section, Table) if any(c.title == title for c in t.columns))


def figure(section: Section, label: str) -> KeyFigure:
    return next(f for k in blocks(section, KeyFigures) for f in k.figures if f.label == label)


def texts(section: Section) -> list[str]:
    return [block.text for block in blocks(section, Paragraph)]


def test_section_identity_and_current_stage(demo: Database) -> None:
    section = build(demo, project_id(demo, "Home care recommissioning"))

    assert (section.key, section.title) == ("stages", "Stage and gate position")
    assert figure(section, "Current stage").value == "Procurement"
    assert figure(section, "Current stage").note == "Stage 3 of 5"
    assert any(
        text.startswith("The project is in Procurement (stage 3 of 5)") for text in texts(section)
    )


def test_stage_table_rates_each_finished_stage_by_its_slip(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    stages = get_stages(demo, pid).stages
    table = table_with(build(demo, pid), "Schedule")

    assert len(table.rows) == 5
    schedule = [c.title for c in table.columns].index("Schedule")
    against = [c.title for c in table.columns].index("Against plan")
    assert table.columns[schedule].rating
    for stage, row in zip(stages, table.rows, strict=True):
        if stage.status is StageStatus.COMPLETE:
            days = slip_days(stage.planned_end, stage.actual_end)
            band = slip_band(days)
            assert band is not None
            assert (row[schedule], row[against]) == (band.label, slip_text(days))
    # The demo's procurement overran by 60 days: past the red threshold.
    assert table.rows[2][schedule : against + 1] == ("Red", "60 days late")


def test_a_current_stage_not_yet_past_its_end_is_on_schedule_not_early(demo: Database) -> None:
    section = build(demo, project_id(demo, "Highways maintenance term contract"))

    assert figure(section, "Schedule").value == "On schedule"
    assert figure(section, "Schedule").rating == "Green"
    assert table_with(section, "Schedule").rows[4][5] == "on schedule"


def test_override_is_flagged_with_its_reason(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    stage = get_stages(demo, pid).stage(StageKind.CONTRACTING)
    section = build(demo, pid)

    assert table_with(section, "Schedule").rows[3][3] == "Complete, gate overridden"
    assert f"Contracting was left without an approving gate: {stage.override_reason}" in texts(
        section
    )


def test_timeline_draws_every_stage_and_each_gate_decision(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    stages = get_stages(demo, pid)
    (timeline,) = blocks(build(demo, pid), Timeline)

    assert timeline.today == "2026-11-30"
    assert [bar.label for bar in timeline.bars] == [s.kind.label for s in stages.stages]
    assert timeline.bars[2].status == "Complete, 60 days late"
    assert timeline.bars[2].rating == "Red"
    assert timeline.bars[4].status == "Current"
    decided = [g.decided_on.isoformat() for s in stages.stages for g in s.gates]
    assert [date for _, date in timeline.milestones] == decided
    assert timeline.milestones[3][0] == "Contracting gate: deferred"


def test_gate_table_and_open_conditions(demo: Database) -> None:
    pid = project_id(demo, "Home care recommissioning")
    section = build(demo, pid)
    gates = table_with(section, "Decision")
    conditions = table_with(section, "Condition")

    assert [row[1] for row in gates.rows] == ["Approved", "Approved with conditions"]
    assert gates.rows[1][5] == "1 of 2 met or waived"
    assert conditions.rows == (
        (
            "Cost model to be signed off by the Section 151 Officer.",
            "Service design, 02/07/2026",
            "Priya Shah",
            "27/08/2026",
            "Overdue",
        ),
    )
    assert next(c for c in conditions.columns if c.title == "Status").rating
    assert figure(section, "Open gate conditions").value == "1"
    assert figure(section, "Open gate conditions").rating == "Overdue"


def test_closed_project_has_no_gate_due(demo: Database) -> None:
    section = build(demo, project_id(demo, "Parks and grounds maintenance contract"))

    assert figure(section, "Next gate").value == "None due"
    assert any("All five stages are complete; no gate is due." in text for text in texts(section))
    assert "No gate conditions are open." in texts(section)


def test_new_project_says_so_in_one_line_each(db: Database, make_project: MakeProject) -> None:
    section = build(db, make_project(db, start_date=""))

    empty = [b.text for b in blocks(section, Paragraph) if b.kind == "empty"]
    assert empty == [
        "No stage dates are recorded, so there is no timeline.",
        "No gate decisions are recorded for this project yet.",
        "No gate conditions are set.",
    ]
    assert not blocks(section, Timeline)
    assert [row[1] for row in table_with(section, "Schedule").rows] == ["Not planned"] * 5
    assert figure(section, "Next gate").value == "Not planned"


def test_gate_due_within_a_board_cycle_and_overdue(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)  # needs assessment started 01/04/2026
    stage_id = get_stages(db, pid).current.id
    update_stage_dates(
        db, stage_id, StageDatesInput("01/04/2026", "31/12/2026", "01/04/2026"), today=TODAY
    )
    stages = get_stages(db, pid)

    assert gate_decision_needed(stages, TODAY)
    assert next_gate_text(stages, TODAY) == (
        "The Needs assessment gate is due by 31/12/2026, when the stage is planned to end "
        "(in 31 days)."
    )
    later = dt.date(2027, 1, 10)
    assert next_gate_text(stages, later) == (
        "The Needs assessment gate is overdue: the stage was planned to end on 31/12/2026 "
        "(10 days late)."
    )
    assert not gate_decision_needed(stages, dt.date(2026, 10, 1))
    assert figure(build(db, pid, later), "Next gate").rating == "Overdue"


def test_an_approving_gate_means_no_decision_is_needed(
    db: Database, make_project: MakeProject
) -> None:
    pid = make_project(db)
    stage_id = get_stages(db, pid).current.id
    update_stage_dates(
        db, stage_id, StageDatesInput("01/04/2026", "31/12/2026", "01/04/2026"), today=TODAY
    )
    form = GateInput(GateDecision.APPROVED, "20/11/2026", "Commissioning Board")
    record_gate(db, stage_id, form, today=TODAY)
    stages = get_stages(db, pid)

    assert not gate_decision_needed(stages, TODAY)
    assert next_gate_text(stages, TODAY) == (
        "The Needs assessment gate was approved on 20/11/2026; the project may move on to "
        "Service design."
    )
    assert figure(build(db, pid), "Next gate").value == "Approved"


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)
    stage_id = get_stages(db, pid).current.id
    form = GateInput(
        GateDecision.APPROVED_WITH_CONDITIONS,
        "20/11/2026",
        f"Board {HOSTILE}",
        notes=f"Notes {HOSTILE}",
        conditions=(ConditionInput(f"Do {HOSTILE}", f"Owner {HOSTILE}", "01/12/2026"),),
    )
    record_gate(db, stage_id, form, today=TODAY)
    section = build(db, pid)

    gate_row = table_with(section, "Decision").rows[0]
    assert (gate_row[3], gate_row[4]) == (f"Board {HOSTILE}", f"Notes {HOSTILE}")
    condition_row = table_with(section, "Condition").rows[0]
    assert condition_row[0] == f"Do {HOSTILE}"
    assert condition_row[2] == f"Owner {HOSTILE}"
    assert condition_row[4] == "Open"
