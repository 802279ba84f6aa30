"""What the project overview says about suppliers: who delivers, in which category, and
what needs attention (a falling alignment, a quiet expert, unsettled contract wording)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commissioner.models.enums import SupplierRole
from commissioner.services import alignment, duty_to_warn, suppliers, use_cases
from commissioner.storage import Database


@dataclass(frozen=True)
class SupplierOverview:
    #: The contracted providers, e.g. "Greenway Environmental — Strategic partner".
    providers: tuple[str, ...]
    #: How many suppliers are bidding or shortlisted.
    in_competition: int
    #: Sentences the commissioner should act on, most serious first.
    flags: tuple[str, ...]


def supplier_overview(db: Database, project_id: int, today: dt.date) -> SupplierOverview:
    relationships = suppliers.list_relationships(db, project_id)
    providers = tuple(
        f"{row.supplier_name} — {row.category.label}"
        for row in relationships
        if row.role is SupplierRole.CONTRACTED
    )
    flags = [
        f"Cultural alignment with {fall.supplier_name} fell from {fall.previous} to "
        f"{fall.latest} at the latest reassessment."
        for fall in alignment.falling_alignments(db, project_id)
    ]
    outstanding = use_cases.outstanding_ambiguities(db, project_id)
    if outstanding:
        cases = "use case has" if outstanding == 1 else "use cases have"
        advice = use_cases.settle_advice(
            outstanding, use_cases.contract_in_delivery(db, project_id)
        )
        flags.append(f"{outstanding} contract {cases} ambiguous wording: {advice}.")
    flags += [prompt.message for prompt in duty_to_warn.warning_prompts(db, project_id, today)]
    return SupplierOverview(
        providers=providers,
        in_competition=len(relationships) - len(providers),
        flags=tuple(flags),
    )
