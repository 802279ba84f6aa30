"""Undoable edits to the duty-to-warn log, the contract's use-case tests and the clarity
lexicon: each kind of record names its three services once, and the shared add, edit
and delete commands do the rest."""

from __future__ import annotations

import datetime as dt

from commissioner.services import clarity, duty_to_warn, use_cases
from commissioner.services.changes import Area, Change
from commissioner.services.clarity import LexiconInput
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations

USE_CASE = RecordOperations(
    "use case", use_cases.add_use_case, use_cases.update_use_case, use_cases.delete_use_case
)


def warning_operations(today: dt.date) -> RecordOperations:
    """A warning's services, checking dates against ``today`` (the owner is the supplier
    relationship that raised it)."""
    return RecordOperations(
        "warning",
        lambda db, relationship_id, form: duty_to_warn.add_warning(
            db, relationship_id, form, today
        ),
        lambda db, warning_id, form: duty_to_warn.update_warning(db, warning_id, form, today),
        duty_to_warn.delete_warning,
    )


class ReplaceLexiconCommand(ServiceCommand):
    """Save the council's edited clarity lexicon; undo puts the previous one back."""

    def __init__(self, document: DatabaseDocument, lexicon: LexiconInput) -> None:
        super().__init__(document, "Edit clarity lexicon")
        self.lexicon = lexicon
        self.before: LexiconInput | None = None

    def apply(self) -> Change:
        previous = clarity.replace_lexicon(self.document.db, self.lexicon)
        if self.before is None:
            self.before = previous
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        assert self.before is not None
        clarity.replace_lexicon(self.document.db, self.before)
        return Change(Area.ORGANISATION)
