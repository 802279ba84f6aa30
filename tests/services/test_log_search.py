"""Searching the communications log: FTS5 words and prefixes, LIKE for symbols."""

from __future__ import annotations

import pytest

from commissioner.services import communications
from commissioner.services.communications import SEARCH_INDEX, LogFilter, MeetingInput
from commissioner.storage import Database
from commissioner.storage.text_search import has_search_index, match_expression


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("consult", '"consult"*'),
        ("TUPE  staff", '"TUPE"* "staff"*'),
        ("O'Neill", '"O\'Neill"*'),
        ("50% <b> & co", None),
        ("   ", None),
    ],
)
def test_match_expression(typed: str, expected: str | None) -> None:
    assert match_expression(typed) == expected


def subjects(db: Database, project_id: int, text: str) -> set[str]:
    rows = communications.fetch_log(db, LogFilter(project_id, text=text), offset=0, limit=50)
    assert communications.count_log(db, LogFilter(project_id, text=text)) == len(rows)
    return {row.subject for row in rows}


def test_words_prefixes_accents_and_symbols(db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    for subject, summary in (
        ("Café consultation evening", "Residents asked about bin collection days"),
        ("TUPE information request", "Staff list from the incumbent"),
        ("Pricing: 50% uplift & <indexation>", "Supplier letter"),
    ):
        communications.log_meeting(
            db, project_id, MeetingInput("01/03/2026", subject, summary=summary)
        )
    with db.session() as session:
        assert has_search_index(session, SEARCH_INDEX)
    assert subjects(db, project_id, "consult") == {"Café consultation evening"}
    assert subjects(db, project_id, "cafe") == {"Café consultation evening"}
    assert subjects(db, project_id, "incumbent staff") == {"TUPE information request"}
    assert subjects(db, project_id, "50%") == {"Pricing: 50% uplift & <indexation>"}
    assert subjects(db, project_id, "<index") == {"Pricing: 50% uplift & <indexation>"}
    assert subjects(db, project_id, "nothing like this") == set()


def test_the_index_follows_deletes(db: Database, make_project) -> None:  # type: ignore[no-untyped-def]
    project_id = make_project(db)
    entry = communications.log_meeting(
        db, project_id, MeetingInput("01/03/2026", "Mobilisation check-point")
    )
    assert subjects(db, project_id, "mobilisation") == {"Mobilisation check-point"}
    communications.delete_entry(db, entry)
    assert subjects(db, project_id, "mobilisation") == set()
