from __future__ import annotations

import json
from pathlib import Path

import pytest

from commissioner.models.clarity_rules import (
    ClarityReport,
    FindingKind,
    Lexicon,
    check_specification,
    clarity_score,
    heading_title,
    load_lexicon,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
VAGUE = FindingKind.VAGUE_PHRASE
ACRONYM = FindingKind.UNDEFINED_ACRONYM
PASSIVE = FindingKind.PASSIVE_NO_ACTOR


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(RESOURCES / "clarity_lexicon.json")


@pytest.fixture(scope="module")
def sample(lexicon: Lexicon) -> ClarityReport:
    text = (RESOURCES / "sample_specification.txt").read_text(encoding="utf-8")
    return check_specification(text, lexicon)


def test_sample_findings_are_exactly_the_known_ones(sample: ClarityReport) -> None:
    assert [(f.line, f.text, f.kind) for f in sample.findings] == [
        (11, "will be commissioned", PASSIVE),
        (16, "including but not limited to", VAGUE),
        (17, "etc.", VAGUE),
        (19, "best\n   endeavours", VAGUE),
        (24, "ICES", ACRONYM),
        (28, "shall be scheduled", PASSIVE),
        (28, "flexible", VAGUE),
        (30, "in a timely manner", VAGUE),
        (31, "promptly", VAGUE),
        (36, "must be informed", PASSIVE),
        (41, "sufficient", VAGUE),
        (44, "appropriate", VAGUE),
        (44, "regularly", VAGUE),
        (47, "must be kept", PASSIVE),
        (51, "high quality", VAGUE),
        (51, "to the satisfaction of", VAGUE),
        (53, "MUST BE REPORTED", PASSIVE),
        (53, "AS SOON AS POSSIBLE", VAGUE),
        (55, "reasonable", VAGUE),
        (55, "and/or", VAGUE),
        (57, "will be investigated", PASSIVE),
        (66, "as appropriate", VAGUE),
        (67, "where possible", VAGUE),
        (68, "shall be reported", PASSIVE),
        (73, "shall be fixed", PASSIVE),
        (74, "must be submitted", PASSIVE),
        (76, "reasonable", VAGUE),
        (77, "will be paid", PASSIVE),
    ]


def test_sample_per_section_counts(sample: ClarityReport) -> None:
    assert sample.section_counts == (
        ("Home Care Service Specification", 0),
        ("1. Introduction", 1),
        ("2. Scope", 4),
        ("3. Service Delivery", 5),
        ("SECTION 4 – WORKFORCE", 4),
        ("5 Quality and Safeguarding", 7),
        ("6. Reporting and Performance", 3),
        ("7. Pricing", 4),
    )
    assert sample.count_in("2. Scope") == 4
    assert sample.count_in("No such section") == 0


def test_sample_score(sample: ClarityReport) -> None:
    assert sample.word_count == 578
    assert sample.score == clarity_score(28, 578) == 52


def test_findings_carry_section_why_and_suggestion(sample: ClarityReport, lexicon: Lexicon) -> None:
    endeavours = next(f for f in sample.findings if f.text.startswith("best"))
    entry = next(e for e in lexicon.entries if e.phrase == "best endeavours")
    assert endeavours.section == "2. Scope"
    assert (endeavours.why, endeavours.suggestion) == (entry.why, entry.suggestion)


def _texts(text: str, lexicon: Lexicon, kind: FindingKind) -> list[str]:
    return [f.text for f in check_specification(text, lexicon).findings if f.kind == kind]


def test_phrase_split_over_lines_and_spaces_matches(lexicon: Lexicon) -> None:
    text = "We will use Reasonable\n\n     Endeavours to  AS\tSOON as\npossible."
    assert _texts(text, lexicon, VAGUE) == [
        "Reasonable\n\n     Endeavours",
        "AS\tSOON as\npossible",
    ]


def test_whole_words_only_stems_do_not_count(lexicon: Lexicon) -> None:
    text = "Staff are adequately trained, inappropriately dressed, unreasonable, timelyish."
    assert _texts(text, lexicon, VAGUE) == []
    assert _texts("Training is adequate.", lexicon, VAGUE) == ["adequate"]


def test_longest_phrase_wins_over_contained_phrase(lexicon: Lexicon) -> None:
    text = "Act in a timely manner, as appropriate. Be timely and appropriate."
    assert _texts(text, lexicon, VAGUE) == [
        "in a timely manner",
        "as appropriate",
        "timely",
        "appropriate",
    ]


def test_acronym_defined_known_or_undefined(lexicon: Lexicon) -> None:
    text = (
        "The Better Care Fund (BCF) pays. The BCF and the NHS fund the ABCD pilot.\n"
        "The ABCD pilot reports KPIs and XYZs. THIS IS SHOUTING.\n"
    )
    assert _texts(text, lexicon, ACRONYM) == ["ABCD", "XYZs"]


def test_acronym_in_heading_is_not_flagged(lexicon: Lexicon) -> None:
    assert _texts("SECTION 4 – PRICING\n\nPrices are fixed.", lexicon, ACRONYM) == []


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Records must be kept for six years.", ["must be kept"]),
        ("Records must be kept by the Provider for six years.", []),
        ("Records must be kept securely\nby the Registered Manager.", []),
        ("Reports shall be submitted by 5pm each Friday.", ["shall be submitted"]),
        ("Reports shall be submitted by the end of the month.", ["shall be submitted"]),
        ("Fees will not be paid. Payments are made by the Council.", ["will not be paid"]),
        ("Care will be promptly written up.", ["will be promptly written"]),
        ("The Provider shall deliver care.", []),
    ],
)
def test_passive_requirement_needs_an_actor(
    lexicon: Lexicon, sentence: str, flagged: list[str]
) -> None:
    assert _texts(sentence, lexicon, PASSIVE) == flagged


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("1. Scope", "1. Scope"),
        ("2.3 Reporting", "2.3 Reporting"),
        ("SECTION 4 – PRICING", "SECTION 4 – PRICING"),
        ("## Quality ##", "Quality"),
        ("3.1 The Provider shall deliver care.", None),
        ("3.2 Visits will be short", None),
        ("Plain sentence about scope", None),
    ],
)
def test_heading_detection(line: str, title: str | None) -> None:
    assert heading_title(line) == title


def test_score_bounds() -> None:
    assert clarity_score(0, 0) == 100
    assert clarity_score(0, 500) == 100
    assert clarity_score(1, 100) == 90
    assert clarity_score(50, 100) == 0


def test_empty_document(lexicon: Lexicon) -> None:
    report = check_specification("", lexicon)
    assert (report.findings, report.section_counts, report.score) == ((), (), 100)


def test_lexicon_has_the_expected_shape(lexicon: Lexicon) -> None:
    phrases = {entry.phrase for entry in lexicon.entries}
    assert {"best endeavours", "and/or", "etc.", "to the satisfaction of"} <= phrases
    assert {"UK", "NHS", "KPI", "GDPR", "TUPE", "CQC", "SEND", "ICB"} <= lexicon.well_known_acronyms


def _write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "lexicon.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


GOOD_ENTRY = {"phrase": "adequate", "why": "w", "suggestion": "s"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"is not valid JSON: .*\(line 1, column 2\)"),
        ([], r"malformed: the top level must be an object"),
        ({"groups": [], "well_known_acronyms": []}, r"'groups' must be a non-empty list"),
        (
            {
                "groups": [{"reason": "r", "entries": [{"phrase": "x", "why": "w"}]}],
                "well_known_acronyms": [],
            },
            r"groups\[0\]\.entries\[0\]\.suggestion must be a non-empty string",
        ),
        (
            {
                "groups": [{"reason": "r", "entries": [GOOD_ENTRY, GOOD_ENTRY]}],
                "well_known_acronyms": [],
            },
            r"groups\[0\]\.entries\[1\]\.phrase 'adequate' appears more than once",
        ),
        (
            {"groups": [{"reason": "r", "entries": [GOOD_ENTRY]}]},
            r"'well_known_acronyms' must be a list of strings",
        ),
        (
            {"groups": [{"reason": "r", "entries": [GOOD_ENTRY]}], "well_known_acronyms": [3]},
            r"well_known_acronyms\[0\] must be a non-empty string",
        ),
    ],
)
def test_malformed_lexicon_message(tmp_path: Path, content: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_lexicon(_write(tmp_path, content))
