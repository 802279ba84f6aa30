"""The specification clarity check: the council's lexicon kept in its file, the check run
against it, and specification text read from a file.

The rules themselves are pure (``commissioner.models.clarity_rules``); this module reads
and writes the lexicon, places each finding in the text so the interface can highlight
it, and says which clause a finding sits in so it can be logged as a use case or risk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models import ClarityPhrase, WellKnownAcronym
from commissioner.models.clarity_rules import (
    SCORE_PENALTY_PER_FINDING_PER_100_WORDS,
    ClarityReport,
    Finding,
    Lexicon,
    LexiconEntry,
    check_specification,
    heading_title,
)
from commissioner.models.enums import CommissioningChallenge
from commissioner.services.risk_input import RiskInput
from commissioner.services.use_cases import UseCaseInput
from commissioner.storage import Database

#: About 50,000 words, which the check and its highlighting take about a second over; a
#: longer text is better checked a part at a time than waited for.
MAX_SPECIFICATION_CHARS = 300_000
#: A file larger than this cannot be a specification's text within the limit above.
MAX_SPECIFICATION_BYTES = 4 * MAX_SPECIFICATION_CHARS
PHRASE_LIMIT, REASON_LIMIT = 200, 300
#: The group a phrase goes in when the council adds it without naming one.
COUNCIL_REASON = "Added by the council"
_ACRONYM_SHAPE = re.compile(r"^[A-Z]{2,6}$")
_ACRONYM_SEPARATORS = re.compile(r"[,;\s]+")
_CLAUSE_NUMBER = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)+)\.?\s")
#: Control characters never found in a text file, so a sign of a binary one.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


# --- The lexicon ----------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseInput:
    """One row of the lexicon as typed."""

    phrase: str
    why: str
    suggestion: str
    reason: str = ""


@dataclass(frozen=True)
class LexiconInput:
    """The lexicon as the council edits it: its phrases, and acronyms as one line of text."""

    phrases: tuple[PhraseInput, ...]
    acronyms: str


def lexicon_input(db: Database) -> LexiconInput:
    """The lexicon as it stands, in the shape the editing dialog shows."""
    lexicon = council_lexicon(db)
    return LexiconInput(
        phrases=tuple(
            PhraseInput(entry.phrase, entry.why, entry.suggestion, entry.reason)
            for entry in lexicon.entries
        ),
        acronyms=", ".join(sorted(lexicon.well_known_acronyms)),
    )


def council_lexicon(db: Database) -> Lexicon:
    """The council's lexicon, read from its file, in the order it keeps the phrases."""
    with db.session() as session:
        phrases = session.scalars(
            select(ClarityPhrase).order_by(ClarityPhrase.sort_order, ClarityPhrase.id)
        )
        entries = tuple(LexiconEntry(p.phrase, p.why, p.suggestion, p.reason) for p in phrases)
        known = frozenset(session.scalars(select(WellKnownAcronym.acronym)))
    return Lexicon(entries=entries, well_known_acronyms=known)


def validate_lexicon(form: LexiconInput) -> tuple[list[PhraseInput], list[str]]:
    """Clean the phrases and acronyms, or raise ValidationError naming each bad row."""
    problems: dict[str, str] = {}
    phrases = [
        PhraseInput(
            " ".join(row.phrase.split()),
            row.why.strip(),
            row.suggestion.strip(),
            " ".join(row.reason.split()) or COUNCIL_REASON,
        )
        for row in form.phrases
    ]
    if message := _phrase_problem(phrases):
        problems["phrases"] = message
    acronyms = list(dict.fromkeys(a.upper() for a in _ACRONYM_SEPARATORS.split(form.acronyms) if a))
    odd = [a for a in acronyms if not _ACRONYM_SHAPE.match(a)]
    if odd:
        problems["acronyms"] = (
            f"The check only recognises acronyms of 2 to 6 letters; {', '.join(odd)} "
            "cannot be matched. Separate acronyms with commas."
        )
    if problems:
        raise ValidationError(problems)
    return phrases, acronyms


def _phrase_problem(phrases: Sequence[PhraseInput]) -> str:
    """The first problem with the phrases, naming its row, or '' when all are fine."""
    if not phrases:
        return "Keep at least one phrase in the lexicon."
    first_row: dict[str, int] = {}
    for number, row in enumerate(phrases, start=1):
        if not row.phrase:
            return f"Row {number} has no phrase: type one or remove the row."
        if len(row.phrase) > PHRASE_LIMIT or len(row.reason) > REASON_LIMIT:
            return f"Row {number}: keep a phrase to {PHRASE_LIMIT} characters."
        if not row.why or not row.suggestion:
            return f"Row {number} (“{row.phrase}”): say why it is vague and what to write instead."
        key = row.phrase.casefold()
        if key in first_row:
            return f"“{row.phrase}” is in rows {first_row[key]} and {number}; keep one of them."
        first_row[key] = number
    return ""


def replace_lexicon(db: Database, form: LexiconInput) -> LexiconInput:
    """Make the council's lexicon exactly ``form``; returns the lexicon as it was, for undo.

    Phrases are matched case-insensitively, so that rewording a phrase's advice is one
    change in the audit trail rather than a removal and an addition.
    """
    phrases, acronyms = validate_lexicon(form)
    before = lexicon_input(db)
    with db.session() as session:
        existing = {p.phrase.casefold(): p for p in session.scalars(select(ClarityPhrase))}
        wanted = {row.phrase.casefold() for row in phrases}
        for key, removed in existing.items():
            if key not in wanted:
                session.delete(removed)
        session.flush()
        for position, row in enumerate(phrases):
            record = existing.get(row.phrase.casefold())
            if record is None:
                record = ClarityPhrase()
                session.add(record)
            _assign(record, row, position)
        known = {a.acronym: a for a in session.scalars(select(WellKnownAcronym))}
        for acronym, gone in known.items():
            if acronym not in acronyms:
                session.delete(gone)
        session.add_all(WellKnownAcronym(acronym=a) for a in acronyms if a not in known)
    return before


def _assign(record: ClarityPhrase, row: PhraseInput, position: int) -> None:
    """Set only what changed, so the audit trail records real changes."""
    for column, value in (
        ("phrase", row.phrase),
        ("why", row.why),
        ("suggestion", row.suggestion),
        ("reason", row.reason),
        ("sort_order", position),
    ):
        if getattr(record, column) != value:
            setattr(record, column, value)


# --- The check ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClarityCheck:
    """A report with where each finding sits: ``spans[i]`` is the (start, end)
    character offsets of ``report.findings[i]`` in the text checked."""

    report: ClarityReport
    spans: tuple[tuple[int, int], ...]


def _too_long(what: str, length: int) -> str:
    return (
        f"{what} has {length:,} characters; the check takes up to "
        f"{MAX_SPECIFICATION_CHARS:,} (about 50,000 words). Check it a part at a time."
    )


def check_text(db: Database, text: str) -> ClarityCheck:
    """Check a specification's text against the council's lexicon."""
    if len(text) > MAX_SPECIFICATION_CHARS:
        raise ValidationError({"text": _too_long("The text", len(text))})
    report = check_specification(text, council_lexicon(db))
    return ClarityCheck(report, finding_spans(text, report.findings))


def score_explanation(report: ClarityReport) -> str:
    """How the score was worked out, in words, for the score's tooltip."""
    found, words = len(report.findings), report.word_count
    rate = found * 100 / words if words else 0.0
    return (
        f"Clarity score = 100 − {SCORE_PENALTY_PER_FINDING_PER_100_WORDS} × findings per "
        "100 words, never below 0 (an empty text scores 100). Dividing by length keeps long "
        f"and short specifications comparable.\nHere: {found} findings in {words:,} words "
        f"= {rate:.1f} per 100 words → {report.score}."
    )


def finding_in_full(finding: Finding) -> str:
    """A finding in one sentence, since a list's columns cut long advice short."""
    words = " ".join(finding.text.split())
    return f"“{words}” (line {finding.line}): {finding.why} Suggestion: {finding.suggestion}"


def finding_spans(text: str, findings: Sequence[Finding]) -> tuple[tuple[int, int], ...]:
    """Where each finding's words are in ``text``: findings come in document order and
    each starts on its line, so the first whole-word match from there is the one."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    spans: list[tuple[int, int]] = []
    previous = (-1, "")
    for finding in findings:
        start = line_starts[finding.line - 1]
        if previous[1] == finding.text:
            start = max(start, previous[0] + 1)
        match = _whole_words(finding.text).search(text, start)
        begin = match.start() if match else start
        spans.append((begin, begin + len(finding.text)))
        previous = (begin, finding.text)
    return tuple(spans)


def _whole_words(words: str) -> re.Pattern[str]:
    before = r"(?<!\w)" if words[:1].isalnum() else ""
    after = r"(?!\w)" if words[-1:].isalnum() else ""
    return re.compile(before + re.escape(words) + after)


def clause_reference(text: str, finding: Finding) -> str:
    """The clause a finding sits in ("2.2"), or its section and line when unnumbered.

    Walks up from the finding's line to the nearest numbered clause, stopping at the
    section's heading, because wrapped clauses continue on unnumbered lines.
    """
    lines = text.split("\n")
    for number in range(finding.line, 0, -1):
        line = lines[number - 1]
        if heading_title(line) is not None:
            break
        if clause := _CLAUSE_NUMBER.match(line):
            return clause.group("number")
    return f"{finding.section}, line {finding.line}"[:100]


def _where(clause: str) -> str:
    return f"clause {clause}" if _CLAUSE_NUMBER.match(clause + " ") else clause


def use_case_from_finding(text: str, finding: Finding) -> UseCaseInput:
    """A use-case test to settle a finding's wording, for the user to complete."""
    clause = clause_reference(text, finding)
    words = " ".join(finding.text.split())
    return UseCaseInput(
        scenario=(
            f"Test “{words}” ({_where(clause)}) against a real case: what exactly must "
            f"happen, who does it and by when? {finding.why}"
        ),
        clause_reference=clause,
        ambiguous=True,
    )


def risk_from_finding(text: str, finding: Finding, owner: str = "") -> RiskInput:
    """A specification-ambiguity risk raised from a finding, for the user to score."""
    clause = clause_reference(text, finding)
    words = " ".join(finding.text.split())
    return RiskInput(
        title=f"Ambiguous wording in {_where(clause)}: “{words}”"[:300],
        cause=f"The specification says “{words}” ({_where(clause)}). {finding.why}",
        event="the provider reads the requirement differently from the council",
        consequence=(
            "a dispute over what the contract requires, a service below the standard we "
            "expect, or extra cost to put it right"
        ),
        challenge=CommissioningChallenge.SPECIFICATION_AMBIGUITY,
        owner=owner,
    )


# --- Reading a specification file -----------------------------------------------------


def read_specification(path: Path | str) -> str:
    """A specification's text from a .txt or .md file, with line endings made ``\\n``.

    Raises CommissionerError with a message the user can act on when the file is
    missing, empty, too large, not text, or in an encoding we cannot read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SPECIFICATION_BYTES:
            raise CommissionerError(
                f"{path.name} is {size / 1_000_000:.1f} MB; the clarity check takes text "
                f"files up to {MAX_SPECIFICATION_BYTES // 1000:,} KB. Check it a part at a time."
            )
        data = path.read_bytes()
    except OSError as error:
        raise CommissionerError(f"{path.name} could not be read: {error.strerror}.") from error
    text = _decode(data, path.name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CommissionerError(f"{path.name} is empty: there is no text to check.")
    if len(text) > MAX_SPECIFICATION_CHARS:
        raise CommissionerError(_too_long(path.name, len(text)))
    return text


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one, or Windows-1252,
    the encoding older Windows editors save in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _BINARY.search(text):
                return text
            break
    raise CommissionerError(
        f"{name} is not plain text we can read (it may be a Word or PDF file). "
        "Save it as plain text (.txt, UTF-8) and open that, or paste the text in."
    )
