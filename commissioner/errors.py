"""Errors every layer raises and every front end (GUI, CLI) shows as one clear message."""

from __future__ import annotations


class CommissionerError(Exception):
    """A problem the user can understand and act on; ``str()`` is the message."""


class DatabaseError(CommissionerError):
    """A database file that cannot be used as asked."""


class DatabaseMissingError(DatabaseError):
    pass


class NotCommissionerDatabaseError(DatabaseError):
    pass


class DamagedDatabaseError(DatabaseError):
    pass


class NewerDatabaseError(DatabaseError):
    pass


class DatabaseLockedError(DatabaseError):
    pass


class ReadOnlyDatabaseError(DatabaseError):
    pass


class RecordNotFoundError(CommissionerError):
    pass


class ValidationError(CommissionerError):
    """Input that breaks a domain rule; ``problems`` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))
