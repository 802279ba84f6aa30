"""RAID logs for the demo portfolio: risks with re-scoring histories, actions, and the rest.

Runs inside the demo's unit of work once its projects exist. Volume goes in with Core
``insert()`` lists; a seeded random generator keeps every demo file the same for a
given ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from commissioner.models import (
    Person,
    Project,
    RaidItem,
    RiskAction,
    RiskAssessment,
    RiskCategory,
)
from commissioner.models.enums import (
    ActionStatus,
    IssuePriority,
    ProjectStatus,
    RaidKind,
    RaidStatus,
    RiskResponse,
)
from commissioner.models.enums import (
    CommissioningChallenge as Ch,
)
from commissioner.models.enums import (
    RiskCategoryKind as Cat,
)

#: The project whose RAID log shows an issue raised from a risk that materialised.
_MATERIALISED_IN = "Home care recommissioning"
_OFFICERS = ("Gareth Lewis", "Ben Carver", "Sarah Okafor", "Angela Moss", "Tom Brennan")
#: Later risks of the same kind are about a later phase of the project.
_PHASES = ("", " during mobilisation", " at the first contract review", " at exit")
#: Days between a risk's routine reviews.
REVIEW_DAYS = 60

# fmt: off
#: (title, cause, event, consequence, category, challenge, inherent, residual, target, response)
_RISKS: tuple[tuple[Any, ...], ...] = (
    ("Outcomes in the specification are open to reading two ways",
     "Outcomes drafted before the needs assessment was finished",
     "Bidders price against different readings of the service specification",
     "Bids cannot be compared fairly and disputes follow award",
     Cat.CONTRACTUAL, Ch.SPECIFICATION_AMBIGUITY, (4, 4), (3, 4), (2, 3), RiskResponse.TREAT),
    ("Too few providers bid",
     "A thin local market with specialist skills in short supply",
     "Fewer than three compliant bids are received",
     "Weak competition, higher prices and a fragile supply chain",
     Cat.OPERATIONAL, Ch.PROVIDER_IDENTIFICATION, (4, 4), (3, 4), (2, 3), RiskResponse.TREAT),
    ("Supplier reads the payment mechanism 'ingeniously'",
     "Untested contract wording on deductions and relief events",
     "The supplier claims relief for failures within its control",
     "Lost deductions and a long commercial dispute",
     Cat.CONTRACTUAL, Ch.CONTRACT_INTERPRETATION, (3, 4), (3, 3), (2, 2), RiskResponse.TREAT),
    ("Stakeholders expect a different service from the one commissioned",
     "Consultation findings not shared with members and partners",
     "Members and service users reject the new model at launch",
     "Reputational damage and pressure to reverse decisions",
     Cat.REPUTATIONAL, Ch.COMMUNICATION, (3, 4), (3, 3), (2, 2), RiskResponse.TREAT),
    ("Costs exceed the approved budget",
     "Inflation and TUPE liabilities not fully priced",
     "Tender prices exceed the approved budget",
     "Scope is cut to fit the money, lowering quality",
     Cat.FINANCIAL, Ch.COST_OVERRUN, (4, 5), (4, 4), (3, 3), RiskResponse.TREAT),
    ("Partners' priorities drift apart",
     "Different governance cycles and motives across the partnership",
     "A partner withdraws funding or changes its requirements",
     "The joint model becomes unaffordable for the council alone",
     Cat.PARTNERSHIP, Ch.PARTNERSHIP_MANAGEMENT, (3, 4), (3, 3), (2, 3), RiskResponse.TREAT),
    ("Regulatory duties are missed in the new contract",
     "Statutory requirements not mapped into the specification",
     "The service fails an inspection or a statutory duty",
     "Enforcement action and harm to residents",
     Cat.REGULATORY, Ch.RISK_MANAGEMENT, (3, 5), (2, 4), (1, 4), RiskResponse.TREAT),
    ("Outcomes cannot be evaluated",
     "No baseline data and no agreed evaluation framework",
     "The council cannot show whether outcomes improved",
     "Value for money cannot be demonstrated to members",
     Cat.OPERATIONAL, Ch.OUTCOME_EVALUATION, (3, 3), (3, 3), (2, 2), RiskResponse.TREAT),
    ("Incumbent provider exits before handover",
     "The incumbent loses the tender and its staff leave early",
     "Service continuity breaks during transition",
     "Residents left without a service; emergency spend",
     Cat.OPERATIONAL, Ch.PARTNERSHIP_MANAGEMENT, (3, 5), (2, 5), (2, 3), RiskResponse.TREAT),
    ("Data protection breach at transfer",
     "Personal data moved between systems without a DPIA",
     "Personal data is lost or disclosed during migration",
     "ICO action, fines and loss of public trust",
     Cat.REGULATORY, Ch.RISK_MANAGEMENT, (3, 4), (2, 4), (1, 3), RiskResponse.TREAT),
    ("Procurement challenge delays award",
     "Evaluation criteria and scoring not fully documented",
     "An unsuccessful bidder challenges the award",
     "Award suspended; interim arrangements cost more",
     Cat.REGULATORY, Ch.RISK_MANAGEMENT, (3, 4), (2, 4), (2, 2), RiskResponse.TREAT),
    ("Supplier financial failure",
     "Low margins and rising wage costs in the sector",
     "The provider becomes insolvent mid-contract",
     "Emergency re-procurement and a gap in provision",
     Cat.FINANCIAL, Ch.PROVIDER_IDENTIFICATION, (2, 5), (2, 5), (2, 4), RiskResponse.TOLERATE),
    ("Performance indicators drive the wrong behaviour",
     "KPIs measure activity rather than outcomes",
     "The supplier hits targets while outcomes worsen",
     "Payments made for a service that is not improving lives",
     Cat.CONTRACTUAL, Ch.OUTCOME_EVALUATION, (3, 3), (3, 3), (2, 2), RiskResponse.TREAT),
    ("Workforce shortages in the provider market",
     "Recruitment difficulties across the region",
     "The provider cannot staff the service to the agreed level",
     "Missed visits and a backlog of unmet need",
     Cat.OPERATIONAL, Ch.PROVIDER_IDENTIFICATION, (4, 4), (4, 3), (3, 3), RiskResponse.TOLERATE),
    ("Insurance cover is transferred incompletely",
     "Liabilities not matched to the supplier's policies",
     "An uninsured claim falls back on the council",
     "Unbudgeted cost and legal exposure",
     Cat.FINANCIAL, Ch.CONTRACT_INTERPRETATION, (2, 4), (2, 3), (1, 3), RiskResponse.TRANSFER),
    ("Legacy system cannot be decommissioned",
     "The new service depends on data held in the old system",
     "The old system must run in parallel for longer",
     "Double running costs",
     Cat.FINANCIAL, Ch.COST_OVERRUN, (3, 3), (2, 3), (1, 2), RiskResponse.TERMINATE),
)
_ASSUMPTIONS = (
    "Demand grows no faster than the population forecast",
    "TUPE applies to the incumbent's front-line staff only",
    "The partner's contribution is confirmed for three years",
    "Current premises remain available through transition",
    "Inflation on the contract index stays below 4% a year",
    "Legal will review the contract within four weeks",
)
_ISSUES = (
    ("Key data for the needs assessment is missing", IssuePriority.MEDIUM),
    ("Evaluation panel member unavailable for moderation", IssuePriority.HIGH),
    ("Supplier missed the mobilisation milestone", IssuePriority.HIGH),
    ("Complaints rising after the service change", IssuePriority.CRITICAL),
    ("Budget virement not yet approved", IssuePriority.LOW),
)
_DEPENDENCIES = (
    ("ICB agreement to the pooled budget", "Integrated Care Board"),
    ("Cabinet decision to award", "Cabinet"),
    ("New case management system live", "Council IT service"),
    ("Depot lease renewed", "Estates team"),
)
# fmt: on


@dataclass(frozen=True)
class _DemoProject:
    id: int
    name: str
    start: dt.date
    as_of: dt.date
    closed: bool
    lead: str


def add_risk_demo(session: Session, today: dt.date) -> None:
    """Give every demo project a RAID log as of ``today``."""
    session.flush()
    categories = dict(session.execute(select(RiskCategory.kind, RiskCategory.id)).all())
    for project in _demo_projects(session, today):
        generator = random.Random(project.id * 7919)
        rows = list(_entries(project, generator, categories))
        session.execute(insert(RaidItem), rows)
        ids = dict(
            session.execute(
                select(RaidItem.reference, RaidItem.id).where(RaidItem.project_id == project.id)
            ).all()
        )
        risks = [row for row in rows if row["kind"] is RaidKind.RISK]
        session.execute(insert(RiskAssessment), list(_histories(risks, ids, generator, project)))
        actions = list(_actions(risks, ids, generator, project))
        if actions:
            session.execute(insert(RiskAction), actions)
        if project.name == _MATERIALISED_IN:
            _materialise(session, rows, ids, project)


def _demo_projects(session: Session, today: dt.date) -> Iterator[_DemoProject]:
    query = select(
        Project.id, Project.name, Project.start_date, Project.archived_at, Project.status,
        Person.full_name,
    ).outerjoin(Person, Person.id == Project.lead_commissioner_id).order_by(Project.id)  # fmt: skip
    for row in session.execute(query):
        closed = row.status is ProjectStatus.CLOSED
        as_of = row.archived_at.date() if closed and row.archived_at else today
        start = row.start_date or as_of - dt.timedelta(days=365)
        yield _DemoProject(row.id, row.name, start, min(as_of, today), closed, row.full_name or "")


def _entries(
    project: _DemoProject, generator: random.Random, categories: dict[Any, int]
) -> Iterator[dict[str, Any]]:
    count = 15 + (project.id * 17) % 46
    numbers = dict.fromkeys(RaidKind, 0)
    for position in range(count):
        kind = _kind_at(position)
        numbers[kind] += 1
        base = _base_row(project, kind, numbers[kind], generator)
        if kind is RaidKind.RISK:
            base.update(_risk_fields(numbers[kind] - 1, generator, categories))
        else:
            base.update(_other_fields(kind, numbers[kind] - 1, generator, project.as_of))
        yield base


def _kind_at(position: int) -> RaidKind:
    return _KIND_CYCLE[position % len(_KIND_CYCLE)]


_KIND_CYCLE = (
    RaidKind.RISK, RaidKind.RISK, RaidKind.ASSUMPTION, RaidKind.RISK, RaidKind.ISSUE,
    RaidKind.RISK, RaidKind.DEPENDENCY, RaidKind.RISK, RaidKind.RISK, RaidKind.ISSUE,
)  # fmt: skip


def _base_row(
    project: _DemoProject, kind: RaidKind, number: int, generator: random.Random
) -> dict[str, Any]:
    life = max((project.as_of - project.start).days, 30)
    raised_on = project.start + dt.timedelta(days=generator.randrange(0, life * 3 // 4 + 1))
    closes = project.closed or generator.random() < 0.15
    closed_on = min(project.as_of, raised_on + dt.timedelta(days=generator.randrange(30, 240)))
    review = project.as_of + dt.timedelta(days=generator.randrange(7, 70))
    if generator.random() < 0.18:  # a review that has slipped
        review = project.as_of - dt.timedelta(days=generator.randrange(3, 45))
    owner = project.lead if generator.random() < 0.5 else generator.choice(_OFFICERS)
    return {
        "project_id": project.id,
        "kind": kind,
        "reference": f"{kind.prefix}-{number:03d}",
        "owner": owner,
        "actionee": generator.choice(_OFFICERS),
        "status": RaidStatus.CLOSED if closes else _live_status(generator),
        "raised_on": raised_on,
        "closed_on": closed_on if closes else None,
        "next_review_on": None if closes else review,
        "cause": "", "event": "", "consequence": "", "description": "",
        "resolution": "", "counterparty": "",
    }  # fmt: skip


def _live_status(generator: random.Random) -> RaidStatus:
    roll = generator.random()
    return (
        RaidStatus.ESCALATED
        if roll < 0.08
        else RaidStatus.DRAFT
        if roll < 0.13
        else RaidStatus.OPEN
    )


def _risk_fields(
    position: int, generator: random.Random, categories: dict[Any, int]
) -> dict[str, Any]:
    title, cause, event, consequence, category, challenge, inherent, residual, target, response = (
        _RISKS[position % len(_RISKS)]
    )
    residual = tuple(min(n, i) for n, i in zip(_nudge(residual, generator), inherent, strict=True))
    target = tuple(min(t, r) for t, r in zip(target, residual, strict=True))
    suffix = _PHASES[position // len(_RISKS) % len(_PHASES)]
    return {
        "title": title + suffix, "cause": cause, "event": event, "consequence": consequence,
        "category_id": categories.get(category), "challenge": challenge,
        "inherent_likelihood": inherent[0], "inherent_impact": inherent[1],
        "residual_likelihood": residual[0], "residual_impact": residual[1],
        "target_likelihood": target[0], "target_impact": target[1],
        "response": response,
        "proximity_on": None,
    }  # fmt: skip


def _nudge(levels: tuple[int, int], generator: random.Random) -> tuple[int, int]:
    return tuple(max(1, min(5, level + generator.choice((-1, 0, 0, 1)))) for level in levels)  # type: ignore[return-value]


def _other_fields(
    kind: RaidKind, position: int, generator: random.Random, as_of: dt.date
) -> dict[str, Any]:
    if kind is RaidKind.ASSUMPTION:
        title = _ASSUMPTIONS[position % len(_ASSUMPTIONS)]
        return {"title": title, "description": "To be validated at the next stage gate."}
    if kind is RaidKind.ISSUE:
        title, priority = _ISSUES[position % len(_ISSUES)]
        return {"title": title, "priority": priority, "description": "Raised at the project board."}
    title, counterparty = _DEPENDENCIES[position % len(_DEPENDENCIES)]
    needed = as_of + dt.timedelta(days=generator.randrange(-20, 150))
    return {"title": title, "counterparty": counterparty, "needed_by": needed}


def _histories(
    risks: list[dict[str, Any]],
    ids: dict[str, int],
    generator: random.Random,
    project: _DemoProject,
) -> Iterator[dict[str, Any]]:
    """Re-scorings every couple of months from the day raised, ending at today's scores."""
    for row in risks:
        end = row["closed_on"] or project.as_of
        days = max((end - row["raised_on"]).days, 0)
        points = 1 + min(days // REVIEW_DAYS, 5)
        final = (row["residual_likelihood"], row["residual_impact"])
        start = (row["inherent_likelihood"], row["inherent_impact"])
        for step in range(points):
            residual = (
                final if step == points - 1 else _between(start, final, step, points, generator)
            )
            yield {
                "item_id": ids[row["reference"]],
                "assessed_on": row["raised_on"] + dt.timedelta(days=days * step // points),
                "assessed_by": row["owner"],
                "inherent_likelihood": start[0], "inherent_impact": start[1],
                "residual_likelihood": residual[0], "residual_impact": residual[1],
                "target_likelihood": row["target_likelihood"],
                "target_impact": row["target_impact"],
                "note": "First assessment" if step == 0 else "Quarterly review",
            }  # fmt: skip


def _between(
    start: tuple[int, int], end: tuple[int, int], step: int, points: int, generator: random.Random
) -> tuple[int, int]:
    share = step / max(points - 1, 1)
    return tuple(  # type: ignore[return-value]
        max(1, min(5, round(a + (b - a) * share) + generator.choice((0, 0, 1))))
        for a, b in zip(start, end, strict=True)
    )


def _actions(
    risks: list[dict[str, Any]],
    ids: dict[str, int],
    generator: random.Random,
    project: _DemoProject,
) -> Iterator[dict[str, Any]]:
    for row in risks:
        for number in range(generator.randrange(0, 4)):
            due = row["raised_on"] + dt.timedelta(days=30 + 45 * number + generator.randrange(30))
            done = due < project.as_of and generator.random() < 0.7
            yield {
                "item_id": ids[row["reference"]],
                "description": _ACTION_WORDS[(number + len(row["title"])) % len(_ACTION_WORDS)],
                "owner": row["actionee"],
                "due_on": due,
                "status": ActionStatus.DONE if done else ActionStatus.OPEN,
                "completed_on": due - dt.timedelta(days=3) if done else None,
            }


_ACTION_WORDS = (
    "Run an early market engagement event",
    "Test the contract wording against operational use cases",
    "Agree an evaluation framework with the outcome owners",
    "Brief members and the service user panel",
    "Obtain a parent company guarantee",
    "Complete the data protection impact assessment",
    "Agree the exit and handover plan with the incumbent",
)


def _materialise(
    session: Session, rows: list[dict[str, Any]], ids: dict[str, int], project: _DemoProject
) -> None:
    """The too-few-bidders risk happened: close it and raise the issue from it."""
    risk = next(r for r in rows if r["title"].startswith("Too few providers"))
    issue_number = sum(1 for r in rows if r["kind"] is RaidKind.ISSUE) + 1
    on = project.as_of - dt.timedelta(days=21)
    session.execute(
        update(RaidItem)
        .where(RaidItem.id == ids[risk["reference"]])
        .values(status=RaidStatus.CLOSED, closed_on=on, next_review_on=None)
    )
    session.execute(
        insert(RaidItem),
        [{
            **{key: "" for key in ("cause", "event", "consequence", "resolution", "counterparty")},
            "project_id": project.id, "kind": RaidKind.ISSUE,
            "reference": f"I-{issue_number:03d}",
            "title": "Only two compliant bids received",
            "description": "The too-few-bidders risk materialised at tender close.",
            "priority": IssuePriority.HIGH, "status": RaidStatus.OPEN,
            "owner": project.lead, "actionee": "Gareth Lewis", "raised_on": on,
            "next_review_on": project.as_of + dt.timedelta(days=14),
            "raised_from_id": ids[risk["reference"]],
        }],
    )  # fmt: skip
