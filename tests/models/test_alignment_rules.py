from pathlib import Path

import pytest

from commissioner.models.alignment_rules import (
    Positions,
    alignment_index,
    complements_and_covers,
    falling_trend,
    load_dimensions,
)
from commissioner.models.enums import SelfRating
from commissioner.paths import resources_folder


def test_identical_positions_give_100_and_opposite_ends_give_0() -> None:
    assert alignment_index({"formality": Positions(3, 3), "change": Positions(5, 5)}) == 100
    assert alignment_index({"formality": Positions(1, 5), "change": Positions(5, 1)}) == 0


def test_index_is_the_mean_gap_on_the_documented_scale() -> None:
    # gaps 1 and 2 → mean 1.5 → 100 × (1 − 1.5 / 4) = 62.5 → 62 (round half to even)
    assert alignment_index({"a": Positions(2, 3), "b": Positions(4, 2)}) == 62
    assert alignment_index({"a": Positions(1, 2)}) == 75
    assert alignment_index({}) is None


@pytest.mark.parametrize(
    ("indexes", "flag"),
    [
        ([80, 75], True),
        ([80, 76], False),
        ([70, 80, 74], True),
        ([80], False),
        ([80, None, 70], True),
        ([], False),
    ],
)
def test_falling_trend(indexes: list[int | None], flag: bool) -> None:
    assert falling_trend(indexes) is flag


def test_complement_and_cover_in_words() -> None:
    self_ratings = {
        "quality_standard": SelfRating.STRENGTH,
        "change": SelfRating.WEAKNESS,
        "formality": SelfRating.WEAKNESS,
    }
    scores = {
        "quality_standard": Positions(5, 4),
        "change": Positions(1, 4),
        "formality": Positions(4, 5),
        "communication": Positions(2, 5),
    }
    assert complements_and_covers(self_ratings, scores) == {
        "quality_standard": "complements a strength",
        "change": "covers a weakness",
        "formality": "shares a weakness",
    }


def test_the_shipped_questionnaire_loads_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    dimensions = load_dimensions(resources_folder() / "culture_dimensions.json")
    assert {"formality", "delivery_style", "public_sector", "change"} <= {
        dimension.key for dimension in dimensions
    }
    broken = tmp_path / "broken.json"
    broken.write_text('{"dimensions": [{"key": "a"}]}')
    with pytest.raises(ValueError, match="not a readable questionnaire"):
        load_dimensions(broken)
