"""Pure clarity rules for service specifications: vague wording, acronyms, passive duties.

The words to flag live in an editable JSON lexicon (``resources/clarity_lexicon.json``)
so commissioners can tune it without a code change. Matching rules:

* **Vague phrases** match case-insensitively, whole words only, and across line breaks
  and runs of spaces ("best\\n   endeavours" matches "best endeavours"). Stems do not
  count: "adequately" does not match "adequate". Where phrases overlap, the longest
  wins ("in a timely manner" is one finding, not two with "timely").
* **Undefined acronyms** are words of 2–6 capital letters (an optional plural "s" is
  allowed, so "KPIs" is "KPI") that are neither in the lexicon's well-known list nor
  defined anywhere in the document as "Full Name (ABC)". Each is reported once, at its
  first use. Heading lines, Roman numerals and runs of two or more all-capital words
  (emphasis such as "AS SOON AS POSSIBLE", not acronyms) are ignored.
* **Passive requirements with no actor** are "shall/must/will [not] be [adverb]
  <past participle>" with no "by <someone>" later in the same sentence. "By" followed
  by a time ("by 5pm", "by the end of the month") names a deadline, not an actor.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

FRONT_MATTER = "(before first heading)"


class FindingKind(StrEnum):
    VAGUE_PHRASE = "vague phrase"
    UNDEFINED_ACRONYM = "undefined acronym"
    PASSIVE_NO_ACTOR = "passive requirement with no actor"


@dataclass(frozen=True)
class LexiconEntry:
    """One vague phrase, the reason it is a problem and how to fix it."""

    phrase: str
    why: str
    suggestion: str
    reason: str


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[LexiconEntry, ...]
    well_known_acronyms: frozenset[str]


@dataclass(frozen=True)
class Finding:
    section: str
    line: int
    text: str
    kind: FindingKind
    why: str
    suggestion: str


@dataclass(frozen=True)
class ClarityReport:
    """Findings in document order, counts per section (document order) and a score.

    ``score`` is 0–100: ``round(100 − 10 × findings per 100 words)``, floored at 0.
    One finding per 100 words scores 90; ten or more per 100 words scores 0. An
    empty document scores 100. Dividing by length keeps long specifications
    comparable with short ones.
    """

    findings: tuple[Finding, ...]
    section_counts: tuple[tuple[str, int], ...]
    word_count: int
    score: int

    def count_in(self, section: str) -> int:
        return dict(self.section_counts).get(section, 0)


SCORE_PENALTY_PER_FINDING_PER_100_WORDS = 10

ACRONYM_WHY = "Readers outside the council may not know this abbreviation."
ACRONYM_SUGGESTION = "Spell it out at first use, e.g. 'Full Name (ABC)'."
PASSIVE_WHY = "The duty has no named owner, so nobody is accountable for it."
PASSIVE_SUGGESTION = "Say who does it: 'The Provider shall …' or add 'by the Provider'."


# ---------------------------------------------------------------------------
# Lexicon loading


def _require_text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty string")
    return value.strip()


def _parse_lexicon(data: object) -> Lexicon:
    if not isinstance(data, Mapping):
        raise ValueError("the top level must be an object with 'groups' and 'well_known_acronyms'")
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise ValueError("'groups' must be a non-empty list")
    entries: list[LexiconEntry] = []
    seen: set[str] = set()
    for g, group in enumerate(groups):
        where = f"groups[{g}]"
        if not isinstance(group, Mapping):
            raise ValueError(f"{where} must be an object")
        reason = _require_text(group.get("reason"), f"{where}.reason")
        items = group.get("entries")
        if not isinstance(items, list) or not items:
            raise ValueError(f"{where}.entries must be a non-empty list")
        for e, item in enumerate(items):
            at = f"{where}.entries[{e}]"
            if not isinstance(item, Mapping):
                raise ValueError(f"{at} must be an object")
            phrase = " ".join(_require_text(item.get("phrase"), f"{at}.phrase").split())
            key = phrase.casefold()
            if key in seen:
                raise ValueError(f"{at}.phrase {phrase!r} appears more than once")
            seen.add(key)
            entries.append(
                LexiconEntry(
                    phrase=phrase,
                    why=_require_text(item.get("why"), f"{at}.why"),
                    suggestion=_require_text(item.get("suggestion"), f"{at}.suggestion"),
                    reason=reason,
                )
            )
    acronyms = data.get("well_known_acronyms")
    if not isinstance(acronyms, list):
        raise ValueError("'well_known_acronyms' must be a list of strings")
    known: set[str] = set()
    for a, acronym in enumerate(acronyms):
        known.add(_require_text(acronym, f"well_known_acronyms[{a}]").upper())
    return Lexicon(entries=tuple(entries), well_known_acronyms=frozenset(known))


def load_lexicon(path: Path | str) -> Lexicon:
    """Read and validate a lexicon; a malformed file raises ValueError naming the problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"Clarity lexicon {path} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        ) from exc
    try:
        return _parse_lexicon(data)
    except ValueError as exc:
        raise ValueError(f"Clarity lexicon {path} is malformed: {exc}") from exc


# ---------------------------------------------------------------------------
# Sections

_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<title>\S.*?)\s*#*\s*$")
_NUMBERED_HEADING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[A-Za-z]")
_NAMED_HEADING = re.compile(r"^\s*(?:SECTION|PART|SCHEDULE|APPENDIX|ANNEX)\s+\w+", re.IGNORECASE)
_MODAL_WORD = re.compile(r"\b(?:shall|must|will|should|may)\b", re.IGNORECASE)
_MAX_HEADING_WORDS = 8


def heading_title(line: str) -> str | None:
    """The heading's title if the line looks like a heading, else None.

    Headings are markdown ``#`` lines, or short numbered / "SECTION n" lines
    (at most eight words, no trailing sentence punctuation, no modal verb) so
    that numbered clauses such as "3.1 The Provider shall…" are not headings.
    """
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        return markdown.group("title")
    stripped = line.strip()
    if not (_NUMBERED_HEADING.match(stripped) or _NAMED_HEADING.match(stripped)):
        return None
    if len(stripped.split()) > _MAX_HEADING_WORDS or stripped[-1] in ".,;:!?":
        return None
    if _MODAL_WORD.search(stripped):
        return None
    return stripped


def _sections(lines: list[str]) -> tuple[list[str], list[str], set[int]]:
    """Section title per line (index ``line - 1``), titles in order, heading line numbers."""
    current = FRONT_MATTER
    per_line: list[str] = []
    order: list[str] = []
    heading_lines: set[int] = set()
    for number, line in enumerate(lines, start=1):
        title = heading_title(line)
        if title is not None:
            current = title
            heading_lines.add(number)
            if title not in order:
                order.append(title)
        per_line.append(current)
    return per_line, order, heading_lines


# ---------------------------------------------------------------------------
# Checks


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: FindingKind
    why: str
    suggestion: str


def _vague_hits(text: str, lexicon: Lexicon) -> list[_Hit]:
    by_length = sorted(lexicon.entries, key=lambda entry: len(entry.phrase), reverse=True)
    # Spans already taken by longer phrases, kept sorted; they never overlap each other.
    starts: list[int] = []
    ends: list[int] = []
    hits: list[_Hit] = []
    for entry in by_length:
        for match in _phrase_pattern(entry.phrase).finditer(text):
            start, end = match.span()
            place = bisect.bisect_left(starts, end)
            if place and ends[place - 1] > start:
                continue  # overlaps the taken span that starts before this one ends
            starts.insert(place, start)
            ends.insert(place, end)
            hits.append(_Hit(start, end, FindingKind.VAGUE_PHRASE, entry.why, entry.suggestion))
    return hits


_ACRONYM = re.compile(r"(?<![\w-])(?P<acr>[A-Z]{2,6})s?(?![\w-])")
_DEFINITION = re.compile(r"\w[\w'’-]*\s*\((?P<acr>[A-Z]{2,6})s?\)")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_ALL_CAPS_WORD = re.compile(r"^[A-Z]{2,}[.,;:!?)]*$")


_LAST_WORD = re.compile(r"(\S+)\s*$")
_FIRST_WORD = re.compile(r"^\s*(\S+)")
#: How far either side of an acronym to look for its neighbouring words.
_NEIGHBOUR_REACH = 200


def _in_shouted_run(text: str, start: int, end: int) -> bool:
    # Only a window either side is searched, so long documents stay linear.
    before = _LAST_WORD.search(text[max(0, start - _NEIGHBOUR_REACH) : start])
    after = _FIRST_WORD.match(text[end : end + _NEIGHBOUR_REACH])
    neighbours = [before.group(1) if before else "", after.group(1) if after else ""]
    return any(_ALL_CAPS_WORD.match(word.lstrip("(")) for word in neighbours)


def _acronym_hits(
    text: str, lexicon: Lexicon, line_starts: list[int], headings: set[int]
) -> list[_Hit]:
    defined = {match.group("acr") for match in _DEFINITION.finditer(text)}
    reported: set[str] = set()
    hits: list[_Hit] = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acr")
        if acronym in lexicon.well_known_acronyms or acronym in defined or acronym in reported:
            continue
        if _ROMAN.match(acronym) or _line_of(line_starts, match.start()) in headings:
            continue
        if _in_shouted_run(text, match.start(), match.end()):
            continue
        reported.add(acronym)
        hits.append(
            _Hit(
                match.start(),
                match.end(),
                FindingKind.UNDEFINED_ACRONYM,
                ACRONYM_WHY,
                ACRONYM_SUGGESTION,
            )
        )
    return hits


_IRREGULAR_PARTICIPLES = (
    "made|kept|given|taken|done|seen|known|shown|held|sent|paid|met|set|put|built|brought|"
    "sought|told|written|undertaken|drawn|chosen|sold|left|led|read|spent|understood|"
    "agreed|carried|applied|supplied|notified|identified|verified|specified|satisfied"
)
_NOT_PARTICIPLES = frozenset({"need", "exceed", "proceed", "succeed", "speed", "indeed", "bed"})
_PASSIVE = re.compile(
    rf"\b(?:shall|must|will)\s+(?:not\s+)?be\s+(?:\w+ly\s+)?"
    rf"(?P<verb>\w+ed|\w+en|{_IRREGULAR_PARTICIPLES})\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<!\betc)(?<!\be\.g)(?<!\bi\.e)[.!?;](?=\s|$)|\n[ \t]*\n")
_TIME_WORDS = (
    r"(?:the\s+)?(?:\d|(?:end|close|start|beginning|date|deadline|time)\b)|noon\b|midnight\b|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b"
)
_ACTOR_BY = re.compile(rf"\bby\s+(?!{_TIME_WORDS})\w", re.IGNORECASE)


def _passive_hits(text: str, line_starts: list[int], headings: set[int]) -> list[_Hit]:
    hits: list[_Hit] = []
    heading_order = sorted(headings)
    for match in _PASSIVE.finditer(text):
        if match.group("verb").lower() in _NOT_PARTICIPLES:
            continue
        end_match = _SENTENCE_END.search(text, match.end())
        sentence_end = end_match.start() if end_match else len(text)
        # A heading line also ends the sentence.
        line = _line_of(line_starts, match.start())
        following = bisect.bisect_right(heading_order, line)
        if following < len(heading_order):
            sentence_end = min(sentence_end, line_starts[heading_order[following] - 1])
        if _ACTOR_BY.search(text, match.end(), sentence_end):
            continue
        hits.append(
            _Hit(
                match.start(),
                match.end(),
                FindingKind.PASSIVE_NO_ACTOR,
                PASSIVE_WHY,
                PASSIVE_SUGGESTION,
            )
        )
    return hits


def _line_of(line_starts: list[int], offset: int) -> int:
    """1-based line number holding a character offset."""
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1


def clarity_score(finding_count: int, word_count: int) -> int:
    """``round(100 − 10 × findings per 100 words)``, floored at 0; 100 for no words."""
    if word_count == 0:
        return 100
    per_100_words = finding_count * 100 / word_count
    return max(0, round(100 - SCORE_PENALTY_PER_FINDING_PER_100_WORDS * per_100_words))


def check_specification(text: str, lexicon: Lexicon) -> ClarityReport:
    """Check a specification's text for vague wording, undefined acronyms and ownerless duties."""
    lines = text.split("\n")
    line_starts: list[int] = []
    offset = 0
    for raw_line in lines:
        line_starts.append(offset)
        offset += len(raw_line) + 1
    section_of_line, section_order, headings = _sections(lines)

    hits: Iterable[_Hit] = [
        *_vague_hits(text, lexicon),
        *_acronym_hits(text, lexicon, line_starts, headings),
        *_passive_hits(text, line_starts, headings),
    ]
    findings: list[Finding] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        line = _line_of(line_starts, hit.start)
        findings.append(
            Finding(
                section=section_of_line[line - 1],
                line=line,
                text=text[hit.start : hit.end],
                kind=hit.kind,
                why=hit.why,
                suggestion=hit.suggestion,
            )
        )

    counts = {title: 0 for title in section_order}
    for finding in findings:
        counts[finding.section] = counts.get(finding.section, 0) + 1
    if counts.get(FRONT_MATTER) == 0:
        del counts[FRONT_MATTER]
    ordered = sorted(
        counts.items(),
        key=lambda item: -1 if item[0] == FRONT_MATTER else section_order.index(item[0]),
    )
    word_count = len(re.findall(r"\b[\w'’-]+\b", text))
    return ClarityReport(
        findings=tuple(findings),
        section_counts=tuple(ordered),
        word_count=word_count,
        score=clarity_score(len(findings), word_count),
    )
