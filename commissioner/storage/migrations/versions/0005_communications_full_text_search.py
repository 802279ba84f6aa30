"""communications full-text search

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: An index over subject and summary, kept in step with the log by triggers. Built only
#: where SQLite has FTS5; elsewhere searches fall back to LIKE.
STATEMENTS = (
    "CREATE VIRTUAL TABLE communications_search USING fts5("
    "subject, summary, content='communications', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER communications_search_insert AFTER INSERT ON communications BEGIN "
    "INSERT INTO communications_search(rowid, subject, summary) "
    "VALUES (new.id, new.subject, new.summary); END",
    "CREATE TRIGGER communications_search_delete AFTER DELETE ON communications BEGIN "
    "INSERT INTO communications_search(communications_search, rowid, subject, summary) "
    "VALUES ('delete', old.id, old.subject, old.summary); END",
    "CREATE TRIGGER communications_search_update AFTER UPDATE ON communications BEGIN "
    "INSERT INTO communications_search(communications_search, rowid, subject, summary) "
    "VALUES ('delete', old.id, old.subject, old.summary); "
    "INSERT INTO communications_search(rowid, subject, summary) "
    "VALUES (new.id, new.subject, new.summary); END",
    "INSERT INTO communications_search(communications_search) VALUES ('rebuild')",
)


def _has_fts5() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    return bool(bind.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar())


def upgrade() -> None:
    if _has_fts5():
        for statement in STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS communications_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS communications_search")
