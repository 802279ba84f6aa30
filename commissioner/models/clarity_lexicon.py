"""The council's clarity lexicon: the vague phrases the specification check flags and the
acronyms everyone knows. It lives in the database so that the council's edits travel
with its file; the shipped ``resources/clarity_lexicon.json`` only seeds a new file."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commissioner.models.base import NEVER_REUSE_IDS, Base


class ClarityPhrase(Base):
    """A vague phrase, why it weakens a specification and what to write instead."""

    __tablename__ = "clarity_phrases"
    __table_args__ = (
        CheckConstraint("length(trim(phrase)) > 0", name="phrase_not_blank"),
        NEVER_REUSE_IDS,
    )
    __audit_exclude__ = ("sort_order",)

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(200), unique=True)
    why: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    #: The kind of vagueness the phrase belongs to, e.g. "Open timescale".
    reason: Mapped[str] = mapped_column(String(300), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def audit_label(self) -> str:
        return f"Clarity lexicon: {self.phrase}"


class WellKnownAcronym(Base):
    """An abbreviation readers know without a definition (NHS, KPI), never flagged."""

    __tablename__ = "clarity_acronyms"
    __table_args__ = (
        CheckConstraint("length(trim(acronym)) > 0", name="acronym_not_blank"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(20), unique=True)

    def audit_label(self) -> str:
        return f"Well-known acronym: {self.acronym}"
