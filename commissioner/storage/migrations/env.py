"""Alembic environment: migrations run on the connection the application hands over."""

from alembic import context

from commissioner.models import Base
from commissioner.storage.text_search import is_search_table

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run from the alembic command line
    raise SystemExit("Commissioner migrations run when a database is opened by the app.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=lambda name, _type, _parent: not is_search_table(name),
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
