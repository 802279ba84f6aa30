"""The pack's risk profile: what a board member reads about a project's risks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, insert, select

from commissioner.models import Project, RaidItem, RiskCategory
from commissioner.models.enums import (
    IssuePriority,
    RaidKind,
    RaidStatus,
    RiskCategoryKind,
    RiskResponse,
)
from commissioner.models.risk_rules import Band
from commissioner.reports.blocks import (
    HeatMap,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services.pack_sections.context import PackContext, PackFigures, RiskFigure
from commissioner.services.pack_sections.risk_profile import FIRST_PACK, build_risk_profile
from commissioner.services.portfolio_risks import portfolio_risk_summary
from commissioner.services.risk_heat_map import heat_map_counts
from commissioner.services.risk_input import RiskInput
from commissioner.services.risk_matrix import load_matrix, update_matrix
from commissioner.services.risk_register import LIVE_STATUSES, RegisterFilter, fetch_register
from commissioner.services.risks import add_raid_entry
from commissioner.storage import Database, open_database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 11, 30)
HOSTILE = '<b>&amp; "x"'
B = TypeVar("B")


# ----- fixtures and helpers ---------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path, demo_portfolio_file: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_portfolio_file, path)
    database = open_database(path, actor="tester")
    yield database
    database.close()


def project_id(db: Database, reference: str) -> int:
    with db.session() as session:
        found = session.scalar(select(Project.id).where(Project.reference == reference))
    assert found is not None, reference
    return found


def open_risk_figures(db: Database, project: int) -> dict[str, RiskFigure]:
    """The figures a pack records for the project's open risks, read independently."""
    query = select(
        RaidItem.reference,
        RaidItem.title,
        RaidItem.inherent_likelihood,
        RaidItem.inherent_impact,
        RaidItem.residual_likelihood,
        RaidItem.residual_impact,
    ).where(
        RaidItem.project_id == project,
        RaidItem.kind == RaidKind.RISK,
        RaidItem.status != RaidStatus.CLOSED,
    )
    with db.session() as session:
        rows = session.execute(query).all()
    return {
        ref: RiskFigure(title, (il or 0) * (ii or 0), (rl or 0) * (ri or 0))
        for ref, title, il, ii, rl, ri in rows
    }


def context_for(
    db: Database,
    project: int,
    previous: PackFigures | None = None,
    current: PackFigures | None = None,
) -> PackContext:
    return PackContext(
        project_id=project,
        as_of=TODAY,
        period_label="November 2026",
        current=current or PackFigures(risks=open_risk_figures(db, project)),
        previous=previous,
        previous_label="version 1.0 of 3 Nov 2026" if previous else "",
    )


def blocks_of(section: Section, kind: type[B]) -> list[B]:
    return [block for block in section.blocks if isinstance(block, kind)]


def after(section: Section, heading: str) -> list[Any]:
    """The blocks under a subheading, up to the next one."""
    blocks = list(section.blocks)
    start = blocks.index(Subheading(heading)) + 1
    rest = blocks[start:]
    end = next((n for n, block in enumerate(rest) if isinstance(block, Subheading)), len(rest))
    return rest[:end]


def table_after(section: Section, heading: str) -> Table:
    tables = [block for block in after(section, heading) if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def figures(section: Section) -> dict[str, KeyFigure]:
    (row,) = blocks_of(section, KeyFigures)
    return {figure.label: figure for figure in row.figures}


def column(table: Table, title: str) -> list[str]:
    index = [c.title for c in table.columns].index(title)
    return [row[index] for row in table.rows]


def add_risk(
    db: Database, project: int, title: str, residual: tuple[int, int], **extra: Any
) -> int:
    form = RiskInput(
        title=title,
        event=f"{title} happens",
        inherent_likelihood=extra.pop("inherent", (5, 5))[0],
        inherent_impact=5,
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        **extra,
    )
    return add_raid_entry(db, project, form, today=TODAY)


def category_id(db: Database, kind: RiskCategoryKind) -> int:
    with db.session() as session:
        found = session.scalar(select(RiskCategory.id).where(RiskCategory.kind == kind))
    assert found is not None
    return found


# ----- the demo portfolio -----------------------------------------------------------


def test_headline_figures_equal_the_portfolio_risk_summary(demo: Database) -> None:
    project = project_id(demo, "LEI-2025-01")
    summary = next(s for s in portfolio_risk_summary(demo, today=TODAY) if s.project_id == project)

    section = build_risk_profile(demo, context_for(demo, project))

    assert (section.key, section.title) == ("risks", "Risk profile")
    tiles = figures(section)
    assert tiles["Open risks"].value == str(summary.open_risks) == "30"
    assert tiles["Outside appetite"].value == str(summary.outside_appetite)
    assert tiles["Outside appetite"].rating == "Outside appetite"
    assert tiles["Highest residual score"].value == str(summary.highest_residual_score)
    assert summary.highest_band is not None
    assert tiles["Highest residual score"].rating == summary.highest_band.name
    (lead,) = [p for p in blocks_of(section, Paragraph) if p.kind == "lead"]
    assert lead.text.startswith(f"30 open risks, {summary.outside_appetite} outside")


def test_top_risks_are_the_ten_highest_residual_scores_with_the_rest_in_the_appendix(
    demo: Database,
) -> None:
    project = project_id(demo, "LEI-2025-01")
    register = fetch_register(
        demo,
        RegisterFilter(
            project_id=project,
            kinds=(RaidKind.RISK,),
            statuses=LIVE_STATUSES,
            sort="residual",
            descending=True,
        ),
        offset=0,
        limit=1000,
    )
    expected_scores = sorted((row.levels.residual_score or 0 for row in register), reverse=True)

    table = table_after(build_risk_profile(demo, context_for(demo, project)), "Top risks")

    assert len(table.rows) == 10
    residuals = [int(score.split(" → ")[1]) for score in column(table, "Score")]
    assert residuals == expected_scores[:10]
    by_reference = {row.reference: row for row in register}
    for reference, score, appetite in zip(
        column(table, "Ref."), column(table, "Score"), column(table, "Appetite"), strict=True
    ):
        row = by_reference[reference]
        assert score == f"{row.levels.inherent_score} → {row.levels.residual_score}"
        assert appetite == ("Outside appetite" if row.outside_appetite else "Within appetite")
    assert "The other 20 open risks are in Appendix A" in table.caption
    assert [c.title for c in table.columns if c.rating] == ["Band", "Appetite"]


def test_heat_maps_count_open_risks_as_the_risks_area_does(demo: Database) -> None:
    project = project_id(demo, "ASC-2025-02")
    section = build_risk_profile(demo, context_for(demo, project))

    inherent, residual = blocks_of(section, HeatMap)
    assert "Inherent" in inherent.title and "Residual" in residual.title
    for heat_map, stage in ((inherent, "inherent"), (residual, "residual")):
        counts = heat_map_counts(demo, project_id=project, stage=stage)  # type: ignore[arg-type]
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                shown = heat_map.counts[likelihood - 1][impact - 1]
                assert shown == counts.count(likelihood, impact)
    assert sum(map(sum, residual.counts)) == 20
    assert residual.bands[0][0] == "Low" and residual.bands[4][4] == "Critical"
    assert residual.bands[1][2] == "Medium"  # likelihood 2 × impact 3 = 6
    assert residual.likelihood_labels[-1] == "Almost certain"
    assert residual.impact_labels[0] == "Insignificant"
    assert residual.band_ratings == {
        "Low": "Green",
        "Medium": "Amber",
        "High": "Amber/Red",
        "Critical": "Red",
    }


def test_risks_outside_appetite_are_those_the_register_flags(demo: Database) -> None:
    project = project_id(demo, "WST-2023-01")
    flagged = fetch_register(
        demo,
        RegisterFilter(project_id=project, statuses=LIVE_STATUSES, outside_appetite=True),
        offset=0,
        limit=1000,
    )

    table = table_after(
        build_risk_profile(demo, context_for(demo, project)), "Risks outside appetite"
    )

    assert sorted(column(table, "Ref.")) == sorted(row.reference for row in flagged)
    gaps = [
        int(r) - int(t)
        for r, t in zip(column(table, "Residual"), column(table, "Tolerance"), strict=True)
    ]
    assert gaps == sorted(gaps, reverse=True)
    assert all(gap > 0 for gap in gaps)


def test_raid_summary_counts_issues_assumptions_and_dependencies(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    with demo.session() as session:
        kinds = session.execute(
            select(RaidItem.kind, RaidItem.status).where(RaidItem.project_id == project)
        ).all()

    table = table_after(
        build_risk_profile(demo, context_for(demo, project)),
        "Issues, assumptions and dependencies",
    )

    open_issues = sum(k is RaidKind.ISSUE and s is not RaidStatus.CLOSED for k, s in kinds)
    assert open_issues > 0
    assert table.rows[0][:2] == ("Issues", str(open_issues))
    assert [row[0] for row in table.rows] == ["Issues", "Assumptions", "Dependencies"]


# ----- movements since the last pack ------------------------------------------------


def test_movements_name_new_closed_and_rescored_risks_worst_first(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    previous = PackFigures(
        risks={
            "R-001": RiskFigure("Tender prices rise", 20, 8),
            "R-002": RiskFigure("Provider exits", 20, 16),
            "R-003": RiskFigure("Steady risk", 12, 9),
            "R-004": RiskFigure("Closed since", 15, 10),
        }
    )
    current = PackFigures(
        risks={
            "R-001": RiskFigure("Tender prices rise", 20, 15),
            "R-002": RiskFigure("Provider exits", 20, 6),
            "R-003": RiskFigure("Steady risk", 12, 9),
            "R-005": RiskFigure(HOSTILE, 12, 12),
        }
    )
    add_risk(db, project, "Anything", (3, 3))
    context = context_for(db, project, previous=previous, current=current)

    section = build_risk_profile(db, context)

    under = after(section, "Movements since the last pack")
    summary = next(block for block in under if isinstance(block, Paragraph))
    assert summary.text == "Since version 1.0 of 3 Nov 2026: 1 up, 1 new, 1 down, 1 closed."
    table = table_after(section, "Movements since the last pack")
    assert table.rows == (
        ("R-001", "Tender prices rise", "8", "15", "Up"),
        ("R-005", HOSTILE, "—", "12", "New"),
        ("R-002", "Provider exits", "16", "6", "Down"),
        ("R-004", "Closed since", "10", "—", "Closed"),
    )
    tiles = figures(section)
    assert tiles["New / closed"].value == "1 / 1"
    assert tiles["New / closed"].note == "since version 1.0 of 3 Nov 2026"
    assert tiles["Open risks"].note == "4 at the last pack"


def test_no_movement_is_said_in_one_line(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    add_risk(db, project, "Tender prices rise", (3, 4))
    same = PackFigures(risks=open_risk_figures(db, project))

    section = build_risk_profile(db, context_for(db, project, previous=same, current=same))

    assert after(section, "Movements since the last pack") == [
        Paragraph(
            "No risk has moved since version 1.0 of 3 Nov 2026: none is new, closed or re-scored.",
            kind="empty",
        )
    ]


def test_the_first_pack_says_movements_will_follow(demo: Database) -> None:
    project = project_id(demo, "EDU-2026-01")
    section = build_risk_profile(demo, context_for(demo, project))

    assert after(section, "Movements since the last pack") == [Paragraph(FIRST_PACK, "empty")]
    assert "New / closed" not in figures(section)
    assert FIRST_PACK == (
        "This is the first pack for this project; movements will show from the next one."
    )


# ----- empty and unusual registers --------------------------------------------------


def test_a_project_with_no_raid_entries_gets_one_line(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)

    section = build_risk_profile(db, context_for(db, project))

    assert section.blocks == (
        Paragraph(
            "No risks, issues, assumptions or dependencies are recorded for this project.",
            kind="empty",
        ),
    )


def test_a_project_with_only_an_issue_says_there_are_no_risks(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    add_raid_entry(
        db,
        project,
        RiskInput(title="Site flooded", kind=RaidKind.ISSUE, priority=IssuePriority.HIGH),
        today=TODAY,
    )

    section = build_risk_profile(db, context_for(db, project))

    assert Paragraph("No risks are recorded for this project.", kind="empty") in section.blocks
    assert not blocks_of(section, HeatMap)
    assert figures(section)["Open risks"].value == "0"
    summary = table_after(section, "Issues, assumptions and dependencies")
    assert summary.rows[0] == ("Issues", "1", "0", "0")
    assert all(row[1:] == ("0", "0", "0") for row in summary.rows[1:])


def test_a_project_whose_risks_are_all_closed_says_so(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    add_risk(db, project, "Passed", (2, 2), status=RaidStatus.CLOSED)

    section = build_risk_profile(db, context_for(db, project))

    line = Paragraph("All 1 risk recorded for this project are closed.", kind="empty")
    assert line in section.blocks
    assert after(section, "Issues, assumptions and dependencies")[0].kind == "empty"


def test_user_text_is_carried_literally(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    add_risk(db, project, HOSTILE, (4, 4), owner="Smith & Jones <Ltd>")

    table = table_after(build_risk_profile(db, context_for(db, project)), "Top risks")

    assert table.rows[0][1:3] == (HOSTILE, "Smith & Jones <Ltd>")


def test_appetite_and_bands_follow_the_councils_settings(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    regulatory = category_id(db, RiskCategoryKind.REGULATORY)  # tolerance 6
    add_risk(db, project, "Breach", (2, 4), category_id=regulatory, response=RiskResponse.TREAT)
    add_risk(db, project, "Minor slip", (1, 2))
    matrix = load_matrix(db)
    renamed = tuple(
        Band("Severe", band.min_score, band.max_score, "#8b0000")
        if band.name == "Critical"
        else band
        for band in matrix.bands
    )
    update_matrix(db, dataclasses.replace(matrix, bands=renamed))

    section = build_risk_profile(db, context_for(db, project))

    top = table_after(section, "Top risks")
    assert top.rows[0][4:] == ("Medium", "Treat", "Outside appetite")
    assert top.rows[1][4:] == ("Low", "", "")  # no category: appetite cannot be judged
    assert blocks_of(section, HeatMap)[0].band_ratings["Severe"] == "Red"
    outside = table_after(section, "Risks outside appetite")
    regulatory_words = f"{RiskCategoryKind.REGULATORY.label} (averse)"
    assert outside.rows == (("R-001", "Breach", regulatory_words, "8", "6", ""),)


def test_every_open_risk_within_appetite_is_said_in_one_line(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    add_risk(db, project, "Small", (1, 1), category_id=category_id(db, RiskCategoryKind.FINANCIAL))

    section = build_risk_profile(db, context_for(db, project))

    assert after(section, "Risks outside appetite") == [
        Paragraph("Every open risk is within the council's appetite.", kind="empty")
    ]
    assert figures(section)["Outside appetite"].rating == "Within appetite"


def test_five_hundred_risks_take_a_handful_of_queries(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    operational = category_id(db, RiskCategoryKind.OPERATIONAL)  # tolerance 12
    rows = [
        {
            "project_id": project,
            "kind": RaidKind.RISK,
            "reference": f"R-{n:03d}",
            "title": f"Risk {n}",
            "inherent_likelihood": 5,
            "inherent_impact": 5,
            "residual_likelihood": n % 5 + 1,
            "residual_impact": n // 5 % 5 + 1,
            "status": RaidStatus.OPEN,
            "category_id": operational,
        }
        for n in range(1, 501)
    ]
    with db.session() as session:
        session.execute(insert(RaidItem), rows)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        section = build_risk_profile(db, context_for(db, project))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 10
    assert figures(section)["Open risks"].value == "500"
    assert len(table_after(section, "Top risks").rows) == 10
    assert figures(section)["Highest residual score"].value == "25"
    outside = table_after(section, "Risks outside appetite")
    assert len(outside.rows) == 10
    assert "Appendix A" in outside.caption
