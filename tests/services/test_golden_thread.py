"""Golden thread use cases: objectives, services, KPIs, measurements, benefits and undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import (
    AuditEntry,
    Benefit,
    CorporateOutcome,
    Kpi,
    KpiMeasurement,
    KpiObjective,
    Project,
    ServiceObjective,
)
from commissioner.models.enums import (
    AuditAction,
    BenefitKind,
    KpiDirection,
    MeasurementFrequency,
    ProjectStatus,
    Rag,
)
from commissioner.models.golden_thread_rules import GapKind, Realisation
from commissioner.services import benefits, kpis
from commissioner.services.golden_thread import (
    create_objective,
    create_service,
    delete_objective,
    delete_service,
    list_corporate_outcomes,
    read_golden_thread,
    update_objective,
    update_service,
)
from commissioner.services.golden_thread_input import (
    BenefitInput,
    KpiInput,
    MeasurementInput,
    ObjectiveInput,
    ServiceInput,
)
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database

MakeProject = Callable[..., int]
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def outcomes(db: Database) -> dict[str, int]:
    with db.session() as session:
        made = [
            CorporateOutcome(code="CO2", title="Best start in life", sort_order=2),
            CorporateOutcome(code="CO1", title="Independent living", sort_order=1),
        ]
        session.add_all(made)
        session.flush()
        return {outcome.code: outcome.id for outcome in made}


@pytest.fixture
def project(db: Database, make_project: MakeProject) -> int:
    return make_project(db)


def _kpi_form(**overrides: object) -> KpiInput:
    fields: dict[str, object] = {
        "code": "K1",
        "name": "Visits on time",
        "target": "95",
        "unit": "%",
        "tolerance": "2.5",
    }
    fields.update(overrides)
    return KpiInput(**fields)  # type: ignore[arg-type]


def _problems(action: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        action()
    return error.value.problems


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# Reading the thread


def test_outcomes_come_in_the_councils_order(db: Database, outcomes: dict[str, int]) -> None:
    assert [outcome.label for outcome in list_corporate_outcomes(db)] == [
        "CO1 Independent living",
        "CO2 Best start in life",
    ]


def test_a_complete_thread_reads_back_with_latest_rag_and_no_gaps(
    db: Database, project: int, outcomes: dict[str, int]
) -> None:
    objective = create_objective(
        db, project, ObjectiveInput("o1", "Reliable visits", "", outcomes["CO1"])
    )
    service = create_service(db, project, ServiceInput("Home care", "", (objective,)))
    kpi = kpis.create_kpi(db, project, _kpi_form(service_id=service, objective_ids=(objective,)))
    kpis.add_measurement(db, kpi, MeasurementInput("31/01/2026", "96"), today=TODAY)
    kpis.add_measurement(db, kpi, MeasurementInput("28/02/2026", "93.1"), today=TODAY)

    thread = read_golden_thread(db, project, today=TODAY)

    assert thread.objectives[0].label == "O1 Reliable visits"
    assert thread.objectives[0].outcome is not None
    assert thread.objectives[0].outcome.code == "CO1"
    assert thread.services[0].objective_ids == (objective,)
    summary = thread.kpis[0]
    assert (summary.latest_period_end, summary.latest_value) == (dt.date(2026, 2, 28), 93.1)
    assert summary.measurement_count == 2
    assert summary.latest_rag is Rag.AMBER
    assert summary.rag_text == "Amber"
    assert thread.gaps == ()
    assert thread.next_objective_code == "O2"
    assert thread.next_kpi_code == "K2"


def test_a_kpi_without_measurements_reads_no_data(db: Database, project: int) -> None:
    kpis.create_kpi(db, project, _kpi_form())
    summary = read_golden_thread(db, project, today=TODAY).kpis[0]
    assert summary.latest_rag is None
    assert summary.rag_text == "No data"


def test_gaps_are_flagged_on_their_records(db: Database, project: int) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "Reliable visits"))
    service = create_service(db, project, ServiceInput("Home care"))
    kpi = kpis.create_kpi(db, project, _kpi_form(frequency=MeasurementFrequency.MONTHLY))
    kpis.add_measurement(db, kpi, MeasurementInput("30/11/2025", "96"), today=TODAY)

    thread = read_golden_thread(db, project, today=TODAY)

    assert {(gap.kind, gap.subject_id) for gap in thread.gaps} == {
        (GapKind.OBJECTIVE_WITHOUT_OUTCOME, objective),
        (GapKind.OBJECTIVE_NOT_MEASURED, objective),
        (GapKind.SERVICE_WITHOUT_OBJECTIVE, service),
        (GapKind.KPI_WITHOUT_OBJECTIVE, kpi),
        (GapKind.MEASUREMENT_OVERDUE, kpi),
    }
    assert len(thread.gaps_on("kpi", kpi)) == 2
    assert [gap.kind for gap in thread.gaps_on("service", service)] == [
        GapKind.SERVICE_WITHOUT_OBJECTIVE
    ]


def test_a_closed_project_has_no_overdue_measurements(db: Database, project: int) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "Reliable visits"))
    kpi = kpis.create_kpi(db, project, _kpi_form(objective_ids=(objective,)))
    kpis.add_measurement(db, kpi, MeasurementInput("31/01/2024", "96"), today=TODAY)
    with db.session() as session:
        session.get_one(Project, project).status = ProjectStatus.CLOSED
    kinds = {gap.kind for gap in read_golden_thread(db, project, today=TODAY).gaps}
    assert GapKind.MEASUREMENT_OVERDUE not in kinds


def test_reading_a_missing_project_says_so(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        read_golden_thread(db, 999)


# Objectives and services


def test_objective_form_rules(db: Database, project: int, outcomes: dict[str, int]) -> None:
    create_objective(db, project, ObjectiveInput("O1", "Reliable visits"))
    problems = _problems(lambda: create_objective(db, project, ObjectiveInput(" o 1", "  ")))
    assert problems == {
        "code": "Another objective in this project already uses the code O1.",
        "title": "Give the objective a title.",
    }
    assert (
        "short code"
        in _problems(lambda: create_objective(db, project, ObjectiveInput("", "Fine")))["code"]
    )
    assert "corporate_outcome_id" in _problems(
        lambda: create_objective(db, project, ObjectiveInput("O2", "Fine", "", 12345))
    )


def test_the_same_objective_code_is_fine_in_another_project(
    db: Database, project: int, make_project: MakeProject
) -> None:
    other = make_project(db)
    create_objective(db, project, ObjectiveInput("O1", "One"))
    create_objective(db, other, ObjectiveInput("O1", "One elsewhere"))


def test_update_objective_records_only_real_changes(
    db: Database, project: int, outcomes: dict[str, int]
) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "Reliable visits"))
    update_objective(db, objective, ObjectiveInput("O1", "Reliable visits", "", outcomes["CO1"]))
    with db.session() as session:
        fields = session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.action == AuditAction.UPDATE, AuditEntry.table_name == "objectives"
            )
        ).all()
    assert fields == ["corporate_outcome_id"]


def test_service_links_follow_the_form(db: Database, project: int) -> None:
    first = create_objective(db, project, ObjectiveInput("O1", "One"))
    second = create_objective(db, project, ObjectiveInput("O2", "Two"))
    service = create_service(db, project, ServiceInput("Home care", "", (first, first)))
    update_service(db, service, ServiceInput("Home care", "", (second,)))
    assert read_golden_thread(db, project).services[0].objective_ids == (second,)
    assert _count(db, ServiceObjective) == 1
    assert _problems(lambda: create_service(db, project, ServiceInput(" ")))["name"] == (
        "Give the service a name."
    )


def test_links_to_another_projects_objectives_are_refused(
    db: Database, project: int, make_project: MakeProject
) -> None:
    other = make_project(db)
    foreign = create_objective(db, other, ObjectiveInput("O1", "Elsewhere"))
    problems = _problems(lambda: create_service(db, project, ServiceInput("X", "", (foreign,))))
    assert "objective_ids" in problems
    problems = _problems(lambda: kpis.create_kpi(db, project, _kpi_form(objective_ids=(foreign,))))
    assert "objective_ids" in problems


def test_deleting_an_objective_then_undo_restores_links_and_benefits(
    db: Database, project: int
) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "Reliable visits"))
    service = create_service(db, project, ServiceInput("Home care", "", (objective,)))
    kpi = kpis.create_kpi(db, project, _kpi_form(objective_ids=(objective,)))
    benefit = benefits.create_benefit(
        db, project, BenefitInput("Fewer missed visits", objective_id=objective)
    )

    removal = delete_objective(db, objective)

    thread = read_golden_thread(db, project)
    assert thread.objectives == ()
    assert thread.services[0].objective_ids == ()
    assert benefits.list_benefits(db, project)[0].objective is None
    restore_removal(db, removal)
    thread = read_golden_thread(db, project)
    assert thread.objectives[0].id == objective
    assert thread.services[0].objective_ids == (objective,)
    assert thread.kpis[0].objective_ids == (objective,)
    restored = benefits.list_benefits(db, project)[0]
    assert (restored.id, restored.objective and restored.objective.id) == (benefit, objective)
    assert (service, kpi) == (thread.services[0].id, thread.kpis[0].id)


def test_deleting_a_service_keeps_its_kpis_and_undo_relinks_them(
    db: Database, project: int
) -> None:
    service = create_service(db, project, ServiceInput("Home care"))
    kpis.create_kpi(db, project, _kpi_form(service_id=service))
    removal = delete_service(db, service)
    assert read_golden_thread(db, project).kpis[0].service_id is None
    restore_removal(db, removal)
    assert read_golden_thread(db, project).kpis[0].service_id == service


def test_editing_a_deleted_record_says_it_is_gone(db: Database, project: int) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "One"))
    delete_objective(db, objective)
    with pytest.raises(RecordNotFoundError, match="no longer exists"):
        update_objective(db, objective, ObjectiveInput("O1", "One"))


# KPIs


def test_kpi_form_rules_name_each_field(db: Database, project: int) -> None:
    problems = _problems(
        lambda: kpis.create_kpi(db, project, _kpi_form(name=" ", target="lots", tolerance="-1"))
    )
    assert problems == {
        "name": "Give the KPI a name.",
        "target": "“lots” is not a number; type digits, e.g. 95 or 12.5.",
        "tolerance": (
            "Tolerance cannot be negative: it is how far short of target still counts as amber."
        ),
    }
    assert _problems(lambda: kpis.create_kpi(db, project, _kpi_form(target="")))["target"] == (
        "Give the target as a number, e.g. 95."
    )


def test_kpi_numbers_accept_how_people_type_them(db: Database, project: int) -> None:
    kpi_id = kpis.create_kpi(db, project, _kpi_form(target="1,240", tolerance="", unit=" % "))
    summary = read_golden_thread(db, project).kpis[0]
    assert (summary.id, summary.target, summary.tolerance, summary.unit) == (kpi_id, 1240, 0, "%")
    kpis.update_kpi(db, kpi_id, _kpi_form(target="−3.5"))
    assert read_golden_thread(db, project).kpis[0].target == -3.5


def test_duplicate_kpi_code_is_refused(db: Database, project: int) -> None:
    kpis.create_kpi(db, project, _kpi_form())
    problems = _problems(lambda: kpis.create_kpi(db, project, _kpi_form(code="k1")))
    assert problems == {"code": "Another KPI in this project already uses the code K1."}


def test_kpi_round_trips_through_its_form(db: Database, project: int) -> None:
    form = _kpi_form(
        code="K7",
        target="12.5",
        tolerance="0",
        direction=KpiDirection.LOWER_IS_BETTER,
        frequency=MeasurementFrequency.QUARTERLY,
    )
    kpis.create_kpi(db, project, form)
    assert read_golden_thread(db, project).kpis[0].as_input() == form


def test_a_kpi_from_another_projects_service_is_refused(
    db: Database, project: int, make_project: MakeProject
) -> None:
    foreign = create_service(db, make_project(db), ServiceInput("Elsewhere"))
    problems = _problems(lambda: kpis.create_kpi(db, project, _kpi_form(service_id=foreign)))
    assert problems == {"service_id": "That service no longer exists; choose another."}


def test_deleting_a_kpi_takes_measurements_and_undo_brings_them_back(
    db: Database, project: int
) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "One"))
    kpi = kpis.create_kpi(db, project, _kpi_form(objective_ids=(objective,)))
    for day in ("31/12/2025", "31/01/2026"):
        kpis.add_measurement(db, kpi, MeasurementInput(day, "97"), today=TODAY)
    removal = kpis.delete_kpi(db, kpi)
    assert (_count(db, Kpi), _count(db, KpiMeasurement), _count(db, KpiObjective)) == (0, 0, 0)
    restore_removal(db, removal)
    history = kpis.read_kpi_history(db, kpi)
    assert [row.period_end.month for row in history.measurements] == [12, 1]
    assert _count(db, KpiObjective) == 1


# Measurements


def test_measurement_rules(db: Database, project: int) -> None:
    kpi = kpis.create_kpi(db, project, _kpi_form())
    kpis.add_measurement(db, kpi, MeasurementInput("31/01/2026", "96"), today=TODAY)

    def add(period_end: str, value: str) -> Callable[[], object]:
        return lambda: kpis.add_measurement(
            db, kpi, MeasurementInput(period_end, value), today=TODAY
        )

    assert _problems(add("31/01/2026", "95")) == {
        "period_end": "This KPI already has a measurement for the period ending 31/01/2026; "
        "edit that one instead of adding another."
    }
    assert _problems(add("", "")) == {
        "period_end": "Give the date the reporting period ended, e.g. 31/03/2026.",
        "value": "Give the value measured, as a number.",
    }
    assert "has not ended yet" in _problems(add("31/03/2026", "95"))["period_end"]
    assert "not a real date" in _problems(add("31/02/2026", "95"))["period_end"]
    assert "not a number" in _problems(add("28/02/2026", "n/a"))["value"]


def test_measurements_are_rated_and_ordered_oldest_first(db: Database, project: int) -> None:
    kpi = kpis.create_kpi(db, project, _kpi_form())
    for period_end, value in (("28/02/2026", "91"), ("31/12/2025", "95"), ("31/01/2026", "93")):
        kpis.add_measurement(db, kpi, MeasurementInput(period_end, value), today=TODAY)
    history = kpis.read_kpi_history(db, kpi)
    assert [(row.value, row.rag) for row in history.measurements] == [
        (95, Rag.GREEN),
        (93, Rag.AMBER),
        (91, Rag.RED),
    ]
    assert history.latest_rag_text == "Red"
    assert history.amber_threshold == 92.5
    assert history.suggested_period_end(TODAY) == dt.date(2026, 3, 31)
    assert not history.overdue(TODAY)


def test_correcting_a_measurement_may_keep_its_own_period(db: Database, project: int) -> None:
    kpi = kpis.create_kpi(db, project, _kpi_form())
    first = kpis.add_measurement(db, kpi, MeasurementInput("31/01/2026", "96"), today=TODAY)
    kpis.add_measurement(db, kpi, MeasurementInput("28/02/2026", "94"), today=TODAY)
    form = MeasurementInput("31/01/2026", "97.5", "Corrected after audit")
    kpis.update_measurement(db, first, form, today=TODAY)
    assert kpis.read_kpi_history(db, kpi).measurements[0].as_input() == form
    moved = MeasurementInput("28/02/2026", "97.5")
    assert (
        "already has a measurement"
        in _problems(lambda: kpis.update_measurement(db, first, moved, today=TODAY))["period_end"]
    )


def test_deleting_a_measurement_can_be_undone(db: Database, project: int) -> None:
    kpi = kpis.create_kpi(db, project, _kpi_form())
    measurement = kpis.add_measurement(db, kpi, MeasurementInput("31/01/2026", "96"), today=TODAY)
    removal = kpis.delete_measurement(db, measurement)
    assert kpis.read_kpi_history(db, kpi).measurements == ()
    restore_removal(db, removal)
    assert kpis.read_kpi_history(db, kpi).measurements[0].id == measurement


def test_suggested_period_end_without_measurements_is_last_month_end(
    db: Database, project: int
) -> None:
    kpi = kpis.create_kpi(db, project, _kpi_form())
    assert kpis.read_kpi_history(db, kpi).suggested_period_end(TODAY) == dt.date(2026, 2, 28)


# Benefits


def test_benefit_register_reads_back_with_progress_in_words(db: Database, project: int) -> None:
    objective = create_objective(db, project, ObjectiveInput("O1", "Lower cost"))
    benefits.create_benefit(
        db,
        project,
        BenefitInput(
            "Lower annual contract cost",
            owner="Tom Brennan",
            measure="Annual fee",
            unit="£",
            baseline="0",
            target="240,000",
            expected_on="31/03/2027",
            realised_value="150000",
            objective_id=objective,
        ),
    )
    benefits.create_benefit(
        db,
        project,
        BenefitInput(
            "Closures during refurbishment",
            kind=BenefitKind.DIS_BENEFIT,
            baseline="0",
            target="12",
            realised_value="15",
        ),
    )
    register = benefits.list_benefits(db, project)
    assert [row.kind for row in register] == [BenefitKind.BENEFIT, BenefitKind.DIS_BENEFIT]
    assert register[0].progress.text == "62% of the way to target"
    assert register[0].objective is not None and register[0].objective.code == "O1"
    assert register[0].expected_on == dt.date(2027, 3, 31)
    assert register[1].progress.status is Realisation.WORSE_THAN_EXPECTED


def test_benefit_form_rules(db: Database, project: int) -> None:
    problems = _problems(
        lambda: benefits.create_benefit(
            db,
            project,
            BenefitInput(" ", kind=BenefitKind.DIS_BENEFIT, baseline="x", expected_on="31/02/2026"),
        )
    )
    assert problems["description"] == "Describe the dis-benefit."
    assert "not a number" in problems["baseline"]
    assert "not a real date" in problems["expected_on"]
    assert "objective_id" in _problems(
        lambda: benefits.create_benefit(db, project, BenefitInput("Good", objective_id=999))
    )


def test_benefit_round_trips_and_deletes_with_undo(db: Database, project: int) -> None:
    form = BenefitInput(
        "More residents active",
        owner="Claire Ashworth",
        measure="Active residents",
        unit="%",
        baseline="61.5",
        target="66",
        expected_on="31/03/2028",
    )
    benefit = benefits.create_benefit(db, project, form)
    assert benefits.list_benefits(db, project)[0].as_input() == form
    benefits.update_benefit(db, benefit, BenefitInput(**{**form.__dict__, "realised_value": "63"}))
    assert benefits.list_benefits(db, project)[0].realised_value == 63
    removal = benefits.delete_benefit(db, benefit)
    assert _count(db, Benefit) == 0
    restore_removal(db, removal)
    assert benefits.list_benefits(db, project)[0].id == benefit


def test_objective_options_for_pickers(db: Database, project: int) -> None:
    create_objective(db, project, ObjectiveInput("O2", "Two"))
    create_objective(db, project, ObjectiveInput("O1", "One"))
    labels = [option.label for option in benefits.list_objective_options(db, project)]
    assert labels == ["O1 One", "O2 Two"]
