"""Stage and gate use cases: checklists, gate decisions, advancing, dates, conditions, undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models import AuditEntry, Gate, GateCondition
from commissioner.models.enums import (
    ConditionStatus,
    GateDecision,
    StageKind,
    StageStatus,
    WarningStatus,
)
from commissioner.models.stage_rules import SnapshotLine
from commissioner.services import stages
from commissioner.services.projects import get_project, restore_records
from commissioner.services.stages import (
    ConditionInput,
    GateInput,
    StageDatesInput,
)
from commissioner.storage import Database

MakeProject = Callable[..., int]
D = dt.date
TODAY = D(2026, 11, 20)
STARTED = D(2026, 4, 1)  # the conftest project's start date


def approve(**overrides: object) -> GateInput:
    fields: dict[str, object] = {
        "decision": GateDecision.APPROVED,
        "decided_on": "15/06/2026",
        "decision_maker": "Commissioning Board",
    }
    fields.update(overrides)
    return GateInput(**fields)  # type: ignore[arg-type]


def stage_of(db: Database, project_id: int, kind: StageKind) -> stages.StageView:
    return stages.get_stages(db, project_id).stage(kind)


def gate_problems(db: Database, stage_id: int, form: GateInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        stages.record_gate(db, stage_id, form, today=TODAY)
    return error.value.problems


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> int:
    return make_project(db)


@pytest.fixture
def needs(db: Database, project: int) -> stages.StageView:
    return stage_of(db, project, StageKind.NEEDS_ASSESSMENT)


# ----- checklists and templates ------------------------------------------------


def test_new_projects_get_each_stages_checklist_from_the_templates(
    db: Database, project: int
) -> None:
    templates = stages.list_templates(db)
    view = stages.get_stages(db, project)

    assert [stage.kind for stage in view.stages] == list(StageKind)
    for stage in view.stages:
        assert [item.text for item in stage.checklist] == list(templates[stage.kind])
        assert not any(item.done for item in stage.checklist)
    assert "Service users and carers consulted" in templates[StageKind.NEEDS_ASSESSMENT]


def test_template_edits_affect_new_projects_only(
    db: Database, make_project: MakeProject, project: int
) -> None:
    previous = stages.replace_templates(
        db, StageKind.PROCUREMENT, ["  Soft market test   held ", "", "Tender issued"]
    )

    assert "Early market engagement held" in previous
    assert stages.list_templates(db)[StageKind.PROCUREMENT] == (
        "Soft market test held",
        "Tender issued",
    )
    old = stage_of(db, project, StageKind.PROCUREMENT)
    new = stage_of(db, make_project(db), StageKind.PROCUREMENT)
    assert [item.text for item in old.checklist] == list(previous)
    assert [item.text for item in new.checklist] == ["Soft market test held", "Tender issued"]


def test_replacing_templates_with_the_previous_lines_undoes_the_edit(db: Database) -> None:
    original = stages.list_templates(db)[StageKind.DELIVERY]
    reordered = [*reversed(original), "Lessons learned recorded"]

    previous = stages.replace_templates(db, StageKind.DELIVERY, reordered)
    assert stages.list_templates(db)[StageKind.DELIVERY] == tuple(reordered)
    stages.replace_templates(db, StageKind.DELIVERY, previous)

    assert stages.list_templates(db)[StageKind.DELIVERY] == original


def test_template_lines_must_not_repeat(db: Database) -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        stages.replace_templates(db, StageKind.DELIVERY, ["Review held", "review held"])


def test_ticking_an_item_records_the_day_and_returns_the_item_as_it_was(
    db: Database, project: int, needs: stages.StageView
) -> None:
    item = needs.checklist[0]

    before = stages.set_checklist_item_done(db, item.id, True, D(2026, 5, 1))
    ticked = stage_of(db, project, StageKind.NEEDS_ASSESSMENT).checklist[0]

    assert before == item
    assert (ticked.done, ticked.done_on) == (True, D(2026, 5, 1))
    stages.set_checklist_item_done(db, item.id, before.done, before.done_on)
    assert stage_of(db, project, StageKind.NEEDS_ASSESSMENT).checklist[0] == item


# ----- gates ---------------------------------------------------------------------


def test_recording_a_gate_freezes_the_checklist_as_it_stood(
    db: Database, project: int, needs: stages.StageView
) -> None:
    first, second = needs.checklist[0], needs.checklist[1]
    stages.set_checklist_item_done(db, first.id, True, D(2026, 5, 1))

    stages.record_gate(db, needs.id, approve(), today=TODAY)
    stages.set_checklist_item_done(db, second.id, True, D(2026, 6, 20))
    stages.set_checklist_item_done(db, first.id, False, None)

    gate = stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates[0]
    assert gate.checklist_snapshot[:2] == (
        SnapshotLine(first.text, True),
        SnapshotLine(second.text, False),
    )
    assert len(gate.checklist_snapshot) == len(needs.checklist)


def test_a_gate_with_conditions_tracks_each_one(db: Database, project: int, needs) -> None:
    form = approve(
        decision=GateDecision.APPROVED_WITH_CONDITIONS,
        gateway_review="Gate 1: business justification",
        notes="Approved subject to the equality impact assessment.",
        conditions=(
            ConditionInput("Equality impact assessment completed", "Lucy Farrell", "31/07/2026"),
            ConditionInput("", "", ""),  # a blank row in the form is ignored
            ConditionInput("Cost model signed off by the S151 officer"),
        ),
    )

    gate_id = stages.record_gate(db, needs.id, form, today=TODAY)

    gate = stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates[0]
    assert gate.id == gate_id
    assert (gate.decision, gate.decided_on, gate.decision_maker) == (
        GateDecision.APPROVED_WITH_CONDITIONS,
        D(2026, 6, 15),
        "Commissioning Board",
    )
    assert gate.gateway_review == "Gate 1: business justification"
    assert [(c.text, c.owner, c.due_on, c.status) for c in gate.conditions] == [
        ("Equality impact assessment completed", "Lucy Farrell", D(2026, 7, 31), "open"),
        ("Cost model signed off by the S151 officer", "", None, "open"),
    ]
    assert gate.open_conditions == 2
    assert gate.conditions[0].is_overdue(TODAY)
    assert not gate.conditions[1].is_overdue(TODAY)


def test_gate_form_problems_name_each_field(db: Database, needs: stages.StageView) -> None:
    problems = gate_problems(
        db,
        needs.id,
        GateInput(decision=None, decided_on="31/02/2026", decision_maker="   "),
    )

    assert problems["decision"] == "Choose the decision."
    assert "not a real date" in problems["decided_on"]
    assert "Say who decided" in problems["decision_maker"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"decided_on": ""}, "decided_on", "Give the date"),
        ({"decided_on": "21/11/2026"}, "decided_on", "in the future"),
        ({"decided_on": "31/03/2026"}, "decided_on", "cannot be decided before"),
        ({"decision": GateDecision.APPROVED_WITH_CONDITIONS}, "conditions", "at least one"),
        ({"conditions": (ConditionInput("Sign off"),)}, "conditions", "Approved with conditions"),
        ({"decision": GateDecision.DEFERRED}, "notes", "reason the gate was deferred"),
        (
            {"conditions": (ConditionInput("", "Tom", ""),)},
            "conditions",
            "Condition 1 has an owner or date but no wording",
        ),
        (
            {
                "decision": GateDecision.APPROVED_WITH_CONDITIONS,
                "conditions": (ConditionInput("A"), ConditionInput("B", "", "30/02/2026")),
            },
            "conditions",
            "Condition 2: 30/02/2026 is not a real date",
        ),
        ({"decision_maker": "x" * 201}, "decision_maker", "under 200"),
    ],
)
def test_gate_rules(
    db: Database, needs: stages.StageView, overrides: dict[str, object], field: str, words: str
) -> None:
    assert words in gate_problems(db, needs.id, approve(**overrides))[field]


def test_gates_cannot_be_recorded_on_a_stage_not_yet_started(db: Database, project: int) -> None:
    design = stage_of(db, project, StageKind.SERVICE_DESIGN)

    problems = gate_problems(db, design.id, approve())

    assert problems["stage"].startswith("Service design has not started yet")


def test_deleting_a_gate_and_restoring_it_brings_back_its_conditions(
    db: Database, project: int, needs: stages.StageView
) -> None:
    form = approve(
        decision=GateDecision.APPROVED_WITH_CONDITIONS,
        conditions=(ConditionInput("Cost model signed off", "Sarah Okafor", "01/09/2026"),),
    )
    stages.record_gate(db, needs.id, form, today=TODAY)
    before = stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates

    tree = stages.delete_gate(db, before[0].id)
    assert stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates == ()
    restore_records(db, tree)

    assert stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates == before


# ----- advancing -------------------------------------------------------------------


def test_advancing_without_an_approving_gate_is_refused_with_a_clear_message(
    db: Database, project: int
) -> None:
    with pytest.raises(ValidationError) as error:
        stages.advance_stage(db, project, on=D(2026, 7, 1), today=TODAY)

    assert error.value.problems["override_reason"] == (
        "Needs assessment has no approving gate yet. "
        "Record an approved gate, or give a reason to override."
    )
    assert stages.get_stages(db, project).current_stage is StageKind.NEEDS_ASSESSMENT


def test_deferred_then_approved_lets_the_project_move_on(
    db: Database, project: int, needs: stages.StageView
) -> None:
    deferred = approve(decision=GateDecision.DEFERRED, notes="Consultation too thin.")
    stages.record_gate(db, needs.id, deferred, today=TODAY)
    with pytest.raises(ValidationError, match="was deferred on 15/06/2026"):
        stages.advance_stage(db, project, on=D(2026, 7, 1), today=TODAY)

    stages.record_gate(db, needs.id, approve(decided_on="30/06/2026"), today=TODAY)
    result = stages.advance_stage(db, project, on=D(2026, 7, 1), today=TODAY)

    assert (result.left, result.entered, result.overridden) == (
        StageKind.NEEDS_ASSESSMENT,
        StageKind.SERVICE_DESIGN,
        False,
    )
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.SERVICE_DESIGN
    left, entered = view.stages[0], view.stages[1]
    assert (left.status, left.actual_end, left.override_reason) == (
        StageStatus.COMPLETE,
        D(2026, 7, 1),
        "",
    )
    assert (entered.status, entered.actual_start) == (StageStatus.IN_PROGRESS, D(2026, 7, 1))
    assert get_project(db, project).current_stage is StageKind.SERVICE_DESIGN


def test_a_later_deferral_blocks_again(db: Database, project: int, needs) -> None:
    stages.record_gate(db, needs.id, approve(), today=TODAY)
    stages.record_gate(
        db,
        needs.id,
        approve(decision=GateDecision.REJECTED, decided_on="20/06/2026", notes="Scope changed."),
        today=TODAY,
    )

    assert not stage_of(db, project, StageKind.NEEDS_ASSESSMENT).may_advance
    with pytest.raises(ValidationError, match="was rejected on 20/06/2026"):
        stages.advance_stage(db, project, on=D(2026, 7, 1), today=TODAY)


def test_override_with_a_reason_advances_and_is_audited(db: Database, project: int) -> None:
    reason = "Cabinet instructed an urgent start; the board meets after the deadline."

    result = stages.advance_stage(
        db, project, on=D(2026, 7, 1), override_reason=f"  {reason} ", today=TODAY
    )

    assert result.overridden
    view = stages.get_stages(db, project)
    assert view.current_stage is StageKind.SERVICE_DESIGN
    assert view.stages[0].override_reason == reason
    with db.session() as session:
        audited = session.scalars(
            select(AuditEntry.new_value).where(
                AuditEntry.table_name == "stages", AuditEntry.field == "override_reason"
            )
        ).all()
    assert audited == [reason]


def test_a_blank_reason_is_no_override(db: Database, project: int) -> None:
    with pytest.raises(ValidationError, match="give a reason to override"):
        stages.advance_stage(db, project, on=D(2026, 7, 1), override_reason="  \n ", today=TODAY)


@pytest.mark.parametrize(
    ("on", "words"),
    [(D(2026, 11, 21), "in the future"), (D(2026, 3, 31), "cannot end before then")],
)
def test_the_advance_date_must_be_possible(
    db: Database, project: int, on: dt.date, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        stages.advance_stage(db, project, on=on, override_reason="Urgent", today=TODAY)

    assert words in error.value.problems["on"]


def _advance_to_delivery(db: Database, project: int) -> None:
    for day in range(4):
        stages.advance_stage(
            db, project, on=D(2026, 5, 1 + day), override_reason="Test history", today=TODAY
        )


def test_delivery_cannot_advance(db: Database, project: int) -> None:
    _advance_to_delivery(db, project)
    assert stages.get_stages(db, project).current_stage is StageKind.DELIVERY

    with pytest.raises(CommissionerError, match="last stage"):
        stages.advance_stage(db, project, on=D(2026, 6, 1), override_reason="x", today=TODAY)


def test_revert_advance_restores_exactly_and_reapply_redoes(db: Database, project: int) -> None:
    before = stages.get_stages(db, project)

    result = stages.advance_stage(
        db, project, on=D(2026, 7, 1), override_reason="Urgent", today=TODAY
    )
    after = stages.get_stages(db, project)
    stages.revert_advance(db, result)

    assert stages.get_stages(db, project) == before
    assert get_project(db, project).current_stage is StageKind.NEEDS_ASSESSMENT
    stages.reapply_advance(db, result)
    assert stages.get_stages(db, project) == after


def test_revert_is_refused_once_the_project_has_moved_on(db: Database, project: int) -> None:
    first = stages.advance_stage(db, project, on=D(2026, 7, 1), override_reason="a", today=TODAY)
    stages.advance_stage(db, project, on=D(2026, 8, 1), override_reason="b", today=TODAY)

    with pytest.raises(CommissionerError, match="no longer applies"):
        stages.revert_advance(db, first)


# ----- stage dates --------------------------------------------------------------------


def test_editing_stage_dates_returns_the_previous_dates(db: Database, project: int, needs) -> None:
    dates = StageDatesInput("01/04/2026", "31/07/2026", "02/04/2026", "")

    previous = stages.update_stage_dates(db, needs.id, dates, today=TODAY)

    assert previous == StageDatesInput("", "", "01/04/2026", "")
    saved = stage_of(db, project, StageKind.NEEDS_ASSESSMENT)
    assert (saved.planned_start, saved.planned_end, saved.actual_start) == (
        D(2026, 4, 1),
        D(2026, 7, 31),
        D(2026, 4, 2),
    )
    stages.update_stage_dates(db, needs.id, previous, today=TODAY)
    assert stage_of(db, project, StageKind.NEEDS_ASSESSMENT) == needs


@pytest.mark.parametrize(
    ("dates", "field", "words"),
    [
        (StageDatesInput("31/02/2026", "", "01/04/2026"), "planned_start", "not a real date"),
        (StageDatesInput("01/05/2026", "30/04/2026", "01/04/2026"), "planned_end", "before"),
        (StageDatesInput("", "", "21/11/2026"), "actual_start", "in the future"),
        (StageDatesInput("", "", ""), "actual_start", "give its actual start"),
        (StageDatesInput("", "", "01/04/2026", "02/04/2026"), "actual_end", "still in progress"),
    ],
)
def test_stage_date_rules(
    db: Database, needs: stages.StageView, dates: StageDatesInput, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        stages.update_stage_dates(db, needs.id, dates, today=TODAY)

    assert words in error.value.problems[field]


def test_a_stage_not_started_has_no_actual_dates(db: Database, project: int) -> None:
    design = stage_of(db, project, StageKind.SERVICE_DESIGN)
    stages.update_stage_dates(db, design.id, StageDatesInput("01/08/2026", "31/12/2026"))

    with pytest.raises(ValidationError, match="has not started"):
        stages.update_stage_dates(
            db, design.id, StageDatesInput("01/08/2026", "31/12/2026", "01/08/2026")
        )


# ----- conditions ----------------------------------------------------------------------


@pytest.fixture
def condition(db: Database, project: int, needs: stages.StageView) -> stages.ConditionView:
    form = approve(
        decision=GateDecision.APPROVED_WITH_CONDITIONS,
        conditions=(ConditionInput("Cost model signed off", "Sarah Okafor", "01/09/2026"),),
    )
    stages.record_gate(db, needs.id, form, today=TODAY)
    return stage_of(db, project, StageKind.NEEDS_ASSESSMENT).gates[0].conditions[0]


def _condition(db: Database, condition_id: int) -> tuple[ConditionStatus, dt.date | None]:
    with db.session() as session:
        row = session.get(GateCondition, condition_id)
        assert row is not None
        return row.status, row.closed_on


def test_a_condition_is_closed_when_met_and_reopening_clears_the_date(
    db: Database, condition: stages.ConditionView
) -> None:
    before = stages.set_condition_status(db, condition.id, ConditionStatus.MET, D(2026, 8, 30))

    assert before == condition
    assert _condition(db, condition.id) == (ConditionStatus.MET, D(2026, 8, 30))
    stages.set_condition_status(db, condition.id, ConditionStatus.WAIVED, D(2026, 9, 2))
    assert _condition(db, condition.id) == (ConditionStatus.WAIVED, D(2026, 9, 2))
    stages.set_condition_status(db, condition.id, ConditionStatus.OPEN, D(2026, 9, 3))
    assert _condition(db, condition.id) == (ConditionStatus.OPEN, None)


def test_closing_a_condition_needs_a_date(db: Database, condition: stages.ConditionView) -> None:
    with pytest.raises(ValidationError):
        stages.set_condition_status(db, condition.id, ConditionStatus.MET, None)


def test_gone_records_are_reported_plainly(db: Database) -> None:
    with pytest.raises(CommissionerError, match="That gate decision no longer exists"):
        stages.delete_gate(db, 999)
    with pytest.raises(CommissionerError, match="That project no longer exists"):
        stages.get_stages(db, 999)


# ----- timeline ------------------------------------------------------------------------


def test_timeline_shows_slips_and_runs_the_current_stage_to_today(
    db: Database, project: int, needs: stages.StageView
) -> None:
    stages.update_stage_dates(
        db, needs.id, StageDatesInput("01/04/2026", "30/06/2026", "01/04/2026"), today=TODAY
    )
    stages.record_gate(db, needs.id, approve(decided_on="12/07/2026"), today=TODAY)
    stages.advance_stage(db, project, on=D(2026, 7, 12), today=TODAY)
    design = stage_of(db, project, StageKind.SERVICE_DESIGN)
    stages.update_stage_dates(
        db, design.id, StageDatesInput("01/07/2026", "31/12/2026", "12/07/2026"), today=TODAY
    )

    data = stages.timeline(stages.get_stages(db, project), TODAY)

    first, second, third = data.bars[:3]
    assert (first.actual_until, first.slip_days) == (D(2026, 7, 12), 12)
    assert (second.in_progress, second.actual_until, second.slip_days) == (True, TODAY, None)
    assert (third.actual_start, third.actual_until) == (None, None)
    assert [(gate.kind, gate.decision) for gate in data.gates] == [
        (StageKind.NEEDS_ASSESSMENT, GateDecision.APPROVED)
    ]
    assert data.span() == (D(2026, 4, 1), D(2026, 12, 31))


def test_views_are_frozen(db: Database, project: int) -> None:
    view = stages.get_stages(db, project)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.current_stage = StageKind.DELIVERY  # type: ignore[misc]
    with db.session() as session:
        assert session.scalar(select(Gate.id)) is None


def test_contracting_gate_freezes_the_outstanding_use_case_ambiguities(
    db: Database, project: int
) -> None:
    from commissioner.services.use_cases import UseCaseInput, add_use_case, update_use_case

    contracting = stage_of(db, project, StageKind.CONTRACTING)
    assert stages.gate_evidence(db, contracting.id)[-1] == SnapshotLine(
        "Contract use cases: none tested yet", False
    )
    missed_bin = UseCaseInput("Bin missed twice in a week", "Sch 2 para 4.1", ambiguous=True)
    first = add_use_case(db, project, missed_bin)
    add_use_case(db, project, UseCaseInput("Assisted collection", "Sch 2 para 5"))
    evidence = stages.gate_evidence(db, contracting.id)
    assert evidence[-1] == SnapshotLine(
        "Contract use cases: 1 outstanding ambiguity of 2 tested", False
    )
    assert len(evidence) == len(contracting.checklist) + 1

    for month in (5, 6, 7):  # move on to contracting, whose gate can then be recorded
        stages.advance_stage(
            db, project, on=D(2026, month, 1), override_reason="Test set-up", today=TODAY
        )
    resolved = dataclasses.replace(
        missed_bin, status=WarningStatus.CLOSED, resolution="Clause reworded: per round"
    )
    update_use_case(db, first, resolved)
    gate_id = stages.record_gate(db, contracting.id, approve(decided_on="15/07/2026"), today=TODAY)
    frozen = stages.get_stages(db, project).stage(StageKind.CONTRACTING).gates[-1]
    assert frozen.id == gate_id
    assert frozen.checklist_snapshot[-1] == SnapshotLine(
        "Contract use cases: no outstanding ambiguity (2 tested)", True
    )


def test_other_gates_freeze_only_their_checklist(db: Database, project: int) -> None:
    needs = stage_of(db, project, StageKind.NEEDS_ASSESSMENT)
    evidence = stages.gate_evidence(db, needs.id)
    assert [line.text for line in evidence] == [item.text for item in needs.checklist]
