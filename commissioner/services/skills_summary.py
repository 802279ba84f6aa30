"""Skills gaps summed up by competency across the organisation: where to invest in
training or recruitment first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commissioner.services.skills import GapRow


@dataclass(frozen=True)
class CompetencyShortfall:
    """One competency across the organisation: who is short of it, and how far."""

    competency_name: str
    role_label: str
    people_short: int
    gaps: int
    largest_gap: int
    without_action: int


def competency_shortfalls(rows: Sequence[GapRow]) -> list[CompetencyShortfall]:
    """Gaps grouped by competency, the most people short first.

    A person short on two projects counts once among the people, twice among the gaps.
    """
    grouped: dict[str, list[GapRow]] = {}
    for row in rows:
        grouped.setdefault(row.competency_key, []).append(row)
    shortfalls = [
        CompetencyShortfall(
            competency_name=group[0].competency_name,
            role_label=group[0].role.label,
            people_short=len({row.person_id for row in group}),
            gaps=len(group),
            largest_gap=max(row.gap for row in group),
            without_action=sum(1 for row in group if not row.open_action),
        )
        for group in grouped.values()
    ]
    return sorted(
        shortfalls, key=lambda s: (-s.people_short, -s.largest_gap, -s.gaps, s.competency_name)
    )
