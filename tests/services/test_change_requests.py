"""Change requests: the form, references, decisions with undo, risk links, budget trail."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.enums import ChangeRequestStatus
from commissioner.services import change_requests as cr
from commissioner.services.budgets import BudgetInput, update_budget
from commissioner.services.costs import get_cost_position
from commissioner.services.golden_thread_records import restore_removal
from commissioner.services.risk_input import RiskInput
from commissioner.services.risks import add_raid_entry
from commissioner.storage import Database
from tests.conftest import MakeProject

D = dt.date
TODAY = D(2026, 10, 15)
APPROVED, REJECTED, PROPOSED = (
    ChangeRequestStatus.APPROVED,
    ChangeRequestStatus.REJECTED,
    ChangeRequestStatus.PROPOSED,
)


def _form(description: str = "Add weekend visits", **fields: Any) -> cr.ChangeRequestInput:
    return cr.ChangeRequestInput(
        **{"description": description, "raised_on": "01/05/2026", **fields}
    )


def _add(db: Database, project: int, **fields: Any) -> int:
    return cr.add_change_request(db, project, _form(**fields), TODAY)


def _decide(db: Database, request: int, status: ChangeRequestStatus, on: str) -> cr.DecisionInput:
    decision = cr.DecisionInput(status, "Commissioning Board", on)
    return cr.decide_change_request(db, request, decision, TODAY)


def _rows(db: Database, project: int) -> dict[str, cr.ChangeRequestRow]:
    return {row.reference: row for row in cr.list_change_requests(db, project)}


def _problems(attempt: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        attempt()
    return caught.value.problems


def _risk(db: Database, project: int, title: str) -> int:
    form = RiskInput(
        title,
        event="Evening medication is missed",
        residual_likelihood=3,
        residual_impact=4,
    )
    return add_raid_entry(db, project, form, today=TODAY)


def test_a_change_request_is_recorded_as_typed(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    form = _form(
        "  Add weekend visits <Sat & Sun>\nSecond line of detail",
        scope_change="Weekend cover in the north locality",
        cost_impact="£12,500.50",
        time_impact_days="30 days",
        quality_impact="",
    )
    request = cr.add_change_request(db, project, form, TODAY)

    row = _rows(db, project)["CR-001"]
    assert row.id == request
    assert row.description == "Add weekend visits <Sat & Sun>\nSecond line of detail"
    assert (row.cost_impact_pence, row.time_impact_days, row.status) == (12_500_50, 30, PROPOSED)
    assert (row.raised_on, row.approver, row.decided_on) == (D(2026, 5, 1), "", None)
    assert row.as_input() == dataclasses.replace(
        form,
        description=form.description.strip(),
        cost_impact="£12,500.50",
        time_impact_days="30",
    )
    cr.update_change_request(db, request, row.as_input(), TODAY)
    assert _rows(db, project)["CR-001"] == row


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"description": "  "}, "description", "Describe the change"),
        ({"raised_on": ""}, "raised_on", "Give the date raised"),
        ({"raised_on": "30/02/2026"}, "raised_on", ""),
        ({"raised_on": "16/10/2026"}, "raised_on", "cannot be in the future"),
        ({"cost_impact": "a lot"}, "cost_impact", "not an amount in pounds"),
        ({"cost_impact": "£12.345"}, "cost_impact", "decimal places"),
        ({"cost_impact": "£10,000,000,000,000"}, "cost_impact", "implausibly large"),
        ({"time_impact_days": "1.5"}, "time_impact_days", "whole days"),
        ({"time_impact_days": "3651"}, "time_impact_days", "3,650 days"),
    ],
)
def test_a_change_request_that_cannot_be_recorded(
    db: Database, make_project: MakeProject, fields: dict[str, str], field: str, message: str
) -> None:
    project = make_project(db)
    problems = _problems(lambda: _add(db, project, **fields))
    assert message in problems[field]
    assert cr.list_change_requests(db, project) == []


def test_negative_impacts_are_savings(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    _add(db, project, cost_impact="−£4,000", time_impact_days="-10")
    row = _rows(db, project)["CR-001"]
    assert (row.cost_impact_pence, row.time_impact_days) == (-4_000_00, -10)
    assert row.as_input().cost_impact == "-£4,000"


def test_a_scope_reduction_needs_its_quality_impact_and_prompts_a_risk(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    problems = _problems(lambda: _add(db, project, scope_reduction=True, quality_impact=" "))
    assert "quality or benefits" in problems["quality_impact"]

    request = _add(
        db,
        project,
        description="Drop the evening round",
        cost_impact="-£20,000",
        scope_reduction=True,
        quality_impact="Fewer evening visits; missed medication risk",
    )
    assert _rows(db, project)["CR-001"].needs_risk

    risk = _risk(db, project, "Missed evening medication")
    assert cr.link_risk(db, request, risk) is None
    row = _rows(db, project)["CR-001"]
    assert (row.risk_id, row.risk_reference, row.needs_risk) == (risk, "R-001", False)
    assert cr.link_risk(db, request, None) == risk  # undo gives the link back
    assert _rows(db, project)["CR-001"].needs_risk


def test_a_risk_of_another_project_cannot_be_linked(
    db: Database, make_project: MakeProject
) -> None:
    project, other = make_project(db), make_project(db)
    request = _add(db, project)
    risk = _risk(db, other, "Elsewhere")

    assert "another project" in _problems(lambda: cr.link_risk(db, request, risk))["risk_id"]
    with pytest.raises(RecordNotFoundError):
        cr.link_risk(db, request, 9999)
    assert _rows(db, project)["CR-001"].risk_id is None


def test_references_count_up_and_are_never_reused(db: Database, make_project: MakeProject) -> None:
    project, other = make_project(db), make_project(db)
    first, second = _add(db, project), _add(db, project)
    assert list(_rows(db, project)) == ["CR-002", "CR-001"]
    _add(db, other)
    assert list(_rows(db, other)) == ["CR-001"]

    removal = cr.delete_change_request(db, second)
    cr.delete_change_request(db, first)
    _add(db, project, description="After the deletes")
    assert list(_rows(db, project)) == ["CR-003"]

    restore_removal(db, removal)  # undoing the delete brings CR-002 back beside CR-003
    assert sorted(_rows(db, project)) == ["CR-002", "CR-003"]


def test_deciding_returns_the_previous_decision_for_undo(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    request = _add(db, project, cost_impact="£10,000")

    before = _decide(db, request, APPROVED, "03/06/2026")
    assert before == cr.DecisionInput(PROPOSED, "", "")
    row = _rows(db, project)["CR-001"]
    assert (row.status, row.approver, row.decided_on) == (
        APPROVED,
        "Commissioning Board",
        D(2026, 6, 3),
    )

    assert _decide(db, request, REJECTED, "04/06/2026") == row.decision()
    assert _rows(db, project)["CR-001"].status is REJECTED

    cr.decide_change_request(db, request, row.decision(), TODAY)  # undo the rejection
    assert _rows(db, project)["CR-001"] == row

    # Reopening forgets who decided and when.
    cr.decide_change_request(
        db, request, cr.DecisionInput(PROPOSED, "Someone", "05/06/2026"), TODAY
    )
    reopened = _rows(db, project)["CR-001"]
    assert (reopened.status, reopened.approver, reopened.decided_on) == (PROPOSED, "", None)


@pytest.mark.parametrize(
    ("decision", "field", "message"),
    [
        (cr.DecisionInput(APPROVED, "", "03/06/2026"), "approver", "Say who decided"),
        (cr.DecisionInput(REJECTED, "Board", ""), "decided_on", "Give the date"),
        (cr.DecisionInput(APPROVED, "Board", "16/10/2026"), "decided_on", "in the future"),
        (cr.DecisionInput(APPROVED, "Board", "30/04/2026"), "decided_on", "before it was raised"),
        (cr.DecisionInput(APPROVED, "B" * 201, "03/06/2026"), "approver", "200 characters"),
    ],
)
def test_a_decision_needs_an_approver_and_a_sensible_date(
    db: Database,
    make_project: MakeProject,
    decision: cr.DecisionInput,
    field: str,
    message: str,
) -> None:
    project = make_project(db)
    request = _add(db, project)
    problems = _problems(lambda: cr.decide_change_request(db, request, decision, TODAY))
    assert message in problems[field]
    assert _rows(db, project)["CR-001"].status is PROPOSED


def test_a_decided_request_cannot_be_moved_to_after_its_decision(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    request = _add(db, project)
    _decide(db, request, APPROVED, "03/06/2026")

    late = _form(raised_on="04/06/2026")
    problems = _problems(lambda: cr.update_change_request(db, request, late, TODAY))
    assert "decided on 03/06/2026" in problems["raised_on"]
    cr.update_change_request(db, request, _form(raised_on="03/06/2026"), TODAY)
    assert _rows(db, project)["CR-001"].raised_on == D(2026, 6, 3)


def test_approved_changes_move_the_budget_with_a_trail_in_date_order(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    approval = BudgetInput("£1,000,000", approved_on="12/03/2026", source="Cabinet")
    update_budget(db, project, approval, TODAY)
    late = _add(db, project, description="Inflation uplift\nPer the index", cost_impact="£50,000")
    early = _add(db, project, description="Drop the pilot", cost_impact="-£20,000.50")
    rejected = _add(db, project, description="Gold plating", cost_impact="£99,000")
    _add(db, project, description="Still proposed", cost_impact="£1,000")
    _decide(db, late, APPROVED, "01/09/2026")
    _decide(db, early, APPROVED, "01/07/2026")
    _decide(db, rejected, REJECTED, "01/08/2026")

    trail = cr.budget_trail(db, project)

    assert trail == [
        cr.BudgetStep(None, "Approved budget", 1_000_000_00, 1_000_000_00),
        cr.BudgetStep(D(2026, 7, 1), "CR-002 Drop the pilot", -20_000_50, 979_999_50),
        cr.BudgetStep(D(2026, 9, 1), "CR-001 Inflation uplift", 50_000_00, 1_029_999_50),
    ]
    assert get_cost_position(db, project, TODAY).current_budget == trail[-1].budget_after_pence

    cr.decide_change_request(db, late, cr.DecisionInput(PROPOSED), TODAY)  # reopened
    assert get_cost_position(db, project, TODAY).current_budget == 979_999_50


def test_no_trail_without_an_approved_budget(db: Database, make_project: MakeProject) -> None:
    project = make_project(db, approved_budget="")
    _decide(db, _add(db, project, cost_impact="£5"), APPROVED, "03/06/2026")
    assert cr.budget_trail(db, project) == []
    with pytest.raises(RecordNotFoundError):
        cr.budget_trail(db, 9999)


def test_raising_the_risk_links_it_in_one_step_and_undo_takes_both(
    db: Database, make_project: MakeProject
) -> None:
    from commissioner.models.enums import RaidKind
    from commissioner.services.risk_input import RiskInput
    from commissioner.services.risks import get_raid_entry

    project = make_project(db)
    form = cr.ChangeRequestInput(
        "Fortnightly instead of weekly garden waste",
        "01/03/2026",
        cost_impact="-£48,000",
        quality_impact="More missed-collection complaints",
        scope_reduction=True,
    )
    request = cr.add_change_request(db, project, form, TODAY)
    risk_form = RiskInput(
        kind=RaidKind.RISK,
        title="Garden waste reduction lowers quality",
        event="Complaints rise and recycling falls",
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=3,
        residual_impact=3,
    )
    risk = cr.raise_risk(db, request, risk_form, TODAY)
    row = cr.list_change_requests(db, project)[0]
    assert (row.risk_id, row.risk_reference, row.needs_risk) == (risk, "R-001", False)

    tree = cr.withdraw_risk(db, request)
    assert cr.list_change_requests(db, project)[0].needs_risk
    with pytest.raises(RecordNotFoundError):
        get_raid_entry(db, risk)

    cr.restore_risk(db, request, tree)
    row = cr.list_change_requests(db, project)[0]
    assert (row.risk_id, row.risk_reference) == (risk, "R-001")


def test_a_risk_that_fails_validation_leaves_the_request_unlinked(
    db: Database, make_project: MakeProject
) -> None:
    from commissioner.models.enums import RaidKind
    from commissioner.services.risk_input import RiskInput

    project = make_project(db)
    form = cr.ChangeRequestInput("Cut", "01/03/2026", quality_impact="Worse", scope_reduction=True)
    request = cr.add_change_request(db, project, form, TODAY)
    with pytest.raises(ValidationError):
        cr.raise_risk(db, request, RiskInput(kind=RaidKind.RISK, title=""), TODAY)
    assert cr.list_change_requests(db, project)[0].needs_risk
