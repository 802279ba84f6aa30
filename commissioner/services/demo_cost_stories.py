"""The demo portfolio's cost stories: each budgeted project's cost lines, how its spending
drifts from the budget, its approval and its change requests.

Read by ``demo_costs``, which turns each story into monthly figures. Percentages are
basis points (500 = 5%) so every figure stays an integer. The stories are matched to
the demo's projects by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from commissioner.models.enums import ChangeRequestStatus as Status
from commissioner.models.enums import CommissioningChallenge, RiskCategoryKind, RiskResponse

#: When a line has figures: every month of the window, only once the delivery stage has
#: started (or before it), around mobilisation, in winter months of delivery, or in the
#: window's last six months (exit).
PHASES = ("all", "delivery", "before_delivery", "mobilisation", "winter", "exit")
STAFF = "Staff"
SUPPLIER = "Supplier payments"
ONE_OFF = "One-off implementation"
CONTINGENCY = "Contingency"
OTHER = "Other"


@dataclass(frozen=True)
class LineStory:
    category: str
    finance_code: str
    name: str
    #: Share of the current budget, in per cent of the whole (a story's shares add to 100).
    share: int
    phase: str = "all"
    #: Spend against budget at the window's start and end, in basis points; None takes
    #: the project's. Contingency lines use it to show how much was drawn down.
    drift_bp: tuple[int, int] | None = None


@dataclass(frozen=True)
class ChangeStory:
    description: str
    scope_change: str
    cost_impact_pounds: int
    time_impact_days: int
    quality_impact: str
    status: Status
    approver: str
    #: Days before the project's reference day (today, or its closure) that it was raised.
    raised_days_ago: int
    #: Days after being raised that it was decided (ignored while proposed).
    decided_after_days: int = 0
    scope_reduction: bool = False


@dataclass(frozen=True)
class RiskStory:
    """The quality or benefit risk logged for a scope reduction."""

    title: str
    cause: str
    event: str
    consequence: str
    category: RiskCategoryKind
    inherent: tuple[int, int]
    residual: tuple[int, int]
    target: tuple[int, int]


@dataclass(frozen=True)
class CostStory:
    project: str
    #: Length of the costed window: 2 to 4 years of months.
    years: int
    #: How far back from this month (or the closure month) the window starts, at most;
    #: it never starts before the project did.
    months_back: int
    #: (who approved, days before the project started, report number with {yy} for the
    #: approval's year): the business case is approved, then the project starts.
    approval: tuple[str, int, str]
    #: Forecast at completion against the current budget, exactly, in basis points.
    variance_bp: int
    #: Spend against budget at the window's start and end, before the exact correction.
    drift_bp: tuple[int, int]
    lines: tuple[LineStory, ...]
    changes: tuple[ChangeStory, ...] = ()
    #: The project's own (amber, red) tolerances in basis points; None takes the council's.
    own_tolerances: tuple[int, int] | None = None
    #: Months just before this one whose actuals have not been booked on any line.
    missing_actual_months: int = 0
    #: Finance code of the line a scope reduction stopped, and the risk logged for it.
    descoped_code: str = ""
    scope_risk: RiskStory | None = None


# The tables are laid out by hand for reading; the formatter would stretch them.
# fmt: off
_HOME_CARE = CostStory(
    project="Home care recommissioning", years=4, months_back=16,
    approval=("Cabinet", 45, "CAB/{yy}/047"), variance_bp=180, drift_bp=(100, 700),
    lines=(
        LineStory(SUPPLIER, "ASC-3110", "Home care framework payments", 82, "delivery"),
        LineStory(STAFF, "ASC-3101", "Commissioning and brokerage team", 7),
        LineStory(ONE_OFF, "ASC-3150", "Provider mobilisation and TUPE support", 4,
                  "mobilisation"),
        LineStory(OTHER, "ASC-3160", "Care cost model and market review", 2,
                  "before_delivery"),
        LineStory(CONTINGENCY, "ASC-3199", "Contingency", 5, drift_bp=(-10_000, -6_000)),
    ),
    changes=(
        ChangeStory("Delay tender close by twelve weeks for the rural patch",
                    "Rural lots retendered after the clarification round.", 60_000, 84, "",
                    Status.REJECTED, "Commissioning Board", 120, 14),
        ChangeStory("Fair cost of care uplift for the rural patch",
                    "Hourly rate for the rural patch raised to reflect travel time.",
                    450_000, 0, "", Status.PROPOSED, "", 35),
    ),
)

_WASTE = CostStory(
    project="Waste collection and recycling contract", years=4, months_back=30,
    approval=("Cabinet", 40, "CAB/{yy}/031"), variance_bp=240, drift_bp=(300, 1_500),
    lines=(
        LineStory(SUPPLIER, "WST-4410", "Collection contract payments", 63, "delivery"),
        LineStory(SUPPLIER, "WST-4420", "Disposal gate fees", 18, "delivery"),
        LineStory(SUPPLIER, "WST-4430", "Garden waste collections", 9, "delivery"),
        LineStory(STAFF, "WST-4401", "Client contract team", 3),
        LineStory(ONE_OFF, "WST-4480", "Food waste caddies and mobilisation", 4,
                  "mobilisation"),
        LineStory(CONTINGENCY, "WST-4499", "Contingency", 3, drift_bp=(0, 0)),
    ),
    changes=(
        ChangeStory("Partner's claim for a fuel price adjustment outside the indexation "
                    "clause", "No change to scope.", 850_000, 0, "", Status.REJECTED,
                    "Contract Board", 400, 30),
        ChangeStory("Garden waste collection becomes a paid subscription",
                    "From the month after the decision the council no longer pays for "
                    "garden waste rounds (WST-4430); households subscribe at £52 a year. "
                    "The budget is unchanged: the saving absorbs the overspend on disposal "
                    "gate fees and collection rounds.",
                    0, 0, "Fewer households will have garden waste collected; the "
                    "recycling rate is expected to fall by about three points and "
                    "fly-tipping complaints to rise.", Status.APPROVED, "Cabinet", 300, 21,
                    scope_reduction=True),
        ChangeStory("Weekly recycling pilot for 40 blocks of flats",
                    "Adds communal food waste and dry recycling bins to 40 blocks.",
                    120_000, 0, "", Status.PROPOSED, "", 20),
    ),
    descoped_code="WST-4430",
    scope_risk=RiskStory(
        "Recycling rate falls after garden waste becomes a paid subscription",
        "Garden waste collection was made a paid subscription to bring the contract "
        "back within budget",
        "Fewer households subscribe than planned and garden waste goes into residual "
        "bins or is fly-tipped",
        "The recycling rate misses the 55% target and the Simpler Recycling benefit is "
        "not realised; the council's reputation with residents suffers",
        RiskCategoryKind.OPERATIONAL, (4, 3), (3, 3), (2, 3),
    ),
)

_SEND_TRANSPORT = CostStory(
    project="SEND home-to-school transport", years=3, months_back=6,
    approval=("Cabinet", 20, "CAB/{yy}/088"), variance_bp=1_960, drift_bp=(1_100, 2_900),
    lines=(
        LineStory(SUPPLIER, "EDU-5120", "Taxi and minibus routes", 64),
        LineStory(STAFF, "EDU-5140", "Passenger assistants", 14),
        LineStory(OTHER, "EDU-5130", "Personal transport budgets", 9),
        LineStory(ONE_OFF, "EDU-5160", "Independent travel training", 5),
        LineStory(ONE_OFF, "EDU-5190", "Route planning system replacement", 4,
                  "mobilisation"),
        LineStory(CONTINGENCY, "EDU-5199", "Contingency", 4, drift_bp=(0, 0)),
    ),
    changes=(
        ChangeStory("Passenger assistants for 14 new complex-needs routes",
                    "Adds a trained passenger assistant to each new route.", 600_000, 0, "",
                    Status.APPROVED, "Cabinet Member for Children and Education", 130, 25),
        ChangeStory("Move SEND routes to the new dynamic purchasing system early",
                    "Routes retendered before the system's evaluation criteria are agreed.",
                    -150_000, -60, "", Status.REJECTED, "Commissioning Board", 75, 10),
        ChangeStory("Budget growth for the rise in eligible pupils",
                    "Eligible pupils up 22% in two years; routes added to meet statutory "
                    "duty.", 1_900_000, 0, "", Status.PROPOSED, "", 12),
    ),
)

_REPAIRS = CostStory(
    project="Responsive repairs and voids service", years=4, months_back=7,
    approval=("Cabinet", 15, "CAB/{yy}/072"), variance_bp=-250, drift_bp=(-500, 400),
    lines=(
        LineStory(SUPPLIER, "HSG-6230", "Repairs and voids works", 84, "delivery"),
        LineStory(STAFF, "HSG-6201", "Project team", 5),
        LineStory(ONE_OFF, "HSG-6210", "Stock condition survey", 3, "before_delivery"),
        LineStory(ONE_OFF, "HSG-6240", "Direct Services fleet and stores set-up", 4,
                  "mobilisation"),
        LineStory(CONTINGENCY, "HSG-6299", "Contingency", 4, drift_bp=(-10_000, -5_000)),
    ),
    changes=(
        ChangeStory("Extend the stock condition survey to all 6,200 homes",
                    "Survey the remaining 60% of homes before the options appraisal.",
                    180_000, 60, "", Status.PROPOSED, "", 40),
    ),
)

_LEISURE = CostStory(
    project="Leisure management contract", years=4, months_back=20,
    approval=("Cabinet", 30, "CAB/{yy}/019"), variance_bp=150, drift_bp=(100, 600),
    lines=(
        LineStory(SUPPLIER, "LEI-7110", "Management fee", 70, "delivery"),
        LineStory(OTHER, "LEI-7120", "Energy price mechanism", 14, "delivery"),
        LineStory(ONE_OFF, "LEI-7130", "Pool plant and condition works", 8, "mobilisation"),
        LineStory(STAFF, "LEI-7101", "Client team and procurement", 5),
        LineStory(CONTINGENCY, "LEI-7199", "Contingency", 3, drift_bp=(-10_000, -5_000)),
    ),
    changes=(
        ChangeStory("External benchmarking of the energy price mechanism",
                    "An energy adviser benchmarks the cap every year.", 45_000, 0, "",
                    Status.APPROVED, "Commissioning Board", 160, 14),
    ),
)

_HIGHWAYS = CostStory(
    project="Highways maintenance term contract", years=4, months_back=36,
    approval=("Cabinet Member for Highways and Transport", 60, "KD/{yy}/114"),
    variance_bp=620, drift_bp=(100, 900), own_tolerances=(750, 1_500),
    lines=(
        LineStory(SUPPLIER, "HWY-8120", "Planned resurfacing", 38, "delivery"),
        LineStory(SUPPLIER, "HWY-8110", "Reactive repairs and potholes", 30, "delivery",
                  drift_bp=(400, 1_800)),
        LineStory(SUPPLIER, "HWY-8130", "Drainage and gullies", 12, "delivery"),
        LineStory(SUPPLIER, "HWY-8140", "Winter service", 10, "winter"),
        LineStory(STAFF, "HWY-8101", "Client and supervisor team", 6),
        LineStory(CONTINGENCY, "HWY-8199", "Contingency", 4, drift_bp=(-5_000, 0)),
    ),
    changes=(
        ChangeStory("Drainage works after the winter floods",
                    "Culvert and gully replacement on 14 flood-prone roads.", 1_200_000, 0,
                    "", Status.APPROVED, "Cabinet Member for Highways and Transport", 700, 21),
        ChangeStory("Make-safe visits no longer count as a permanent repair",
                    "Defect response KPI reworded: permanent repair within 28 days.",
                    95_000, 0, "", Status.PROPOSED, "", 30),
    ),
)

_EQUIPMENT = CostStory(
    project="Integrated community equipment service", years=3, months_back=13,
    approval=("Health and Wellbeing Board", 50, "HWB/{yy}/007"), variance_bp=280,
    drift_bp=(300, 900), missing_actual_months=2,
    lines=(
        LineStory(SUPPLIER, "ASC-3320", "NHS host service charge", 62),
        LineStory(SUPPLIER, "ASC-3310", "Equipment purchase and recycling", 24),
        LineStory(ONE_OFF, "ASC-3340", "Digital ordering system", 6, "mobilisation"),
        LineStory(STAFF, "ASC-3301", "Joint commissioning post", 5),
        LineStory(CONTINGENCY, "ASC-3399", "Contingency", 3, drift_bp=(-10_000, -10_000)),
    ),
)

_PARKS = CostStory(
    project="Parks and grounds maintenance contract", years=3, months_back=35,
    approval=("Cabinet", 25, "CAB/{yy}/054"), variance_bp=-120, drift_bp=(-100, -150),
    lines=(
        LineStory(SUPPLIER, "ENV-9110", "Grounds maintenance contract payments", 74),
        LineStory(SUPPLIER, "ENV-9120", "Playground inspections and repairs", 10),
        LineStory(SUPPLIER, "ENV-9130", "Sports pitch maintenance", 8),
        LineStory(STAFF, "ENV-9101", "Contract monitoring officer", 5),
        LineStory(ONE_OFF, "ENV-9180", "Exit and asset data handover", 3, "exit"),
    ),
    changes=(
        ChangeStory("Extend the contract by three months to align with the parks review",
                    "Service continues to the end of October on the same rates.", 210_000,
                    92, "", Status.APPROVED, "Executive Director, Resources", 260, 20),
    ),
)
# fmt: on

COST_STORIES: tuple[CostStory, ...] = (
    _HOME_CARE,
    _WASTE,
    _SEND_TRANSPORT,
    _REPAIRS,
    _LEISURE,
    _HIGHWAYS,
    _EQUIPMENT,
    _PARKS,
)
#: The scope reduction's risk is classed as a cost overrun: scope cut to fit the money.
SCOPE_RISK_CHALLENGE = CommissioningChallenge.COST_OVERRUN
SCOPE_RISK_RESPONSE = RiskResponse.TREAT
