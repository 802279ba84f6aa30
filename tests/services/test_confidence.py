"""Delivery confidence assessments: validation, scale, history order and removal."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.errors import ValidationError
from commissioner.models.confidence_rules import allowed_ratings, trend
from commissioner.models.enums import ConfidenceRating, ConfidenceScale, Rag
from commissioner.services import confidence, organisation, projects
from commissioner.services.confidence import ConfidenceInput
from commissioner.storage import Database

TODAY = dt.date(2026, 6, 30)


def form(**overrides: object) -> ConfidenceInput:
    fields: dict[str, object] = {
        "assessed_on": "15/06/2026",
        "rating": ConfidenceRating.AMBER,
        "rationale": "Tender evaluation slipped two weeks & <one> bidder withdrew.",
        "assessed_by": "Commissioning  Board",
        "dimensions": {"rag_time": Rag.RED, "rag_cost": Rag.GREEN},
    }
    fields.update(overrides)
    return ConfidenceInput(**fields)  # type: ignore[arg-type]


def test_recorded_assessment_reads_back_with_its_dimensions(db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    confidence.record_assessment(db, project_id, form(), today=TODAY)
    [saved] = confidence.list_assessments(db, project_id)
    assert saved.assessed_on == dt.date(2026, 6, 15)
    assert saved.rationale == "Tender evaluation slipped two weeks & <one> bidder withdrew."
    assert saved.assessed_by == "Commissioning Board"
    assert (saved.dimension("rag_time"), saved.dimension("rag_cost")) == (Rag.RED, Rag.GREEN)
    assert saved.dimension("rag_risk") is None


def test_history_is_in_date_order_and_drives_the_portfolio_trend(
    db: Database, make_project
) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    confidence.record_assessment(
        db, project_id, form(assessed_on="01/06/2026", rating=ConfidenceRating.RED), today=TODAY
    )
    confidence.record_assessment(
        db, project_id, form(assessed_on="01/03/2026", rating=ConfidenceRating.GREEN), today=TODAY
    )
    history = confidence.list_assessments(db, project_id)
    assert [item.rating for item in history] == [ConfidenceRating.GREEN, ConfidenceRating.RED]
    [summary] = projects.list_projects(db)
    assert summary.confidence is ConfidenceRating.RED
    assert summary.confidence_trend == "worsening"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"assessed_on": "31/02/2026"}, "assessed_on", "not a real date"),
        ({"assessed_on": ""}, "assessed_on", "Give the date"),
        ({"assessed_on": "01/07/2026"}, "assessed_on", "future"),
        ({"rationale": "   "}, "rationale", "rationale"),
    ],
)
def test_bad_forms_are_refused_per_field(
    db: Database, make_project, overrides: dict[str, object], field: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    with pytest.raises(ValidationError) as refused:
        confidence.record_assessment(db, project_id, form(**overrides), today=TODAY)
    assert message in refused.value.problems[field]
    assert confidence.list_assessments(db, project_id) == []


def test_three_point_councils_cannot_record_amber_green(db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    settings = organisation.get_organisation(db)
    organisation.update_organisation(
        db,
        organisation.OrganisationView(
            settings.council_name, settings.default_marking, ConfidenceScale.THREE_POINT
        ),
    )
    assert allowed_ratings(confidence.confidence_scale(db)) == (
        ConfidenceRating.GREEN,
        ConfidenceRating.AMBER,
        ConfidenceRating.RED,
    )
    with pytest.raises(ValidationError) as refused:
        confidence.record_assessment(
            db, project_id, form(rating=ConfidenceRating.AMBER_GREEN), today=TODAY
        )
    assert "three-point" in refused.value.problems["rating"]


def test_removed_assessment_comes_back_whole(db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    assessment_id = confidence.record_assessment(db, project_id, form(), today=TODAY)
    removed = confidence.delete_assessment(db, assessment_id)
    assert confidence.list_assessments(db, project_id) == []
    projects.restore_records(db, removed)
    [back] = confidence.list_assessments(db, project_id)
    assert (back.id, back.dimension("rag_time")) == (assessment_id, Rag.RED)


@pytest.mark.parametrize(
    ("latest", "previous", "expected"),
    [
        (ConfidenceRating.GREEN, ConfidenceRating.AMBER, "improving"),
        (ConfidenceRating.AMBER_RED, ConfidenceRating.AMBER, "worsening"),
        (ConfidenceRating.AMBER, ConfidenceRating.AMBER, "steady"),
        (ConfidenceRating.AMBER, None, ""),
    ],
)
def test_trend_words(
    latest: ConfidenceRating, previous: ConfidenceRating | None, expected: str
) -> None:
    assert trend(latest, previous) == expected
