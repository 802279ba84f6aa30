"""The clarity lexicon kept in the file, the check run against it, and reading a
specification from a file."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models import ClarityPhrase
from commissioner.models.clarity_rules import FindingKind, load_lexicon
from commissioner.models.enums import CommissioningChallenge
from commissioner.paths import resources_folder
from commissioner.services import clarity, risks
from commissioner.services.clarity import LexiconInput, PhraseInput
from commissioner.storage import Database, open_database
from commissioner.storage.migrations_runner import alembic_config
from tests.conftest import MakeProject

SAMPLE = resources_folder() / "sample_specification.txt"


def _sample() -> str:
    return clarity.read_specification(SAMPLE)


def _with_phrase(form: LexiconInput, phrase: str) -> LexiconInput:
    extra = PhraseInput(phrase, "Nobody can say what it means.", "Say exactly what is meant.")
    return replace(form, phrases=(*form.phrases, extra))


# --- The lexicon in the file ----------------------------------------------------------


def test_a_new_file_holds_the_shipped_lexicon(db: Database) -> None:
    assert clarity.council_lexicon(db) == load_lexicon(resources_folder() / "clarity_lexicon.json")


def test_the_sample_scores_52_against_the_lexicon_in_the_file(db: Database) -> None:
    text = _sample()
    check = clarity.check_text(db, text)

    assert check.report.score == 52
    assert len(check.report.findings) == 28
    # Every finding is placed exactly on its words, even across a line break.
    for finding, (start, end) in zip(check.report.findings, check.spans, strict=True):
        assert text[start:end] == finding.text
    endeavours = check.report.findings[3]
    assert endeavours.text == "best\n   endeavours"


def test_an_added_phrase_is_found_and_undo_restores_the_lexicon(db: Database) -> None:
    text = "1. Scope\n\nThe Provider shall keep the garden tidy.\n"
    assert clarity.check_text(db, text).report.findings == ()
    original = clarity.lexicon_input(db)

    before = clarity.replace_lexicon(db, _with_phrase(original, "  Tidy "))

    assert before == original
    findings = clarity.check_text(db, text).report.findings
    assert [(f.text, f.kind, f.section) for f in findings] == [
        ("tidy", FindingKind.VAGUE_PHRASE, "1. Scope")
    ]
    assert findings[0].why == "Nobody can say what it means."
    assert clarity.lexicon_input(db).phrases[-1].reason == clarity.COUNCIL_REASON

    clarity.replace_lexicon(db, before)
    assert clarity.lexicon_input(db) == original
    assert clarity.check_text(db, text).report.findings == ()


def test_acronyms_are_edited_as_one_comma_separated_line(db: Database) -> None:
    text = "The ICES contract covers equipment."
    assert len(clarity.check_text(db, text).report.findings) == 1
    form = clarity.lexicon_input(db)

    clarity.replace_lexicon(db, replace(form, acronyms=form.acronyms + ",  ices;"))

    assert "ICES" in clarity.council_lexicon(db).well_known_acronyms
    assert clarity.check_text(db, text).report.findings == ()
    assert clarity.lexicon_input(db).acronyms.count("ICES") == 1


def test_rewording_a_phrase_keeps_its_record(db: Database) -> None:
    with db.session() as session:
        first = session.scalars(select(ClarityPhrase).where(ClarityPhrase.phrase == "timely"))
        timely_id = first.one().id
    form = clarity.lexicon_input(db)
    phrases = tuple(
        replace(p, phrase="Timely", why="No date.") if p.phrase == "timely" else p
        for p in form.phrases
    )

    clarity.replace_lexicon(db, replace(form, phrases=phrases))

    with db.session() as session:
        record = session.get(ClarityPhrase, timely_id)
        assert record is not None
        assert (record.phrase, record.why) == ("Timely", "No date.")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda f: _with_phrase(f, "   "), "phrases", "Row 22 has no phrase"),
        (lambda f: _with_phrase(f, "REASONABLE"), "phrases", "rows 1 and 22"),
        (lambda f: _with_phrase(f, "as  soon as\npossible"), "phrases", "rows 12 and 22"),
        (lambda f: replace(f, phrases=()), "phrases", "at least one phrase"),
        (
            lambda f: replace(f, phrases=(PhraseInput("tidy", "", "Say what."),)),
            "phrases",
            "say why it is vague",
        ),
        (lambda f: replace(f, acronyms="NHS, K.P.I., ABCDEFGH"), "acronyms", "K.P.I., ABCDEFGH"),
    ],
)
def test_a_bad_lexicon_is_refused_with_a_message(
    db: Database, change: object, field: str, message: str
) -> None:
    original = clarity.lexicon_input(db)
    with pytest.raises(ValidationError) as raised:
        clarity.replace_lexicon(db, change(original))  # type: ignore[operator]
    assert message in raised.value.problems[field]
    assert clarity.lexicon_input(db) == original


def _downgrade_to_0007(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
    finally:
        engine.dispose()


def test_a_file_at_schema_0007_upgrades_with_the_shipped_lexicon(
    tmp_path: Path, make_project: MakeProject
) -> None:
    path = tmp_path / "older.db"
    db = open_database(path, actor="tester")
    make_project(db, reference="ASC-07")
    db.close()
    _downgrade_to_0007(path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "clarity_phrases" not in tables
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)

    upgraded = open_database(path, actor="tester")
    try:
        assert clarity.check_text(upgraded, _sample()).report.score == 52
        assert len(clarity.lexicon_input(upgraded).phrases) == 21
    finally:
        upgraded.close()


# --- Placing findings and logging them ------------------------------------------------


def test_the_same_words_twice_on_a_line_are_placed_apart(db: Database) -> None:
    text = "Staff shall be reasonable, and reasonable costs are paid."
    check = clarity.check_text(db, text)
    assert check.spans == ((15, 25), (31, 41))


def test_a_finding_on_a_wrapped_line_belongs_to_its_numbered_clause(db: Database) -> None:
    text = _sample()
    findings = clarity.check_text(db, text).report.findings
    etc = next(f for f in findings if f.text == "etc.")
    assert etc.line == 17
    assert clarity.clause_reference(text, etc) == "2.1"
    unnumbered = "3. Delivery\n\nVisits happen where possible.\n"
    possible = clarity.check_text(db, unnumbered).report.findings[0]
    assert clarity.clause_reference(unnumbered, possible) == "3. Delivery, line 3"


def test_a_finding_becomes_an_ambiguous_use_case_for_its_clause(db: Database) -> None:
    text = _sample()
    finding = clarity.check_text(db, text).report.findings[3]

    use_case = clarity.use_case_from_finding(text, finding)

    assert use_case.clause_reference == "2.2"
    assert use_case.ambiguous
    assert "“best endeavours” (clause 2.2)" in use_case.scenario


def test_a_finding_becomes_a_specification_ambiguity_risk(
    db: Database, make_project: MakeProject
) -> None:
    project_id = make_project(db)
    text = _sample()
    finding = clarity.check_text(db, text).report.findings[3]

    form = clarity.risk_from_finding(text, finding, owner="Priya Shah")
    scored = replace(form, residual_likelihood=3, residual_impact=4)
    item_id = risks.add_raid_entry(db, project_id, scored)

    entry = risks.get_raid_entry(db, item_id)
    assert entry.title == "Ambiguous wording in clause 2.2: “best endeavours”"
    assert entry.challenge is CommissioningChallenge.SPECIFICATION_AMBIGUITY
    assert entry.owner == "Priya Shah"


def test_text_beyond_the_limit_is_refused_with_a_message(db: Database) -> None:
    with pytest.raises(ValidationError, match="a part at a time"):
        clarity.check_text(db, "word " * (clarity.MAX_SPECIFICATION_CHARS // 5 + 1))


# --- Reading a specification file -----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Price £5 as appropriate.\r\nNext line.".encode("utf-8-sig"),
        "Price £5 as appropriate.\r\nNext line.".encode("cp1252"),
        "Price £5 as appropriate.\r\nNext line.".encode("utf-16"),
    ],
    ids=["utf-8 with BOM", "windows-1252", "utf-16"],
)
def test_common_encodings_are_read_with_plain_line_breaks(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "spec.txt"
    path.write_bytes(data)
    assert clarity.read_specification(path) == "Price £5 as appropriate.\nNext line."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not plain text"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "not plain text"),
        (b"a" * (clarity.MAX_SPECIFICATION_BYTES + 1), "Check it a part at a time"),
        (b"a " * (clarity.MAX_SPECIFICATION_CHARS // 2 + 1), "Check it a part at a time"),
    ],
    ids=["empty", "blank", "image", "word document", "huge file", "too many characters"],
)
def test_unusable_files_get_a_clear_message(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "spec.txt"
    path.write_bytes(data)
    with pytest.raises(CommissionerError, match=message):
        clarity.read_specification(path)


def test_a_missing_file_gets_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(CommissionerError, match=r"gone\.txt could not be read"):
        clarity.read_specification(tmp_path / "gone.txt")
