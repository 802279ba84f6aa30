"""Files for the pack benchmark: one large project, and a portfolio of fifty moderate ones.

Everything is written with bulk Core inserts (ids read back with RETURNING) on a fixed
calendar, so that every run reports on the same November 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from commissioner.models import (
    ActionItem,
    Benefit,
    ChangeRequest,
    CommissionedService,
    CommunicationEntry,
    CommunicationParticipant,
    Confirmation,
    CorporateOutcome,
    CostCategory,
    CostLine,
    CostPeriod,
    Decision,
    DeliveryConfidenceAssessment,
    DueDiligenceItem,
    DutyToWarnEntry,
    Gate,
    GateCondition,
    Kpi,
    KpiMeasurement,
    KpiObjective,
    OrganisationSettings,
    Person,
    Project,
    ProjectBudget,
    ProjectObjective,
    ProjectSupplier,
    RaidItem,
    RiskAction,
    RiskAssessment,
    RiskCategory,
    ServiceObjective,
    Stage,
    Stakeholder,
    Supplier,
    TeamMember,
    TeamMemberRole,
    TeamPlan,
    UnderstandingItem,
)
from commissioner.models.cost_rules import add_months
from commissioner.models.enums import (
    ActionStatus,
    ChangeRequestStatus,
    CommunicationType,
    ConfidenceRating,
    GateDecision,
    IssuePriority,
    KpiDirection,
    OrganisationType,
    Rag,
    RaidKind,
    RaidStatus,
    RiskResponse,
    StageKind,
    StageStatus,
    StakeholderType,
    SupplierCategory,
    SupplierRole,
    TeamRole,
    UnderstandingSubject,
)
from commissioner.storage import open_database

TODAY = dt.date(2026, 12, 3)
NOW = dt.datetime(2026, 12, 3, 9, 0)
PERIOD = "2026-11"
PERIOD_START = dt.date(2026, 11, 1)
PERIOD_END = dt.date(2026, 11, 30)
#: The first log entry of the reporting month; three quarters of the log falls in it.
PERIOD_OPENS = dt.datetime(2026, 11, 1, 8)
LARGE_REFERENCE = "BIG-2026-01"
_OWNERS = tuple(f"{first} {last}" for first, last in zip(
    ("Amira", "Ben", "Cerys", "Dev", "Eleri", "Farid", "Gwen", "Huw", "Isla", "Jon", "Kemi"),
    ("Shah", "Ellis", "Owen", "Patel", "Jones", "Khan", "Price", "Rees", "Moore", "Lee", "Ade"),
    strict=True,
))  # fmt: skip
_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED)
_WORDS = ("bidders", "TUPE", "budget", "handover", "specification", "data", "partner")
_SUBJECTS = ("Contract review meeting", "Invoice query", "TUPE information request",
             "Residents' drop-in session", "Mobilisation check-point", "Provider call")  # fmt: skip


@dataclass(frozen=True)
class Scale:
    """How much of everything one project holds."""

    risks: int
    log_entries: int
    cost_months: int
    cost_lines: int
    kpis: int
    measured_months: int
    stakeholders: int
    actions: int
    decisions: int
    objectives: int
    suppliers: int
    #: Delivery confidence assessments, one a quarter back from the reporting month.
    reviews: int
    #: The current stage's position, 0 (needs assessment) to 4 (delivery).
    stage: int


LARGE = Scale(risks=500, log_entries=2_000, cost_months=36, cost_lines=8, kpis=20,
              measured_months=24, stakeholders=24, actions=60, decisions=30, objectives=5,
              suppliers=4, reviews=3, stage=3)  # fmt: skip
MODERATE = Scale(risks=30, log_entries=60, cost_months=36, cost_lines=4, kpis=5,
                 measured_months=12, stakeholders=6, actions=8, decisions=4, objectives=2,
                 suppliers=1, reviews=1, stage=0)  # fmt: skip


def portfolio_scale(n: int) -> Scale:
    """The n-th portfolio project: moderate, with 12 to 36 months of costs."""
    return replace(MODERATE, cost_months=12 + (n * 7) % 25, reviews=1 + n % 2, stage=n % 5)


def fill_pack_file(path: Path, projects: list[tuple[str, Scale]], *, team: bool = False) -> None:
    """A new file holding the given projects and everything their packs report."""
    db = open_database(path, actor="benchmark")
    with db.session() as session:
        session.execute(update(OrganisationSettings).values(council_name="Benchmark Council"))
        shared = _Shared(session)
        for n, (reference, scale) in enumerate(projects):
            project = _fill_project(session, shared, n, reference, scale)
            if team:
                _fill_team(session, project)
    db.close()


def _ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows in one statement and return their new ids, in order."""
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows)) if rows else []


def _add(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), rows)


class _Shared:
    """The council-wide records every project refers to."""

    def __init__(self, session: Session) -> None:
        self.categories = list(session.scalars(select(RiskCategory.id).order_by(RiskCategory.id)))
        self.cost_categories = list(session.scalars(select(CostCategory.id)))
        self.outcomes = _ids(session, CorporateOutcome, [
            {"code": f"CO{k}", "title": title, "sort_order": k}
            for k, title in enumerate(("Healthy lives", "Thriving places", "Safe homes"))
        ])  # fmt: skip
        self.suppliers = _ids(session, Supplier, [
            {"name": f"Supplier {k} Ltd", "organisation_type": list(OrganisationType)[k % 4]}
            for k in range(8)
        ])  # fmt: skip


def _fill_project(session: Session, shared: _Shared, n: int, reference: str, s: Scale) -> int:
    """The n-th project of the file; its costs run to four months past the reporting one."""
    first = add_months(PERIOD_START, -(s.cost_months - 5))
    end = add_months(first, s.cost_months) - dt.timedelta(days=1)
    budget = s.cost_lines * s.cost_months * 1_000_000
    (project,) = _ids(session, Project, [
        {"reference": reference, "name": f"Commissioned service {n + 1}",
         "service_area": ("Adult social care", "Housing", "Children's services")[n % 3],
         "description": "A benchmark project.", "approved_budget_pence": budget,
         "start_date": first, "end_date": end, "current_stage": list(StageKind)[s.stage],
         "supplier_category": SupplierCategory.STRATEGIC_PARTNER}
    ])  # fmt: skip
    _stages(session, project, first, end, s.stage, n)
    _add(session, DeliveryConfidenceAssessment, [
        {"project_id": project, "rating": list(ConfidenceRating)[(n + k) % 5],
         "assessed_on": add_months(PERIOD_START, -3 * k) + dt.timedelta(days=9),
         "rationale": "Reviewed at the board.", "assessed_by": _OWNERS[k],
         **{f"rag_{dimension}": list(Rag)[(n + k + i) % 3] for i, dimension in
            enumerate(("time", "cost", "scope", "quality", "benefits", "risk"))}}
        for k in range(s.reviews)
    ])  # fmt: skip
    _golden_thread(session, shared, project, s)
    risks = _raid(session, shared, project, s)
    _costs(session, shared, project, first, s, n, budget)
    _engagement(session, project, s, risks)
    _suppliers(session, shared, project, s, n)
    return project


def _stages(session: Session, project: int, first: dt.date, end: dt.date, current: int,
            n: int) -> None:  # fmt: skip
    span = (end - first).days
    bounds = [first + dt.timedelta(days=span * k // 5) for k in range(6)]
    rows = []
    actual_start: dt.date | None = first
    for k, kind in enumerate(StageKind):
        planned_end = bounds[k + 1] - dt.timedelta(days=1)
        done = k < current
        actual_end = planned_end + dt.timedelta(days=(n + k) % 20) if done else None
        rows.append({
            "project_id": project, "kind": kind, "sequence": kind.sequence,
            "status": StageStatus.COMPLETE if done else
            StageStatus.IN_PROGRESS if k == current else StageStatus.NOT_STARTED,
            "planned_start": bounds[k], "planned_end": planned_end,
            "actual_start": actual_start if k <= current else None, "actual_end": actual_end,
            "notes": f"{kind.label} notes.",
        })  # fmt: skip
        actual_start = actual_end + dt.timedelta(days=1) if actual_end else None
    stages = _ids(session, Stage, rows)
    gates = _ids(session, Gate, [
        {"stage_id": stage, "decided_on": row["actual_end"], "decision_maker": "Programme board",
         "decision": GateDecision.APPROVED_WITH_CONDITIONS if k % 2 else GateDecision.APPROVED}
        for k, (stage, row) in enumerate(zip(stages, rows, strict=True)) if row["actual_end"]
    ])  # fmt: skip
    _add(session, GateCondition, [
        {"gate_id": gate, "text": "Provide the market engagement report", "owner": _OWNERS[1],
         "due_on": TODAY - dt.timedelta(days=20)}
        for gate in gates[1::2]
    ])  # fmt: skip


def _golden_thread(session: Session, shared: _Shared, project: int, s: Scale) -> None:
    objectives = _ids(session, ProjectObjective, [
        {"project_id": project, "code": f"O{k + 1}", "title": f"Objective {k + 1}: better care",
         "corporate_outcome_id": shared.outcomes[k % 3] if k < s.objectives - 1 else None}
        for k in range(s.objectives)
    ])  # fmt: skip
    services = _ids(session, CommissionedService, [
        {"project_id": project, "name": f"Service {k + 1}"} for k in range(max(1, s.kpis // 6))
    ])  # fmt: skip
    _add(session, ServiceObjective, [
        {"service_id": service, "objective_id": objectives[k % len(objectives)]}
        for k, service in enumerate(services)
    ])  # fmt: skip
    kpis = _ids(session, Kpi, [
        {"project_id": project, "service_id": services[k % len(services)], "code": f"K{k + 1:02d}",
         "name": f"KPI {k + 1}: visits on time", "unit": "%", "target": 90.0, "tolerance": 5.0,
         "direction": KpiDirection.HIGHER_IS_BETTER if k % 4 else KpiDirection.LOWER_IS_BETTER}
        for k in range(s.kpis)
    ])  # fmt: skip
    _add(session, KpiObjective, [
        {"kpi_id": kpi, "objective_id": objectives[k % len(objectives)]}
        for k, kpi in enumerate(kpis)
    ])  # fmt: skip
    _add(session, KpiMeasurement, [
        {"kpi_id": kpi, "period_end": add_months(PERIOD_START, 1 - m) - dt.timedelta(days=1),
         "value": 80.0 + (k * 3 + m * 7) % 17, "commentary": "Measured by the provider."}
        for k, kpi in enumerate(kpis)
        for m in range(k % 3, s.measured_months)
    ])  # fmt: skip
    _add(session, Benefit, [
        {"project_id": project, "objective_id": objectives[k % len(objectives)],
         "description": f"Benefit {k + 1}: fewer hospital admissions", "owner": _OWNERS[k],
         "measure": "Admissions a month", "unit": "", "baseline": 120.0, "target": 90.0,
         "expected_on": TODAY + dt.timedelta(days=90 * k - 120), "realised_value": 100.0 + k}
        for k in range(s.objectives + 1)
    ])  # fmt: skip


def _raid(session: Session, shared: _Shared, project: int, s: Scale) -> list[int]:
    """Risks (some outside appetite, some overdue a review) and a few other RAID items."""
    others = max(3, s.risks // 15)
    rows = [_risk(k, shared.categories) for k in range(s.risks)]
    rows += [_other_raid(k, s.risks) for k in range(others)]
    for row in rows:
        row["project_id"] = project
    ids = _ids(session, RaidItem, rows)
    risks = ids[: s.risks]
    _add(session, RiskAssessment, [
        {"item_id": item, "assessed_on": day, "residual_likelihood": 1 + (k + shift) % 5,
         "residual_impact": 1 + (k // 7 + shift) % 5, "assessed_by": _OWNERS[k % 11], "note": ""}
        for k, item in enumerate(risks)
        for day, shift in ((TODAY - dt.timedelta(days=120), 1), (PERIOD_START, 0))
    ])  # fmt: skip
    _add(session, RiskAction, [
        {"item_id": item, "description": f"Mitigate: {_WORDS[k % 7]} plan",
         "owner": _OWNERS[k % 11],
         "due_on": TODAY + dt.timedelta(days=k % 90 - 45),
         "status": ActionStatus.DONE if k % 5 == 0 else ActionStatus.OPEN,
         "completed_on": TODAY - dt.timedelta(days=3) if k % 5 == 0 else None}
        for k, item in enumerate(risks[::2])
    ])  # fmt: skip
    return risks


def _risk(k: int, categories: list[int]) -> dict[str, Any]:
    closed = k % 10 == 9
    return {
        "kind": RaidKind.RISK, "reference": f"R-{k + 1:04d}",
        "title": f"Risk {k + 1}: {_WORDS[k % 7]} may slip", "cause": "Because the market is thin",
        "event": f"the {_WORDS[k % 7]} is late", "consequence": "service users wait longer",
        "category_id": categories[k % len(categories)], "owner": _OWNERS[k % 11],
        "actionee": _OWNERS[(k + 3) % 11],
        "inherent_likelihood": 1 + (k + 2) % 5, "inherent_impact": 1 + (k // 3 + 2) % 5,
        "residual_likelihood": 1 + k % 5, "residual_impact": 1 + (k // 7) % 5,
        "target_likelihood": 1 + k % 2, "target_impact": 1 + (k // 7) % 3,
        "response": list(RiskResponse)[k % 4],
        "status": RaidStatus.CLOSED if closed else (RaidStatus.OPEN, RaidStatus.OPEN,
                                                    RaidStatus.ESCALATED, RaidStatus.DRAFT)[k % 4],
        "closed_on": PERIOD_START + dt.timedelta(days=k % 28) if closed else None,
        "next_review_on": TODAY + dt.timedelta(days=k % 120 - 40),
        "raised_on": TODAY - dt.timedelta(days=30 + k % 600),
        "proximity_on": TODAY + dt.timedelta(days=k % 365),
    }  # fmt: skip


def _other_raid(k: int, after: int) -> dict[str, Any]:
    kind = (RaidKind.ISSUE, RaidKind.ASSUMPTION, RaidKind.DEPENDENCY)[k % 3]
    return {
        "kind": kind, "reference": f"{kind.value[0].upper()}-{after + k + 1:04d}",
        "title": f"{kind.label} {k + 1}: {_WORDS[k % 7]}", "cause": "", "event": "",
        "consequence": "", "category_id": None, "owner": _OWNERS[k % 11], "actionee": "",
        "inherent_likelihood": None, "inherent_impact": None, "residual_likelihood": None,
        "residual_impact": None, "target_likelihood": None, "target_impact": None,
        "response": None, "status": RaidStatus.OPEN, "closed_on": None,
        "priority": list(IssuePriority)[k % 4],
        "next_review_on": TODAY + dt.timedelta(days=k % 60 - 20),
        "raised_on": TODAY - dt.timedelta(days=60 + k), "proximity_on": None,
    }  # fmt: skip


def _costs(session: Session, shared: _Shared, project: int, first: dt.date, s: Scale, n: int,
           budget: int) -> None:  # fmt: skip
    _add(session, ProjectBudget, [
        {"project_id": project, "approved_on": first, "source": "Cabinet, report CAB/24/014"}
    ])  # fmt: skip
    categories = shared.cost_categories
    months = [add_months(first, m) for m in range(s.cost_months)]
    lines = _ids(session, CostLine, [
        {"project_id": project, "category_id": categories[k % len(categories)],
         "name": f"Cost line {k + 1}", "finance_code": f"FC-{project:03d}-{k:02d}",
         "sort_order": k}
        for k in range(s.cost_lines)
    ])  # fmt: skip
    _add(session, CostPeriod, [
        {"cost_line_id": line, "month": month, "budget_pence": 1_000_000,
         "forecast_pence": 1_000_000 + 20_000 * ((k + n) % 5 - 1) + (0, 0, 60_000, 150_000)[n % 4],
         "actual_pence": 1_000_000 + 30_000 * ((k + m + n) % 7 - 2) if month <= PERIOD_START
         else None}
        for k, line in enumerate(lines)
        for m, month in enumerate(months)
    ])  # fmt: skip
    _add(session, ChangeRequest, [
        {"project_id": project, "reference": f"CR-{k + 1:03d}",
         "raised_on": TODAY - dt.timedelta(days=40 * k + 10),
         "description": f"Change {k + 1}: extend the {_WORDS[k % 7]} scope",
         "cost_impact_pence": 250_000 * (k + 1) * (-1 if k % 3 == 2 else 1),
         "time_impact_days": 7 * k, "scope_reduction": k % 3 == 2,
         "status": list(ChangeRequestStatus)[k % 3], "approver": _OWNERS[k] if k % 3 else "",
         "decided_on": TODAY - dt.timedelta(days=40 * k) if k % 3 else None}
        for k in range(max(1, s.decisions // 4))
    ])  # fmt: skip


def _engagement(session: Session, project: int, s: Scale, risks: list[int]) -> None:
    stakeholders = _ids(session, Stakeholder, [
        {"project_id": project, "name": f"Stakeholder {k + 1}", "organisation": "Partner body",
         "role": "Board member", "stakeholder_type": list(StakeholderType)[k % 8],
         "interest": 1 + k % 5, "influence": 1 + (k * 2) % 5,
         "cadence_days": (14, 30, 90, None)[k % 4]}
        for k in range(s.stakeholders)
    ])  # fmt: skip
    count = len(stakeholders)
    in_period = s.log_entries * 3 // 4
    minutes = 30 * 24 * 60 // max(in_period, 1)
    entries = _ids(session, CommunicationEntry, [
        {"project_id": project, "communication_type": list(CommunicationType)[k % 8],
         "occurred_at": PERIOD_OPENS + dt.timedelta(minutes=minutes * k) if k < in_period
         else PERIOD_OPENS - dt.timedelta(hours=7 * (k - in_period) + 20),
         "formal": k % 3 == 0, "subject": f"{_SUBJECTS[k % 6]} {k + 1}",
         "summary": "Agreed next steps on staffing and handover. " * (1 + k % 9)}
        for k in range(s.log_entries)
    ])  # fmt: skip
    _add(session, CommunicationParticipant, [
        {"communication_id": entry, "stakeholder_id": stakeholder}
        for k, entry in enumerate(entries)
        for stakeholder in sorted({stakeholders[k % count], stakeholders[(5 * k + 1) % count]})
    ])  # fmt: skip
    _add(session, Decision, [
        {"project_id": project, "communication_id": entries[k] if k % 2 else None,
         "decided_on": PERIOD_END - dt.timedelta(days=11 * k),
         "summary": f"Decision {k + 1}: proceed with the {_WORDS[k % 7]} option",
         "decided_by": "Programme board"}
        for k in range(s.decisions)
    ])  # fmt: skip
    _add(session, ActionItem, [_action(project, k, risks) for k in range(s.actions)])
    items = _ids(session, UnderstandingItem, [
        {"project_id": project, "subject": list(UnderstandingSubject)[k], "title": f"Item {k + 1}"}
        for k in range(4)
    ])  # fmt: skip
    _add(session, Confirmation, [
        {"item_id": item, "stakeholder_id": stakeholder,
         "confirmed_on": TODAY - dt.timedelta(days=k) if (k + j) % 3 else None,
         "method": "email reply" if (k + j) % 3 else ""}
        for k, item in enumerate(items)
        for j, stakeholder in enumerate(stakeholders[:6])
    ])  # fmt: skip


def _action(project: int, k: int, risks: list[int]) -> dict[str, Any]:
    status = _ACTION_STATUSES[k % 4]
    return {
        "project_id": project, "risk_id": risks[k] if k % 5 == 0 and k < len(risks) else None,
        "description": f"Action {k + 1}: send the {_WORDS[k % 7]} note", "owner": _OWNERS[k % 11],
        "due_on": TODAY + dt.timedelta(days=k % 50 - 30), "status": status,
        "completed_on": TODAY - dt.timedelta(days=k % 20) if status != ActionStatus.OPEN else None,
    }  # fmt: skip


def _suppliers(session: Session, shared: _Shared, project: int, s: Scale, n: int) -> None:
    relationships = _ids(session, ProjectSupplier, [
        {"project_id": project, "supplier_id": shared.suppliers[(n + k) % len(shared.suppliers)],
         "role": SupplierRole.CONTRACTED if k == 0 else SupplierRole.SHORTLISTED,
         "category": (SupplierCategory.STRATEGIC_PARTNER, SupplierCategory.EXPERT)[k % 2],
         "price_score": 60.0 + 5 * k, "capability_score": 75.0 - 4 * k}
        for k in range(s.suppliers)
    ])  # fmt: skip
    areas = ("Financial standing", "Insurance", "Safeguarding", "Data protection", "References")
    _add(session, DueDiligenceItem, [
        {"project_supplier_id": relationship, "area": area, "rating": 1 + (j + k) % 5,
         "evidence": "Accounts seen", "assessor": _OWNERS[j],
         "assessed_on": TODAY - dt.timedelta(days=200),
         "sort_order": j}
        for k, relationship in enumerate(relationships)
        for j, area in enumerate(areas)
    ])  # fmt: skip
    _add(session, DutyToWarnEntry, [
        {"project_supplier_id": relationships[0],
         "raised_on": TODAY - dt.timedelta(days=30 * k + 5),
         "subject": f"Warning {k + 1}: staffing shortfall", "raised_by": "Provider"}
        for k in range(2)
    ])  # fmt: skip


def _fill_team(session: Session, project: int) -> None:
    people = _ids(session, Person, [
        {"full_name": name, "job_title": "Commissioning officer", "commissioning_fte": 0.8}
        for name in _OWNERS[:6]
    ])  # fmt: skip
    members = _ids(session, TeamMember, [
        {"project_id": project, "person_id": person, "fte": round(0.2 + 0.1 * k, 1)}
        for k, person in enumerate(people)
    ])  # fmt: skip
    _add(session, TeamMemberRole, [
        {"team_member_id": member, "role": list(TeamRole)[k % len(TeamRole)]}
        for k, member in enumerate(members)
    ])  # fmt: skip
    _add(session, TeamPlan, [{"project_id": project, "fte_needed": 3.5, "notes": ""}])
