"""The pack's client team section: whether the council has the people and skills to
commission this project well — role coverage at the current stage, FTE against the
plan, skills gaps and how the training plan is getting on.

Every figure comes from the team, skills and training services, so the board reads
what the Team area shows: coverage and gaps by the skills-audit rules, capacity and
overdue training by `models.team_rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from commissioner.models.dates import format_date
from commissioner.models.enums import TrainingStatus
from commissioner.models.money import format_pounds
from commissioner.models.team_rules import Capacity, Coverage
from commissioner.reports.blocks import (
    Block,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services import skills, team, training
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.pack_sections.wording import shorten
from commissioner.services.skills import GapRow
from commissioner.services.team import RoleCover, TeamView
from commissioner.services.team_input import fte_text
from commissioner.services.training import TrainingPlan
from commissioner.storage import Database

#: Rows a table in this section shows before saying how many more there are.
LIST_LIMIT = 10
#: The order a training plan's statuses are counted in: work under way first.
STATUS_ORDER = (
    TrainingStatus.IN_PROGRESS,
    TrainingStatus.PLANNED,
    TrainingStatus.DONE,
    TrainingStatus.CANCELLED,
)


def build_team_capability(db: Database, context: PackContext) -> Section:
    """Role coverage, capacity against plan, skills gaps and the training plan."""
    view = team.team_for_project(db, context.project_id)
    gaps = skills.gaps_for_project(db, context.project_id)
    plan = training.plan_for_project(db, context.project_id, context.as_of)
    blocks: list[Block] = [
        _headline(view, gaps, plan),
        Paragraph(_messages(view, gaps, plan), kind="lead"),
        *_roles(view),
        *_members(view),
        *_gaps(gaps),
        *_training(context.as_of, plan),
    ]
    return Section("team", "Client team capability", tuple(blocks))


def _fte(value: Decimal | float) -> str:
    return f"{fte_text(value)} FTE"


def _shortfalls(view: TeamView) -> list[RoleCover]:
    return [role for role in view.roles if role.flagged]


def _headline(view: TeamView, gaps: Sequence[GapRow], plan: TrainingPlan) -> KeyFigures:
    needed = sum(1 for role in view.roles if role.needed_now)
    open_actions = sum(1 for action in plan.actions if action.status in STATUS_ORDER[:2])
    return KeyFigures(
        (
            KeyFigure(
                "Team capacity", _fte(view.capacity.team_fte), note=_capacity_note(view.capacity)
            ),
            KeyFigure(
                "Roles not covered",
                str(len(_shortfalls(view))),
                note=f"of {needed} this stage needs",
            ),
            KeyFigure("Skills gaps", str(len(gaps)), note=_gap_note(gaps)),
            KeyFigure(
                "Training overdue",
                str(plan.overdue_count),
                rating="Overdue" if plan.overdue_count else "",
                note=f"of {open_actions} open actions",
            ),
        )
    )


def _capacity_note(capacity: Capacity) -> str:
    if capacity.needed_fte is None:
        return "no FTE need planned"
    if capacity.short:
        return f"{_fte(capacity.shortfall)} short of {_fte(capacity.needed_fte)} planned"
    return f"meets the {_fte(capacity.needed_fte)} planned"


def _gap_note(gaps: Sequence[GapRow]) -> str:
    if not gaps:
        return "none against the roles' needs"
    people = len({row.person_id for row in gaps})
    without = sum(1 for row in gaps if row.open_action_id is None)
    return f"{people} {'person' if people == 1 else 'people'}; {without} without training"


def _messages(view: TeamView, gaps: Sequence[GapRow], plan: TrainingPlan) -> str:
    """What the board should take from this section, in a few sentences."""
    if not view.members:
        sentences = ["No one is on this project's client team yet."]
    else:
        sentences = [_capacity_sentence(view.capacity)]
    sentences.append(_coverage_sentence(view))
    if gaps:
        sentences.append(_gap_sentence(gaps))
    if plan.overdue_count:
        noun = "action is" if plan.overdue_count == 1 else "actions are"
        sentences.append(f"{plan.overdue_count} training {noun} overdue.")
    return " ".join(sentences)


def _gap_sentence(gaps: Sequence[GapRow]) -> str:
    people = len({row.person_id for row in gaps})
    without = sum(1 for row in gaps if row.open_action_id is None)
    text = f"{len(gaps)} skills {'gap' if len(gaps) == 1 else 'gaps'} across {people} "
    text += "person" if people == 1 else "people"
    if not without:
        return text + ", each with a training action under way or planned."
    return text + f"; {without} with no training action planned."


def _capacity_sentence(capacity: Capacity) -> str:
    have = _fte(capacity.team_fte)
    if capacity.needed_fte is None:
        return f"The team gives the project {have}; no FTE need is planned."
    if capacity.short:
        return (
            f"The team gives the project {have} against {_fte(capacity.needed_fte)} "
            f"planned: {_fte(capacity.shortfall)} short."
        )
    return f"The team's {have} meets the {_fte(capacity.needed_fte)} planned."


def _coverage_sentence(view: TeamView) -> str:
    shortfalls = _shortfalls(view)
    if not shortfalls:
        return "Every role this stage needs is covered."
    parts = []
    for coverage in (Coverage.NOT_COVERED, Coverage.AWARENESS_ONLY):
        roles = [role.role.label.lower() for role in shortfalls if role.coverage is coverage]
        if roles:
            parts.append(f"{coverage.value.capitalize()}: {', '.join(roles)}.")
    return " ".join(parts)


# --- Roles and members --------------------------------------------------------------------

_ROLE_COLUMNS = (
    Column("Role", 2.0),
    Column("Held by", 1.8),
    Column("Coverage", 1.5, rating=True),
    Column("Could step in", 1.9),
)


def _roles(view: TeamView) -> list[Block]:
    heading = Subheading("Role coverage")
    if not view.members:
        text = "No role is covered yet: the client team has no members."
        return [heading, Paragraph(text, kind="empty")]
    rows = tuple(
        (
            role.role.label,
            ", ".join(role.holders) or "Nobody",
            _coverage_word(role),
            "; ".join(_cover(row.full_name, row.readiness) for row in role.succession),
        )
        for role in view.roles
    )
    caption = "Coverage by the skills audit; a role the current stage does not need is no gap."
    return [heading, Table(_ROLE_COLUMNS, rows, caption=caption)]


def _coverage_word(role: RoleCover) -> str:
    if not role.needed_now and role.coverage is Coverage.NOT_COVERED:
        return "Not needed at this stage"
    return role.coverage.value.capitalize()


def _cover(name: str, readiness: str) -> str:
    return f"{name} ({readiness})" if readiness else name


_MEMBER_COLUMNS = (
    Column("Member", 1.6),
    Column("Job title", 2.2),
    Column("FTE", 0.6, "right"),
    Column("Roles on this project", 2.8),
)


def _members(view: TeamView) -> list[Block]:
    heading = Subheading("Team and capacity")
    if not view.members:
        text = "No one is on this project's client team yet."
        return [heading, Paragraph(text, kind="empty")]
    rows = [
        (
            member.full_name,
            member.job_title,
            fte_text(member.fte) or "Not stated",
            ", ".join(role.label for role in member.roles),
        )
        for member in view.members
    ]
    rows.append(("Team total", "", fte_text(view.capacity.team_fte), ""))
    blocks: list[Block] = [heading, Table(_MEMBER_COLUMNS, tuple(rows), total_row=True)]
    if view.plan_notes:
        blocks.append(Paragraph(f"Team plan: {view.plan_notes}", kind="note"))
    return blocks


# --- Skills gaps and training -------------------------------------------------------------

_GAP_COLUMNS = (
    Column("Member", 1.4),
    Column("Competency", 2.2),
    Column("Role", 1.4),
    Column("Needs", 0.9),
    Column("Has", 1.1),
    Column("Training action", 2.0),
)


def _gaps(gaps: Sequence[GapRow]) -> list[Block]:
    heading = Subheading("Skills gaps")
    if not gaps:
        text = "No skills gaps: every member meets what their roles need on this project."
        return [heading, Paragraph(text, kind="empty")]
    rows = tuple(
        (
            row.full_name,
            row.competency_name,
            row.role.label,
            row.required.label,
            _current(row),
            shorten(row.open_action, 120) if row.open_action else "None planned",
        )
        for row in gaps[:LIST_LIMIT]
    )
    blocks: list[Block] = [
        heading,
        Table(_GAP_COLUMNS, rows, caption="Largest gaps first, by the skills audit."),
    ]
    if len(gaps) > LIST_LIMIT:
        more = len(gaps) - LIST_LIMIT
        blocks.append(Paragraph(f"… and {more} more gaps in the skills audit.", kind="note"))
    return blocks


def _current(row: GapRow) -> str:
    rating = row.current
    if not rating.rated:
        return "Not rated"
    return rating.level.label if rating.by_manager else f"{rating.level.label} (self-rated)"


def _training(as_of: dt.date, plan: TrainingPlan) -> list[Block]:
    heading = Subheading("Training plan")
    if not plan.actions:
        text = "No training actions are planned for this team."
        return [heading, Paragraph(text, kind="empty")]
    counts = tuple(
        (status.label, str(sum(1 for action in plan.actions if action.status is status)))
        for status in STATUS_ORDER
    )
    columns = (Column("Status", 2.0), Column("Actions", 1.0, "right"))
    cost = f"The plan costs {format_pounds(plan.total_cost_pence)}, leaving out cancelled actions."
    blocks: list[Block] = [heading, Table(columns, counts), Paragraph(cost)]
    return blocks + _overdue_training(as_of, plan)


_OVERDUE_COLUMNS = (
    Column("Member", 1.4),
    Column("Training action", 3.2),
    Column("Due", 0.9),
    Column("Days overdue", 0.8, "right"),
)


def _overdue_training(as_of: dt.date, plan: TrainingPlan) -> list[Block]:
    overdue = sorted(
        (action for action in plan.actions if action.overdue),
        key=lambda action: action.due_on or as_of,
    )
    if not overdue:
        return [Paragraph("No training action is overdue.", kind="empty")]
    rows = tuple(
        (
            action.full_name,
            shorten(action.description, 200),
            format_date(action.due_on),
            str((as_of - action.due_on).days) if action.due_on else "",
        )
        for action in overdue[:LIST_LIMIT]
    )
    blocks: list[Block] = [Table(_OVERDUE_COLUMNS, rows, caption="Overdue training actions.")]
    if len(overdue) > LIST_LIMIT:
        more = len(overdue) - LIST_LIMIT
        blocks.append(Paragraph(f"… and {more} more overdue actions.", kind="note"))
    return blocks
