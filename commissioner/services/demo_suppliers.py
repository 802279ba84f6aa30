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
from commissioner.models.enums import ProjectStatus, StageKind
from commissioner.services.demo_supplier_stories import (
    CONCERNS,
    COUNCIL,
    CRO,
    CULTURE_EVIDENCE,
    DILIGENCE_SOURCES,
    DISPUTE_EVIDENCE,
    FALLING,
    LINKS,
    MORE_SUPPLIERS,
    PROCUREMENT_LEAD,
    RATING_VERDICTS,
    SELF_ASSESSMENT,
    STRATEGIC,
    USE_CASES,
    WARNINGS,
    Link,
)

#: Days before the procurement gate (or, mid-procurement, before today) that bids were
#: evaluated: the first alignment assessment; due diligence ran in the weeks before.
EVALUATION_LEAD_DAYS = 21
#: Days between the latest alignment reassessment and today (or a contract's closure).
REASSESSMENT_LAG_DAYS = 18


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
        for spec in LINKS
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
        for key, rating, note in SELF_ASSESSMENT
    )


def _suppliers(session: Session) -> dict[str, int]:
    """Add the extra bidders and give every supplier contact details; ids by name."""
    session.add_all(
        Supplier(name=name, organisation_type=kind, contact_name=contact, notes=notes)
        for name, kind, contact, notes in MORE_SUPPLIERS
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


def _relationship(spec: Link, project: _Timeline, suppliers: dict[str, int]) -> ProjectSupplier:
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


def _own_diligence(spec: Link, project: _Timeline) -> dict[str, Any]:
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
    for spec in LINKS:
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
                    assessor=PROCUREMENT_LEAD if position % 2 else project.lead,
                    assessed_on=project.evaluated_on - _days(generator.randrange(7, 35)),
                )
            yield row


def _concern_or_source(supplier: str, area: str, rating: int) -> str:
    if (supplier, area) in CONCERNS:
        return CONCERNS[supplier, area]
    source = DILIGENCE_SOURCES.get(area, "The tender submission and clarification answers.")
    return f"{source} {RATING_VERDICTS.get(rating, '')}".strip()


def _add_assessments(
    session: Session, ids: dict[tuple[str, str], int], projects: dict[str, _Timeline]
) -> None:
    """Dated assessments with their scores: a parent row each, then the scores in bulk."""
    keys = set(session.scalars(select(CultureDimension.key)))
    scores: list[dict[str, Any]] = []
    for spec in LINKS:
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
            falls = spec.supplier == FALLING and number == len(spec.culture) - 1
            overrides = DISPUTE_EVIDENCE if falls else {}
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
        return PROCUREMENT_LEAD
    return project.lead if number % 2 else CRO


def _source(spec: Link, number: int) -> str:
    if number == 0:
        return "Evaluation interview and references"
    return "Partnership board" if spec.category is STRATEGIC else "Contract review meeting"


def _scores(
    assessment_id: int,
    positions: tuple[int, ...],
    keys: set[str],
    source: str,
    overrides: dict[str, str],
) -> list[dict[str, Any]]:
    rows = []
    for (key, council), supplier in zip(COUNCIL.items(), positions, strict=True):
        if key not in keys:
            continue
        direction = (supplier > council) - (supplier < council) + 1  # 0 below, 1 level, 2 above
        words = overrides.get(key, CULTURE_EVIDENCE[key][direction])
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
        for project, supplier, days_ago, subject, raised_by, how, response, status in WARNINGS
    ]


def _use_cases(projects: dict[str, _Timeline]) -> list[ContractUseCase]:
    fields = ("scenario", "clause_reference", "expected_behaviour", "council_reading",
              "supplier_reading", "ambiguous", "resolution", "status")  # fmt: skip
    return [
        ContractUseCase(project_id=projects[row[0]].id, **dict(zip(fields, row[1:], strict=True)))
        for row in USE_CASES
    ]


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)
