"""The competency framework: for each role, the competencies it needs and the level
required for each supplier category. Shipped in ``resources/`` and copied into each new
file; each council then edits its own here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from commissioner.errors import ValidationError
from commissioner.models import Competency
from commissioner.models.enums import TeamRole
from commissioner.services.golden_thread_records import assign
from commissioner.services.supplier_input import name_order, required_line
from commissioner.services.team_input import level_field
from commissioner.storage import Database


@dataclass(frozen=True)
class CompetencyInput:
    """One competency as edited: a blank key makes a new one; levels 0–3 by category."""

    key: str
    role: TeamRole
    name: str
    description: str = ""
    general: int = 1
    expert: int = 2
    strategic: int = 2


def list_competencies(db: Database) -> list[CompetencyInput]:
    """The framework in its order, as the editor shows it."""
    query = select(Competency).order_by(Competency.sort_order, Competency.id)
    with db.session() as session:
        return [
            CompetencyInput(
                c.key,
                c.role,
                c.name,
                c.description,
                c.level_general,
                c.level_expert,
                c.level_strategic,
            )
            for c in session.scalars(query)
        ]


def replace_framework(db: Database, rows: Sequence[CompetencyInput]) -> list[CompetencyInput]:
    """Make the framework ``rows``, in that order; returns the framework it replaced.

    A renamed competency keeps its key, so its ratings follow it; one left out is
    removed (its ratings stay, and come back into use if it is restored). Problems are
    keyed '<row>.<field>', rows counted from 0.
    """
    values = _validate_framework(rows)
    before = list_competencies(db)
    with db.session() as session:
        existing = {c.key: c for c in session.scalars(select(Competency))}
        kept = {str(row["key"]) for row in values}
        for key in existing.keys() - kept:
            session.delete(existing.pop(key))
        session.flush()
        for row in values:
            record = existing.get(str(row["key"]))
            if record is None:
                session.add(Competency(**row))
            else:
                assign(record, row)
    return before


def _validate_framework(rows: Sequence[CompetencyInput]) -> list[dict[str, object]]:
    problems: dict[str, str] = {}
    names: set[str] = set()
    keys: set[str] = {row.key for row in rows if row.key}
    values: list[dict[str, object]] = []
    for position, row in enumerate(rows):
        name = required_line(problems, f"{position}.name", row.name, "competency's name", 200)
        if name.casefold() in names:
            problems[f"{position}.name"] = f"{name} is in the framework twice."
        names.add(name.casefold())
        key = row.key or _new_key(row.role, name, keys)
        keys.add(key)
        levels = {
            f"level_{category}": level_field(
                problems, f"{position}.{category}", getattr(row, category), "required level"
            )
            for category in ("general", "expert", "strategic")
        }
        values.append(
            {
                "key": key,
                "role": TeamRole(row.role),
                "name": name,
                "description": row.description.strip(),
                "sort_order": position,
                **levels,
            }
        )
    if len({value["key"] for value in values}) < len(values):
        problems[""] = "Two competencies share a key; reload the framework and try again."
    if problems:
        raise ValidationError(problems)
    return values


def _new_key(role: TeamRole, name: str, taken: set[str]) -> str:
    """A stable key for a new competency, from its role and name."""
    words = "_".join(re.findall(r"[a-z0-9]+", name_order(name)))[:40] or "competency"
    stem = f"{role.value[:12]}_{words}"
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}_{number}", number + 1
    return key
