"""Skills audit rules: the level a role needs on a project, gaps, role coverage,
capacity and the training plan's totals.

* **Required level** of a competency on a project follows the project's supplier
  category: general supplier, expert supplier or strategic partner (a project with no
  category — an in-house service — is treated as general). 0 means not needed.
* **Current level** of a person is their latest manager rating where there is one,
  otherwise their latest self-rating, otherwise none (0): a manager's view is the one
  an audit relies on.
* **Gap** = required − current, never below 0.
* **Role coverage** on a project: a role nobody holds is *not covered*; a role that
  needs more than awareness somewhere, but whose holders reach no more than awareness
  on any of its competencies, is *covered at awareness only*; otherwise *covered*. Both
  shortfalls are flagged, but only for roles the project's current stage needs (a
  contract in delivery no longer needs a procurement lead).
* **Capacity**: the team's FTE on the project against the FTE the project needs;
  short when below it.
* **Training plan**: the total cost of actions not cancelled; an action is overdue when
  it is planned or in progress and its due date has passed (due today is not overdue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from commissioner.models.enums import (
    SkillLevel,
    StageKind,
    SupplierCategory,
    TeamRole,
    TrainingStatus,
)


@dataclass(frozen=True)
class RequiredLevels:
    """A competency's required level for each supplier category."""

    general: int
    expert: int
    strategic: int

    def for_category(self, category: SupplierCategory | None) -> SkillLevel:
        if category is SupplierCategory.STRATEGIC_PARTNER:
            return SkillLevel(self.strategic)
        if category is SupplierCategory.EXPERT:
            return SkillLevel(self.expert)
        return SkillLevel(self.general)


@dataclass(frozen=True)
class Rating:
    """One dated rating: either side may be missing."""

    rated_on: dt.date
    self_level: int | None = None
    manager_level: int | None = None


@dataclass(frozen=True)
class CurrentRating:
    """The level an audit relies on, whose view it is and when it was given."""

    level: SkillLevel
    by_manager: bool = False
    rated_on: dt.date | None = None

    @property
    def rated(self) -> bool:
        return self.rated_on is not None


def current_rating(ratings: Iterable[Rating]) -> CurrentRating:
    """The latest manager rating, else the latest self-rating, else none (unrated).

    Ratings given on the same day keep their order: the later one wins.
    """
    ordered = sorted(ratings, key=lambda rating: rating.rated_on)
    for attribute, by_manager in (("manager_level", True), ("self_level", False)):
        known = [r for r in ordered if getattr(r, attribute) is not None]
        if known:
            latest = known[-1]
            return CurrentRating(
                SkillLevel(getattr(latest, attribute)), by_manager, latest.rated_on
            )
    return CurrentRating(SkillLevel.NONE)


def current_level(ratings: Iterable[Rating]) -> SkillLevel:
    """The latest manager rating, else the latest self-rating, else none."""
    return current_rating(ratings).level


def gap(required: int, current: int) -> int:
    """How many levels short someone is; 0 when they meet or exceed the requirement."""
    return max(0, int(required) - int(current))


class Coverage(StrEnum):
    NOT_COVERED = "not covered"
    AWARENESS_ONLY = "covered at awareness only"
    COVERED = "covered"

    @property
    def flagged(self) -> bool:
        return self is not Coverage.COVERED


def role_coverage(
    holder_levels: Iterable[Mapping[str, int]], required: Mapping[str, int]
) -> Coverage:
    """How well a role is covered, from each holder's levels on the role's competencies.

    ``holder_levels`` has one mapping per person holding the role, competency key → level;
    ``required`` maps the role's competencies to the level this project needs. Awareness
    is a shortfall only where the project needs more than awareness.
    """
    holders = list(holder_levels)
    if not holders:
        return Coverage.NOT_COVERED
    needs_depth = any(level > SkillLevel.AWARENESS for level in required.values())
    best = max(
        (levels.get(key, 0) for levels in holders for key in required),
        default=SkillLevel.NONE,
    )
    if needs_depth and best <= SkillLevel.AWARENESS:
        return Coverage.AWARENESS_ONLY
    return Coverage.COVERED


_ALWAYS = frozenset({TeamRole.PROJECT_MANAGEMENT, TeamRole.STAKEHOLDER_ENGAGEMENT})
#: The roles a project needs filled now, by its current stage: the team builds up to
#: procurement and contracting, then settles on managing the contract's delivery.
ROLES_BY_STAGE: dict[StageKind, frozenset[TeamRole]] = {
    StageKind.NEEDS_ASSESSMENT: _ALWAYS | {TeamRole.NEEDS_ASSESSMENT},
    StageKind.SERVICE_DESIGN: _ALWAYS
    | {TeamRole.NEEDS_ASSESSMENT, TeamRole.SERVICE_DESIGN, TeamRole.MARKET_ENGAGEMENT},
    StageKind.PROCUREMENT: _ALWAYS
    | {
        TeamRole.SERVICE_DESIGN,
        TeamRole.PROCUREMENT,
        TeamRole.MARKET_ENGAGEMENT,
        TeamRole.CONTRACT_MANAGEMENT,
    },
    StageKind.CONTRACTING: _ALWAYS
    | {TeamRole.PROCUREMENT, TeamRole.CONTRACT_MANAGEMENT, TeamRole.PERFORMANCE_MANAGEMENT},
    StageKind.DELIVERY: _ALWAYS | {TeamRole.CONTRACT_MANAGEMENT, TeamRole.PERFORMANCE_MANAGEMENT},
}


def role_needed_now(role: TeamRole, stage: StageKind) -> bool:
    """Whether a project at ``stage`` needs ``role`` filled: a contract in delivery no
    longer needs a procurement lead, so an empty procurement role is not a gap then."""
    return role in ROLES_BY_STAGE[stage]


@dataclass(frozen=True)
class Capacity:
    team_fte: Decimal
    needed_fte: Decimal | None

    @property
    def shortfall(self) -> Decimal:
        """FTE still to find; 0 when the need is met or not stated."""
        if self.needed_fte is None:
            return Decimal(0)
        return max(Decimal(0), self.needed_fte - self.team_fte)

    @property
    def short(self) -> bool:
        return self.shortfall > 0


def capacity(member_fte: Iterable[float | Decimal | None], needed: float | None) -> Capacity:
    """The team's FTE (a member with no share stated counts as 0) against the need."""
    total = sum((Decimal(str(fte)) for fte in member_fte if fte is not None), Decimal(0))
    return Capacity(total, None if needed is None else Decimal(str(needed)))


@dataclass(frozen=True)
class PlannedAction:
    status: TrainingStatus
    due_on: dt.date | None
    cost_pence: int | None


def plan_cost(actions: Iterable[PlannedAction]) -> int:
    """The plan's total cost in pence, leaving out cancelled actions."""
    return sum(
        action.cost_pence or 0
        for action in actions
        if action.status is not TrainingStatus.CANCELLED
    )


def overdue(action: PlannedAction, today: dt.date) -> bool:
    """Planned or in progress, and its due date has passed."""
    open_statuses = (TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS)
    return action.status in open_statuses and action.due_on is not None and action.due_on < today
