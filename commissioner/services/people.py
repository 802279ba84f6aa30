"""People the forms offer as lead commissioner, sponsor and (later) team or stakeholders."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from commissioner.models import Person
from commissioner.storage import Database


@dataclass(frozen=True)
class PersonOption:
    id: int
    full_name: str
    job_title: str

    @property
    def display_name(self) -> str:
        return f"{self.full_name} ({self.job_title})" if self.job_title else self.full_name


def list_council_people(db: Database) -> list[PersonOption]:
    """Council staff, by name, for choosing a lead commissioner or sponsor."""
    query = (
        select(Person.id, Person.full_name, Person.job_title)
        .where(Person.is_council_staff.is_(True))
        .order_by(Person.full_name)
    )
    with db.session() as session:
        return [PersonOption(*row) for row in session.execute(query)]
