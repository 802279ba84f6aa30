"""Use cases of the golden thread: read a project's thread and its gaps; add, edit and
delete objectives and services. KPIs and measurements are in ``kpis``, benefits in
``benefits``; undoing a delete is ``golden_thread_records.restore_removal``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError, ValidationError
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
from commissioner.models.enums import KpiDirection, MeasurementFrequency, ProjectStatus, Rag
from commissioner.models.golden_thread_rules import (
    Gap,
    ThreadKpi,
    ThreadLinks,
    ThreadObjective,
    ThreadService,
    amber_threshold,
    find_gaps,
    kpi_rag,
    next_code,
    rag_text,
)
from commissioner.services.golden_thread_input import (
    KpiInput,
    ObjectiveInput,
    ServiceInput,
    number_text,
    validate_objective,
    validate_service,
)
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    check_objectives,
    code_in_use,
    load,
    remove,
    require_project,
    set_links,
    unlink,
)
from commissioner.storage import Database


@dataclass(frozen=True)
class OutcomeOption:
    """A corporate outcome an objective can serve."""

    id: int
    code: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class ObjectiveSummary:
    id: int
    code: str
    title: str
    description: str
    outcome: OutcomeOption | None

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"

    def as_input(self) -> ObjectiveInput:
        outcome_id = self.outcome.id if self.outcome else None
        return ObjectiveInput(self.code, self.title, self.description, outcome_id)


@dataclass(frozen=True)
class ServiceSummary:
    id: int
    name: str
    description: str
    objective_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return self.name

    def as_input(self) -> ServiceInput:
        return ServiceInput(self.name, self.description, self.objective_ids)


@dataclass(frozen=True)
class KpiSummary:
    """A KPI with its links and its latest measurement."""

    id: int
    code: str
    name: str
    unit: str
    target: float
    tolerance: float
    direction: KpiDirection
    frequency: MeasurementFrequency
    service_id: int | None
    objective_ids: tuple[int, ...]
    latest_period_end: dt.date | None = None
    latest_value: float | None = None
    measurement_count: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def latest_rag(self) -> Rag | None:
        """The latest measurement's rating; None ("No data") before any measurement."""
        if self.latest_value is None:
            return None
        return kpi_rag(self.latest_value, self.target, self.tolerance, self.direction)

    @property
    def rag_text(self) -> str:
        return rag_text(self.latest_rag)

    @property
    def amber_threshold(self) -> float:
        return amber_threshold(self.target, self.tolerance, self.direction)

    def as_input(self) -> KpiInput:
        return KpiInput(
            code=self.code,
            name=self.name,
            target=number_text(self.target),
            unit=self.unit,
            tolerance=number_text(self.tolerance),
            direction=self.direction,
            frequency=self.frequency,
            service_id=self.service_id,
            objective_ids=self.objective_ids,
        )


@dataclass(frozen=True)
class GoldenThread:
    """One project's objectives, services and KPIs, and the gaps between them."""

    project_id: int
    objectives: tuple[ObjectiveSummary, ...]
    services: tuple[ServiceSummary, ...]
    kpis: tuple[KpiSummary, ...]
    gaps: tuple[Gap, ...]

    @property
    def next_objective_code(self) -> str:
        return next_code("O", (objective.code for objective in self.objectives))

    @property
    def next_kpi_code(self) -> str:
        return next_code("K", (kpi.code for kpi in self.kpis))

    def gaps_on(self, subject_kind: str, subject_id: int) -> tuple[Gap, ...]:
        """The gaps flagged on one record ('objective', 'service' or 'kpi')."""
        return tuple(
            gap
            for gap in self.gaps
            if gap.kind.subject_kind == subject_kind and gap.subject_id == subject_id
        )


# ----- reading -------------------------------------------------------------------------


def list_corporate_outcomes(db: Database) -> list[OutcomeOption]:
    """The council's corporate outcomes, in their own order."""
    query = select(CorporateOutcome.id, CorporateOutcome.code, CorporateOutcome.title).order_by(
        CorporateOutcome.sort_order, CorporateOutcome.code
    )
    with db.session() as session:
        return [OutcomeOption(*row) for row in session.execute(query)]


def read_golden_thread(
    db: Database, project_id: int, *, today: dt.date | None = None
) -> GoldenThread:
    """The project's thread with each KPI's latest measurement and every gap, as of ``today``."""
    today = today or dt.date.today()
    with db.session() as session:
        status = session.scalar(select(Project.status).where(Project.id == project_id))
        if status is None:
            raise RecordNotFoundError("That project no longer exists.")
        objectives = _objectives(session, project_id)
        services = _services(session, project_id)
        kpis = _kpis(session, project_id)
    links = ThreadLinks(
        objectives=[ThreadObjective(o.id, o.label, o.outcome is not None) for o in objectives],
        services=[ThreadService(s.id, s.label, frozenset(s.objective_ids)) for s in services],
        kpis=[
            ThreadKpi(k.id, k.label, frozenset(k.objective_ids), k.frequency, k.latest_period_end)
            for k in kpis
        ],
        measurements_expected=status is not ProjectStatus.CLOSED,
    )
    gaps = tuple(find_gaps(links, today))
    return GoldenThread(project_id, objectives, services, kpis, gaps)


def _objectives(session: Session, project_id: int) -> tuple[ObjectiveSummary, ...]:
    query = (
        select(
            ProjectObjective.id,
            ProjectObjective.code,
            ProjectObjective.title,
            ProjectObjective.description,
            CorporateOutcome.id,
            CorporateOutcome.code,
            CorporateOutcome.title,
        )
        .outerjoin(CorporateOutcome, ProjectObjective.corporate_outcome_id == CorporateOutcome.id)
        .where(ProjectObjective.project_id == project_id)
        .order_by(ProjectObjective.code, ProjectObjective.id)
    )
    return tuple(
        ObjectiveSummary(*row[:4], OutcomeOption(*row[4:]) if row[4] is not None else None)
        for row in session.execute(query)
    )


def _links(session: Session, query: Any) -> dict[int, tuple[int, ...]]:
    linked: dict[int, list[int]] = defaultdict(list)
    for owner_id, objective_id in session.execute(query):
        linked[owner_id].append(objective_id)
    return {owner_id: tuple(ids) for owner_id, ids in linked.items()}


def _services(session: Session, project_id: int) -> tuple[ServiceSummary, ...]:
    links = _links(
        session,
        select(ServiceObjective.service_id, ServiceObjective.objective_id)
        .join(CommissionedService)
        .join(ProjectObjective)
        .where(CommissionedService.project_id == project_id)
        .order_by(ProjectObjective.code),
    )
    query = (
        select(CommissionedService.id, CommissionedService.name, CommissionedService.description)
        .where(CommissionedService.project_id == project_id)
        .order_by(CommissionedService.name, CommissionedService.id)
    )
    return tuple(ServiceSummary(*row, links.get(row[0], ())) for row in session.execute(query))


def _kpis(session: Session, project_id: int) -> tuple[KpiSummary, ...]:
    links = _links(
        session,
        select(KpiObjective.kpi_id, KpiObjective.objective_id)
        .join(Kpi)
        .join(ProjectObjective)
        .where(Kpi.project_id == project_id)
        .order_by(ProjectObjective.code),
    )
    latest = _latest_measurements(session, project_id)
    query = (
        select(
            Kpi.id,
            Kpi.code,
            Kpi.name,
            Kpi.unit,
            Kpi.target,
            Kpi.tolerance,
            Kpi.direction,
            Kpi.frequency,
            Kpi.service_id,
        )
        .where(Kpi.project_id == project_id)
        .order_by(Kpi.code, Kpi.id)
    )
    summaries = []
    for row in session.execute(query):
        period_end, value, count = latest.get(row.id, (None, None, 0))
        summaries.append(KpiSummary(*row, links.get(row.id, ()), period_end, value, count))
    return tuple(summaries)


def _latest_measurements(
    session: Session, project_id: int
) -> dict[int, tuple[dt.date, float, int]]:
    """Each measured KPI's latest period end, its value and how many measurements it has."""
    last = (
        select(
            KpiMeasurement.kpi_id,
            func.max(KpiMeasurement.period_end).label("period_end"),
            func.count().label("count"),
        )
        .join(Kpi)
        .where(Kpi.project_id == project_id)
        .group_by(KpiMeasurement.kpi_id)
        .subquery()
    )
    query = select(last.c.kpi_id, last.c.period_end, KpiMeasurement.value, last.c.count).join(
        KpiMeasurement,
        and_(
            KpiMeasurement.kpi_id == last.c.kpi_id,
            KpiMeasurement.period_end == last.c.period_end,
        ),
    )
    return {row[0]: (row[1], row[2], row[3]) for row in session.execute(query)}


# ----- objectives ----------------------------------------------------------------------


def create_objective(db: Database, project_id: int, form: ObjectiveInput) -> int:
    """Add an objective to a project; returns its id."""
    with db.session() as session:
        require_project(session, project_id)
        valid = _valid_objective(session, project_id, form)
        objective = ProjectObjective(project_id=project_id, **_objective_columns(valid))
        session.add(objective)
        session.flush()
        return objective.id


def update_objective(db: Database, objective_id: int, form: ObjectiveInput) -> None:
    """Save the objective form over an objective."""
    with db.session() as session:
        objective = load(session, ProjectObjective, objective_id, "objective")
        valid = _valid_objective(session, objective.project_id, form, except_id=objective_id)
        assign(objective, _objective_columns(valid))


def delete_objective(db: Database, objective_id: int) -> Removal:
    """Delete an objective and its links; benefits that served it stay, unlinked."""
    with db.session() as session:
        objective = load(session, ProjectObjective, objective_id, "objective")
        benefits = session.scalars(select(Benefit).where(Benefit.objective_id == objective_id))
        relinks = tuple(unlink(benefit, "objective_id") for benefit in benefits)
        return remove(session, objective, relinks)


def _valid_objective(
    session: Session, project_id: int, form: ObjectiveInput, *, except_id: int | None = None
) -> ObjectiveInput:
    code = "".join(form.code.split()).upper()
    taken = code_in_use(session, ProjectObjective, project_id, code, except_id)
    valid = validate_objective(form, code_taken=taken)
    outcome_id = valid.corporate_outcome_id
    if outcome_id is not None and session.get(CorporateOutcome, outcome_id) is None:
        raise ValidationError(
            {"corporate_outcome_id": "That corporate outcome no longer exists; choose another."}
        )
    return valid


def _objective_columns(valid: ObjectiveInput) -> dict[str, object]:
    return {
        "code": valid.code,
        "title": valid.title,
        "description": valid.description,
        "corporate_outcome_id": valid.corporate_outcome_id,
    }


# ----- services ------------------------------------------------------------------------


def create_service(db: Database, project_id: int, form: ServiceInput) -> int:
    """Add a commissioned service, linked to the objectives it serves; returns its id."""
    with db.session() as session:
        require_project(session, project_id)
        valid = validate_service(form)
        check_objectives(session, project_id, valid.objective_ids)
        service = CommissionedService(
            project_id=project_id, name=valid.name, description=valid.description
        )
        service.objective_links = [ServiceObjective(objective_id=i) for i in valid.objective_ids]
        session.add(service)
        session.flush()
        return service.id


def update_service(db: Database, service_id: int, form: ServiceInput) -> None:
    """Save the service form, adding and removing objective links to match it."""
    with db.session() as session:
        service = load(session, CommissionedService, service_id, "service")
        valid = validate_service(form)
        check_objectives(session, service.project_id, valid.objective_ids)
        assign(service, {"name": valid.name, "description": valid.description})
        set_links(service.objective_links, valid.objective_ids, ServiceObjective)


def delete_service(db: Database, service_id: int) -> Removal:
    """Delete a service and its links; its KPIs stay, no longer tied to a service."""
    with db.session() as session:
        service = load(session, CommissionedService, service_id, "service")
        kpis = session.scalars(select(Kpi).where(Kpi.service_id == service_id))
        relinks = tuple(unlink(kpi, "service_id") for kpi in kpis)
        return remove(session, service, relinks)
