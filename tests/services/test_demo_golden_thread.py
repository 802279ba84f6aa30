"""The demo's golden threads: complete, believable, and broken exactly where intended."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commissioner.models import KpiMeasurement
from commissioner.models.enums import MeasurementFrequency, StageKind
from commissioner.models.golden_thread_rules import GapKind
from commissioner.services.benefits import list_benefits
from commissioner.services.demo import build_demo_portfolio
from commissioner.services.demo_golden_thread import last_period_end
from commissioner.services.golden_thread import GoldenThread, read_golden_thread
from commissioner.services.kpis import read_kpi_history
from commissioner.services.projects import ProjectSummary, list_projects
from commissioner.storage import Database, open_database

TODAY = dt.date(2026, 3, 16)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(Path(tmp_path_factory.mktemp("demo")) / "demo.db", actor="tester")
    build_demo_portfolio(db, today=TODAY)
    yield db
    db.close()


@pytest.fixture(scope="module")
def threads(demo: Database) -> list[tuple[ProjectSummary, GoldenThread]]:
    return [
        (project, read_golden_thread(demo, project.id, today=TODAY))
        for project in list_projects(demo, include_archived=True)
    ]


def test_every_project_has_a_thread_of_the_right_size(
    threads: list[tuple[ProjectSummary, GoldenThread]],
) -> None:
    for project, thread in threads:
        assert 2 <= len(thread.objectives) <= 4, project.reference
        assert 1 <= len(thread.services) <= 3, project.reference
        assert 3 <= len(thread.kpis) <= 6, project.reference


def test_the_deliberate_gaps_appear_once_each(
    threads: list[tuple[ProjectSummary, GoldenThread]],
) -> None:
    found = Counter(gap.kind for _, thread in threads for gap in thread.gaps)
    assert found == dict.fromkeys(GapKind, 1)
    where = {gap.kind: project.reference[:3] for project, thread in threads for gap in thread.gaps}
    assert where[GapKind.MEASUREMENT_OVERDUE] == "HWY"
    assert where[GapKind.OBJECTIVE_NOT_MEASURED] == "WST"


def test_delivery_projects_have_a_year_or_two_of_measurements(
    demo: Database, threads: list[tuple[ProjectSummary, GoldenThread]]
) -> None:
    for project, thread in threads:
        counts = [kpi.measurement_count for kpi in thread.kpis if kpi.frequency.months == 1]
        if project.stage in (StageKind.DELIVERY, StageKind.CONTRACTING):
            assert 12 <= max(counts) <= 24, project.reference
        else:
            assert max(counts) <= 6, project.reference


def test_measurements_are_in_the_past_and_rated(
    demo: Database, threads: list[tuple[ProjectSummary, GoldenThread]]
) -> None:
    with demo.session() as session:
        latest = session.scalar(select(func.max(KpiMeasurement.period_end)))
    assert latest == dt.date(2026, 2, 28)
    waste = next(thread for project, thread in threads if project.reference.startswith("WST"))
    history = read_kpi_history(demo, waste.kpis[0].id)
    assert history.measurements[0].value > history.measurements[-1].value  # missed bins fall
    assert history.measurements[0].commentary
    rags = {kpi.rag_text for _, thread in threads for kpi in thread.kpis}
    assert rags >= {"Green", "Amber", "Red", "No data"}


def test_benefits_include_realised_ones_and_dis_benefits(
    demo: Database, threads: list[tuple[ProjectSummary, GoldenThread]]
) -> None:
    register = [row for project, _ in threads for row in list_benefits(demo, project.id)]
    assert sum(row.realised_value is not None for row in register) >= 4
    assert any(row.kind.value == "dis_benefit" for row in register)
    assert all(row.objective is not None for row in register)


@pytest.mark.parametrize(
    ("as_of", "frequency", "expected"),
    [
        (dt.date(2026, 3, 16), MeasurementFrequency.MONTHLY, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 16), MeasurementFrequency.QUARTERLY, dt.date(2025, 12, 31)),
        (dt.date(2026, 4, 1), MeasurementFrequency.QUARTERLY, dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 16), MeasurementFrequency.ANNUALLY, dt.date(2025, 3, 31)),
    ],
)
def test_last_period_end_follows_the_financial_year(
    as_of: dt.date, frequency: MeasurementFrequency, expected: dt.date
) -> None:
    assert last_period_end(as_of, frequency) == expected
