"""clarity lexicon in the file: vague phrases and well-known acronyms

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from commissioner.paths import resources_folder

# The lexicon as shipped; each council then edits the copy in its own file.
LEXICON_FILE = resources_folder() / "clarity_lexicon.json"

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    phrases = op.create_table(
        "clarity_phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(trim(phrase)) > 0", name=op.f("ck_clarity_phrases_phrase_not_blank")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clarity_phrases")),
        sa.UniqueConstraint("phrase", name=op.f("uq_clarity_phrases_phrase")),
        sqlite_autoincrement=True,
    )
    acronyms = op.create_table(
        "clarity_acronyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acronym", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "length(trim(acronym)) > 0", name=op.f("ck_clarity_acronyms_acronym_not_blank")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clarity_acronyms")),
        sa.UniqueConstraint("acronym", name=op.f("uq_clarity_acronyms_acronym")),
        sqlite_autoincrement=True,
    )
    _seed(phrases, acronyms)


def _seed(phrases: sa.Table, acronyms: sa.Table) -> None:
    """Copy the shipped lexicon in, phrases in the file's order, one row per acronym."""
    lexicon = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    rows = [
        {
            "phrase": " ".join(entry["phrase"].split()),
            "why": entry["why"].strip(),
            "suggestion": entry["suggestion"].strip(),
            "reason": group["reason"].strip(),
        }
        for group in lexicon["groups"]
        for entry in group["entries"]
    ]
    op.bulk_insert(phrases, [{**row, "sort_order": n} for n, row in enumerate(rows)])
    known = dict.fromkeys(a.strip().upper() for a in lexicon["well_known_acronyms"])
    op.bulk_insert(acronyms, [{"acronym": acronym} for acronym in known])


def downgrade() -> None:
    op.drop_table("clarity_acronyms")
    op.drop_table("clarity_phrases")
