"""A believable demo portfolio for a fictional council, for training, trials and screenshots.

Everything is dated relative to ``today`` so the history always looks current: completed
stages ended in the past, gates were decided when their stage ended, and delivery
confidence was assessed at quarterly reviews up to a few weeks ago.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import CommissionerError
from commissioner.models import (
    CorporateOutcome,
    DeliveryConfidenceAssessment,
    Gate,
    OrganisationSettings,
    Person,
    Project,
    Stage,
    Supplier,
)
from commissioner.models.confidence_rules import DIMENSIONS
from commissioner.models.enums import ConfidenceRating as Rating
from commissioner.models.enums import (
    DeliveryModel,
    GateDecision,
    OrganisationType,
    ProjectStatus,
    ProtectiveMarking,
    Rag,
    StageKind,
    StageStatus,
    SupplierCategory,
)
from commissioner.services.demo_communications import add_communications_demo
from commissioner.services.demo_costs import add_cost_demo
from commissioner.services.demo_golden_thread import add_golden_thread_demo
from commissioner.services.demo_logo import demo_council_logo
from commissioner.services.demo_risks import add_risk_demo
from commissioner.services.demo_stages import add_stage_demo
from commissioner.services.demo_stakeholders import add_stakeholder_demo
from commissioner.services.demo_suppliers import add_supplier_demo
from commissioner.services.demo_team import add_team_demo
from commissioner.storage import Database

DEMO_COUNCIL_NAME = "Harrowdale Borough Council"

#: Days between the latest confidence review and ``today`` (or a project's closure).
REVIEW_LAG_DAYS = 16
#: Roughly a quarter: the usual cycle of delivery confidence reviews.
REVIEW_INTERVAL_DAYS = 91
#: Days between a project closing and someone archiving it.
ARCHIVE_LAG_DAYS = 28

_PRIVATE = OrganisationType.PRIVATE_COMPANY
_CHARITY = OrganisationType.CHARITY

# The tables below are laid out by hand for reading; the formatter would stretch them.
# fmt: off
_CORPORATE_OUTCOMES = (
    ("CO1", "Older and disabled residents live independently",
     "People get the right care and support at home, for as long as they can."),
    ("CO2", "Children and young people have the best start in life",
     "Every child, including those with special educational needs, can get to school."),
    ("CO3", "A clean, green and safe borough",
     "Streets, parks and roads are well kept; we recycle more and cut carbon emissions."),
    ("CO4", "Good homes in thriving neighbourhoods",
     "Council tenants live in safe, warm, well-repaired homes; empty homes are re-let fast."),
    ("CO5", "Healthy, active communities",
     "Residents of every age and income are active; health inequalities between wards narrow."),
)

#: (full name, job title, share of a full-time post on commissioning, organisation if not ours)
_PEOPLE = (
    ("Sarah Okafor", "Head of Commissioning", 1.0, ""),
    ("Tom Brennan", "Commissioning Manager", 0.4, ""),
    ("Priya Shah", "Senior Commissioning Manager, Adult Social Care", 1.0, ""),
    ("Lucy Farrell", "Commissioning Officer, Children and Education", 1.0, ""),
    ("Joanne Pike", "Housing Commissioning Manager", 0.6, ""),
    ("Imran Qureshi", "Highways Commissioning Manager", 0.8, ""),
    ("Hannah Whitcombe", "Contract Manager, Environmental Services", 0.8, ""),
    ("Gareth Lewis", "Procurement Lead", 0.5, ""),
    ("Ben Carver", "Performance and Governance Officer", 0.5, ""),
    ("Martin Gallagher", "Director of Adult Services", None, ""),
    ("Fiona Grant", "Director of Children's Services", None, ""),
    ("David Achebe", "Director of Place", None, ""),
    ("Kevin Hale", "Director of Housing and Communities", None, ""),
    ("Angela Moss", "Chief Resources Officer", None, ""),
    ("Dr Alison Reeve", "Director of Integrated Commissioning", None,
     "Harrowdale and Wyvern Integrated Care Board"),
    ("Mark Tolley", "Account Director", None, "Greenway Waste & Recycling Ltd"),
    ("Claire Ashworth", "Chief Executive", None, "Active Harrowdale Leisure Trust"),
)

#: (name, organisation type, contact, what the relationship is)
_SUPPLIERS = (
    ("Greenway Waste & Recycling Ltd", _PRIVATE, "Mark Tolley",
     "Strategic partner for waste collection, recycling and the recycling centres."),
    ("Marston & Kerr Highways Ltd", _PRIVATE, "Paul Marston",
     "Highways term maintenance contractor."),
    ("Brightstar Home Care Ltd", _PRIVATE, "Nadia Hussain",
     "Largest current home care provider; bidding in the home care tender."),
    ("Swiftline Passenger Transport Ltd", _PRIVATE, "Steve Rowe",
     "Taxi and minibus operator on the current school transport framework."),
    ("Carewell Community Support", _CHARITY, "Joy Adeyemi",
     "Charity providing home care and reablement in the rural patch."),
    ("Active Harrowdale Leisure Trust", _CHARITY, "Claire Ashworth",
     "Charitable leisure trust; preferred bidder for the leisure management contract."),
    ("Wyvern Community Health NHS Trust", OrganisationType.PUBLIC_BODY, "Rob Ellis",
     "Hosts the community equipment service shared with the Integrated Care Board."),
    ("Harrowdale Direct Services", OrganisationType.IN_HOUSE, "Gary Flint",
     "The council's own repairs and maintenance team."),
    ("Meadowbank Grounds Maintenance Ltd", _PRIVATE, "Lisa Kemp",
     "Former parks and grounds maintenance contractor; contract closed."),
)

_GATEWAY_REVIEWS = {
    StageKind.NEEDS_ASSESSMENT: "Gate 1: business justification",
    StageKind.SERVICE_DESIGN: "Gate 2: delivery strategy",
    StageKind.PROCUREMENT: "Gate 3: investment decision",
    StageKind.CONTRACTING: "Gate 4: readiness for service",
    StageKind.DELIVERY: "Gate 5: operations review and benefits realisation",
}

# Each project's history is laid out backwards from today (or its closure): ``plan`` is
# the planned days per stage, ``slip`` the days each completed stage overran, and
# ``elapsed`` the days spent so far in the current stage. ``confidence`` runs oldest first.
_PROJECTS: tuple[dict[str, Any], ...] = (
    {
        "prefix": "ASC", "number": 1, "name": "Home care recommissioning",
        "service_area": "Adult social care",
        "description": "Replace spot purchasing of home care with an outcomes-based framework "
        "across four patches, paying the fair cost of care and guaranteeing hours to "
        "stabilise a fragile market.",
        "model": DeliveryModel.EXTERNAL_PROVIDER, "category": SupplierCategory.EXPERT,
        "lead": "Priya Shah", "sponsor": "Martin Gallagher",
        "cabinet": "Cabinet Member for Adult Social Care", "budget": 38_500_000,
        "marking": ProtectiveMarking.OFFICIAL_SENSITIVE, "stage": StageKind.PROCUREMENT,
        "plan": (120, 150, 240, 90, 1826), "slip": (21, 40), "elapsed": 150,
        "conditions": {StageKind.SERVICE_DESIGN: "Rural patch to be tested with at least "
                       "three providers before tender; cost model to be signed off by the "
                       "Section 151 Officer."},
        "confidence": (
            (Rating.AMBER_GREEN, "Needs assessment well evidenced; eleven providers came to "
             "the early market engagement events."),
            (Rating.AMBER_GREEN, "Outcomes framework co-produced with people who draw on care."),
            (Rating.AMBER, "Design gate expected to slip six weeks while the cost model is "
             "rebuilt; provider interest in the rural patch is thin."),
            (Rating.AMBER, "Tender published on the revised timetable. Clarification questions "
             "show the payment-by-outcomes clauses are widely misread."),
            (Rating.AMBER_RED, "Only two compliant bids for the rural patch and one bidder has "
             "raised TUPE pricing risk. Contingency talks with the incumbent have started."),
        ),
    },
    {
        "prefix": "WST", "number": 1, "name": "Waste collection and recycling contract",
        "service_area": "Waste and recycling",
        "description": "Eight-year strategic partnership for kerbside collections, weekly "
        "food waste and the two household waste recycling centres, meeting Simpler "
        "Recycling requirements.",
        "model": DeliveryModel.EXTERNAL_PROVIDER,
        "category": SupplierCategory.STRATEGIC_PARTNER,
        "lead": "Hannah Whitcombe", "sponsor": "David Achebe",
        "cabinet": "Cabinet Member for Environment", "budget": 57_800_000,
        "stage": StageKind.DELIVERY,
        "plan": (150, 180, 270, 120, 2922), "slip": (0, 30, 45, 14), "elapsed": 500,
        "deferred": (StageKind.PROCUREMENT, "Cabinet asked for a fuller evaluation of the "
                     "two leading bids' vehicle replacement assumptions before awarding."),
        "conditions": {StageKind.CONTRACTING: "Food waste mobilisation plan to be agreed "
                       "before service start; KPI baselines confirmed at month three."},
        "confidence": (
            (Rating.AMBER, "Service went live on time but missed collections are three times "
             "the target while the new rounds bed in."),
            (Rating.AMBER, "Missed collections falling; the partner has added two food waste "
             "crews at its own cost."),
            (Rating.AMBER_GREEN, "Missed collections back within target after rounds were "
             "re-optimised."),
            (Rating.AMBER_GREEN, "Performance stable; dry recycling contamination still above "
             "the 12% target."),
            (Rating.GREEN, "All KPIs green for two quarters; the partnership board agreed its "
             "first continuous improvement plan."),
        ),
    },
    {
        "prefix": "EDU", "number": 1, "name": "SEND home-to-school transport",
        "service_area": "Education and school transport",
        "description": "Redesign transport for children with special educational needs "
        "and disabilities: independent travel training, personal transport budgets, an "
        "in-house minibus fleet for complex routes and a dynamic purchasing system for taxis.",
        "model": DeliveryModel.MIXED, "category": SupplierCategory.GENERAL,
        "lead": "Lucy Farrell", "sponsor": "Fiona Grant",
        "cabinet": "Cabinet Member for Children and Education", "budget": 12_400_000,
        "stage": StageKind.SERVICE_DESIGN,
        "plan": (90, 120, 180, 60, 1095), "slip": (30,), "elapsed": 70,
        "conditions": {StageKind.NEEDS_ASSESSMENT: "Equality impact assessment to be "
                       "completed before options go to parent carer consultation."},
        "confidence": (
            (Rating.AMBER_RED, "Eligible pupils up 22% in two years; the budget is already "
             "forecast to overspend by £1.9m."),
            (Rating.RED, "Overspend forecast now £2.6m and only two operators bid for the "
             "latest route lots. Route planning software is out of support."),
        ),
    },
    {
        "prefix": "HSG", "number": 1, "name": "Responsive repairs and voids service",
        "service_area": "Housing",
        "description": "Decide how responsive repairs and void works to 6,200 council "
        "homes are delivered when current arrangements end; expanding Harrowdale Direct "
        "Services is the preferred option.",
        "model": DeliveryModel.IN_HOUSE, "category": None,
        "lead": "Joanne Pike", "sponsor": "Kevin Hale",
        "cabinet": "Cabinet Member for Housing", "budget": 24_000_000,
        "status": ProjectStatus.ON_HOLD, "stage": StageKind.NEEDS_ASSESSMENT,
        "plan": (150, 150, 210, 90, 2557), "elapsed": 200,
        "confidence": (
            (Rating.AMBER, "Stock condition survey 40% complete; early results put void "
             "costs well above the current schedule of rates."),
            (Rating.AMBER_RED, "Paused by the Director until the Regulator of Social Housing "
             "publishes its inspection findings."),
        ),
    },
    {
        "prefix": "LEI", "number": 1, "name": "Leisure management contract",
        "service_area": "Leisure and culture",
        "description": "Ten-year contract to run three leisure centres and Westbrook Lido, "
        "with a wellbeing offer aimed at inactive residents and a plan to cut energy use.",
        "model": DeliveryModel.EXTERNAL_PROVIDER,
        "category": SupplierCategory.STRATEGIC_PARTNER,
        "lead": "Tom Brennan", "sponsor": "David Achebe",
        "cabinet": "Cabinet Member for Communities and Leisure", "budget": 9_600_000,
        "stage": StageKind.CONTRACTING,
        "plan": (120, 150, 240, 120, 3652), "slip": (0, 21, 30), "elapsed": 45,
        "conditions": {StageKind.PROCUREMENT: "Award subject to the energy price "
                       "mechanism being capped and benchmarked every year."},
        "confidence": (
            (Rating.AMBER, "Procurement launched three weeks late after the pool condition "
             "survey; energy cost risk stays with the council."),
            (Rating.AMBER, "Four bids received, two from leisure trusts; evaluation under way."),
            (Rating.AMBER_GREEN, "Evaluation complete; the preferred bidder's fee is £240k a "
             "year below the current contract."),
            (Rating.GREEN, "Contract terms agreed in principle and tested against operational "
             "use cases with the trust; TUPE consultation under way."),
        ),
    },
    {
        "prefix": "HWY", "number": 1, "name": "Highways maintenance term contract",
        "service_area": "Highways and transport",
        "description": "Seven-year NEC4 term service contract for reactive repairs, planned "
        "resurfacing, drainage and winter gritting across 640 miles of road.",
        "model": DeliveryModel.EXTERNAL_PROVIDER, "category": SupplierCategory.EXPERT,
        "lead": "Imran Qureshi", "sponsor": "David Achebe",
        "cabinet": "Cabinet Member for Highways and Transport", "budget": 44_500_000,
        "stage": StageKind.DELIVERY,
        "plan": (120, 150, 240, 90, 2557), "slip": (14, 0, 60, 0), "elapsed": 900,
        "conditions": {StageKind.PROCUREMENT: "Award subject to the winning bidder's "
                       "revised winter service plan being accepted."},
        "confidence": (
            (Rating.GREEN, "Programmed resurfacing ahead of schedule; all KPIs on target."),
            (Rating.GREEN, "Drainage programme complete; resident satisfaction up on last year."),
            (Rating.AMBER_GREEN, "Pothole backlog growing: the contractor "
             "counts 'make safe' visits as meeting the 24-hour repair KPI."),
            (Rating.AMBER, "The defect response wording is now before the contract board. "
             "Backlog stands at 1,900 defects with two insurance claims open."),
        ),
    },
    {
        "prefix": "ASC", "number": 2, "name": "Integrated community equipment service",
        "service_area": "Adult social care",
        "description": "Joint service with the NHS, under a section 75 agreement and pooled "
        "budget, to supply, fit and recycle equipment that helps people live at home.",
        "model": DeliveryModel.SHARED_SERVICE, "category": None,
        "lead": "Priya Shah", "sponsor": "Martin Gallagher",
        "cabinet": "Cabinet Member for Adult Social Care", "budget": 6_800_000,
        "stage": StageKind.CONTRACTING,
        "plan": (90, 120, 90, 150, 1826), "slip": (0, 45, 0), "elapsed": 60,
        "deferred": (StageKind.SERVICE_DESIGN, "Deferred until the Integrated Care Board "
                     "confirms its share of the pooled budget."),
        "confidence": (
            (Rating.AMBER_GREEN, "Needs assessment agreed by both boards; demand for "
             "equipment forecast to rise 6% a year."),
            (Rating.AMBER, "Board papers recommend deferring the design gate: the Integrated Care "
             "Board has not confirmed its pooled budget contribution."),
            (Rating.AMBER_GREEN, "Pooled budget agreed at 55:45 and the options appraisal "
             "favours extending the NHS-hosted service."),
            (Rating.AMBER_GREEN, "Section 75 agreement drafted; KPIs for seven-day delivery "
             "and recycling rates agreed."),
        ),
    },
    {
        "prefix": "ENV", "number": 1, "name": "Parks and grounds maintenance contract",
        "service_area": "Environmental services",
        "description": "Five-year contract for grass cutting, shrub beds, playground "
        "inspections and sports pitches; closed at expiry and folded into the parks review.",
        "model": DeliveryModel.EXTERNAL_PROVIDER, "category": SupplierCategory.GENERAL,
        "lead": "Hannah Whitcombe", "sponsor": "David Achebe",
        "cabinet": "Cabinet Member for Environment", "budget": 4_300_000,
        "status": ProjectStatus.CLOSED, "stage": StageKind.DELIVERY, "closed_ago": 150,
        "plan": (90, 90, 150, 60, 1826), "slip": (0, 0, 20, 0), "elapsed": 1826,
        "conditions": {StageKind.DELIVERY: "Lessons learned to inform the parks service "
                       "review; asset data handed back to the council."},
        "confidence": (
            (Rating.AMBER_GREEN, "Exit plan agreed; the supplier is cooperating with the "
             "handover of asset data."),
            (Rating.GREEN, "Final year delivered to standard; all KPIs met."),
            (Rating.GREEN, "Contract ended on time with the final account agreed."),
        ),
    },
)
# fmt: on


def build_demo_portfolio(db: Database, *, today: dt.date | None = None) -> int:
    """Fill an empty database with the demo portfolio; returns the number of projects.

    One unit of work with one audit time, so the trail shows the demo as a single event
    and any failure leaves the file untouched.
    """
    today = today or dt.date.today()
    audit_time = dt.datetime.combine(today, dt.datetime.now().time()).replace(microsecond=0)
    with db.session(audit_time=audit_time) as session:
        _refuse_unless_empty(session, db)
        _name_the_council(session)
        session.add_all(_corporate_outcomes())
        session.add_all(_suppliers())
        people = _people()
        session.add_all(people.values())
        projects = [_project(spec, people, today) for spec in _PROJECTS]
        session.add_all(projects)
        add_stage_demo(session, today)
        add_golden_thread_demo(session, today)
        add_risk_demo(session, today)
        add_stakeholder_demo(session, today)
        add_communications_demo(session, today)
        add_supplier_demo(session, today)
        add_cost_demo(session, today)
        add_team_demo(session, today)
    return len(projects)


def _refuse_unless_empty(session: Session, db: Database) -> None:
    """The demo must never mix with real records, nor clash with their unique names."""
    for table, noun in (
        (Project, "projects"),
        (Supplier, "suppliers"),
        (CorporateOutcome, "corporate outcomes"),
        (Person, "people"),
    ):
        if session.scalar(select(table.id).limit(1)) is not None:
            raise CommissionerError(
                f"{db.path.name} already holds {noun}; create the demo in a new file."
            )


def _name_the_council(session: Session) -> None:
    settings = session.get(OrganisationSettings, 1)
    if settings is None:  # the first migration creates it, but be forgiving
        settings = OrganisationSettings(id=1)
        session.add(settings)
    settings.council_name = DEMO_COUNCIL_NAME
    settings.logo_image = demo_council_logo()


def _corporate_outcomes() -> list[CorporateOutcome]:
    return [
        CorporateOutcome(code=code, title=title, description=description, sort_order=order)
        for order, (code, title, description) in enumerate(_CORPORATE_OUTCOMES, start=1)
    ]


def _suppliers() -> list[Supplier]:
    return [
        Supplier(name=name, organisation_type=kind, contact_name=contact, notes=notes)
        for name, kind, contact, notes in _SUPPLIERS
    ]


def _people() -> dict[str, Person]:
    """Council officers (e-mail on a reserved, unroutable domain) and partners, by name."""
    return {
        name: Person(
            full_name=name,
            job_title=title,
            commissioning_fte=fte,
            organisation=organisation,
            is_council_staff=not organisation,
            email="" if organisation else name.lower().replace(" ", ".") + "@harrowdale.example",
        )
        for name, title, fte, organisation in _PEOPLE
    }


def _project(spec: dict[str, Any], people: dict[str, Person], today: dt.date) -> Project:
    """One project with its five stages, gates and confidence history, as of ``today``."""
    as_of = today - _days(spec.get("closed_ago", 0))
    start = as_of - _days(sum(_completed_stage_days(spec)) + spec["elapsed"])
    stages = _stages(spec, start, as_of)
    archived_at = dt.datetime.combine(as_of + _days(ARCHIVE_LAG_DAYS), dt.time(10, 30))
    return Project(
        reference=f"{spec['prefix']}-{start.year}-{spec['number']:02d}",
        name=spec["name"],
        service_area=spec["service_area"],
        description=spec["description"],
        delivery_model=spec["model"],
        supplier_category=spec["category"],
        lead_commissioner=people[spec["lead"]],
        sponsor=people[spec["sponsor"]],
        approved_budget_pence=spec["budget"] * 100,
        start_date=start,
        end_date=stages[-1].actual_end or stages[-1].planned_end,
        status=spec.get("status", ProjectStatus.ACTIVE),
        current_stage=spec["stage"],
        protective_marking=spec.get("marking", ProtectiveMarking.OFFICIAL),
        archived_at=archived_at if _is_closed(spec) else None,
        stages=stages,
        confidence_assessments=_assessments(spec, as_of),
    )


def _is_closed(spec: dict[str, Any]) -> bool:
    return spec.get("status") is ProjectStatus.CLOSED


def _slips(spec: dict[str, Any]) -> tuple[int, ...]:
    """Days each stage overran; stages not yet complete have not slipped."""
    return (*spec.get("slip", ()), 0, 0, 0, 0, 0)[:5]


def _completed_stage_days(spec: dict[str, Any]) -> list[int]:
    """Days taken by each stage before the current one, including the day of its gate."""
    slips = _slips(spec)
    return [spec["plan"][i] + slips[i] + 1 for i in range(spec["stage"].sequence - 1)]


def _stages(spec: dict[str, Any], start: dt.date, as_of: dt.date) -> list[Stage]:
    """The five stages from ``start``, so that the current one is under way on ``as_of``.

    Plans are rebaselined at each gate (a stage is planned to start the day after the
    previous one actually ended), so slippage shows as actual ends after planned ends.
    """
    stages = []
    for kind in StageKind:
        stage, start = _stage(spec, kind, start, as_of)
        stages.append(stage)
    return stages


def _stage(
    spec: dict[str, Any], kind: StageKind, start: dt.date, as_of: dt.date
) -> tuple[Stage, dt.date]:
    """One stage starting on ``start``, and the day the next stage starts."""
    index, current = kind.sequence - 1, spec["stage"]
    planned_end = start + _days(spec["plan"][index])
    stage = Stage(kind=kind, sequence=kind.sequence, status=StageStatus.NOT_STARTED)
    stage.planned_start, stage.planned_end = start, planned_end
    if kind.sequence < current.sequence or (kind is current and _is_closed(spec)):
        actual_end = as_of if kind is current else planned_end + _days(_slips(spec)[index])
        stage.status, stage.actual_start, stage.actual_end = StageStatus.COMPLETE, start, actual_end
        stage.gates = _gates(spec, kind, planned_end, actual_end)
        return stage, actual_end + _days(1)
    if kind is current:
        stage.status, stage.actual_start = StageStatus.IN_PROGRESS, start
        return stage, max(planned_end, as_of) + _days(1)
    return stage, planned_end + _days(1)


def _gates(
    spec: dict[str, Any], kind: StageKind, planned_end: dt.date, actual_end: dt.date
) -> list[Gate]:
    """The decision that closed a stage, after a deferral where the board sent it back."""
    maker = {
        StageKind.PROCUREMENT: spec["cabinet"],
        StageKind.CONTRACTING: "Executive Director, Resources",
    }.get(kind, "Commissioning Board")
    who = {"decision_maker": maker, "gateway_review": _GATEWAY_REVIEWS[kind]}
    gates = []
    deferred_kind, reason = spec.get("deferred", (None, ""))
    if deferred_kind is kind:
        gates.append(
            Gate(decision=GateDecision.DEFERRED, decided_on=planned_end, conditions=reason, **who)
        )
    conditions = spec.get("conditions", {}).get(kind, "")
    decision = GateDecision.APPROVED_WITH_CONDITIONS if conditions else GateDecision.APPROVED
    gates.append(Gate(decision=decision, decided_on=actual_end, conditions=conditions, **who))
    return gates


def _assessments(spec: dict[str, Any], as_of: dt.date) -> list[DeliveryConfidenceAssessment]:
    """Quarterly reviews, the latest by the Commissioning Board, alternating with the lead."""
    history = spec["confidence"]
    latest = as_of - _days(REVIEW_LAG_DAYS)
    return [
        DeliveryConfidenceAssessment(
            assessed_on=latest - _days(REVIEW_INTERVAL_DAYS * (len(history) - 1 - index)),
            rating=rating,
            rationale=rationale,
            assessed_by="Commissioning Board" if (len(history) - index) % 2 else spec["lead"],
            **_dimension_rags(rating, index + len(spec["name"])),
        )
        for index, (rating, rationale) in enumerate(history)
    ]


# Per overall rating, a believable spread of dimension ratings (G, A, R), rotated per review.
_DIMENSION_PATTERNS = {5: "GGGGAG", 4: "GAGGAG", 3: "AAGARA", 2: "RAARAG", 1: "RRARRA"}
_RAG_LETTERS = {"G": Rag.GREEN, "A": Rag.AMBER, "R": Rag.RED}


def _dimension_rags(rating: Rating, salt: int) -> dict[str, Rag]:
    """Time, cost, scope, quality, benefits and risk ratings consistent with the overall one."""
    pattern = _DIMENSION_PATTERNS[rating.rank]
    shift = salt % len(pattern)
    letters = pattern[shift:] + pattern[:shift]
    return {
        column: _RAG_LETTERS[letter]
        for (column, _), letter in zip(DIMENSIONS, letters, strict=True)
    }


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


__all__ = ["DEMO_COUNCIL_NAME", "build_demo_portfolio"]
