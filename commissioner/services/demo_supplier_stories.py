"""The demo portfolio's supplier stories as data: who deals with which project, how due
diligence and cultural alignment went, the warnings raised and the wording tested."""

from __future__ import annotations

from dataclasses import dataclass

from commissioner.models.enums import OrganisationType, SelfRating
from commissioner.models.enums import SupplierCategory as Cat
from commissioner.models.enums import SupplierRole as Role
from commissioner.models.enums import WarningStatus as Status

PROCUREMENT_LEAD = "Gareth Lewis"
CRO = "Angela Moss"
#: The one supplier whose alignment falls at its latest reassessment.
FALLING = "Marston & Kerr Highways Ltd"

HOME_CARE = "Home care recommissioning"
WASTE = "Waste collection and recycling contract"
SEND = "SEND home-to-school transport"
REPAIRS = "Responsive repairs and voids service"
LEISURE = "Leisure management contract"
HIGHWAYS = "Highways maintenance term contract"
EQUIPMENT = "Integrated community equipment service"
PARKS = "Parks and grounds maintenance contract"

PRIVATE, CHARITY = OrganisationType.PRIVATE_COMPANY, OrganisationType.CHARITY
GENERAL, EXPERT, STRATEGIC = Cat.GENERAL, Cat.EXPERT, Cat.STRATEGIC_PARTNER

# The tables below are laid out by hand for reading; the formatter would stretch them.
# fmt: off
#: Bidders the main demo does not know: (name, type, contact, notes).
MORE_SUPPLIERS = (
    ("Hollybrook Home Care Ltd", PRIVATE, "Daniel Osei",
     "Regional home care provider; bid for the urban patches only."),
    ("Calderbrook Environmental Services Ltd", PRIVATE, "Rachel Dunmore",
     "Waste collection contractor; second-placed bidder for the waste partnership."),
    ("Harbourline Leisure Management Ltd", PRIVATE, "Owen Pritchard",
     "National leisure operator; bid for the leisure management contract."),
    ("Fellside Community Leisure Trust", CHARITY, "Bethan Morgan",
     "Charitable leisure trust from a neighbouring county."),
    ("Kingsmoor Fitness Operations Ltd", PRIVATE, "Simon Blackwood",
     "Budget gym operator; bid for the leisure management contract."),
)
#: The council's own place on each dimension of the shipped questionnaire (1 to 5).
COUNCIL = {"formality": 4, "delivery_style": 2, "quality_standard": 4, "workforce_fit": 4,
            "public_sector": 5, "communication": 4, "change": 2}
SELF_ASSESSMENT = (
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
CULTURE_EVIDENCE = {
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
DISPUTE_EVIDENCE = {
    "formality": "Every instruction since the defect dispute is answered with a formal notice.",
    "delivery_style": "Site meetings have become brisk and stick to contractual positions.",
    "workforce_fit": "Joint inspections stopped; our inspectors report friction with its "
                     "supervisors over 'make safe' repairs.",
    "change": "Declined to trial the new pothole repair method unless paid as extra work.",
}
#: What was looked at for each area of the council's template.
DILIGENCE_SOURCES = {
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
RATING_VERDICTS = {5: "Strong: well beyond what the contract needs.",
                    3: "Adequate; to be watched at mobilisation.",
                    4: "Good: meets what the contract needs with some margin."}
CONCERNS = {
    ("Brightstar Home Care Ltd", "Financial standing"):
        "Accounts show a 1.2% net margin and falling cash; the parent company guarantee "
        "offered covers the first year only.",
    ("Carewell Community Support", "Capacity to deliver at the required scale"):
        "Staff cover about 60% of the rural patch's hours; the plan relies on carers "
        "transferring from the incumbent under TUPE.",
}


@dataclass(frozen=True)
class Link:
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
    #: The supplier's positions at each assessment, oldest first, in COUNCIL's order.
    culture: tuple[tuple[int, ...], ...] = ()


LINKS = (
    Link(HOME_CARE, "Brightstar Home Care Ltd", Role.SHORTLISTED, EXPERT, (82, 68),
          "Strongest price; raised the TUPE pricing risk at clarification.", "45432---",
          "done", "Outcome targets achievable in the urban patches; rural prices will not "
          "cover travel time at the hourly rate offered.", ((5, 4, 3, 3, 4, 5, 4),)),
    Link(HOME_CARE, "Carewell Community Support", Role.SHORTLISTED, EXPERT, (64, 79),
          "Strongest quality score; the only other compliant bid for the rural patch.",
          "43-5--2-", "requested", "", ((3, 1, 4, 5, 5, 2, 2),)),
    Link(HOME_CARE, "Hollybrook Home Care Ltd", Role.BIDDER, EXPERT, None,
          "Non-compliant for the rural patch: no registered branch within the area."),
    Link(WASTE, "Greenway Waste & Recycling Ltd", Role.CONTRACTED, STRATEGIC, (71, 84),
          "Eight-year partnership from service start; the partnership board meets quarterly.",
          "54445454", "done", "Outcomes achievable; the recycling target needs food waste "
          "collected from day one. Shared its round modelling with us.",
          ((3, 4, 3, 3, 3, 3, 4), (3, 4, 4, 3, 3, 4, 4), (4, 3, 4, 4, 4, 4, 4),
           (4, 3, 4, 4, 5, 4, 4))),
    Link(WASTE, "Calderbrook Environmental Services Ltd", Role.BIDDER, STRATEGIC, (78, 70),
          "Second at award; its vehicle replacement assumptions were questioned by Cabinet."),
    Link(SEND, "Swiftline Passenger Transport Ltd", Role.BIDDER, GENERAL, None,
          "Came to early market engagement for the taxi dynamic purchasing system."),
    Link(REPAIRS, "Harrowdale Direct Services", Role.BIDDER, GENERAL, None,
          "The in-house option in the appraisal; would need about 40 more trades staff."),
    Link(LEISURE, "Active Harrowdale Leisure Trust", Role.CONTRACTED, STRATEGIC, (88, 77),
          "Preferred bidder; fee £240k a year below the current contract. Signing follows "
          "the TUPE consultation.", "44434554", "done", "Targets for inactive residents "
          "achievable with GP referral; energy targets depend on our capital for the lido.",
          ((3, 2, 4, 4, 4, 3, 3), (3, 2, 4, 4, 5, 3, 4))),
    Link(LEISURE, "Harbourline Leisure Management Ltd", Role.BIDDER, STRATEGIC, (74, 80)),
    Link(LEISURE, "Fellside Community Leisure Trust", Role.BIDDER, STRATEGIC, (69, 72)),
    Link(LEISURE, "Kingsmoor Fitness Operations Ltd", Role.BIDDER, STRATEGIC, (81, 58),
          "Lowest fee but no wellbeing offer for inactive residents."),
    Link(HIGHWAYS, "Marston & Kerr Highways Ltd", Role.CONTRACTED, EXPERT, (76, 81),
          "NEC4 term service contract; the Service Manager meets its agent monthly.",
          "55434444", "done", "Condition of 60 miles of C roads worse than the tender data "
          "showed; the first year's resurfacing was re-phased.",
          ((4, 3, 4, 3, 4, 4, 3), (4, 3, 4, 4, 4, 4, 3), (4, 3, 4, 3, 4, 4, 3),
           (5, 4, 3, 2, 4, 3, 3))),
    Link(EQUIPMENT, "Wyvern Community Health NHS Trust", Role.CONTRACTED, STRATEGIC, None,
          "Hosts the pooled-budget service under a section 75 agreement; no tender.",
          "44334555", "allowed", "", ((5, 3, 4, 4, 5, 5, 1), (5, 3, 4, 4, 5, 4, 2))),
    Link(PARKS, "Meadowbank Grounds Maintenance Ltd", Role.CONTRACTED, GENERAL, (80, 66),
          "Five-year contract ended at expiry; final account agreed.", "43333434", "", "",
          ((2, 4, 3, 3, 2, 2, 3), (3, 4, 3, 3, 3, 3, 3), (3, 4, 3, 4, 3, 3, 3))),
)

#: (project, supplier, days before today or closure, subject, raised by, how, response,
#:  status)
WARNINGS = (
    (WASTE, "Greenway Waste & Recycling Ltd", 520,
     "Food waste caddies will not all be delivered before service start", "Mark Tolley",
     "Formal letter", "Go-live kept; the last 4,000 homes had caddies in week two, with a "
     "leaflet drop.", Status.CLOSED),
    (WASTE, "Greenway Waste & Recycling Ltd", 210,
     "The 12% contamination target cannot be met without a resident education campaign",
     "Mark Tolley", "Partnership board", "Joint campaign funded from the communications "
     "budget; the target stays and is reviewed in a year.", Status.RESPONDED),
    (WASTE, "Greenway Waste & Recycling Ltd", 38,
     "The depot lease ends before the new fleet arrives", "Karen Doyle",
     "Email to the contract manager", "", Status.OPEN),
    (HIGHWAYS, "Marston & Kerr Highways Ltd", 760,
     "Drainage data handed over by the previous contractor is incomplete", "Paul Marston",
     "Early warning notice", "A survey of 2,100 gullies instructed as a compensation event.",
     Status.CLOSED),
    (HIGHWAYS, "Marston & Kerr Highways Ltd", 140,
     "Salt stocks are below the recommended level ahead of winter", "Paul Marston",
     "Early warning notice", "1,500 tonnes more ordered; resilience stock agreed with the "
     "neighbouring county.", Status.RESPONDED),
    (HOME_CARE, "Brightstar Home Care Ltd", 45,
     "TUPE pricing: the incumbent staff's terms are missing from the data room",
     "Nadia Hussain", "Tender clarification question", "Anonymised staff terms published "
     "to all bidders and the deadline extended by a week.", Status.RESPONDED),
    (HOME_CARE, "Carewell Community Support", 19,
     "Travel time in the rural patch is not funded in the price schedule", "Joy Adeyemi",
     "Tender clarification question", "", Status.OPEN),
    (LEISURE, "Active Harrowdale Leisure Trust", 160,
     "The lido plant room survey is four years old; repairs may be under-priced",
     "Claire Ashworth", "Letter to the project lead", "New survey commissioned and shared "
     "with all bidders.", Status.CLOSED),
    (LEISURE, "Active Harrowdale Leisure Trust", 52,
     "The energy cap wording may leave the trust carrying quarterly price spikes",
     "Claire Ashworth", "Contract negotiation meeting", "", Status.OPEN),
    (EQUIPMENT, "Wyvern Community Health NHS Trust", 33,
     "Weekend deliveries need technicians the pooled budget does not fund", "Rob Ellis",
     "Joint commissioning board", "Costed options requested from the trust for the "
     "next board.", Status.RESPONDED),
)

#: (project, scenario, clause, expected, council's reading, supplier's reading,
#:  ambiguous, resolution, status)
USE_CASES = (
    (LEISURE, "Wholesale energy prices rise 35% in one quarter.",
     "Clause 27.2 (Energy price mechanism)",
     "Energy cost above the benchmark is shared 50:50 up to the annual cap.",
     "The cap applies to the contract year as a whole, against the annual benchmark.",
     "The cap applies to each quarter, so the council pays its share of any spike in full.",
     True, "", Status.OPEN),
    (LEISURE, "Westbrook Lido closes for a week in August: no lifeguards can be recruited.",
     "Schedule 2, para 4.3 (Opening hours)",
     "The lido opens 7am to 7pm daily in the season; closures agreed in advance.",
     "Staff shortages are the operator's risk; lost days attract a deduction.",
     "A national lifeguard shortage is a relief event under clause 31: no deduction.",
     True, "Clause 31 amended: staff shortages are not relief events; the trust keeps a "
     "lifeguard bank across its sites.", Status.CLOSED),
    (LEISURE, "A school cancels its pool block booking with two days' notice.",
     "Schedule 3, para 2.1 (School bookings)",
     "The trust may charge the school's cancellation fee; the subsidy is unchanged.",
     "The school pays the cancellation fee; our subsidy is unchanged.",
     "We charge the school the price list's fee and make no claim on the council.",
     False, "Readings agree.", Status.CLOSED),
    (EQUIPMENT, "A ward orders a profiling bed at 4pm on Friday for a Saturday discharge.",
     "Schedule 1, para 3.2 (Seven-day delivery)",
     "Equipment delivered and fitted in time for the discharge to go ahead.",
     "'Seven-day delivery' means delivering on every day of the week, within 24 hours "
     "for urgent discharges.",
     "'Seven-day delivery' means within seven calendar days of the order; weekends by "
     "separate agreement.", True, "", Status.RESPONDED),
    (EQUIPMENT, "Equipment no longer needed waits at a resident's home for collection.",
     "Schedule 1, para 5.1 (Collection and recycling)",
     "Collected within 10 working days of notice; recycling rate reported monthly.",
     "Collected within 10 working days of the resident's call.",
     "Collected within 10 working days; reported in our monthly return.",
     False, "Readings agree.", Status.CLOSED),
    (WASTE, "Parked cars block a street and the crew cannot reach the bins.",
     "Schedule 4, KPI 1 (Missed collections)",
     "Collections not made on the scheduled day count as missed.",
     "A missed collection: the partner returns the next working day.",
     "Not a missed collection: the crew attended and access was blocked.", True,
     "Agreed at the partnership board: access failures are photographed and revisited "
     "within one working day; only a failed revisit counts as missed.", Status.CLOSED),
    (WASTE, "A recycling bin is contaminated with food waste.",
     "Schedule 4, para 6.4 (Contaminated containers)",
     "The bin is tagged and left, the resident told, and it is emptied as residual waste.",
     "Tagged and left; emptied with the residual waste the next week.",
     "The crew tags the bin and leaves it; the next residual round empties it.",
     False, "Readings agree.", Status.CLOSED),
    (HIGHWAYS, "A category 1 pothole is made safe within 24 hours and repaired 40 days "
     "later.", "Scope, section 5.1 (Defect response)",
     "Category 1 defects repaired within 24 hours.",
     "'Repaired' means a permanent repair; a make-safe does not meet the 24-hour KPI.",
     "'Repaired' includes making safe; the permanent repair joins the 28-day programme.",
     True, "", Status.RESPONDED),
    (HIGHWAYS, "The council asks for an extra gritting route during snow.",
     "Clause 60.1(1) (Compensation events)",
     "A change to the Scope instructed by the Service Manager is a compensation event.",
     "An instructed change to the Scope, so a compensation event.",
     "A compensation event under 60.1(1), priced from the price list.",
     False, "Readings agree; assessed at the price list rates.", Status.CLOSED),
    (HIGHWAYS, "A blocked gully needs jetting for longer than the routine visit.",
     "Scope, section 7.2 (Gully cleansing)", "Blocked gullies cleared on the visit.",
     "Jetting is included in the visit price.", "Jetting beyond 30 minutes is extra work.",
     True, "Agreed: 30 minutes included; longer jetting priced from the price list.",
     Status.CLOSED),
)
# fmt: on
