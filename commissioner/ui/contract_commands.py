"""Undoable edits to the contract's use-case tests: each kind of record names its three
services once, and the shared add, edit and delete commands do the rest."""

from __future__ import annotations

from commissioner.services import use_cases
from commissioner.ui.golden_thread_commands import RecordOperations

USE_CASE = RecordOperations(
    "use case", use_cases.add_use_case, use_cases.update_use_case, use_cases.delete_use_case
)
