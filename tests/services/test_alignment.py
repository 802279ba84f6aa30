"""Cultural alignment: the questionnaire, the council's self-assessment, dated assessments,
the index on stored data, side-by-side comparison and the trend through the contract."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models.alignment_rules import Dimension
from commissioner.models.enums import SelfRating, SupplierCategory, SupplierRole
from commissioner.services import alignment as al
from commissioner.services import suppliers as sp
from commissioner.services.golden_thread_records import restore_removal
from commissioner.storage import Database
from tests.conftest import MakeProject

TODAY = dt.date(2026, 3, 31)
S = al.ScoreInput


def _link(
    db: Database,
    project_id: int,
    name: str,
    role: SupplierRole = SupplierRole.SHORTLISTED,
    **scores: str,
) -> int:
    supplier = sp.add_supplier(db, sp.SupplierInput(name=name))
    form = sp.RelationshipInput(supplier, role, SupplierCategory.EXPERT, **scores)
    return sp.add_relationship(db, project_id, form)


def _assess(
    db: Database, link: int, day: str, *scores: al.ScoreInput, who: str = "R. Patel"
) -> int:
    return al.add_assessment(db, link, al.AssessmentInput(day, who, scores), TODAY)


# --- The questionnaire ------------------------------------------------------------------


def test_the_shipped_questionnaire_is_in_every_new_file(db: Database) -> None:
    keys = [d.key for d in al.list_dimensions(db)]
    assert keys[:3] == ["formality", "delivery_style", "quality_standard"]
    assert len(keys) == 7


def test_renaming_a_dimension_keeps_its_key_and_history(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    _assess(db, link, "01/03/2026", S("formality", 2, 4))
    dimensions = list(al.list_dimensions(db))
    dimensions[0] = dataclasses.replace(dimensions[0], name="  Formality  of governance ")

    al.replace_questionnaire(db, dimensions)

    first = al.list_dimensions(db)[0]
    assert (first.key, first.name) == ("formality", "Formality of governance")
    (assessment,) = al.list_assessments(db, link)
    assert assessment.score_for("formality") == S("formality", 2, 4)


def test_a_new_dimension_gets_its_own_key_at_its_place(db: Database) -> None:
    dimensions = list(al.list_dimensions(db))
    dimensions.insert(1, Dimension("", "Social value commitment", "Token", "Core to the offer"))
    dimensions.append(Dimension("", "Formality!", "", ""))

    al.replace_questionnaire(db, dimensions)

    after = al.list_dimensions(db)
    assert after[1] == Dimension(
        "social_value_commitment", "Social value commitment", "Token", "Core to the offer"
    )
    # The key made from the name must not collide with an existing one.
    assert (after[-1].key, after[-1].name) == ("formality_2", "Formality!")
    assert len({d.key for d in after}) == len(after) == 9


def test_removing_a_dimension_keeps_old_scores_counted_and_undo_restores_it(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    _assess(db, link, "01/03/2026", S("formality", 3, 3), S("change", 1, 5))
    assert al.list_assessments(db, link)[0].index == 50
    original = al.list_dimensions(db)

    before = al.replace_questionnaire(db, [d for d in original if d.key != "change"])

    assert before == original
    assert "change" not in {d.key for d in al.list_dimensions(db)}
    (assessment,) = al.list_assessments(db, link)
    assert assessment.index == 50
    assert al.alignment_trend(db, link).gaps["change"] == (4,)
    # The old score can still be saved with its assessment after the dimension is gone.
    al.update_assessment(db, assessment.id, assessment.as_input(), TODAY)
    assert al.list_assessments(db, link)[0].index == 50

    al.replace_questionnaire(db, before)
    assert al.list_dimensions(db) == original


def test_a_new_dimension_never_takes_a_removed_ones_history(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    _assess(db, link, "01/03/2026", S("change", 1, 5))
    al.set_self_assessment(db, {"change": al.SelfAssessmentEntry(SelfRating.WEAKNESS)})
    al.replace_questionnaire(db, [d for d in al.list_dimensions(db) if d.key != "change"])

    al.replace_questionnaire(db, [*al.list_dimensions(db), Dimension("", "Change", "", "")])

    assert al.list_dimensions(db)[-1].key == "change_2"
    assert al.starting_positions(db, link) == {}


@pytest.mark.parametrize(
    ("dimensions", "message"),
    [
        ([], "Keep at least one dimension in the questionnaire."),
        ([Dimension("", "  ", "", "")], "Give every dimension a name."),
        (
            [Dimension("", "Formality", "", ""), Dimension("", "FORMALITY ", "", "")],
            "Each dimension needs its own name.",
        ),
        (
            [Dimension("", "Formality", "x" * 201, "")],
            "Keep names and scale ends to 200 characters.",
        ),
        (
            [Dimension("formality", "Formality", "", ""), Dimension("formality", "Other", "", "")],
            "Each dimension needs its own key.",
        ),
    ],
)
def test_questionnaire_replace_refuses_bad_lists(
    db: Database, dimensions: list[Dimension], message: str
) -> None:
    original = al.list_dimensions(db)
    with pytest.raises(ValidationError) as caught:
        al.replace_questionnaire(db, dimensions)
    assert caught.value.problems == {"dimensions": message}
    assert al.list_dimensions(db) == original


# --- The council's self-assessment ---------------------------------------------------------


def test_self_assessment_set_get_and_undo(db: Database) -> None:
    assert al.get_self_assessment(db) == {}
    first = {
        "quality_standard": al.SelfAssessmentEntry(SelfRating.STRENGTH, "  Ofsted good  "),
        "change": al.SelfAssessmentEntry(SelfRating.WEAKNESS, "Slow to adopt <new> tools & apps"),
    }
    assert al.set_self_assessment(db, first) == {}
    assert al.get_self_assessment(db) == {
        "quality_standard": al.SelfAssessmentEntry(SelfRating.STRENGTH, "Ofsted good"),
        "change": al.SelfAssessmentEntry(SelfRating.WEAKNESS, "Slow to adopt <new> tools & apps"),
    }
    saved = al.get_self_assessment(db)

    before = al.set_self_assessment(
        db, {"change": al.SelfAssessmentEntry(SelfRating.NEUTRAL, "Improving")}
    )

    assert before == saved
    assert al.get_self_assessment(db) == {
        "change": al.SelfAssessmentEntry(SelfRating.NEUTRAL, "Improving")
    }
    al.set_self_assessment(db, before)
    assert al.get_self_assessment(db) == saved


# --- Assessments ---------------------------------------------------------------------------


def test_index_is_computed_from_the_stored_positions(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    # gaps 2, 0, 1 → mean gap 1 → 100 × (1 − 1 ÷ 4) = 75
    _assess(
        db,
        link,
        "01/03/2026",
        S("formality", 2, 4, "Board papers"),
        S("delivery_style", 3, 3),
        S("quality_standard", 5, 4),
    )
    # gaps 1, 2, 2 → mean 5/3 → 100 × (1 − 5/12) = 58.3 → 58
    _assess(
        db,
        link,
        "15/03/2026",
        S("formality", 2, 3),
        S("delivery_style", 1, 3),
        S("quality_standard", 5, 3),
    )
    first, second = al.list_assessments(db, link)
    assert (first.assessed_on, first.index) == (dt.date(2026, 3, 1), 75)
    assert first.score_for("formality") == S("formality", 2, 4, "Board papers")
    assert first.score_for("change") is None
    assert (second.assessed_on, second.index) == (dt.date(2026, 3, 15), 58)


def _problems(db: Database, link: int, form: al.AssessmentInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        al.add_assessment(db, link, form, TODAY)
    return caught.value.problems


def test_assessment_checks_each_field(db: Database, make_project: MakeProject) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    ok = (S("formality", 3, 3),)
    assert set(_problems(db, link, al.AssessmentInput("01/04/2026", "R. Patel", ok))) == {
        "assessed_on"
    }
    assert set(_problems(db, link, al.AssessmentInput("", "R. Patel", ok))) == {"assessed_on"}
    assert _problems(db, link, al.AssessmentInput("01/03/2026", "  ", ok)) == {
        "assessor": "Say who made the assessment."
    }
    for bad in (S("formality", 0, 3), S("formality", 3, 6)):
        assert _problems(db, link, al.AssessmentInput("01/03/2026", "R. Patel", (bad,))) == {
            "scores": "Place both sides from 1 to 5 on every dimension."
        }
    unknown = (S("astrology", 3, 3),)
    assert (
        "no longer in the questionnaire"
        in (_problems(db, link, al.AssessmentInput("01/03/2026", "R. Patel", unknown))["scores"])
    )
    twice = (S("formality", 3, 3), S("formality", 2, 2))
    assert set(_problems(db, link, al.AssessmentInput("01/03/2026", "R. Patel", twice))) == {
        "scores"
    }
    assert set(_problems(db, link, al.AssessmentInput("01/03/2026", "R. Patel"))) == {"scores"}
    assert al.list_assessments(db, link) == []


def test_one_assessment_per_supplier_per_day(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    link = _link(db, project, "Acme Care Ltd")
    other = _link(db, project, "Brightway Trust")
    _assess(db, link, "01/03/2026", S("formality", 3, 3))
    with pytest.raises(ValidationError) as caught:
        _assess(db, link, "1 Mar 2026", S("formality", 2, 3))
    assert set(caught.value.problems) == {"assessed_on"}
    _assess(db, other, "01/03/2026", S("formality", 2, 3))  # another supplier is fine
    second = _assess(db, link, "02/03/2026", S("formality", 2, 3))
    with pytest.raises(ValidationError):
        al.update_assessment(
            db, second, al.AssessmentInput("01/03/2026", "R. Patel", (S("formality", 2, 3),)), TODAY
        )


def test_update_replaces_scores_and_the_old_input_undoes_it(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    assessment = _assess(db, link, "01/03/2026", S("formality", 3, 3), S("change", 2, 4))
    (before,) = al.list_assessments(db, link)

    form = al.AssessmentInput(
        "02/03/2026",
        "J. Okafor",
        (S("formality", 3, 5, "Insists on <formal> minutes"), S("quality_standard", 4, 4)),
    )
    al.update_assessment(db, assessment, form, TODAY)

    (after,) = al.list_assessments(db, link)
    assert (after.id, after.assessed_on, after.assessor) == (
        assessment,
        dt.date(2026, 3, 2),
        "J. Okafor",
    )
    assert {s.dimension for s in after.scores} == {"formality", "quality_standard"}
    assert after.score_for("formality") == S("formality", 3, 5, "Insists on <formal> minutes")
    assert after.index == 75

    al.update_assessment(db, assessment, before.as_input(), TODAY)
    (undone,) = al.list_assessments(db, link)
    assert (undone.assessed_on, undone.assessor, undone.index) == (
        before.assessed_on,
        "R. Patel",
        75,
    )
    assert set(undone.scores) == set(before.scores)


def test_delete_assessment_and_undo(db: Database, make_project: MakeProject) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd")
    assessment = _assess(db, link, "01/03/2026", S("formality", 3, 3), S("change", 2, 4))
    (before,) = al.list_assessments(db, link)
    removal = al.delete_assessment(db, assessment)
    assert al.list_assessments(db, link) == []
    restore_removal(db, removal)
    assert al.list_assessments(db, link) == [before]
    with pytest.raises(RecordNotFoundError):
        al.delete_assessment(db, 99)
    with pytest.raises(RecordNotFoundError):
        _assess(db, 99, "01/03/2026", S("formality", 3, 3))


def test_starting_positions(db: Database, make_project: MakeProject) -> None:
    project = make_project(db)
    acme = _link(db, project, "Acme Care Ltd")
    brightway = _link(db, project, "Brightway Trust")
    assert al.starting_positions(db, acme) == {}

    _assess(db, brightway, "01/02/2026", S("formality", 2, 5), S("change", 4, 1))
    _assess(db, brightway, "01/03/2026", S("formality", 3, 5, "Minutes"), S("change", 4, 2))

    # A supplier never assessed starts from the council's latest positions on both sides.
    assert al.starting_positions(db, acme) == {
        "formality": S("formality", 3, 3),
        "change": S("change", 4, 4),
    }
    # A supplier assessed before starts from its own last assessment.
    assert al.starting_positions(db, brightway) == {
        "formality": S("formality", 3, 5, "Minutes"),
        "change": S("change", 4, 2),
    }
    # A dimension since removed cannot be scored again, so the form does not offer it.
    al.replace_questionnaire(db, [d for d in al.list_dimensions(db) if d.key != "change"])
    assert set(al.starting_positions(db, brightway)) == {"formality"}
    assert set(al.starting_positions(db, acme)) == {"formality"}


# --- Comparison and trend -------------------------------------------------------------------


def test_compare_suppliers_best_aligned_first_with_verdicts(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    al.set_self_assessment(
        db,
        {
            "quality_standard": al.SelfAssessmentEntry(SelfRating.STRENGTH),
            "change": al.SelfAssessmentEntry(SelfRating.WEAKNESS),
        },
    )
    close = _link(db, project, "Close Fit Ltd", price_score="70", capability_score="80")
    far = _link(db, project, "Far Apart plc", role=SupplierRole.CONTRACTED, price_score="90")
    _link(db, project, "Not Yet Assessed")
    bidder = _link(db, project, "A Bidder", role=SupplierRole.BIDDER)
    _assess(db, close, "01/02/2026", S("quality_standard", 5, 5), S("change", 1, 1))
    _assess(db, close, "01/03/2026", S("quality_standard", 5, 4), S("change", 1, 3))
    _assess(db, far, "01/03/2026", S("quality_standard", 5, 2), S("change", 1, 2))
    _assess(db, bidder, "01/03/2026", S("quality_standard", 5, 5), S("change", 1, 1))

    rows = al.compare_suppliers(db, project)

    assert [(row.supplier_name, row.index) for row in rows] == [
        ("Close Fit Ltd", 62),  # the latest assessment: gaps 1 and 2, 62.5 → 62
        ("Far Apart plc", 50),
        ("Not Yet Assessed", None),
    ]
    best, worst, unassessed = rows
    assert (best.price_score, best.capability_score, best.assessed_on) == (
        70.0,
        80.0,
        dt.date(2026, 3, 1),
    )
    assert best.gaps == {"quality_standard": 1, "change": 2}
    assert best.verdicts == {
        "quality_standard": "complements a strength",
        "change": "covers a weakness",
    }
    assert worst.role is SupplierRole.CONTRACTED
    assert worst.verdicts == {
        "quality_standard": "pulls against a strength",
        "change": "shares a weakness",
    }
    assert (unassessed.assessed_on, unassessed.gaps, unassessed.verdicts) == (None, {}, {})
    everyone = al.compare_suppliers(db, project, roles=tuple(SupplierRole))
    assert everyone[0].supplier_name == "A Bidder"


def test_trend_gives_the_index_and_each_dimensions_gap_over_time(
    db: Database, make_project: MakeProject
) -> None:
    link = _link(db, make_project(db), "Acme Care Ltd", role=SupplierRole.CONTRACTED)
    _assess(db, link, "01/03/2026", S("formality", 3, 3), S("change", 2, 4))
    _assess(db, link, "01/09/2025", S("formality", 3, 4))
    _assess(db, link, "01/12/2025", S("formality", 3, 5), S("change", 2, 2))

    trend = al.alignment_trend(db, link)

    assert trend.dates == (dt.date(2025, 9, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 1))
    assert trend.indexes == (75, 75, 75)
    assert trend.gaps == {"formality": (1, 2, 0), "change": (None, 0, 2)}
    assert not trend.falling
    assert al.alignment_trend(db, _link(db, make_project(db), "Other")) == al.AlignmentTrend(
        (), (), {}
    )


def test_falling_alignments_flag_a_drop_of_five_points_not_four(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    falling = _link(db, project, "Falling Ltd", role=SupplierRole.CONTRACTED)
    steady = _link(db, project, "Steady Ltd", role=SupplierRole.CONTRACTED)
    seven = [d.key for d in al.list_dimensions(db)]
    assert len(seven) == 7

    def scores(gaps: list[int]) -> tuple[al.ScoreInput, ...]:
        return tuple(S(key, 1, 1 + gap) for key, gap in zip(seven, gaps, strict=True))

    # Seven dimensions: one more point of gap costs 100 ÷ 28 ≈ 3.6 index points.
    _assess(db, falling, "01/01/2026", *scores([0, 0, 0, 0, 0, 0, 0]))  # 100
    _assess(db, falling, "01/03/2026", *scores([1, 1, 0, 0, 0, 0, 0]))  # 92.9 → 93
    _assess(db, steady, "01/01/2026", *scores([0, 0, 0, 0, 0, 0, 0]))  # 100
    _assess(db, steady, "01/03/2026", *scores([1, 0, 0, 0, 0, 0, 0]))  # 96.4 → 96
    assert al.alignment_trend(db, falling).indexes == (100, 93)
    assert al.alignment_trend(db, steady).indexes == (100, 96)

    assert al.falling_alignments(db, project) == [
        al.FallingAlignment("Falling Ltd", 100, 93, falling)
    ]
    assert al.falling_alignments(db, make_project(db)) == []


def test_falling_flag_uses_the_last_two_assessments(
    db: Database, make_project: MakeProject
) -> None:
    project = make_project(db)
    link = _link(db, project, "Recovered Ltd", role=SupplierRole.CONTRACTED)
    _assess(db, link, "01/01/2026", S("formality", 3, 3))  # 100
    _assess(db, link, "01/02/2026", S("formality", 3, 5))  # 50
    assert [flag.latest for flag in al.falling_alignments(db, project)] == [50]
    _assess(db, link, "01/03/2026", S("formality", 3, 4))  # 75: recovering
    assert al.falling_alignments(db, project) == []
