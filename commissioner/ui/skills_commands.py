"""Undoable skills-audit edits: a rating, a gap review and the competency framework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commissioner.services import skills, skills_framework, training
from commissioner.services.changes import Area, Change
from commissioner.services.golden_thread_records import Removal, restore_removal
from commissioner.services.skills import RatingInput
from commissioner.services.skills_framework import CompetencyInput
from commissioner.services.training import GapReviewInput
from commissioner.ui.document import DatabaseDocument, ServiceCommand


class RateCommand(ServiceCommand):
    """Record one rating; undo takes it back, leaving earlier ratings as they were."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        person_id: int,
        competency_key: str,
        form: RatingInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, "Rate competency")
        self.project_id, self.person_id, self.competency_key = project_id, person_id, competency_key
        self.form, self.today = form, today
        self.rating_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.rating_id = skills.rate(
                self.document.db, self.person_id, self.competency_key, self.form, self.today
            )
        else:
            restore_removal(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.rating_id is not None
        self._removed = skills.delete_rating(self.document.db, self.rating_id)
        return Change(Area.PROJECT, self.project_id)


class AddGapReviewCommand(ServiceCommand):
    """Record that a member's gaps were discussed with them."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        person_id: int,
        form: GapReviewInput,
        today: dt.date,
    ) -> None:
        super().__init__(document, "Record gap review")
        self.project_id, self.person_id, self.form, self.today = project_id, person_id, form, today
        self.review_id: int | None = None
        self._removed: Removal | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.review_id = training.add_gap_review(
                self.document.db, self.person_id, self.form, self.today
            )
        else:
            restore_removal(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.review_id is not None
        self._removed = training.delete_gap_review(self.document.db, self.review_id)
        return Change(Area.PROJECT, self.project_id)


class ReplaceFrameworkCommand(ServiceCommand):
    """Make the council's competency framework ``rows``; undo puts the old one back."""

    def __init__(self, document: DatabaseDocument, rows: Sequence[CompetencyInput]) -> None:
        super().__init__(document, "Edit competency framework")
        self.rows = list(rows)
        self.before: list[CompetencyInput] = []

    def apply(self) -> Change:
        self.before = skills_framework.replace_framework(self.document.db, self.rows)
        # Every project's audit reads the framework, so the change is organisation-wide.
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        skills_framework.replace_framework(self.document.db, self.before)
        return Change(Area.ORGANISATION)
