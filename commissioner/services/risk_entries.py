"""One RAID entry as plain data: its fields, mitigating actions and re-scoring history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from commissioner.models import RaidItem, RiskAction, RiskAssessment
from commissioner.models.dates import format_date
from commissioner.models.enums import (
    ActionStatus,
    CommissioningChallenge,
    IssuePriority,
    RaidKind,
    RaidStatus,
    RiskResponse,
)
from commissioner.models.risk_rules import LEVEL_COLUMNS, score
from commissioner.services.risk_input import RiskInput


@dataclass(frozen=True)
class Levels:
    """The six levels of a scoring: inherent, residual and target likelihood × impact."""

    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    target_likelihood: int | None = None
    target_impact: int | None = None

    @classmethod
    def of(cls, record: RaidItem | RiskAssessment) -> Levels:
        return cls(**{column: getattr(record, column) for column in LEVEL_COLUMNS})

    @property
    def inherent_score(self) -> int | None:
        return score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int | None:
        return score(self.residual_likelihood, self.residual_impact)

    @property
    def target_score(self) -> int | None:
        return score(self.target_likelihood, self.target_impact)


@dataclass(frozen=True)
class ActionView:
    id: int
    description: str
    owner: str
    due_on: dt.date | None
    status: ActionStatus
    completed_on: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        return self.status is ActionStatus.OPEN and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class AssessmentView:
    """One re-scoring in a risk's history."""

    id: int
    assessed_on: dt.date
    assessed_by: str
    levels: Levels
    note: str


@dataclass(frozen=True)
class RaidEntry:
    """Everything the detail panel and the form show about one entry."""

    id: int
    project_id: int
    kind: RaidKind
    reference: str
    title: str
    cause: str
    event: str
    consequence: str
    description: str
    category_id: int | None
    challenge: CommissioningChallenge | None
    owner: str
    actionee: str
    levels: Levels
    response: RiskResponse | None
    proximity_on: dt.date | None
    status: RaidStatus
    next_review_on: dt.date | None
    raised_on: dt.date | None
    closed_on: dt.date | None
    priority: IssuePriority | None
    resolution: str
    counterparty: str
    needed_by: dt.date | None
    raised_from: str
    actions: tuple[ActionView, ...]
    assessments: tuple[AssessmentView, ...]

    def as_input(self) -> RiskInput:
        """The entry as the form shows it for editing."""
        return RiskInput(
            title=self.title,
            kind=self.kind,
            cause=self.cause,
            event=self.event,
            consequence=self.consequence,
            description=self.description,
            category_id=self.category_id,
            challenge=self.challenge,
            owner=self.owner,
            actionee=self.actionee,
            **{column: getattr(self.levels, column) for column in LEVEL_COLUMNS},
            response=self.response,
            proximity_on=format_date(self.proximity_on),
            status=self.status,
            next_review_on=format_date(self.next_review_on),
            raised_on=format_date(self.raised_on),
            priority=self.priority,
            resolution=self.resolution,
            counterparty=self.counterparty,
            needed_by=format_date(self.needed_by),
        )


def action_view(action: RiskAction) -> ActionView:
    return ActionView(
        action.id,
        action.description,
        action.owner,
        action.due_on,
        action.status,
        action.completed_on,
    )


def assessment_view(row: RiskAssessment) -> AssessmentView:
    return AssessmentView(row.id, row.assessed_on, row.assessed_by, Levels.of(row), row.note)


def raid_entry(item: RaidItem, raised_from: str = "") -> RaidEntry:
    return RaidEntry(
        **{column: getattr(item, column) for column in _ITEM_COLUMNS},
        levels=Levels.of(item),
        raised_from=raised_from,
        actions=tuple(action_view(action) for action in item.actions),
        assessments=tuple(assessment_view(row) for row in item.assessments),
    )


#: RaidEntry fields read straight from the entry's own columns.
_ITEM_COLUMNS = tuple(
    item.name
    for item in fields(RaidEntry)
    if item.name not in ("levels", "raised_from", "actions", "assessments")
)
