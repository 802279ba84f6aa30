"""The portfolio's top risks and each project's risk position."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from commissioner.models import Project, RaidItem, RiskCategory
from commissioner.models.enums import ProjectStatus, RaidKind, RaidStatus, RiskCategoryKind
from commissioner.models.risk_rules import Band
from commissioner.services.portfolio_risks import portfolio_risk_summary, top_risks
from commissioner.services.risk_matrix import load_matrix, update_matrix
from commissioner.storage import Database

MakeProject = Callable[..., int]
TODAY = dt.date(2026, 3, 10)


def add_risk(
    db: Database, project_id: int, reference: str, residual: tuple[int, int], **fields: Any
) -> int:
    """Insert a risk row directly (the register service is not used here)."""
    category = fields.pop("category", RiskCategoryKind.FINANCIAL)  # tolerance 12
    with db.session() as session:
        category_id = session.scalar(select(RiskCategory.id).where(RiskCategory.kind == category))
        item = RaidItem(
            project_id=project_id,
            kind=fields.pop("kind", RaidKind.RISK),
            reference=reference,
            title=fields.pop("title", f"Risk {reference}"),
            residual_likelihood=residual[0],
            residual_impact=residual[1],
            category_id=category_id,
            **fields,
        )
        session.add(item)
        session.flush()
        return item.id


def test_top_risks_orders_by_residual_score_then_reference(
    db: Database, make_project: MakeProject
) -> None:
    waste = make_project(db, reference="WST-01")
    care = make_project(db, reference="ASC-01")
    add_risk(db, waste, "R-002", (4, 4), owner="Dana Hughes")
    add_risk(db, care, "R-001", (4, 4))
    add_risk(db, waste, "R-001", (4, 4))
    add_risk(db, care, "R-002", (5, 5), next_review_on=TODAY - dt.timedelta(days=1))
    add_risk(db, care, "R-003", (1, 2), next_review_on=TODAY)

    risks = top_risks(db, today=TODAY)

    assert [(r.project_reference, r.reference, r.residual_score) for r in risks] == [
        ("ASC-01", "R-002", 25),
        ("ASC-01", "R-001", 16),
        ("WST-01", "R-001", 16),
        ("WST-01", "R-002", 16),
        ("ASC-01", "R-003", 2),
    ]
    worst = risks[0]
    assert worst.band_name == "Critical"
    assert worst.band_colour == "#c62828"
    assert worst.outside_appetite  # 25 > 12
    assert worst.review_overdue
    assert not risks[-1].review_overdue  # due today is not overdue
    assert not risks[-1].outside_appetite
    assert risks[3].owner == "Dana Hughes"
    assert [r.reference for r in top_risks(db, limit=2, today=TODAY)] == ["R-002", "R-001"]


def test_top_risks_leaves_out_closed_risks_other_kinds_and_other_projects(
    db: Database, make_project: MakeProject
) -> None:
    active, on_hold, archived = make_project(db), make_project(db), make_project(db)
    add_risk(db, active, "R-001", (3, 3))
    add_risk(db, active, "R-002", (5, 5), status=RaidStatus.CLOSED, closed_on=TODAY)
    add_risk(db, active, "I-001", (5, 5), kind=RaidKind.ISSUE)
    add_risk(db, on_hold, "R-001", (5, 5))
    add_risk(db, archived, "R-001", (5, 5))
    with db.session() as session:
        session.execute(
            update(Project).where(Project.id == on_hold).values(status=ProjectStatus.ON_HOLD)
        )
        session.execute(
            update(Project)
            .where(Project.id == archived)
            .values(archived_at=dt.datetime(2026, 1, 1, 9, 0))
        )

    assert [(r.project_id, r.reference) for r in top_risks(db, today=TODAY)] == [(active, "R-001")]
    assert [s.project_id for s in portfolio_risk_summary(db, today=TODAY)] == [active]


def test_band_follows_the_current_settings(db: Database, make_project: MakeProject) -> None:
    add_risk(db, make_project(db), "R-001", (2, 3))
    assert top_risks(db, today=TODAY)[0].band_name == "Medium"
    matrix = load_matrix(db)
    update_matrix(
        db,
        dataclasses.replace(
            matrix, bands=(Band("Tolerable", 1, 6, "#2e7d32"), Band("Act", 7, 25, "#c62828"))
        ),
    )
    risk = top_risks(db, today=TODAY)[0]
    assert (risk.residual_score, risk.band_name) == (6, "Tolerable")


def test_summary_counts_each_projects_position(db: Database, make_project: MakeProject) -> None:
    care = make_project(db, reference="ASC-01")
    quiet = make_project(db, reference="LEI-01")
    overdue = TODAY - dt.timedelta(days=3)
    add_risk(db, care, "R-001", (4, 4), next_review_on=overdue)  # 16 > 12: outside
    add_risk(db, care, "R-002", (3, 4), next_review_on=overdue)  # 12: within tolerance
    add_risk(
        db,
        care,
        "R-003",
        (2, 4),
        category=RiskCategoryKind.REGULATORY,  # 8 > 6: outside
    )
    add_risk(db, care, "R-004", (5, 5), status=RaidStatus.CLOSED, closed_on=TODAY)
    add_risk(db, care, "R-005", (1, 1), category=None, next_review_on=TODAY)

    summaries = portfolio_risk_summary(db, today=TODAY)

    assert [s.project_reference for s in summaries] == ["ASC-01", "LEI-01"]
    care_row, quiet_row = summaries
    assert care_row.project_id == care
    assert care_row.open_risks == 4
    assert care_row.outside_appetite == 2
    assert care_row.overdue_reviews == 2
    assert care_row.highest_residual_score == 16
    assert care_row.highest_band is not None
    assert care_row.highest_band.name == "Critical"
    assert quiet_row.project_id == quiet
    assert (quiet_row.open_risks, quiet_row.outside_appetite, quiet_row.overdue_reviews) == (
        0,
        0,
        0,
    )
    assert quiet_row.highest_residual_score is None
    assert quiet_row.highest_band is None


def test_top_risks_can_list_one_heat_map_cell(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    add_risk(db, project, "R-001", (4, 3))
    add_risk(db, project, "R-002", (3, 4))  # same score, different cell
    add_risk(db, project, "R-003", (4, 3))

    in_cell = top_risks(db, residual_cell=(4, 3), today=TODAY)

    assert [r.reference for r in in_cell] == ["R-001", "R-003"]
    assert {(r.residual_likelihood, r.residual_impact) for r in in_cell} == {(4, 3)}
