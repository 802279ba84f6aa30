"""The pack's golden thread and KPI performance section."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TypeVar

import pytest

from commissioner.models.enums import KpiDirection
from commissioner.reports.blocks import (
    BarChart,
    Block,
    Bullets,
    KeyFigure,
    KeyFigures,
    LineChart,
    Paragraph,
    Section,
    Table,
)
from commissioner.services.benefits import create_benefit, list_benefits
from commissioner.services.golden_thread import (
    create_objective,
    create_service,
    read_golden_thread,
)
from commissioner.services.golden_thread_input import (
    BenefitInput,
    KpiInput,
    MeasurementInput,
    ObjectiveInput,
    ServiceInput,
)
from commissioner.services.kpis import add_measurement, create_kpi, read_kpi_history
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.golden_thread import (
    CHART_POINTS,
    build_golden_thread,
    trend_word,
)
from commissioner.services.projects import list_projects
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
FIRST_PACK = "This is the first pack for this project; movements will show from the next one."
B = TypeVar("B", bound=Block)


def project_id(db: Database, name: str) -> int:
    return next(p.id for p in list_projects(db, include_archived=True) if p.name == name)


def build(
    db: Database,
    pid: int,
    current: PackFigures | None = None,
    previous: PackFigures | None = None,
) -> Section:
    context = PackContext(
        pid, TODAY, "November 2026", current or PackFigures(), previous, "version 1.0 of 3 Nov 2026"
    )
    return build_golden_thread(db, context)


def blocks(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def table_with(section: Section, title: str) -> Table:
    return next(t for t in blocks(section, Table) if any(c.title == title for c in t.columns))


def figure(section: Section, label: str) -> KeyFigure:
    return next(f for k in blocks(section, KeyFigures) for f in k.figures if f.label == label)


def empty_lines(section: Section) -> list[str]:
    return [b.text for b in blocks(section, Paragraph) if b.kind == "empty"]


def column(table: Table, title: str) -> list[str]:
    index = [c.title for c in table.columns].index(title)
    return [row[index] for row in table.rows]


def test_kpi_table_rates_every_kpi_as_the_golden_thread_does(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    thread = read_golden_thread(demo, pid, today=TODAY)
    section = build(demo, pid)
    table = table_with(section, "Rating")

    assert (section.key, section.title) == ("golden_thread", "Golden thread and KPI performance")
    ratings = dict(zip(column(table, "KPI"), column(table, "Rating"), strict=True))
    assert ratings == {kpi.label: kpi.rag_text for kpi in thread.kpis}
    # Worst first, so the board reads the Red KPI before the Green ones.
    assert column(table, "Rating") == ["Red", "Amber", "Amber", "Green", "Green"]
    assert next(c for c in table.columns if c.title == "Rating").rating
    overdue = dict(zip(column(table, "KPI"), column(table, "Measurement"), strict=True))
    assert overdue["K5 Street lighting faults repaired within 5 working days"] == "Overdue"
    assert Counter(overdue.values()) == Counter({"": 4, "Overdue": 1})
    red = table.rows[0]
    assert red[:3] == ("K2 Potholes permanently repaired within 28 days", "≥ 90%", "79.5%")
    assert figure(section, "KPIs rated Red").value == "1"
    assert figure(section, "Measurements overdue").value == "1"


def test_bar_chart_counts_kpis_by_rating_coloured_by_the_word(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    thread = read_golden_thread(demo, pid, today=TODAY)
    (chart,) = blocks(build(demo, pid), BarChart)

    expected = Counter(kpi.rag_text for kpi in thread.kpis)
    assert chart.categories == ("Red", "Amber", "Green")
    totals = {
        category: sum(s.values[i] or 0 for s in chart.series)
        for i, category in enumerate(chart.categories)
    }
    assert totals == {word: float(count) for word, count in expected.items()}
    assert [(s.name, s.colour) for s in chart.series] == [(w, w) for w in chart.categories]
    assert chart.title and chart.y_label


def test_trend_charts_show_history_against_target_worst_first(demo: Database) -> None:
    pid = project_id(demo, "Highways maintenance term contract")
    thread = read_golden_thread(demo, pid, today=TODAY)
    charts = blocks(build(demo, pid), LineChart)

    assert 0 < len(charts) <= 6
    red = next(kpi for kpi in thread.kpis if kpi.rag_text == "Red")
    first = charts[0]
    assert first.title == f"{red.label} (Red)"
    history = read_kpi_history(demo, red.id).measurements[-CHART_POINTS:]
    actual, target = first.series
    assert (actual.name, target.name) == ("Actual", "Target")
    assert actual.values == tuple(m.value for m in history)
    assert set(target.values) == {red.target}
    assert target.dashed and not actual.dashed
    assert len(first.x_labels) == len(history)
    assert first.x_labels[-1] == history[-1].period_end.strftime("%b %Y")
    assert first.y_label == "%"


def test_chain_and_gaps_come_from_the_golden_thread_rules(demo: Database) -> None:
    pid = project_id(demo, "Waste collection and recycling contract")
    thread = read_golden_thread(demo, pid, today=TODAY)
    section = build(demo, pid)
    chain = table_with(section, "Corporate outcome")

    assert len(chain.rows) == len(thread.objectives) + 1
    assert chain.rows[-1] == ("", "Serving no objective (gap)", "Bulky waste collection", "")
    assert (
        chain.rows[2][1],
        chain.rows[2][3],
    ) == ("O3 Cut carbon emissions from the collection fleet", "None (gap)")
    (gaps,) = blocks(section, Bullets)
    assert gaps.items == tuple(gap.message for gap in thread.gaps)
    assert figure(section, "Gaps in the thread").value == "2"


def test_benefits_are_summarised(demo: Database) -> None:
    pid = project_id(demo, "Waste collection and recycling contract")
    benefits = list_benefits(demo, pid)
    section = build(demo, pid)
    table = table_with(section, "Benefit")

    assert len(table.rows) == len(benefits)
    assert column(table, "Progress") == [b.progress.text for b in benefits]
    assert "3 benefits and dis-benefits are recorded" in next(
        b.text for b in blocks(section, Paragraph) if b.text.startswith("3 benefits")
    )
    assert table.rows[2][0].startswith("Dis-benefit: ")


def test_first_pack_has_no_movements(demo: Database) -> None:
    section = build(demo, project_id(demo, "Waste collection and recycling contract"))

    assert FIRST_PACK in [b.text for b in blocks(section, Paragraph)]


def test_kpi_movements_against_the_previous_pack(demo: Database) -> None:
    pid = project_id(demo, "Waste collection and recycling contract")
    previous = PackFigures(
        kpi_ratings={"K1 Missed collections": "Green", "K2 Recycling": "Amber", "K9 Old": "Red"}
    )
    current = PackFigures(
        kpi_ratings={
            "K1 Missed collections": "Red",
            "K2 Recycling": "Amber",
            "K3 Contamination": "Green",
            "K4 Food waste": "Not measured",
        }
    )
    section = build(demo, pid, current, previous)
    table = table_with(section, "Movement")

    assert table.rows == (
        ("K1 Missed collections", "Green", "Red", "Worsened"),
        ("K3 Contamination", "Not reported", "Green", "New KPI"),
        ("K4 Food waste", "Not reported", "Not measured", "New KPI"),
        ("K9 Old", "Red", "Not reported", "No longer reported"),
    )
    assert [c.rating for c in table.columns] == [False, True, True, False]
    assert table.columns[1].title == "At version 1.0 of 3 Nov 2026"


def test_no_kpi_movement_is_said_once(demo: Database) -> None:
    pid = project_id(demo, "Waste collection and recycling contract")
    figures = PackFigures(kpi_ratings={"K1 Missed collections": "Green", "K2 New": "No data"})
    unmeasured = PackFigures(
        kpi_ratings={"K1 Missed collections": "Green", "K2 New": "Not measured"}
    )
    section = build(demo, pid, figures, unmeasured)

    texts = [b.text for b in blocks(section, Paragraph)]
    assert "No KPI changed rating since version 1.0 of 3 Nov 2026." in texts
    assert not any("Movement" in c.title for t in blocks(section, Table) for c in t.columns)


def test_empty_project_prints_one_line_per_area(db: Database, make_project: MakeProject) -> None:
    section = build(db, make_project(db))

    assert empty_lines(section) == [
        "No objectives, services or KPIs are recorded for this project, "
        "so there is no golden thread to report.",
        "No benefits are recorded for this project.",
    ]
    assert not blocks(section, Table)
    assert not blocks(section, BarChart)
    assert not blocks(section, LineChart)


def test_kpis_with_one_measurement_draw_no_trend(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)
    objective = create_objective(db, pid, ObjectiveInput("O1", "Care starts promptly"))
    kpi = create_kpi(db, pid, KpiInput("K1", "Starts", "85", "%", "5", objective_ids=(objective,)))
    add_measurement(db, kpi, MeasurementInput("31/10/2026", "70"), today=TODAY)
    section = build(db, pid)

    assert "No KPI has enough measurements to show a trend yet." in empty_lines(section)
    assert column(table_with(section, "Rating"), "Rating") == ["Red"]
    assert column(table_with(section, "Rating"), "Trend") == [""]


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    pid = make_project(db)
    objective = create_objective(db, pid, ObjectiveInput("O1", f"Objective {HOSTILE}"))
    create_service(db, pid, ServiceInput(f"Service {HOSTILE}", objective_ids=(objective,)))
    kpi = create_kpi(
        db,
        pid,
        KpiInput(
            "K1",
            f"KPI {HOSTILE}",
            "2",
            "per month",
            "1",
            KpiDirection.LOWER_IS_BETTER,
            objective_ids=(objective,),
        ),
    )
    add_measurement(db, kpi, MeasurementInput("30/09/2026", "4"), today=TODAY)
    add_measurement(db, kpi, MeasurementInput("31/10/2026", "3"), today=TODAY)
    create_benefit(db, pid, BenefitInput(f"Benefit {HOSTILE}", measure=f"Measure {HOSTILE}"))
    section = build(db, pid)

    chain = table_with(section, "Corporate outcome")
    assert chain.rows[0][1:] == (
        f"O1 Objective {HOSTILE}",
        f"Service {HOSTILE}",
        f"K1 KPI {HOSTILE}",
    )
    kpis = table_with(section, "Rating")
    assert kpis.rows[0][:5] == (
        f"K1 KPI {HOSTILE}",
        "≤ 2 per month",
        "3 per month",
        "Amber",
        "Improving",
    )
    assert blocks(section, LineChart)[0].title == f"K1 KPI {HOSTILE} (Amber)"
    assert table_with(section, "Benefit").rows[0][:2] == (
        f"Benefit {HOSTILE}",
        f"Measure {HOSTILE}",
    )


@pytest.mark.parametrize(
    ("direction", "values", "word"),
    [
        (KpiDirection.HIGHER_IS_BETTER, [80.0, 85.0], "Improving"),
        (KpiDirection.HIGHER_IS_BETTER, [85.0, 80.0], "Worsening"),
        (KpiDirection.LOWER_IS_BETTER, [4.0, 3.0], "Improving"),
        (KpiDirection.LOWER_IS_BETTER, [3.0, 4.0], "Worsening"),
        (KpiDirection.LOWER_IS_BETTER, [3.0, 3.0], "Steady"),
        (KpiDirection.HIGHER_IS_BETTER, [3.0], ""),
    ],
)
def test_trend_follows_the_kpi_direction(
    direction: KpiDirection, values: list[float], word: str
) -> None:
    assert trend_word(direction, values) == word
