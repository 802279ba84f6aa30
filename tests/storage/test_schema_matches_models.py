"""Migrations and models must describe the same schema, or a fresh file and an upgraded
file would differ."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from commissioner.models import Base
from commissioner.storage import Database
from commissioner.storage.text_search import is_search_table


def test_migrated_schema_equals_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                # Full-text indexes are built by SQL, outside the models, on purpose.
                "include_name": lambda name, _type, _parent: not is_search_table(name),
            },
        )
        assert compare_metadata(context, Base.metadata) == []
