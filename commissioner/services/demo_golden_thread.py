"""The demo portfolio's golden threads: objectives, services, KPIs with measured
performance, and benefits, for every demo project.

Projects in delivery (or contracting, measured against the incumbent service) carry 12–24
months of measurements whose trends match their delivery confidence story; early-stage
projects have KPIs defined but few or no measurements. A handful of gaps are left on
purpose, once each, so the golden-thread view has something to flag:

* WST: objective O3 (fleet carbon) has no KPI; the bulky waste service serves no objective;
* HWY: KPI K4 (gully cleansing) serves no objective; KPI K5 (street lighting) is overdue;
* ASC-…-02: objective O3 (pooled budget share) serves no corporate outcome.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commissioner.models import (
    Benefit,
    CommissionedService,
    CorporateOutcome,
    Kpi,
    KpiMeasurement,
    KpiObjective,
    Project,
    ProjectObjective,
    ServiceObjective,
)
from commissioner.models.enums import (
    BenefitKind,
    KpiDirection,
    MeasurementFrequency,
    ProjectStatus,
)
from commissioner.models.golden_thread_rules import add_months

_UP = KpiDirection.HIGHER_IS_BETTER
_DOWN = KpiDirection.LOWER_IS_BETTER
_MONTHLY = MeasurementFrequency.MONTHLY
_QUARTERLY = MeasurementFrequency.QUARTERLY
_DIS = BenefitKind.DIS_BENEFIT

# Each KPI: code, name, unit, direction, target, tolerance, frequency, service (index
# into the project's services, or None), objective codes, then its measured story:
# ``trend`` anchors (share of the way through the series, value), ``noise`` and
# ``places``; ``notes`` are commentary by period (negative counts back from the latest)
# and ``stale`` the periods missing at the end.
# fmt: off
_THREADS: dict[tuple[str, int], dict[str, Any]] = {
    ("ASC", 1): {
        "months": 6,
        "objectives": (
            ("O1", "People get home care that helps them stay independent", "CO1"),
            ("O2", "A stable home care market paid the fair cost of care", "CO1"),
            ("O3", "Care starts promptly after assessment", "CO1"),
        ),
        "services": (("Home care framework (four patches)", ("O1", "O2", "O3")),
                     ("Reablement at home", ("O1",))),
        "kpis": (
            ("K1", "Care packages started within 7 days of assessment", "%", _UP, 85, 5,
             _MONTHLY, 0, ("O3",), {"trend": ((0, 57), (1, 61)), "noise": 1.5, "places": 1,
             "notes": {0: "Baseline from current spot purchasing, before the framework."}}),
            ("K2", "Provider hand-backs of care packages", "per month", _DOWN, 2, 1,
             _MONTHLY, 0, ("O2",), {"trend": ((0, 4), (1, 3)), "noise": 1, "places": 0}),
            ("K3", "People still at home 91 days after reablement", "%", _UP, 85, 3,
             _QUARTERLY, 1, ("O1",), None),
            ("K4", "Outcomes reviews completed on time", "%", _UP, 90, 5,
             _MONTHLY, 0, ("O1",), None),
        ),
        "benefits": (
            ("Fewer provider hand-backs as the market stabilises", "Hand-backs per year",
             "hand-backs", 34, 10, 18, None, "O2", "Priya Shah", ()),
            ("Care starts within 7 days of assessment for most people", "Share started "
             "within 7 days", "%", 58, 85, 30, None, "O3", "Priya Shah", ()),
        ),
    },
    ("WST", 1): {
        "months": 16,
        "objectives": (
            ("O1", "Reliable collections for every household, every week", "CO3"),
            ("O2", "Recycle more of the borough's household waste", "CO3"),
            ("O3", "Cut carbon emissions from the collection fleet", "CO3"),
        ),
        "services": (("Kerbside refuse and recycling collection", ("O1", "O2")),
                     ("Weekly food waste collection", ("O2",)),
                     ("Bulky waste collection", ())),
        "kpis": (
            ("K1", "Missed collections", "per 100,000", _DOWN, 50, 15, _MONTHLY, 0, ("O1",),
             {"trend": ((0, 158), (0.35, 70), (0.6, 44), (1, 38)), "noise": 4, "places": 0,
              "notes": {0: "New rounds went live; crews still learning routes.",
                        4: "Rounds re-optimised; two extra food waste crews added.",
                        -1: "Within target for the eighth month running."}}),
            ("K2", "Household waste reused, recycled or composted", "%", _UP, 55, 3,
             _MONTHLY, 0, ("O2",), {"trend": ((0, 46.8), (0.5, 52.5), (1, 56.1)), "noise": 0.6,
             "places": 1}),
            ("K3", "Dry recycling contamination", "%", _DOWN, 12, 2, _MONTHLY, 0, ("O2",),
             {"trend": ((0, 17.5), (0.6, 14.2), (1, 12.9)), "noise": 0.4, "places": 1,
              "notes": {-1: "Bin-tagging campaign on the worst three rounds starts next "
                        "month."}}),
            ("K4", "Food waste collected", "tonnes", _UP, 650, 50, _MONTHLY, 1, ("O2",),
             {"trend": ((0, 410), (0.5, 580), (1, 662)), "noise": 15, "places": 0}),
            ("K5", "Bulky waste collected within 10 working days", "%", _UP, 95, 5,
             _MONTHLY, 2, ("O1",), {"trend": ((0, 88), (1, 96)), "noise": 1.5, "places": 1}),
        ),
        "benefits": (
            ("Recycling rate reaches 55%", "Household waste reused, recycled or composted",
             "%", 46.8, 55, -60, 56.1, "O2", "Hannah Whitcombe", ()),
            ("Lower collection cost per household", "Cost per household a year", "£", 98, 86,
             200, 91, "O1", "Hannah Whitcombe", ()),
            ("More missed collections while the new rounds bed in", "Missed collections "
             "per 100,000 in the first three months", "per 100,000", 45, 120, -420, 158, "O1",
             "Mark Tolley", (_DIS,)),
        ),
    },
    ("EDU", 1): {
        "months": 6,
        "objectives": (
            ("O1", "Every eligible child gets to school safely and on time", "CO2"),
            ("O2", "More young people with SEND travel independently", "CO2"),
            ("O3", "Bring transport spending back within budget", "CO2"),
        ),
        "services": (("Independent travel training", ("O2",)),
                     ("In-house minibus fleet for complex routes", ("O1", "O3"))),
        "kpis": (
            ("K1", "Pupils arriving before the school day starts", "%", _UP, 98, 1,
             _MONTHLY, 1, ("O1",), {"trend": ((0, 96.2), (1, 95.4)), "noise": 0.4,
             "places": 1, "notes": {0: "Current taxi framework, measured for the redesign."}}),
            ("K2", "Average journey time", "minutes", _DOWN, 45, 10, _MONTHLY, 1, ("O1", "O3"),
             {"trend": ((0, 51), (1, 57)), "noise": 1.5, "places": 0}),
            ("K3", "Young people trained to travel independently", "pupils", _UP, 60, 10,
             _QUARTERLY, 0, ("O2",), None),
        ),
        "benefits": (
            ("Overspend on SEND transport eliminated", "Forecast overspend", "£", 2_600_000,
             0, 540, None, "O3", "Lucy Farrell", ()),
            ("More young people travel independently", "Pupils travelling independently",
             "pupils", 12, 60, 720, None, "O2", "Lucy Farrell", ()),
        ),
    },
    ("HSG", 1): {
        "months": 0,
        "objectives": (
            ("O1", "Repairs done right first time, when tenants need them", "CO4"),
            ("O2", "Empty homes re-let faster", "CO4"),
        ),
        "services": (("Responsive repairs and voids", ("O1", "O2")),),
        "kpis": (
            ("K1", "Emergency repairs completed within 24 hours", "%", _UP, 98, 2, _MONTHLY,
             0, ("O1",), None),
            ("K2", "Repairs completed right first time", "%", _UP, 90, 5, _MONTHLY, 0,
             ("O1",), None),
            ("K3", "Average time to re-let empty homes", "days", _DOWN, 28, 7, _MONTHLY, 0,
             ("O2",), None),
        ),
        "benefits": (
            ("Rent loss on empty homes reduced", "Rent lost on voids a year", "£", 480_000,
             170_000, 900, None, "O2", "Joanne Pike", ()),
        ),
    },
    ("LEI", 1): {
        "months": 12,
        "objectives": (
            ("O1", "More inactive residents become active", "CO5"),
            ("O2", "Cut energy use across the leisure estate", "CO3"),
            ("O3", "Leisure centres cost the council less to run", "CO5"),
        ),
        "services": (("Leisure centre and lido management", ("O1", "O2", "O3")),
                     ("Exercise referral and wellbeing programme", ("O1",))),
        "kpis": (
            ("K1", "Visits to the leisure centres and lido", "visits", _UP, 62_000, 4_000,
             _MONTHLY, 0, ("O1", "O3"), {"trend": ((0, 57_500), (1, 60_400)), "noise": 2_200,
             "places": 0, "notes": {0: "Incumbent contract; the new contract keeps the "
                                    "measure."}}),
            ("K2", "Members living in the most deprived wards", "%", _UP, 20, 3, _MONTHLY, 0,
             ("O1",), {"trend": ((0, 14.1), (1, 16.8)), "noise": 0.4, "places": 1}),
            ("K3", "Energy used", "MWh", _DOWN, 420, 30, _MONTHLY, 0, ("O2",),
             {"trend": ((0, 470), (1, 455)), "noise": 28, "places": 0}),
            ("K4", "Exercise referrals completing the 12-week programme", "%", _UP, 60, 10,
             _QUARTERLY, 1, ("O1",), {"trend": ((0, 47), (1, 53)), "noise": 2, "places": 0}),
        ),
        "benefits": (
            ("Lower management fee", "Annual management fee saving", "£", 0, 240_000, 330,
             None, "O3", "Tom Brennan", ()),
            ("More residents from deprived wards are members", "Members from the most "
             "deprived wards", "%", 14.1, 20, 700, None, "O1", "Tom Brennan", ()),
            ("Westbrook Lido closed for a season while it is refurbished", "Weeks closed",
             "weeks", 0, 20, 400, None, "O2", "Claire Ashworth", (_DIS,)),
        ),
    },
    ("HWY", 1): {
        "months": 24,
        "objectives": (
            ("O1", "Dangerous defects are made safe and repaired quickly", "CO3"),
            ("O2", "The road network's condition improves", "CO3"),
        ),
        "services": (("Reactive repairs and defect response", ("O1",)),
                     ("Planned resurfacing and drainage", ("O2",))),
        "kpis": (
            ("K1", "Category 1 defects made safe within 24 hours", "%", _UP, 98, 2, _MONTHLY,
             0, ("O1",), {"trend": ((0, 99.1), (1, 98.6)), "noise": 0.5, "places": 1}),
            ("K2", "Potholes permanently repaired within 28 days", "%", _UP, 90, 5, _MONTHLY,
             0, ("O1",), {"trend": ((0, 94), (0.55, 92.5), (0.75, 86), (1, 78.5)),
             "noise": 1.2, "places": 1,
             "notes": {-9: "Contractor now counts 'make safe' visits as repairs; "
                       "query raised.", -1: "Backlog 1,900 defects; wording before the "
                       "contract board."}}),
            ("K3", "Planned resurfacing delivered to programme", "%", _UP, 100, 5,
             _QUARTERLY, 1, ("O2",), {"trend": ((0, 96), (0.5, 104), (1, 101)), "noise": 2,
             "places": 0}),
            ("K4", "Gullies cleansed to schedule", "%", _UP, 95, 5, _MONTHLY, 1, (),
             {"trend": ((0, 91), (1, 96)), "noise": 1.5, "places": 1}),
            ("K5", "Street lighting faults repaired within 5 working days", "%", _UP, 90, 5,
             _MONTHLY, 0, ("O1",), {"trend": ((0, 93), (1, 88)), "noise": 2, "places": 1,
             "stale": 5, "notes": {-1: "Lighting sub-contractor changes at the end of "
                                   "the month."}}),
        ),
        "benefits": (
            ("Fewer insurance claims from road defects", "Claims a year", "claims", 210, 150,
             -30, 185, "O1", "Imran Qureshi", ()),
            ("More of the network needs no maintenance", "A and B roads in good condition",
             "%", 68, 75, 365, 71, "O2", "Imran Qureshi", ()),
            ("Road closures while resurfacing", "Road closure days a year", "days", 0, 120,
             -30, 134, "O2", "Imran Qureshi", (_DIS,)),
        ),
    },
    ("ASC", 2): {
        "months": 12,
        "objectives": (
            ("O1", "People get the equipment they need within seven days", "CO1"),
            ("O2", "Recycle and reuse more returned equipment", "CO3"),
            ("O3", "Keep spending within the agreed 55:45 pooled budget share", None),
        ),
        "services": (("Integrated community equipment service", ("O1", "O2", "O3")),),
        "kpis": (
            ("K1", "Standard equipment delivered within 7 days", "%", _UP, 95, 3, _MONTHLY,
             0, ("O1",), {"trend": ((0, 91.5), (1, 95.8)), "noise": 0.8, "places": 1,
             "notes": {0: "NHS-hosted service before the section 75 agreement."}}),
            ("K2", "Returned equipment recycled", "%", _UP, 80, 5, _MONTHLY, 0, ("O2",),
             {"trend": ((0, 72), (1, 77.5)), "noise": 1, "places": 1}),
            ("K3", "Spend against the year-to-date pooled budget", "%", _DOWN, 100, 3,
             _MONTHLY, 0, ("O3",), {"trend": ((0, 98.5), (1, 102.1)), "noise": 0.6,
             "places": 1}),
        ),
        "benefits": (
            ("Savings from recycling returned equipment", "Value of equipment recycled a "
             "year", "£", 410_000, 520_000, 180, 455_000, "O2", "Priya Shah", ()),
            ("Fewer hospital discharges delayed for equipment", "Delayed discharges a month",
             "discharges", 26, 10, 365, None, "O1", "Dr Alison Reeve", ()),
        ),
    },
    ("ENV", 1): {
        "months": 24,
        "objectives": (
            ("O1", "Parks and open spaces are well kept", "CO3"),
            ("O2", "Playgrounds are safe", "CO5"),
        ),
        "services": (("Grounds maintenance", ("O1", "O2")),),
        "kpis": (
            ("K1", "Grass cut to schedule", "%", _UP, 95, 3, _MONTHLY, 0, ("O1",),
             {"trend": ((0, 93.5), (1, 97)), "noise": 1, "places": 1}),
            ("K2", "Playground inspections on time", "%", _UP, 100, 2, _MONTHLY, 0, ("O2",),
             {"trend": ((0, 99), (1, 100)), "noise": 0.5, "places": 1}),
            ("K3", "Park users satisfied", "%", _UP, 75, 5, _QUARTERLY, 0, ("O1",),
             {"trend": ((0, 71), (1, 78)), "noise": 1.5, "places": 0}),
        ),
        "benefits": (
            ("Saving from cutting roadside verges less often", "Annual saving", "£", 0,
             85_000, -400, 92_000, "O1", "Hannah Whitcombe", ()),
            ("Wildflower verges for pollinators", "Area of wildflower verges", "hectares", 0,
             12, -300, 14, "O1", "Hannah Whitcombe", ()),
        ),
    },
}
# fmt: on


def add_golden_thread_demo(session: Session, today: dt.date) -> None:
    """Give every demo project its golden thread, measurements and benefits.

    Runs inside the demo's own unit of work, after its projects and corporate outcomes
    exist; projects are found by reference prefix and number, whatever their year.
    """
    session.flush()
    outcomes = dict(session.execute(select(CorporateOutcome.code, CorporateOutcome.id)).all())
    measurements: list[dict[str, Any]] = []
    for (prefix, number), spec in _THREADS.items():
        project = session.scalar(
            select(Project).where(Project.reference.like(f"{prefix}-%-{number:02d}"))
        )
        if project is None:
            continue
        as_of = project.end_date if project.status is ProjectStatus.CLOSED else today
        measurements += _add_thread(session, project, spec, outcomes, as_of or today)
    # Measurements are the bulk of the demo: one Core-style insert, not one ORM object each.
    if measurements:
        session.execute(insert(KpiMeasurement), measurements)


def _add_thread(
    session: Session,
    project: Project,
    spec: dict[str, Any],
    outcomes: dict[str, int],
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """Add one project's objectives, services, KPIs and benefits; returns its measurements."""
    objectives, services = _objectives_and_services(project.id, spec, outcomes)
    session.add_all([*objectives.values(), *services])
    session.flush()
    kpis = [_kpi(project.id, row, objectives, services) for row in spec["kpis"]]
    session.add_all(kpis)
    session.add_all(_benefit(project.id, row, objectives, as_of) for row in spec["benefits"])
    session.flush()
    rows: list[dict[str, Any]] = []
    for kpi, row in zip(kpis, spec["kpis"], strict=True):
        if row[-1] and spec["months"]:
            rows += _measurements(kpi, row[-1], spec["months"], as_of, project.reference)
    return rows


def _objectives_and_services(
    project_id: int, spec: dict[str, Any], outcomes: dict[str, int]
) -> tuple[dict[str, ProjectObjective], list[CommissionedService]]:
    objectives = {
        code: ProjectObjective(
            project_id=project_id,
            code=code,
            title=title,
            corporate_outcome_id=outcomes.get(outcome) if outcome else None,
        )
        for code, title, outcome in spec["objectives"]
    }
    services = [
        CommissionedService(
            project_id=project_id,
            name=name,
            objective_links=[ServiceObjective(objective=objectives[code]) for code in codes],
        )
        for name, codes in spec["services"]
    ]
    return objectives, services


def _kpi(
    project_id: int,
    row: tuple[Any, ...],
    objectives: dict[str, ProjectObjective],
    services: list[CommissionedService],
) -> Kpi:
    code, name, unit, direction, target, tolerance, frequency, service, codes, _story = row
    return Kpi(
        project_id=project_id,
        service_id=services[service].id if service is not None else None,
        code=code,
        name=name,
        unit=unit,
        target=float(target),
        tolerance=float(tolerance),
        direction=direction,
        frequency=frequency,
        objective_links=[KpiObjective(objective=objectives[c]) for c in codes],
    )


def _benefit(
    project_id: int, row: tuple[Any, ...], objectives: dict[str, ProjectObjective], as_of: dt.date
) -> Benefit:
    description, measure, unit, baseline, target, due_in, realised, code, owner, flags = row
    return Benefit(
        project_id=project_id,
        objective_id=objectives[code].id if code else None,
        kind=BenefitKind.DIS_BENEFIT if _DIS in flags else BenefitKind.BENEFIT,
        description=description,
        owner=owner,
        measure=measure,
        unit=unit,
        baseline=float(baseline),
        target=float(target),
        expected_on=as_of + dt.timedelta(days=due_in),
        realised_value=float(realised) if realised is not None else None,
    )


def _measurements(
    kpi: Kpi, story: dict[str, Any], months: int, as_of: dt.date, seed: str
) -> list[dict[str, Any]]:
    """The KPI's measurements for ``months`` up to ``as_of``, following its story."""
    step = kpi.frequency.months
    count = max(1, months // step)
    last = last_period_end(as_of, kpi.frequency)
    ends = [add_months(last, -step * (count - 1 - index)) for index in range(count)]
    kept = ends[: count - story.get("stale", 0)]
    notes = {index % len(kept): text for index, text in story.get("notes", {}).items()}
    anchors = story["trend"]
    ceiling = 100.0 if kpi.unit == "%" and max(v for _, v in anchors) <= 100 else None
    # A seed from the text keeps the demo identical from run to run.
    wobble = random.Random(f"{seed}-{kpi.code}")
    rows = []
    for index, period_end in enumerate(kept):
        value = _on_trend(anchors, index / max(count - 1, 1))
        value += wobble.uniform(-story["noise"], story["noise"])
        value = min(max(value, 0.0), ceiling) if ceiling else max(value, 0.0)
        rows.append(
            {
                "kpi_id": kpi.id,
                "period_end": period_end,
                "value": round(value, story["places"]),
                "commentary": notes.get(index, ""),
            }
        )
    return rows


def last_period_end(as_of: dt.date, frequency: MeasurementFrequency) -> dt.date:
    """The latest period to have ended before ``as_of``; periods follow the financial year.

    Monthly periods end every month end, quarterly ones at the end of June, September,
    December and March, and annual ones at the end of March.
    """
    end = as_of.replace(day=1) - dt.timedelta(days=1)
    while (end.month - 3) % frequency.months:
        end = add_months(end, -1)
    return end


def _on_trend(anchors: tuple[tuple[float, float], ...], share: float) -> float:
    """The value at ``share`` of the way along a line through the ``anchors``."""
    for (start, low), (stop, high) in itertools.pairwise(anchors):
        if start <= share <= stop:
            return low + (high - low) * (share - start) / (stop - start)
    return anchors[-1][1]


__all__ = ["add_golden_thread_demo", "last_period_end"]
