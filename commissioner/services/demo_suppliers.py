"""Suppliers for the demo portfolio: who bids for, is shortlisted for or delivers each
project, with due diligence both ways, cultural alignment over time, duty-to-warn logs,
contract use-case tests and the council's own cultural self-assessment.

Runs inside the demo's unit of work once its projects and stages exist, and dates
everything from each project's stages (bids were evaluated just before the procurement
gate), so the story stays consistent with ``today``. Told on purpose, once each:

* Marston & Kerr (highways) is the supplier whose alignment index falls at its latest
  reassessment, in the middle of the defect-response dispute, and the expert supplier
  that has raised no warning for longer than the prompt period;
* Carewell (home care) has asked to do its own due diligence on our outcomes and has
  not yet been allowed to;
* the leisure contract, in contracting, still has its energy-price wording ambiguous.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commissioner.models import (
    AlignmentAssessment,
    AlignmentScore,
    ContractUseCase,
    CouncilSelfAssessment,
    CultureDimension,
    DueDiligenceItem,
    DueDiligenceTemplateItem,
    DutyToWarnEntry,
    Person,
    Project,
    ProjectSupplier,
    Stage,
    Supplier,
)
from commissioner.models.enums import OrganisationType, ProjectStatus, SelfRating, StageKind
from commissioner.models.enums import SupplierCategory as Cat
from commissioner.models.enums import SupplierRole as Role
from commissioner.models.enums import WarningStatus as Status

#: Days before the procurement gate (or, mid-procurement, before today) that bids were
#: evaluated: the first alignment assessment; due diligence ran in the weeks before.
EVALUATION_LEAD_DAYS = 21
#: Days between the latest alignment reassessment and today (or a contract's closure).
REASSESSMENT_LAG_DAYS = 18
_PROCUREMENT_LEAD = "Gareth Lewis"
_CRO = "Angela Moss"
#: The one supplier whose alignment falls at its latest reassessment.
_FALLING = "Marston & Kerr Highways Ltd"

_HOME_CARE = "Home care recommissioning"
_WASTE = "Waste collection and recycling contract"
_SEND = "SEND home-to-school transport"
_REPAIRS = "Responsive repairs and voids service"
_LEISURE = "Leisure management contract"
_HIGHWAYS = "Highways maintenance term contract"
_EQUIPMENT = "Integrated community equipment service"
_PARKS = "Parks and grounds maintenance contract"

_PRIVATE, _CHARITY = OrganisationType.PRIVATE_COMPANY, OrganisationType.CHARITY
_GENERAL, _EXPERT, _STRATEGIC = Cat.GENERAL, Cat.EXPERT, Cat.STRATEGIC_PARTNER

# The tables below are laid out by hand for reading; the formatter would stretch them.
# fmt: off
#: Bidders the main demo does not know: (name, type, contact, notes).
_MORE_SUPPLIERS = (
    ("Hollybrook Home Care Ltd", _PRIVATE, "Daniel Osei",
     "Regional home care provider; bid for the urban patches only."),
    ("Calderbrook Environmental Services Ltd", _PRIVATE, "Rachel Dunmore",
     "Waste collection contractor; second-placed bidder for the waste partnership."),
    ("Harbourline Leisure Management Ltd", _PRIVATE, "Owen Pritchard",
     "National leisure operator; bid for the leisure management contract."),
    ("Fellside Community Leisure Trust", _CHARITY, "Bethan Morgan",
     "Charitable leisure trust from a neighbouring county."),
    ("Kingsmoor Fitness Operations Ltd", _PRIVATE, "Simon Blackwood",
     "Budget gym operator; bid for the leisure management contract."),
)
#: The council's own place on each dimension of the shipped questionnaire (1 to 5).
_COUNCIL = {"formality": 4, "delivery_style": 2, "quality_standard": 4, "workforce_fit": 4,
            "public_sector": 5, "communication": 4, "change": 2}
_SELF_ASSESSMENT = (
    ("public_sector", SelfRating.STRENGTH,
     "Officers know our statutory duties, scrutiny and member decision-making well."),
    ("quality_standard", SelfRating.STRENGTH,
     "Clear service standards and a good record at inspections."),
    ("change", SelfRating.WEAKNESS,
     "Slow to change: new ways of working wait months for boards and IT capacity."),
    ("communication", SelfRating.WEAKNESS,
     "Reporting is thorough but slow; suppliers find us hard to reach between meetings."),
)
#: What each dimension looks like when the supplier sits below, level with, or above us.
_CULTURE_EVIDENCE = {
    "formality": ("Decisions agreed on the phone and confirmed later, if at all.",
                  "Works to agendas, minutes and written decisions much as we do.",
                  "Wants written instructions even for small operational changes."),
    "delivery_style": ("Front-line staff know residents and our officers by name.",
                       "Staff balance a friendly manner with getting the job done, as ours do.",
                       "Managers are courteous but brisk; talk sticks to the task in hand."),
    "quality_standard": ("Aims for good enough, quickly; quality checks are light.",
                         "Quality checks and sign-off match our own standard.",
                         "Its inspection regime goes beyond what the specification asks."),
    "workforce_fit": ("Some friction between our officers and its managers.",
                      "Our officers and its staff solve problems together routinely.",
                      "Its staff seek out joint working more than our teams have time for."),
    "public_sector": ("Little experience of councils; scrutiny and member processes needed "
                      "explaining.",
                      "Understands our decision-making, scrutiny and statutory duties.",
                      "Knows public-sector governance better than most of our own officers."),
    "communication": ("Gets in touch when something comes up; reports arrive late.",
                      "Reports and meetings follow the agreed schedule.",
                      "More scheduled meetings and reports than we can resource."),
    "change": ("Prefers proven methods; slower to change than we are.",
               "Takes on change at about our pace.",
               "Quick to propose new methods and technology we would not have tried."),
}
#: The falling reassessment, in the assessor's own words where it changed most.
_DISPUTE_EVIDENCE = {
    "formality": "Every instruction since the defect dispute is answered with a formal notice.",
    "delivery_style": "Site meetings have become brisk and stick to contractual positions.",
    "workforce_fit": "Joint inspections stopped; our inspectors report friction with its "
                     "supervisors over 'make safe' repairs.",
    "change": "Declined to trial the new pothole repair method unless paid as extra work.",
}
#: What was looked at for each area of the council's template.
_DILIGENCE_SOURCES = {
    "Technical expertise": "Method statements, CVs of the proposed managers and visits to "
                           "two comparable contracts.",
    "Business and organisational skills": "Organisation chart, business continuity plan and "
                                          "an interview with the operations director.",
    "Change-management skills (crucial for a new market entrant)":
        "Mobilisation plan and references from councils where it took over a service.",
    "Resilience of internal processes to staff turnover":
        "Three years' staff turnover, training records and handover procedures for key roles.",
    "Financial standing": "Three years' audited accounts and a credit reference report.",
    "Understanding of the public sector": "Council references and its answers on scrutiny, "
                                          "statutory duties and member enquiries.",
    "Capacity to deliver at the required scale": "Current contracts, workforce plan and the "
                                                 "resources committed to this contract.",
    "Safeguarding, data protection and regulatory compliance":
        "Policies, training records, DBS checks and its latest regulator's report.",
}
_RATING_VERDICTS = {5: "Strong: well beyond what the contract needs.",
                    3: "Adequate; to be watched at mobilisation.",
                    4: "Good: meets what the contract needs with some margin."}
_CONCERNS = {
    ("Brightstar Home Care Ltd", "Financial standing"):
        "Accounts show a 1.2% net margin and falling cash; the parent company guarantee "
        "offered covers the first year only.",
    ("Carewell Community Support", "Capacity to deliver at the required scale"):
        "Staff cover about 60% of the rural patch's hours; the plan relies on carers "
        "transferring from the incumbent under TUPE.",
}


@dataclass(frozen=True)
class _Link:
    """One supplier's place in one demo project and the story of its relationship."""

    project: str
    supplier: str
    role: Role
    category: Cat
    scores: tuple[float, float] | None = None
    notes: str = ""
    #: Ratings per template area in order, "-" for not yet rated; "" for none at all.
    diligence: str = ""
    #: How far the supplier's own due diligence has got: requested, allowed or done.
    own: str = ""
    findings: str = ""
    #: The supplier's positions at each assessment, oldest first, in _COUNCIL's order.
    culture: tuple[tuple[int, ...], ...] = ()


_LINKS = (
    _Link(_HOME_CARE, "Brightstar Home Care Ltd", Role.SHORTLISTED, _EXPERT, (82, 68),
          "Strongest price; raised the TUPE pricing risk at clarification.", "45432---",
          "done", "Outcome targets achievable in the urban patches; rural prices will not "
          "cover travel time at the hourly rate offered.", ((5, 4, 3, 3, 4, 5, 4),)),
    _Link(_HOME_CARE, "Carewell Community Support", Role.SHORTLISTED, _EXPERT, (64, 79),
          "Strongest quality score; the only other compliant bid for the rural patch.",
          "43-5--2-", "requested", "", ((3, 1, 4, 5, 5, 2, 2),)),
    _Link(_HOME_CARE, "Hollybrook Home Care Ltd", Role.BIDDER, _EXPERT, None,
          "Non-compliant for the rural patch: no registered branch within the area."),
    _Link(_WASTE, "Greenway Waste & Recycling Ltd", Role.CONTRACTED, _STRATEGIC, (71, 84),
          "Eight-year partnership from service start; the partnership board meets quarterly.",
          "54445454", "done", "Outcomes achievable; the recycling target needs food waste "
          "collected from day one. Shared its round modelling with us.",
          ((3, 4, 3, 3, 3, 3, 4), (3, 4, 4, 3, 3, 4, 4), (4, 3, 4, 4, 4, 4, 4),
           (4, 3, 4, 4, 5, 4, 4))),
    _Link(_WASTE, "Calderbrook Environmental Services Ltd", Role.BIDDER, _STRATEGIC, (78, 70),
          "Second at award; its vehicle replacement assumptions were questioned by Cabinet."),
    _Link(_SEND, "Swiftline Passenger Transport Ltd", Role.BIDDER, _GENERAL, None,
          "Came to early market engagement for the taxi dynamic purchasing system."),
    _Link(_REPAIRS, "Harrowdale Direct Services", Role.BIDDER, _GENERAL, None,
          "The in-house option in the appraisal; would need about 40 more trades staff."),
    _Link(_LEISURE, "Active Harrowdale Leisure Trust", Role.CONTRACTED, _STRATEGIC, (88, 77),
          "Preferred bidder; fee £240k a year below the current contract. Signing follows "
          "the TUPE consultation.", "44434554", "done", "Targets for inactive residents "
          "achievable with GP referral; energy targets depend on our capital for the lido.",
          ((3, 2, 4, 4, 4, 3, 3), (3, 2, 4, 4, 5, 3, 4))),
    _Link(_LEISURE, "Harbourline Leisure Management Ltd", Role.BIDDER, _STRATEGIC, (74, 80)),
    _Link(_LEISURE, "Fellside Community Leisure Trust", Role.BIDDER, _STRATEGIC, (69, 72)),
    _Link(_LEISURE, "Kingsmoor Fitness Operations Ltd", Role.BIDDER, _STRATEGIC, (81, 58),
          "Lowest fee but no wellbeing offer for inactive residents."),
    _Link(_HIGHWAYS, "Marston & Kerr Highways Ltd", Role.CONTRACTED, _EXPERT, (76, 81),
          "NEC4 term service contract; the Service Manager meets its agent monthly.",
          "55434444", "done", "Condition of 60 miles of C roads worse than the tender data "
          "showed; the first year's resurfacing was re-phased.",
          ((4, 3, 4, 3, 4, 4, 3), (4, 3, 4, 4, 4, 4, 3), (4, 3, 4, 3, 4, 4, 3),
           (5, 4, 3, 2, 4, 3, 3))),
    _Link(_EQUIPMENT, "Wyvern Community Health NHS Trust", Role.CONTRACTED, _STRATEGIC, None,
          "Hosts the pooled-budget service under a section 75 agreement; no tender.",
          "44334555", "allowed", "", ((5, 3, 4, 4, 5, 5, 1), (5, 3, 4, 4, 5, 4, 2))),
    _Link(_PARKS, "Meadowbank Grounds Maintenance Ltd", Role.CONTRACTED, _GENERAL, (80, 66),
          "Five-year contract ended at expiry; final account agreed.", "43333434", "", "",
          ((2, 4, 3, 3, 2, 2, 3), (3, 4, 3, 3, 3, 3, 3), (3, 4, 3, 4, 3, 3, 3))),
)

#: (project, supplier, days before today or closure, subject, raised by, how, response,
#:  status)
_WARNINGS = (
    (_WASTE, "Greenway Waste & Recycling Ltd", 520,
     "Food waste caddies will not all be delivered before service start", "Mark Tolley",
     "Formal letter", "Go-live kept; the last 4,000 homes had caddies in week two, with a "
     "leaflet drop.", Status.CLOSED),
    (_WASTE, "Greenway Waste & Recycling Ltd", 210,
     "The 12% contamination target cannot be met without a resident education campaign",
     "Mark Tolley", "Partnership board", "Joint campaign funded from the communications "
     "budget; the target stays and is reviewed in a year.", Status.RESPONDED),
    (_WASTE, "Greenway Waste & Recycling Ltd", 38,
     "The depot lease ends before the new fleet arrives", "Karen Doyle",
     "Email to the contract manager", "", Status.OPEN),
    (_HIGHWAYS, "Marston & Kerr Highways Ltd", 760,
     "Drainage data handed over by the previous contractor is incomplete", "Paul Marston",
     "Early warning notice", "A survey of 2,100 gullies instructed as a compensation event.",
     Status.CLOSED),
    (_HIGHWAYS, "Marston & Kerr Highways Ltd", 140,
     "Salt stocks are below the recommended level ahead of winter", "Paul Marston",
     "Early warning notice", "1,500 tonnes more ordered; resilience stock agreed with the "
     "neighbouring county.", Status.RESPONDED),
    (_HOME_CARE, "Brightstar Home Care Ltd", 45,
     "TUPE pricing: the incumbent staff's terms are missing from the data room",
     "Nadia Hussain", "Tender clarification question", "Anonymised staff terms published "
     "to all bidders and the deadline extended by a week.", Status.RESPONDED),
    (_HOME_CARE, "Carewell Community Support", 19,
     "Travel time in the rural patch is not funded in the price schedule", "Joy Adeyemi",
     "Tender clarification question", "", Status.OPEN),
    (_LEISURE, "Active Harrowdale Leisure Trust", 160,
     "The lido plant room survey is four years old; repairs may be under-priced",
     "Claire Ashworth", "Letter to the project lead", "New survey commissioned and shared "
     "with all bidders.", Status.CLOSED),
    (_LEISURE, "Active Harrowdale Leisure Trust", 52,
     "The energy cap wording may leave the trust carrying quarterly price spikes",
     "Claire Ashworth", "Contract negotiation meeting", "", Status.OPEN),
    (_EQUIPMENT, "Wyvern Community Health NHS Trust", 33,
     "Weekend deliveries need technicians the pooled budget does not fund", "Rob Ellis",
     "Joint commissioning board", "Costed options requested from the trust for the "
     "next board.", Status.RESPONDED),
)

#: (project, scenario, clause, expected, council's reading, supplier's reading,
#:  ambiguous, resolution, status)
_USE_CASES = (
    (_LEISURE, "Wholesale energy prices rise 35% in one quarter.",
     "Clause 27.2 (Energy price mechanism)",
     "Energy cost above the benchmark is shared 50:50 up to the annual cap.",
     "The cap applies to the contract year as a whole, against the annual benchmark.",
     "The cap applies to each quarter, so the council pays its share of any spike in full.",
     True, "", Status.OPEN),
    (_LEISURE, "Westbrook Lido closes for a week in August: no lifeguards can be recruited.",
     "Schedule 2, para 4.3 (Opening hours)",
     "The lido opens 7am to 7pm daily in the season; closures agreed in advance.",
     "Staff shortages are the operator's risk; lost days attract a deduction.",
     "A national lifeguard shortage is a relief event under clause 31: no deduction.",
     True, "Clause 31 amended: staff shortages are not relief events; the trust keeps a "
     "lifeguard bank across its sites.", Status.CLOSED),
    (_LEISURE, "A school cancels its pool block booking with two days' notice.",
     "Schedule 3, para 2.1 (School bookings)",
     "The trust may charge the school's cancellation fee; the subsidy is unchanged.",
     "The school pays the cancellation fee; our subsidy is unchanged.",
     "We charge the school the price list's fee and make no claim on the council.",
     False, "Readings agree.", Status.CLOSED),
    (_EQUIPMENT, "A ward orders a profiling bed at 4pm on Friday for a Saturday discharge.",
     "Schedule 1, para 3.2 (Seven-day delivery)",
     "Equipment delivered and fitted in time for the discharge to go ahead.",
     "'Seven-day delivery' means delivering on every day of the week, within 24 hours "
     "for urgent discharges.",
     "'Seven-day delivery' means within seven calendar days of the order; weekends by "
     "separate agreement.", True, "", Status.RESPONDED),
    (_EQUIPMENT, "Equipment no longer needed waits at a resident's home for collection.",
     "Schedule 1, para 5.1 (Collection and recycling)",
     "Collected within 10 working days of notice; recycling rate reported monthly.",
     "Collected within 10 working days of the resident's call.",
     "Collected within 10 working days; reported in our monthly return.",
     False, "Readings agree.", Status.CLOSED),
    (_WASTE, "Parked cars block a street and the crew cannot reach the bins.",
     "Schedule 4, KPI 1 (Missed collections)",
     "Collections not made on the scheduled day count as missed.",
     "A missed collection: the partner returns the next working day.",
     "Not a missed collection: the crew attended and access was blocked.", True,
     "Agreed at the partnership board: access failures are photographed and revisited "
     "within one working day; only a failed revisit counts as missed.", Status.CLOSED),
    (_WASTE, "A recycling bin is contaminated with food waste.",
     "Schedule 4, para 6.4 (Contaminated containers)",
     "The bin is tagged and left, the resident told, and it is emptied as residual waste.",
     "Tagged and left; emptied with the residual waste the next week.",
     "The crew tags the bin and leaves it; the next residual round empties it.",
     False, "Readings agree.", Status.CLOSED),
    (_HIGHWAYS, "A category 1 pothole is made safe within 24 hours and repaired 40 days "
     "later.", "Scope, section 5.1 (Defect response)",
     "Category 1 defects repaired within 24 hours.",
     "'Repaired' means a permanent repair; a make-safe does not meet the 24-hour KPI.",
     "'Repaired' includes making safe; the permanent repair joins the 28-day programme.",
     True, "", Status.RESPONDED),
    (_HIGHWAYS, "The council asks for an extra gritting route during snow.",
     "Clause 60.1(1) (Compensation events)",
     "A change to the Scope instructed by the Service Manager is a compensation event.",
     "An instructed change to the Scope, so a compensation event.",
     "A compensation event under 60.1(1), priced from the price list.",
     False, "Readings agree; assessed at the price list rates.", Status.CLOSED),
    (_HIGHWAYS, "A blocked gully needs jetting for longer than the routine visit.",
     "Scope, section 7.2 (Gully cleansing)", "Blocked gullies cleared on the visit.",
     "Jetting is included in the visit price.", "Jetting beyond 30 minutes is extra work.",
     True, "Agreed: 30 minutes included; longer jetting priced from the price list.",
     Status.CLOSED),
)
# fmt: on


@dataclass(frozen=True)
class _Timeline:
    id: int
    lead: str
    #: Today, or the day a closed project's contract ended.
    as_of: dt.date
    evaluated_on: dt.date


def add_supplier_demo(session: Session, today: dt.date) -> None:
    """Give the demo portfolio its suppliers' relationships and all that hangs off them."""
    suppliers = _suppliers(session)
    projects = _timelines(session, today)
    links = {
        (spec.project, spec.supplier): _relationship(spec, projects[spec.project], suppliers)
        for spec in _LINKS
    }
    session.add_all(links.values())
    session.flush()
    ids = {key: link.id for key, link in links.items()}
    areas = list(
        session.scalars(
            select(DueDiligenceTemplateItem.area).order_by(
                DueDiligenceTemplateItem.sort_order, DueDiligenceTemplateItem.id
            )
        )
    )
    session.execute(insert(DueDiligenceItem), list(_diligence(ids, projects, areas)))
    _add_assessments(session, ids, projects)
    session.add_all(_warnings(ids, projects))
    session.add_all(_use_cases(projects))
    session.add_all(
        CouncilSelfAssessment(dimension=key, rating=rating, note=note)
        for key, rating, note in _SELF_ASSESSMENT
    )


def _suppliers(session: Session) -> dict[str, int]:
    """Add the extra bidders and give every supplier contact details; ids by name."""
    session.add_all(
        Supplier(name=name, organisation_type=kind, contact_name=contact, notes=notes)
        for name, kind, contact, notes in _MORE_SUPPLIERS
    )
    records = session.scalars(select(Supplier).order_by(Supplier.id)).all()
    for position, record in enumerate(records):
        # Ofcom keeps 01632 960000-960999 for drama, so no demo number rings anyone.
        record.phone = f"01632 960{(137 + 211 * position) % 1000:03d}"
        words = ["".join(c for c in word.lower() if c.isalpha()) for word in record.name.split()]
        domain = "-".join([word for word in words if word][:2])
        first = record.contact_name.split()[0].lower() if record.contact_name else "enquiries"
        record.email = f"{first}@{domain}.example"
    session.flush()
    return {record.name: record.id for record in records}


def _timelines(session: Session, today: dt.date) -> dict[str, _Timeline]:
    query = (
        select(Project.id, Project.name, Project.status, Person.full_name)
        .outerjoin(Person, Person.id == Project.lead_commissioner_id)
    )  # fmt: skip
    ends = {
        (project_id, kind): end
        for project_id, kind, end in session.execute(
            select(Stage.project_id, Stage.kind, Stage.actual_end)
        )
    }
    timelines = {}
    for project_id, name, status, lead in session.execute(query):
        closed = status is ProjectStatus.CLOSED
        as_of = (ends[project_id, StageKind.DELIVERY] if closed else None) or today
        evaluated = ends[project_id, StageKind.PROCUREMENT] or as_of
        lead_days = dt.timedelta(days=EVALUATION_LEAD_DAYS)
        timelines[name] = _Timeline(project_id, lead or "", as_of, evaluated - lead_days)
    return timelines


def _relationship(spec: _Link, project: _Timeline, suppliers: dict[str, int]) -> ProjectSupplier:
    price, capability = spec.scores or (None, None)
    return ProjectSupplier(
        project_id=project.id,
        supplier_id=suppliers[spec.supplier],
        role=spec.role,
        category=spec.category,
        price_score=price,
        capability_score=capability,
        notes=spec.notes,
        **_own_diligence(spec, project),
    )


def _own_diligence(spec: _Link, project: _Timeline) -> dict[str, Any]:
    """The supplier's own due diligence on our outcomes, as far as it has got."""
    if not spec.own:
        return {}
    if spec.own == "requested":  # asked lately, and we have not yet let it start
        return {"supplier_dd_requested_on": project.as_of - _days(12)}
    requested = project.evaluated_on - _days(40)
    return {
        "supplier_dd_requested_on": requested,
        "supplier_dd_allowed": True,
        "supplier_dd_done_on": requested + _days(25) if spec.own == "done" else None,
        "supplier_dd_findings": spec.findings,
    }


def _diligence(
    ids: dict[tuple[str, str], int], projects: dict[str, _Timeline], areas: list[str]
) -> Iterator[dict[str, Any]]:
    """Every relationship's checklist from the template, rated as far as it has got."""
    for spec in _LINKS:
        link_id, project = ids[spec.project, spec.supplier], projects[spec.project]
        generator = random.Random(link_id * 7919)
        marks = spec.diligence.ljust(len(areas), "-")
        for position, (area, mark) in enumerate(zip(areas, marks, strict=False)):
            row = {"project_supplier_id": link_id, "area": area, "sort_order": position,
                   "rating": None, "evidence": "", "assessor": "", "assessed_on": None}  # fmt: skip
            if mark != "-":
                rating = int(mark)
                row.update(
                    rating=rating,
                    evidence=_concern_or_source(spec.supplier, area, rating),
                    assessor=_PROCUREMENT_LEAD if position % 2 else project.lead,
                    assessed_on=project.evaluated_on - _days(generator.randrange(7, 35)),
                )
            yield row


def _concern_or_source(supplier: str, area: str, rating: int) -> str:
    if (supplier, area) in _CONCERNS:
        return _CONCERNS[supplier, area]
    source = _DILIGENCE_SOURCES.get(area, "The tender submission and clarification answers.")
    return f"{source} {_RATING_VERDICTS.get(rating, '')}".strip()


def _add_assessments(
    session: Session, ids: dict[tuple[str, str], int], projects: dict[str, _Timeline]
) -> None:
    """Dated assessments with their scores: a parent row each, then the scores in bulk."""
    keys = set(session.scalars(select(CultureDimension.key)))
    scores: list[dict[str, Any]] = []
    for spec in _LINKS:
        project = projects[spec.project]
        days = _assessment_days(project, len(spec.culture), len(spec.supplier))
        for number, (day, positions) in enumerate(zip(days, spec.culture, strict=True)):
            assessment_id = session.execute(
                insert(AlignmentAssessment).returning(AlignmentAssessment.id),
                {
                    "project_supplier_id": ids[spec.project, spec.supplier],
                    "assessed_on": day,
                    "assessor": _assessor(project, number),
                },
            ).scalar_one()
            falls = spec.supplier == _FALLING and number == len(spec.culture) - 1
            overrides = _DISPUTE_EVIDENCE if falls else {}
            scores += _scores(assessment_id, positions, keys, _source(spec, number), overrides)
    session.execute(insert(AlignmentScore), scores)


def _assessment_days(project: _Timeline, count: int, salt: int) -> list[dt.date]:
    """At evaluation, then spread evenly to a few weeks ago (a lone one shifts per supplier
    so shortlisted suppliers were not all assessed on the same day)."""
    first = project.evaluated_on + _days(salt % 5)
    last = project.as_of - _days(REASSESSMENT_LAG_DAYS)
    if count < 2:
        return [first] * count
    span = (last - first).days
    return [first + _days(span * number // (count - 1)) for number in range(count)]


def _assessor(project: _Timeline, number: int) -> str:
    """The evaluation panel's procurement lead first, then the lead and the CRO by turns."""
    if number == 0:
        return _PROCUREMENT_LEAD
    return project.lead if number % 2 else _CRO


def _source(spec: _Link, number: int) -> str:
    if number == 0:
        return "Evaluation interview and references"
    return "Partnership board" if spec.category is _STRATEGIC else "Contract review meeting"


def _scores(
    assessment_id: int,
    positions: tuple[int, ...],
    keys: set[str],
    source: str,
    overrides: dict[str, str],
) -> list[dict[str, Any]]:
    rows = []
    for (key, council), supplier in zip(_COUNCIL.items(), positions, strict=True):
        if key not in keys:
            continue
        direction = (supplier > council) - (supplier < council) + 1  # 0 below, 1 level, 2 above
        words = overrides.get(key, _CULTURE_EVIDENCE[key][direction])
        rows.append({"assessment_id": assessment_id, "dimension": key, "evidence":
                     f"{source}: {words}", "council_position": council,
                     "supplier_position": supplier})  # fmt: skip
    return rows


def _warnings(
    ids: dict[tuple[str, str], int], projects: dict[str, _Timeline]
) -> list[DutyToWarnEntry]:
    return [
        DutyToWarnEntry(
            project_supplier_id=ids[project, supplier],
            raised_on=projects[project].as_of - _days(days_ago),
            subject=subject,
            raised_by=raised_by,
            how_communicated=how,
            council_response=response,
            status=status,
        )
        for project, supplier, days_ago, subject, raised_by, how, response, status in _WARNINGS
    ]


def _use_cases(projects: dict[str, _Timeline]) -> list[ContractUseCase]:
    fields = ("scenario", "clause_reference", "expected_behaviour", "council_reading",
              "supplier_reading", "ambiguous", "resolution", "status")  # fmt: skip
    return [
        ContractUseCase(project_id=projects[row[0]].id, **dict(zip(fields, row[1:], strict=True)))
        for row in _USE_CASES
    ]


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)
