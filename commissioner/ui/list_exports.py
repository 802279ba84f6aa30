"""Spreadsheet exports of lists the app draws rather than tabulates: the skills matrix
(a heat map) and the golden thread's KPIs (a tree). Each becomes one flat table a
spreadsheet can filter: a row per matrix cell, a row per KPI.
"""

from __future__ import annotations

from commissioner.io.table_export import ExportColumn, TableExport
from commissioner.services.golden_thread import GoldenThread, KpiSummary
from commissioner.services.skills import SkillsMatrix

MATRIX_COLUMNS = (
    ExportColumn("Person"),
    ExportColumn("Job title"),
    ExportColumn("Competency"),
    ExportColumn("Competency of role"),
    ExportColumn("Required"),
    ExportColumn("Current"),
    ExportColumn("Whose rating"),
    ExportColumn("Rated on", "date"),
    ExportColumn("Levels short", "integer"),
)
KPI_COLUMNS = (
    ExportColumn("Code"),
    ExportColumn("KPI"),
    ExportColumn("Service"),
    ExportColumn("Objectives"),
    ExportColumn("Unit"),
    ExportColumn("Target", "number"),
    ExportColumn("Tolerance", "number"),
    ExportColumn("Direction"),
    ExportColumn("Frequency"),
    ExportColumn("Latest period ending", "date"),
    ExportColumn("Latest value", "number"),
    ExportColumn("RAG"),
    ExportColumn("Measurements", "integer"),
)


def skills_matrix_export(title: str, matrix: SkillsMatrix) -> TableExport:
    """The matrix as the heat map shows it: each member against each competency their
    roles need here, in the map's order of people and competencies."""
    rows = []
    for member in matrix.members:
        for competency in matrix.competencies:
            cell = matrix.cell(member.person_id, competency.key)
            if cell is None:
                continue
            current = cell.current
            rows.append(
                (
                    member.full_name,
                    member.job_title,
                    competency.name,
                    competency.role.label,
                    cell.required.label,
                    current.level.label if current.rated else "Not rated",
                    ("Manager" if current.by_manager else "Self") if current.rated else "",
                    current.rated_on,
                    cell.gap,
                )
            )
    return TableExport(title, "Skills matrix", MATRIX_COLUMNS, tuple(rows))


def kpi_list_export(title: str, thread: GoldenThread) -> TableExport:
    """Every KPI of the golden thread with its standard and its latest measurement."""
    services = {service.id: service.name for service in thread.services}
    objectives = {objective.id: objective.code for objective in thread.objectives}
    rows = tuple(_kpi_row(kpi, services, objectives) for kpi in thread.kpis)
    return TableExport(title, "KPIs", KPI_COLUMNS, rows)


def _kpi_row(
    kpi: KpiSummary, services: dict[int, str], objectives: dict[int, str]
) -> tuple[object, ...]:
    return (
        kpi.code,
        kpi.name,
        services.get(kpi.service_id, "") if kpi.service_id is not None else "",
        ", ".join(objectives[i] for i in kpi.objective_ids if i in objectives),
        kpi.unit,
        kpi.target,
        kpi.tolerance,
        kpi.direction.label,
        kpi.frequency.label,
        kpi.latest_period_end,
        kpi.latest_value,
        kpi.rag_text,
        kpi.measurement_count,
    )
