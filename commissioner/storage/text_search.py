"""Full-text search where SQLite offers FTS5; callers fall back to LIKE elsewhere."""

from __future__ import annotations

import re

from sqlalchemy import Select, literal_column, select, table, text
from sqlalchemy.orm import Session

#: Tables the schema builds outside the ORM models (search indexes and their shadows).
SEARCH_TABLE_PREFIXES = ("communications_search",)

_SEARCHABLE = re.compile(r"^[\w\s'’-]+$")


def is_search_table(name: str | None) -> bool:
    return bool(name) and name.startswith(SEARCH_TABLE_PREFIXES)  # type: ignore[union-attr]


def has_search_index(session: Session, index: str) -> bool:
    query = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name")
    if session.get_bind().dialect.name != "sqlite":
        return False
    return session.execute(query, {"name": index}).first() is not None


def match_expression(user_text: str) -> str | None:
    """The FTS5 query for plain words (each a prefix, all required); None for other text.

    Text with symbols (``%``, ``<``, ``&`` …) is left to LIKE, which matches it literally.
    """
    words = user_text.split()
    if not words or not _SEARCHABLE.match(user_text):
        return None
    return " ".join('"' + word.replace('"', "") + '"*' for word in words)


def matching_rowids(index: str, expression: str) -> Select:
    """The rowids of ``index`` that match ``expression``, as a subquery."""
    search = table(index)
    return (
        select(literal_column("rowid"))
        .select_from(search)
        .where(literal_column(index).op("MATCH")(expression))
    )
