"""Heat map counts per cell, and the matrix settings that colour (never rewrite) scores."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text, update

from commissioner.errors import ValidationError
from commissioner.models import Project, RaidItem
from commissioner.models.enums import (
    ProjectStatus,
    RaidKind,
    RaidStatus,
    RiskAppetite,
    RiskCategoryKind,
)
from commissioner.models.risk_rules import Band
from commissioner.services.risk_heat_map import heat_map_counts
from commissioner.services.risk_matrix import (
    CategoryAppetite,
    band_problem,
    load_matrix,
    update_matrix,
)
from commissioner.storage import Database

MakeProject = Callable[..., int]
_numbers = iter(range(1, 10_000))


def add_risk(db: Database, project_id: int, residual: tuple[int, int], **fields: Any) -> None:
    """Insert a risk row directly (the register service is not used here)."""
    values: dict[str, Any] = {
        "kind": RaidKind.RISK,
        "reference": f"R-{next(_numbers):03d}",
        "title": "Provider market too thin",
        "residual_likelihood": residual[0],
        "residual_impact": residual[1],
    }
    values.update(fields)
    with db.session() as session:
        session.add(RaidItem(project_id=project_id, **values))


def test_counts_each_cell_of_one_project(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    other = make_project(db)
    add_risk(db, project, (4, 3), inherent_likelihood=5, inherent_impact=4)
    add_risk(db, project, (4, 3), inherent_likelihood=5, inherent_impact=4)
    add_risk(db, project, (1, 2))  # no inherent score yet
    add_risk(db, other, (4, 3))

    residual = heat_map_counts(db, project_id=project, stage="residual")
    inherent = heat_map_counts(db, project_id=project, stage="inherent")

    assert residual.stage == "residual"
    assert residual.count(4, 3) == 2
    assert residual.count(1, 2) == 1
    assert residual.total == 3
    assert sum(map(sum, residual.counts)) == 3
    assert inherent.count(5, 4) == 2
    assert inherent.total == 2
    assert inherent.unscored == 1


def test_closed_risks_and_other_kinds_are_left_out_unless_asked(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    add_risk(db, project, (2, 2))
    add_risk(db, project, (2, 2), status=RaidStatus.CLOSED, closed_on=dt.date(2026, 1, 5))
    add_risk(db, project, (2, 2), kind=RaidKind.ISSUE, reference="I-001")

    assert heat_map_counts(db, project_id=project, stage="residual").count(2, 2) == 1
    with_closed = heat_map_counts(db, project_id=project, stage="residual", include_closed=True)
    assert with_closed.count(2, 2) == 2


def test_portfolio_covers_active_non_archived_projects_only(
    db: Database, make_project: MakeProject
) -> None:
    active, archived, closed = make_project(db), make_project(db), make_project(db)
    for project in (active, archived, closed):
        add_risk(db, project, (5, 5))
    with db.session() as session:
        session.execute(
            update(Project)
            .where(Project.id == archived)
            .values(archived_at=dt.datetime(2026, 1, 1, 9, 0))
        )
        session.execute(
            update(Project).where(Project.id == closed).values(status=ProjectStatus.CLOSED)
        )

    counts = heat_map_counts(db, project_id=None, stage="residual")

    assert counts.count(5, 5) == 1
    assert counts.total == 1


def test_an_empty_register_gives_an_empty_grid(db: Database, make_project: MakeProject) -> None:
    counts = heat_map_counts(db, project_id=make_project(db), stage="inherent")
    assert counts.total == 0
    assert all(cell == 0 for row in counts.counts for cell in row)


def test_unknown_stage_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="stage"):
        heat_map_counts(db, project_id=None, stage="target")  # type: ignore[arg-type]


# ----- matrix settings ----------------------------------------------------------------


def test_load_matrix_reads_the_seeded_defaults(db: Database) -> None:
    matrix = load_matrix(db)
    assert matrix.likelihood_labels == ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
    assert matrix.impact_labels[-1] == "Catastrophic"
    assert [band.name for band in matrix.bands] == ["Low", "Medium", "High", "Critical"]
    assert matrix.bands[0] == Band("Low", 1, 4, "#2e7d32")
    assert len(matrix.categories) == len(RiskCategoryKind)
    regulatory = next(c for c in matrix.categories if c.kind is RiskCategoryKind.REGULATORY)
    assert regulatory == CategoryAppetite(RiskCategoryKind.REGULATORY, RiskAppetite.AVERSE, 6)


def test_update_matrix_saves_words_bands_and_appetite(db: Database) -> None:
    before = load_matrix(db)
    after = dataclasses.replace(
        before,
        likelihood_labels=("Very low", "Low", "Medium", "High", "Very high"),
        bands=(
            Band("Green", 1, 6, "#2e7d32"),
            Band("Amber", 7, 14, "#f9a825"),
            Band("Red", 15, 25, "#c62828"),
        ),
        categories=tuple(
            dataclasses.replace(c, appetite=RiskAppetite.OPEN, tolerance_score=16)
            if c.kind is RiskCategoryKind.PARTNERSHIP
            else c
            for c in before.categories
        ),
    )
    update_matrix(db, after)
    assert load_matrix(db) == after
    update_matrix(db, before)
    assert load_matrix(db) == before


def test_renaming_a_band_keeps_the_other_rows(db: Database) -> None:
    before = load_matrix(db)
    renamed = (Band("Very high", 16, 25, "#b71c1c"), *before.bands[:3])
    update_matrix(db, dataclasses.replace(before, bands=renamed))
    assert [band.name for band in load_matrix(db).bands] == ["Low", "Medium", "High", "Very high"]


def test_changing_bands_never_rewrites_stored_risks(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    for residual in ((1, 1), (3, 4), (5, 5)):
        add_risk(db, project, residual, inherent_likelihood=5, inherent_impact=5)

    def dump() -> list[tuple[Any, ...]]:
        with db.session() as session:
            return [tuple(row) for row in session.execute(text("SELECT * FROM raid_items"))]

    stored = dump()
    matrix = load_matrix(db)
    update_matrix(
        db,
        dataclasses.replace(
            matrix, bands=(Band("Tolerable", 1, 12, "#2e7d32"), Band("Act now", 13, 25, "#c62828"))
        ),
    )
    assert dump() == stored
    with db.session() as session:
        assert session.scalar(select(RaidItem.residual_likelihood).limit(1)) == 1


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ((Band("Low", 1, 4, "#2e7d32"), Band("High", 6, 25, "#c62828")), "Score 5 is in no band"),
        ((Band("Low", 2, 25, "#2e7d32"),), "Score 1 is in no band"),
        ((Band("Low", 1, 20, "#2e7d32"),), "Scores 21 to 25 are in no band"),
        (
            (Band("Low", 1, 10, "#2e7d32"), Band("High", 8, 25, "#c62828")),
            "“Low” and “High” overlap at 8 to 10",
        ),
        ((Band("Low", 1, 25, "#2e7d32"), Band("low", 1, 1, "#c62828")), "Two bands are called"),
        ((Band(" ", 1, 25, "#2e7d32"),), "Give every band a name"),
        ((Band("Low", 9, 3, "#2e7d32"),), "starts at 9 but ends at 3"),
        ((Band("Low", 1, 30, "#2e7d32"),), "between 1 and 25"),
        ((Band("Low", 1, 25, "green"),), "Choose a colour"),
        ((), "at least one band"),
    ],
)
def test_band_problems_name_the_gap_or_overlap(bands: tuple[Band, ...], message: str) -> None:
    problem = band_problem(bands)
    assert problem is not None
    assert message in problem


def test_bands_may_be_given_in_any_order() -> None:
    assert band_problem((Band("High", 13, 25, "#c62828"), Band("Low", 1, 12, "#2e7d32"))) is None


def test_update_matrix_refuses_bad_words_and_tolerance(db: Database) -> None:
    matrix = load_matrix(db)
    bad = dataclasses.replace(
        matrix,
        likelihood_labels=("Rare", "Rare", "Possible", "Likely", "Almost certain"),
        impact_labels=("Insignificant", "", "Moderate", "Major", "Catastrophic"),
        categories=(CategoryAppetite(RiskCategoryKind.FINANCIAL, RiskAppetite.CAUTIOUS, 26),),
    )
    with pytest.raises(ValidationError) as raised:
        update_matrix(db, bad)
    problems = raised.value.problems
    assert "used twice on the likelihood axis" in problems["likelihood_labels"]
    assert "impact level 2" in problems["impact_labels"]
    assert "Financial" in problems["categories"]
    assert load_matrix(db) == matrix
