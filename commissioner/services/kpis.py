"""Use cases for KPIs and their measurements: define a KPI, record how it performed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import CommissionedService, Kpi, KpiMeasurement, KpiObjective
from commissioner.models.dates import format_date
from commissioner.models.enums import KpiDirection, MeasurementFrequency, Rag
from commissioner.models.golden_thread_rules import (
    amber_threshold,
    kpi_rag,
    measurement_overdue,
    next_period_end,
    rag_text,
)
from commissioner.services.golden_thread_input import (
    KpiInput,
    MeasurementInput,
    ValidKpi,
    ValidMeasurement,
    number_text,
    validate_kpi,
    validate_measurement,
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
)
from commissioner.storage import Database


@dataclass(frozen=True)
class MeasurementRow:
    """One period's measurement with its rating."""

    id: int
    period_end: dt.date
    value: float
    commentary: str
    rag: Rag

    def as_input(self) -> MeasurementInput:
        return MeasurementInput(
            format_date(self.period_end), number_text(self.value), self.commentary
        )


@dataclass(frozen=True)
class KpiHistory:
    """A KPI's standard and every measurement, oldest first: what its trend chart shows."""

    id: int
    project_id: int
    code: str
    name: str
    unit: str
    target: float
    tolerance: float
    direction: KpiDirection
    frequency: MeasurementFrequency
    measurements: tuple[MeasurementRow, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def amber_threshold(self) -> float:
        return amber_threshold(self.target, self.tolerance, self.direction)

    @property
    def latest(self) -> MeasurementRow | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def latest_rag_text(self) -> str:
        return rag_text(self.latest.rag if self.latest else None)

    def overdue(self, today: dt.date) -> bool:
        last = self.latest.period_end if self.latest else None
        return measurement_overdue(last, self.frequency, today)

    def suggested_period_end(self, today: dt.date) -> dt.date:
        """The period after the latest one, or the end of last month when there is none."""
        if self.latest is not None:
            return next_period_end(self.latest.period_end, self.frequency)
        return today.replace(day=1) - dt.timedelta(days=1)


# ----- KPIs ----------------------------------------------------------------------------


def create_kpi(db: Database, project_id: int, form: KpiInput) -> int:
    """Add a KPI to a project, linked to the objectives it measures; returns its id."""
    with db.session() as session:
        require_project(session, project_id)
        valid = _valid_kpi(session, project_id, form)
        kpi = Kpi(project_id=project_id, service_id=form.service_id, **_kpi_columns(valid))
        kpi.objective_links = [KpiObjective(objective_id=i) for i in _unique(form.objective_ids)]
        session.add(kpi)
        session.flush()
        return kpi.id


def update_kpi(db: Database, kpi_id: int, form: KpiInput) -> None:
    """Save the KPI form over a KPI, adding and removing objective links to match it."""
    with db.session() as session:
        kpi = load(session, Kpi, kpi_id, "KPI")
        valid = _valid_kpi(session, kpi.project_id, form, except_id=kpi_id)
        assign(kpi, {**_kpi_columns(valid), "service_id": form.service_id})
        set_links(kpi.objective_links, _unique(form.objective_ids), KpiObjective)


def delete_kpi(db: Database, kpi_id: int) -> Removal:
    """Delete a KPI with its measurements and objective links."""
    with db.session() as session:
        return remove(session, load(session, Kpi, kpi_id, "KPI"))


def _valid_kpi(
    session: Session, project_id: int, form: KpiInput, *, except_id: int | None = None
) -> ValidKpi:
    code = "".join(form.code.split()).upper()
    taken = code_in_use(session, Kpi, project_id, code, except_id)
    valid = validate_kpi(form, code_taken=taken)
    if form.service_id is not None:
        owner = session.scalar(
            select(CommissionedService.project_id).where(CommissionedService.id == form.service_id)
        )
        if owner != project_id:
            raise ValidationError({"service_id": "That service no longer exists; choose another."})
    check_objectives(session, project_id, form.objective_ids)
    return valid


def _kpi_columns(valid: ValidKpi) -> dict[str, object]:
    return {
        "code": valid.code,
        "name": valid.name,
        "unit": valid.unit,
        "target": valid.target,
        "tolerance": valid.tolerance,
        "direction": valid.direction,
        "frequency": valid.frequency,
    }


def _unique(ids: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(ids))


# ----- measurements --------------------------------------------------------------------


def read_kpi_history(db: Database, kpi_id: int) -> KpiHistory:
    """A KPI with all its measurements, each rated against the KPI's current standard."""
    with db.session() as session:
        kpi = load(session, Kpi, kpi_id, "KPI")
        return KpiHistory(
            kpi.id,
            kpi.project_id,
            kpi.code,
            kpi.name,
            kpi.unit,
            kpi.target,
            kpi.tolerance,
            kpi.direction,
            kpi.frequency,
            _measurement_rows(session, kpi),
        )


def _measurement_rows(session: Session, kpi: Kpi) -> tuple[MeasurementRow, ...]:
    query = (
        select(
            KpiMeasurement.id,
            KpiMeasurement.period_end,
            KpiMeasurement.value,
            KpiMeasurement.commentary,
        )
        .where(KpiMeasurement.kpi_id == kpi.id)
        .order_by(KpiMeasurement.period_end)
    )
    return tuple(
        MeasurementRow(*row, kpi_rag(row.value, kpi.target, kpi.tolerance, kpi.direction))
        for row in session.execute(query)
    )


def add_measurement(
    db: Database, kpi_id: int, form: MeasurementInput, *, today: dt.date | None = None
) -> int:
    """Record a KPI's value for one period; one measurement per period. Returns its id."""
    with db.session() as session:
        load(session, Kpi, kpi_id, "KPI")
        valid = _valid_measurement(session, kpi_id, form, today)
        measurement = KpiMeasurement(
            kpi_id=kpi_id,
            period_end=valid.period_end,
            value=valid.value,
            commentary=valid.commentary,
        )
        session.add(measurement)
        session.flush()
        return measurement.id


def update_measurement(
    db: Database, measurement_id: int, form: MeasurementInput, *, today: dt.date | None = None
) -> None:
    """Correct a measurement's period, value or commentary."""
    with db.session() as session:
        measurement = load(session, KpiMeasurement, measurement_id, "measurement")
        valid = _valid_measurement(
            session, measurement.kpi_id, form, today, except_id=measurement_id
        )
        assign(
            measurement,
            {"period_end": valid.period_end, "value": valid.value, "commentary": valid.commentary},
        )


def delete_measurement(db: Database, measurement_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, KpiMeasurement, measurement_id, "measurement"))


def _valid_measurement(
    session: Session,
    kpi_id: int,
    form: MeasurementInput,
    today: dt.date | None,
    *,
    except_id: int | None = None,
) -> ValidMeasurement:
    def period_taken(period_end: dt.date) -> bool:
        query = select(KpiMeasurement.id).where(
            KpiMeasurement.kpi_id == kpi_id, KpiMeasurement.period_end == period_end
        )
        if except_id is not None:
            query = query.where(KpiMeasurement.id != except_id)
        return session.scalar(query) is not None

    return validate_measurement(form, today=today or dt.date.today(), period_taken=period_taken)
