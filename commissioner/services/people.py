"""People the forms offer as lead commissioner, sponsor, team member or stakeholder, and
adding or editing a member of council staff for the client team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import (
    DevelopmentProfile,
    GapReview,
    Person,
    Project,
    SkillRating,
    SuccessionCover,
    TeamMember,
    TrainingAction,
)
from commissioner.services.golden_thread_records import Removal, assign, load, remove
from commissioner.services.supplier_input import email_field, optional_line, required_line
from commissioner.services.team_input import fte_field, fte_text
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


# --- Adding and editing council staff for the client team ---------------------------


@dataclass(frozen=True)
class PersonInput:
    """The person form as typed: the commissioning share still text, e.g. '0.2'."""

    full_name: str
    job_title: str = ""
    email: str = ""
    commissioning_fte: str = ""


def _validate_person(form: PersonInput) -> dict[str, object]:
    problems: dict[str, str] = {}
    values: dict[str, object] = {
        "full_name": required_line(problems, "full_name", form.full_name, "person's name", 200),
        "job_title": optional_line(problems, "job_title", form.job_title, "job title", 200),
        "email": email_field(problems, "email", form.email),
        "commissioning_fte": fte_field(
            problems, "commissioning_fte", form.commissioning_fte, noun="commissioning FTE"
        ),
    }
    if problems:
        raise ValidationError(problems)
    return values


def get_person(db: Database, person_id: int) -> PersonInput:
    with db.session() as session:
        person = load(session, Person, person_id, "person")
        return PersonInput(
            person.full_name, person.job_title, person.email, fte_text(person.commissioning_fte)
        )


def add_person(db: Database, form: PersonInput) -> int:
    """Add a member of council staff; returns their id."""
    values = _validate_person(form)
    with db.session() as session:
        person = Person(is_council_staff=True, **values)
        session.add(person)
        session.flush()
        return person.id


def update_person(db: Database, person_id: int, form: PersonInput) -> PersonInput:
    """Change a person's details; returns the details they replaced, for undo."""
    values = _validate_person(form)
    before = get_person(db, person_id)
    with db.session() as session:
        assign(load(session, Person, person_id, "person"), values)
    return before


def delete_person(db: Database, person_id: int) -> Removal:
    """Delete a person nothing refers to yet (undoing their addition)."""
    with db.session() as session:
        person = load(session, Person, person_id, "person")
        if _is_referred_to(session, person_id):
            raise ValidationError(
                {"": f"{person.full_name} has a record in the portfolio; keep them."}
            )
        return remove(session, person)


def _is_referred_to(session: Session, person_id: int) -> bool:
    checks = [
        select(model.id).where(model.person_id == person_id).limit(1)
        for model in (
            TeamMember,
            SkillRating,
            GapReview,
            TrainingAction,
            SuccessionCover,
            DevelopmentProfile,
        )
    ]
    checks.append(
        select(Project.id)
        .where(or_(Project.lead_commissioner_id == person_id, Project.sponsor_id == person_id))
        .limit(1)
    )
    return any(session.scalar(query) is not None for query in checks)
