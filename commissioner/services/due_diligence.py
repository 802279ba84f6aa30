"""Pre-contract due diligence on a supplier: the checklist per relationship, each area
rated 1 (serious concern) to 5 (strong) with evidence, assessor and date, and the
council's template that new checklists start from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from commissioner.errors import ValidationError
from commissioner.models import DueDiligenceItem, DueDiligenceTemplateItem, ProjectSupplier
from commissioner.services.golden_thread_records import Removal, assign, load, remove
from commissioner.services.supplier_input import date_field, optional_line, required_line
from commissioner.storage import Database

RATING_WORDS = {
    1: "1 – Serious concern",
    2: "2 – Concern",
    3: "3 – Adequate",
    4: "4 – Good",
    5: "5 – Strong",
}
#: Ratings at or below this are concerns the board should hear about.
CONCERN_RATING = 2


@dataclass(frozen=True)
class DueDiligenceInput:
    """One area's assessment as typed: the date still text, rating None for not yet rated."""

    area: str
    rating: int | None = None
    evidence: str = ""
    assessor: str = ""
    assessed_on: str = ""


@dataclass(frozen=True)
class DueDiligenceRow:
    id: int
    area: str
    rating: int | None
    evidence: str
    assessor: str
    assessed_on: dt.date | None

    @property
    def concern(self) -> bool:
        return self.rating is not None and self.rating <= CONCERN_RATING

    def as_input(self) -> DueDiligenceInput:
        return DueDiligenceInput(
            area=self.area,
            rating=self.rating,
            evidence=self.evidence,
            assessor=self.assessor,
            assessed_on=self.assessed_on.strftime("%d/%m/%Y") if self.assessed_on else "",
        )


def list_due_diligence(db: Database, relationship_id: int) -> list[DueDiligenceRow]:
    query = (
        select(DueDiligenceItem)
        .where(DueDiligenceItem.project_supplier_id == relationship_id)
        .order_by(DueDiligenceItem.sort_order, DueDiligenceItem.id)
    )
    with db.session() as session:
        return [
            DueDiligenceRow(r.id, r.area, r.rating, r.evidence, r.assessor, r.assessed_on)
            for r in session.scalars(query)
        ]


def due_diligence_summary(rows: Sequence[DueDiligenceRow]) -> str:
    """One line: how far the checklist has got and how many concerns it found."""
    if not rows:
        return "No due diligence areas yet"
    rated = [row for row in rows if row.rating is not None]
    concerns = sum(1 for row in rated if row.concern)
    text = f"{len(rated)} of {len(rows)} areas assessed"
    if concerns:
        text += f"; {concerns} concern{'s' if concerns != 1 else ''}"
    return text


def validate_item(form: DueDiligenceInput, today: dt.date) -> dict[str, object]:
    problems: dict[str, str] = {}
    area = required_line(problems, "area", form.area, "area", 200)
    if form.rating is not None and form.rating not in RATING_WORDS:
        problems["rating"] = "Rate the area from 1 (serious concern) to 5 (strong)."
    assessor = optional_line(problems, "assessor", form.assessor, "assessor's name", 200)
    assessed_on = date_field(
        problems, "assessed_on", form.assessed_on, today, noun="assessment date"
    )
    if form.rating is not None and not form.evidence.strip():
        problems["evidence"] = "Record the evidence behind the rating."
    if problems:
        raise ValidationError(problems)
    return {
        "area": area,
        "rating": form.rating,
        "evidence": form.evidence.strip(),
        "assessor": assessor,
        "assessed_on": assessed_on,
    }


def update_item(db: Database, item_id: int, form: DueDiligenceInput, today: dt.date) -> None:
    values = validate_item(form, today)
    with db.session() as session:
        assign(load(session, DueDiligenceItem, item_id, "due diligence area"), values)


def add_item(db: Database, relationship_id: int, form: DueDiligenceInput, today: dt.date) -> int:
    """An extra area for one supplier, added at the end of its checklist."""
    values = validate_item(form, today)
    with db.session() as session:
        link = load(session, ProjectSupplier, relationship_id, "supplier relationship")
        position = max((item.sort_order for item in link.due_diligence), default=-1) + 1
        item = DueDiligenceItem(sort_order=position, **values)
        link.due_diligence.append(item)
        session.flush()
        return item.id


def delete_item(db: Database, item_id: int) -> Removal:
    """Remove one area from a supplier's checklist (undo puts it back as it was)."""
    with db.session() as session:
        return remove(session, load(session, DueDiligenceItem, item_id, "due diligence area"))


# --- The council's template ---------------------------------------------------------


def list_template(db: Database) -> tuple[str, ...]:
    query = select(DueDiligenceTemplateItem.area).order_by(
        DueDiligenceTemplateItem.sort_order, DueDiligenceTemplateItem.id
    )
    with db.session() as session:
        return tuple(session.scalars(query))


def replace_template(db: Database, areas: Sequence[str]) -> tuple[str, ...]:
    """Make the template exactly ``areas``; returns the previous areas for undo.

    Existing checklists keep their own areas; only relationships added later use it.
    """
    cleaned = [" ".join(area.split()) for area in areas]
    cleaned = [area for area in cleaned if area]
    problems: dict[str, str] = {}
    if not cleaned:
        problems["areas"] = "Keep at least one due diligence area."
    elif len({area.lower() for area in cleaned}) != len(cleaned):
        problems["areas"] = "Each area may appear only once."
    elif any(len(area) > 200 for area in cleaned):
        problems["areas"] = "Keep each area to 200 characters."
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        rows = {row.area: row for row in session.scalars(select(DueDiligenceTemplateItem))}
        before = tuple(
            row.area for row in sorted(rows.values(), key=lambda row: (row.sort_order, row.id))
        )
        for area, row in list(rows.items()):
            if area not in cleaned:
                session.delete(row)
        session.flush()
        for position, area in enumerate(cleaned):
            if area in rows:
                assign(rows[area], {"sort_order": position})
            else:
                session.add(DueDiligenceTemplateItem(area=area, sort_order=position))
    return before
