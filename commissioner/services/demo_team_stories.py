"""The demo's client commissioning team as tables: who is on which project in which
roles, what each project's team needs, how people were rated, and their training plans.

Read with ``demo_team``, which turns these tables into records dated from ``today`` and
the projects' stages. Levels are written as two characters, self then manager (``-`` for
not given): ``"21"`` is a self-rating of practitioner the manager put at awareness.
"""

from __future__ import annotations

from dataclasses import dataclass

from commissioner.models.enums import DevelopmentKind, StageKind, TeamRole, TrainingStatus

PM = TeamRole.PROJECT_MANAGEMENT
NA = TeamRole.NEEDS_ASSESSMENT
SD = TeamRole.SERVICE_DESIGN
PR = TeamRole.PROCUREMENT
ME = TeamRole.MARKET_ENGAGEMENT
CM = TeamRole.CONTRACT_MANAGEMENT
PF = TeamRole.PERFORMANCE_MANAGEMENT
SE = TeamRole.STAKEHOLDER_ENGAGEMENT

HOME_CARE = "Home care recommissioning"
WASTE = "Waste collection and recycling contract"
SEND = "SEND home-to-school transport"
REPAIRS = "Responsive repairs and voids service"
LEISURE = "Leisure management contract"
HIGHWAYS = "Highways maintenance term contract"
EQUIPMENT = "Integrated community equipment service"

HEAD_OF_COMMISSIONING = "Sarah Okafor"
CRO = "Angela Moss"

# fmt: off
#: Council officers the team needs beyond the people the demo already has:
#: (full name, job title, share of a full-time post on commissioning).
NEW_PEOPLE = (
    ("Daniel Osei", "Contracts Officer, Waste and Recycling", 0.6),
    ("Emma Lowther", "Market Development Officer, Adult Social Care", 0.3),
    ("Aisha Rahman", "Data and Insight Analyst", 0.3),
    ("Nathan Price", "Engagement and Consultation Officer", 0.2),
)

#: Per project: (person, FTE on this project, roles held). Nobody is given more than
#: their commissioning share across projects.
TEAMS: dict[str, tuple[tuple[str, float, tuple[TeamRole, ...]], ...]] = {
    HOME_CARE: (
        ("Priya Shah", 0.5, (PM, SE, CM)),
        ("Gareth Lewis", 0.2, (PR,)),
        ("Emma Lowther", 0.2, (ME, NA)),
        ("Ben Carver", 0.1, (PF,)),
    ),
    # Hannah took the lead when the service went live; day-to-day contract management
    # passed to Daniel, who came from the transactional parks contract.
    WASTE: (
        ("Hannah Whitcombe", 0.6, (PM, PF)),
        ("Daniel Osei", 0.6, (CM,)),
        ("Ben Carver", 0.2, (PF,)),
        ("Nathan Price", 0.1, (SE,)),
        ("Sarah Okafor", 0.1, (SE,)),
    ),
    SEND: (
        ("Lucy Farrell", 0.7, (PM, SD, SE)),
        ("Aisha Rahman", 0.2, (NA,)),
        ("Gareth Lewis", 0.1, (ME, PR)),
        ("Nathan Price", 0.1, (SE,)),
    ),
    REPAIRS: (
        ("Joanne Pike", 0.4, (PM, NA, SD)),
        ("Aisha Rahman", 0.1, (NA,)),
        ("Sarah Okafor", 0.1, (SE,)),
    ),
    LEISURE: (
        ("Tom Brennan", 0.3, (PM, CM)),
        ("Sarah Okafor", 0.2, (SE, CM)),
        ("Gareth Lewis", 0.1, (PR,)),
        ("Ben Carver", 0.1, (PF,)),
    ),
    HIGHWAYS: (
        ("Imran Qureshi", 0.6, (PM, CM, PF)),
        ("Gareth Lewis", 0.1, (PR,)),
        ("Ben Carver", 0.1, (PF,)),
    ),
    EQUIPMENT: (
        ("Priya Shah", 0.4, (PM, SD, CM)),
        ("Emma Lowther", 0.1, (SE,)),
    ),
}

#: Per project: (FTE the team needs, why). Home care is the one short of capacity.
PLANS: dict[str, tuple[float, str]] = {
    HOME_CARE: (1.6, "Evaluating four patches and mobilising a new framework needs 1.6 FTE; "
                "the second commissioning officer post has been vacant since the autumn."),
    WASTE: (1.6, "A strategic partnership in delivery: partnership board, monthly "
            "performance reviews and the continuous improvement plan."),
    SEND: (1.1, "Design work with parent carers and the route review through to the "
           "service design gate."),
    REPAIRS: (0.6, "Held at a light team while the project is on hold; rises to 1.2 FTE "
              "when the needs assessment restarts."),
    LEISURE: (0.7, "Contract finalisation and TUPE consultation; drops to 0.5 FTE in "
              "delivery."),
    HIGHWAYS: (0.8, "Term contract in delivery with a live dispute over defect response."),
    EQUIPMENT: (0.5, "Section 75 agreement with the NHS host; light client role."),
}

#: Each team member's manager, who gives the manager rating.
MANAGERS = {
    "Sarah Okafor": CRO, "Gareth Lewis": CRO,
    "Daniel Osei": "Hannah Whitcombe", "Emma Lowther": "Priya Shah",
}

#: Annual skills audit: competency key → self and manager level, per person.
AUDIT: dict[str, dict[str, str]] = {
    "Sarah Okafor": {"se_engagement": "33", "cm_contract": "22", "cm_duty_to_warn": "22",
                     "cm_relationship": "33"},
    "Priya Shah": {"pm_planning": "33", "pm_risk": "32", "pm_finance": "22",
                   "se_engagement": "33", "cm_contract": "22", "cm_duty_to_warn": "21",
                   "cm_relationship": "22", "sd_outcomes": "33", "sd_tom": "22"},
    "Hannah Whitcombe": {"pm_planning": "33", "pm_risk": "32", "pm_finance": "22",
                         "pf_kpis": "22", "pf_evaluation": "22"},
    "Daniel Osei": {"cm_contract": "21", "cm_duty_to_warn": "10", "cm_relationship": "21"},
    "Tom Brennan": {"pm_planning": "22", "pm_risk": "22", "pm_finance": "22",
                    "cm_contract": "22", "cm_duty_to_warn": "11", "cm_relationship": "22"},
    "Lucy Farrell": {"pm_planning": "22", "pm_risk": "21", "pm_finance": "22",
                     "sd_outcomes": "22", "sd_tom": "11", "se_engagement": "22"},
    "Joanne Pike": {"pm_planning": "22", "pm_risk": "22", "pm_finance": "32", "na_data": "22",
                    "na_consultation": "22", "sd_outcomes": "21", "sd_tom": "11"},
    "Imran Qureshi": {"pm_planning": "33", "pm_risk": "33", "pm_finance": "22",
                      "cm_contract": "33", "cm_duty_to_warn": "32", "cm_relationship": "22",
                      "pf_kpis": "32", "pf_evaluation": "22"},
    "Gareth Lewis": {"pr_tender": "33", "pr_specification": "22", "me_market": "22"},
    "Ben Carver": {"pf_kpis": "32", "pf_evaluation": "21"},
    "Emma Lowther": {"me_market": "11", "na_data": "12", "na_consultation": "22",
                     "se_engagement": "21"},
    "Aisha Rahman": {"na_data": "33", "na_consultation": "11"},
    "Nathan Price": {"se_engagement": "11"},
}

#: Re-rated a few weeks ago, mostly after a training action was done. Ben's manager has
#: not yet seen his course through, so only his own view is recorded.
RERATED: dict[str, dict[str, str]] = {
    "Daniel Osei": {"cm_contract": "21", "cm_duty_to_warn": "11"},
    "Emma Lowther": {"me_market": "22"},
    "Gareth Lewis": {"pr_specification": "33"},
    "Aisha Rahman": {"na_consultation": "22"},
    "Nathan Price": {"se_engagement": "22"},
    "Ben Carver": {"pf_evaluation": "2-"},
}

#: Evidence for a manager level (0–3), when no story is told for the rating.
LEVEL_EVIDENCE = (
    "Has not yet done this; not needed in the current post.",
    "Knows the principles from briefings; has not yet applied them unaided.",
    "Applies this routinely on the project without support.",
    "Leads this for others and has coached colleagues in it.",
)

#: Evidence told for particular ratings: (person, competency key) → evidence.
STORY_EVIDENCE = {
    ("Daniel Osei", "cm_contract"): "Processes payments and variations with help from "
    "Hannah; has not yet served a notice under the contract or run a dispute.",
    ("Daniel Osei", "cm_duty_to_warn"): "Had not met the duty to warn before this contract; "
    "the partner's warning about food waste crews went unlogged for three weeks.",
    ("Daniel Osei", "cm_relationship"): "Attends the partnership board but does not yet "
    "lead on it; the parks contract he ran was transactional.",
    ("Ben Carver", "pf_evaluation"): "Self-assessment after module two of the evaluation "
    "course; his manager will rate him when the course is complete.",
    ("Emma Lowther", "me_market"): "Ran the two rural patch market events herself after "
    "the market shaping course.",
}

#: (person, days after their audit conversation, notes, agreed actions)
GAP_REVIEWS = (
    ("Daniel Osei", 9,
     "Contract management of a strategic partnership needs expert depth; Daniel is at "
     "awareness on all three contract management competencies. He found the duty-to-warn "
     "obligations new and wants structured support rather than learning on the job.",
     "Internal briefing on the duty-to-warn log; accredited contract management course; "
     "monthly mentoring from Imran Qureshi; an external adviser at the partnership board "
     "for six months."),
    ("Tom Brennan", 12,
     "At 0.4 FTE Tom cannot cover every contract management task on the leisure contract. "
     "Agreed that Sarah will lead the relationship with the trust while Tom builds depth "
     "on duty to warn.",
     "Join the internal duty-to-warn briefing when it next runs, not the external course; Sarah "
     "to co-chair the contract board."),
    ("Emma Lowther", 6,
     "Emma asked for help running market events on her own before the rural patch tender.",
     "Market shaping course before the events; Priya to observe the first event."),
    ("Ben Carver", 15,
     "Outcome evaluation is the weakest area across performance management; several "
     "outcomes on the waste and highways contracts have no agreed evaluation method.",
     "External outcome evaluation course; draft an evaluation framework for the waste "
     "contract as the course project."),
)
# fmt: on


@dataclass(frozen=True)
class Due:
    """A due date: ``days`` after today, or after a project stage's planned end."""

    days: int
    project: str = ""
    stage: StageKind | None = None


@dataclass(frozen=True)
class ActionStory:
    person: str
    competency_key: str
    kind: DevelopmentKind
    description: str
    provider: str
    cost_pounds: int | None
    due: Due
    status: TrainingStatus = TrainingStatus.PLANNED
    #: Days before today it was completed, for done actions.
    completed_ago: int | None = None


K = DevelopmentKind
S = TrainingStatus
# Every kind and every status appears; only Daniel's course is overdue (the booking slipped).
ACTIONS = (
    ActionStory("Daniel Osei", "cm_duty_to_warn", K.INTERNAL_TRAINING,
                "Briefing on the duty-to-warn log and logging warnings as they arrive",
                "Harrowdale Legal Services", 0, Due(-60), S.DONE, 58),
    ActionStory("Daniel Osei", "cm_contract", K.EXTERNAL_COURSE,
                "Accredited contract management practitioner course (five days)",
                "Midshires Commercial Training", 1450, Due(-18)),
    ActionStory("Daniel Osei", "cm_relationship", K.MENTORING,
                "Monthly mentoring on running a partnership board",
                "Imran Qureshi, Highways Commissioning Manager", 0, Due(120), S.IN_PROGRESS),
    ActionStory("Daniel Osei", "cm_duty_to_warn", K.EXTERNAL_SUPPORT,
                "Commercial adviser at the partnership board for six months, coaching on "
                "expert responsibilities and warnings",
                "Calder Partnership Advisory LLP", 12000, Due(95), S.IN_PROGRESS),
    ActionStory("Priya Shah", "", K.RECRUITMENT,
                "Recruit a second commissioning officer (0.6 FTE) before tender evaluation",
                "Harrowdale HR Recruitment", 4500,
                Due(-30, HOME_CARE, StageKind.PROCUREMENT), S.IN_PROGRESS),
    ActionStory("Emma Lowther", "me_market", K.EXTERNAL_COURSE,
                "Market shaping and provider engagement in adult social care",
                "Wyvern Care Markets Network", 650, Due(-75), S.DONE, 80),
    ActionStory("Lucy Farrell", "sd_tom", K.MENTORING,
                "Coaching on designing the in-house minibus operating model",
                "Sarah Okafor, Head of Commissioning", 0, Due(75)),
    ActionStory("Hannah Whitcombe", "pf_kpis", K.INTERNAL_TRAINING,
                "Golden thread and KPI design workshop", "Harrowdale Performance Team", 0,
                Due(30)),
    ActionStory("Tom Brennan", "cm_duty_to_warn", K.EXTERNAL_COURSE,
                "Expert suppliers' responsibilities and the duty to warn (one day)",
                "Midshires Commercial Training", 395, Due(10), S.CANCELLED),
    ActionStory("Aisha Rahman", "na_consultation", K.INTERNAL_TRAINING,
                "Consultation and engagement practice for analysts",
                "Harrowdale Consultation Team", 0, Due(-100), S.DONE, 96),
    ActionStory("Joanne Pike", "sd_outcomes", K.EXTERNAL_COURSE,
                "Outcomes-based commissioning in housing services",
                "Northfield Housing Institute", 540, Due(40), S.CANCELLED),
    ActionStory("Gareth Lewis", "pr_specification", K.EXTERNAL_SUPPORT,
                "Specification clarity review of the leisure contract with an external trainer",
                "Plainword Specifications Ltd", 2800, Due(-120), S.DONE, 118),
    ActionStory("Imran Qureshi", "", K.RECRUITMENT,
                "Recruit a contracts officer for highways so Imran can mentor and cover",
                "Harrowdale HR Recruitment", 3200, Due(150)),
    ActionStory("Nathan Price", "se_engagement", K.MENTORING,
                "Shadowing the Head of Commissioning at three stakeholder briefings",
                "Sarah Okafor, Head of Commissioning", 0, Due(-45), S.DONE, 40),
    ActionStory("Ben Carver", "pf_evaluation", K.EXTERNAL_COURSE,
                "Outcome evaluation for public services (six modules)",
                "Open Evaluation School", 1100, Due(60), S.IN_PROGRESS),
)  # fmt: skip

#: (project, role, person who could step in, readiness)
SUCCESSION = (
    (WASTE, CM, "Sarah Okafor", "Ready now for the partnership board; not for day-to-day "
     "contract administration."),
    (WASTE, PM, "Ben Carver", "Ready in 12–18 months with project management training."),
    (HOME_CARE, PR, "Emma Lowther", "Ready in 6 months after sitting on a tender panel."),
    (HIGHWAYS, CM, "Gareth Lewis", "Ready now for contract administration."),
    (LEISURE, PM, "Sarah Okafor", "Ready now."),
    (SEND, SD, "Joanne Pike", "Ready when the repairs project restarts its own design work."),
    (SEND, NA, "Emma Lowther", "Ready now."),
)  # fmt: skip

#: Talent-pipeline notes for a few people.
PIPELINE = {
    "Daniel Osei": "New to strategic contracts; aiming for contract manager in two years. "
    "Keep on the waste contract with mentoring rather than moving him on.",
    "Emma Lowther": "Strong market engagement; interested in a full-time commissioning "
    "officer post if the second home care post is filled internally.",
    "Ben Carver": "Could grow into a project management role; succession cover for the "
    "waste contract lead.",
    "Aisha Rahman": "Analyst moving towards needs assessment lead; consider for the "
    "repairs project when it restarts.",
    "Nathan Price": "Part-time engagement officer; wants more consultation work on "
    "transport and waste.",
}
