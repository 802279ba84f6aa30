"""Opening, migrating, backing up and auditing Commissioner database files."""

from commissioner.storage.database import APPLICATION_ID, Database, open_database

__all__ = ["APPLICATION_ID", "Database", "open_database"]
