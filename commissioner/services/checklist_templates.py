"""The council's stage checklist templates: read, replace, and copy into a new stage.

Template edits change what new stages start with; existing stages keep their own items.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import ChecklistItem, ChecklistTemplateItem
from commissioner.models.enums import StageKind
from commissioner.models.stage_rules import clean_template_lines, template_problem
from commissioner.storage import Database


def _template_rows(session: Session, kind: StageKind) -> list[ChecklistTemplateItem]:
    query = (
        select(ChecklistTemplateItem)
        .where(ChecklistTemplateItem.stage_kind == kind)
        .order_by(ChecklistTemplateItem.sort_order, ChecklistTemplateItem.id)
    )
    return list(session.scalars(query))


def list_templates(db: Database) -> dict[StageKind, tuple[str, ...]]:
    """Every stage's template lines, in order (stages without a template get none)."""
    with db.session() as session:
        return {
            kind: tuple(row.text for row in _template_rows(session, kind)) for kind in StageKind
        }


def replace_templates(db: Database, kind: StageKind, lines: Sequence[str]) -> tuple[str, ...]:
    """Make ``kind``'s template exactly ``lines``; returns the previous lines for undo.

    Lines kept keep their record (only their position changes), so the audit trail shows
    what was really added and removed.
    """
    wanted = clean_template_lines(lines)
    if problem := template_problem(wanted):
        raise ValidationError({"lines": problem})
    with db.session() as session:
        rows = _template_rows(session, kind)
        previous = tuple(row.text for row in rows)
        by_text = {row.text: row for row in rows}
        for row in rows:
            if row.text not in wanted:
                session.delete(row)
        for position, text in enumerate(wanted):
            row = by_text.get(text) or ChecklistTemplateItem(stage_kind=kind, text=text)
            if row.sort_order != position:
                row.sort_order = position
            session.add(row)
    return previous


def checklist_for_new_stage(session: Session, kind: StageKind) -> list[ChecklistItem]:
    """Fresh, unticked checklist items for a new ``kind`` stage, from the council's template."""
    return [
        ChecklistItem(text=row.text, done=False, sort_order=position)
        for position, row in enumerate(_template_rows(session, kind))
    ]


__all__ = ["checklist_for_new_stage", "list_templates", "replace_templates"]
