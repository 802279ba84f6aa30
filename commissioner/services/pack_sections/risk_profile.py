"""The pack's risk profile: where the project's open risks sit, the worst of them, those
outside the council's appetite, how they moved since the last pack, and the rest of the
RAID log in counts.

Three reads whatever the register's size: the open risks (one query), the two heat maps
(the same grouped queries the Risks area draws) and the RAID log's counts by kind and
status. Bands, words and appetite come from the council's risk settings, so a score
reads in the pack exactly as it does on screen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from commissioner.models import RaidItem
from commissioner.models.enums import RaidKind, RaidStatus, RiskResponse
from commissioner.models.risk_rules import MATRIX_SIZE, Band, Movement, movement, review_overdue
from commissioner.reports.blocks import (
    Block,
    Column,
    HeatMap,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.reports.palette import rating_colour
from commissioner.services.pack_sections.appendices import APPENDIX_RISKS
from commissioner.services.pack_sections.context import PackContext, RiskFigure
from commissioner.services.pack_sections.wording import plural
from commissioner.services.risk_heat_map import STAGE_TITLES, Stage, heat_map_counts
from commissioner.services.risk_settings import RiskSettings, load_risk_settings
from commissioner.storage import Database

#: How many risks the main section lists; the full register is an appendix.
TOP_RISKS = 10
#: The scale band colours are matched against, so each band is tinted by its nearest word.
_RATING_WORDS = ("Green", "Amber/Green", "Amber", "Amber/Red", "Red")


@dataclass(frozen=True)
class OpenRisk:
    """One open (draft, open or escalated) risk with its scores worked out."""

    reference: str
    title: str
    owner: str
    inherent: int | None
    residual: int
    category_id: int | None
    response: RiskResponse | None
    status: RaidStatus
    next_review_on: dt.date | None


def build_risk_profile(db: Database, context: PackContext) -> Section:
    """The risk profile section of a project pack."""
    settings = load_risk_settings(db)
    risks = _open_risks(db, context.project_id)
    counts = _raid_counts(db, context.project_id)
    previous = context.previous
    if not counts and not (previous and previous.risks):
        empty = "No risks, issues, assumptions or dependencies are recorded for this project."
        return _section((Paragraph(empty, kind="empty"),))
    blocks: list[Block] = [_key_figures(risks, settings, context)]
    if risks:
        blocks += _lead(risks, settings, context.as_of)
        blocks += _heat_maps(db, context.project_id, settings)
        blocks += _top_risks(risks, settings)
        blocks += _outside_appetite(risks, settings)
    else:
        blocks.append(Paragraph(_no_open_risks(counts), kind="empty"))
    blocks += movement_blocks(context)
    blocks += _raid_summary(counts)
    return _section(tuple(blocks))


def _section(blocks: tuple[Block, ...]) -> Section:
    return Section(key="risks", title="Risk profile", blocks=blocks)


# ----- reading ----------------------------------------------------------------------


def _open_risks(db: Database, project_id: int) -> list[OpenRisk]:
    """Every open risk of the project, highest residual score first (ties by reference)."""
    residual = RaidItem.residual_likelihood * RaidItem.residual_impact
    query = (
        select(
            RaidItem.reference,
            RaidItem.title,
            RaidItem.owner,
            RaidItem.inherent_likelihood * RaidItem.inherent_impact,
            residual,
            RaidItem.category_id,
            RaidItem.response,
            RaidItem.status,
            RaidItem.next_review_on,
        )
        .where(
            RaidItem.project_id == project_id,
            RaidItem.kind == RaidKind.RISK,
            RaidItem.status != RaidStatus.CLOSED,
        )
        .order_by(residual.desc(), func.length(RaidItem.reference), RaidItem.reference)
    )
    with db.session() as session:
        # The schema guarantees every risk a residual likelihood and impact.
        rows: Sequence[Any] = session.execute(query).all()
    return [OpenRisk(*row) for row in rows]


def reference_key(reference: str) -> tuple[int, str]:
    """R-9 before R-10, as the register sorts references."""
    return len(reference), reference


def _raid_counts(db: Database, project_id: int) -> Counter[tuple[RaidKind, RaidStatus]]:
    query = (
        select(RaidItem.kind, RaidItem.status, func.count())
        .where(RaidItem.project_id == project_id)
        .group_by(RaidItem.kind, RaidItem.status)
    )
    with db.session() as session:
        return Counter({(kind, status): number for kind, status, number in session.execute(query)})


# ----- wording ----------------------------------------------------------------------


def band_word(settings: RiskSettings, value: int | None) -> str:
    band = settings.band(value)
    return band.name if band else ""


def appetite_word(settings: RiskSettings, risk: OpenRisk) -> str:
    if settings.category(risk.category_id) is None:
        return ""
    outside = settings.is_outside_appetite(risk.residual, risk.category_id)
    return "Outside appetite" if outside else "Within appetite"


def _outside(risks: list[OpenRisk], settings: RiskSettings) -> list[OpenRisk]:
    return [r for r in risks if settings.is_outside_appetite(r.residual, r.category_id)]


def _key_figures(risks: list[OpenRisk], settings: RiskSettings, context: PackContext) -> KeyFigures:
    previous, outside = context.previous, len(_outside(risks, settings))
    was = f"{len(previous.risks)} at the last pack" if previous is not None else ""
    figures = [
        KeyFigure("Open risks", str(len(risks)), note=was),
        KeyFigure(
            "Outside appetite",
            str(outside),
            rating="Outside appetite" if outside else "Within appetite",
            note=f"of {plural(len(risks), 'open risk')}",
        ),
        _highest(risks, settings),
    ]
    if previous is not None:
        new, closed = new_and_closed(context)
        since = f"since {context.previous_label or 'the last pack'}"
        figures.append(KeyFigure("New / closed", f"{len(new)} / {len(closed)}", note=since))
    return KeyFigures(tuple(figures))


def _highest(risks: list[OpenRisk], settings: RiskSettings) -> KeyFigure:
    if not risks:
        return KeyFigure("Highest residual score", "—", note="No open risks")
    top = risks[0].residual
    at_top = [risk.reference for risk in risks if risk.residual == top]
    note = at_top[0] + (f" and {len(at_top) - 1} more" if len(at_top) > 1 else "")
    return KeyFigure("Highest residual score", str(top), rating=band_word(settings, top), note=note)


def _lead(risks: list[OpenRisk], settings: RiskSettings, as_of: dt.date) -> list[Block]:
    """The messages a board member needs before the detail."""
    outside = len(_outside(risks, settings))
    top = risks[0]
    band = band_word(settings, top.residual)
    messages = [
        f"{plural(len(risks), 'open risk')}, {outside} outside the council's appetite. "
        f"The highest residual score is {top.residual}" + (f" ({band})" if band else "") + "."
    ]
    escalated = sum(risk.status is RaidStatus.ESCALATED for risk in risks)
    overdue = sum(review_overdue(r.next_review_on, as_of, closed=False) for r in risks)
    for number, words in ((escalated, "escalated"), (overdue, "overdue for review")):
        if number:
            messages.append(f"{plural(number, 'risk')} {'is' if number == 1 else 'are'} {words}.")
    return [Paragraph(" ".join(messages), kind="lead")]


def _no_open_risks(counts: Counter[tuple[RaidKind, RaidStatus]]) -> str:
    closed = counts[(RaidKind.RISK, RaidStatus.CLOSED)]
    if closed:
        return f"All {plural(closed, 'risk')} recorded for this project are closed."
    return "No risks are recorded for this project."


# ----- heat maps --------------------------------------------------------------------


def band_rating(band: Band) -> str:
    """The rating word whose colour is nearest the band's own, so the pack tints a band
    as the council coloured it whatever the band is called."""
    wanted = band.colour.lstrip("#")
    red, green, blue = (int(wanted[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def distance(word: str) -> float:
        colour = rating_colour(word)
        assert colour is not None  # every word in _RATING_WORDS is a rating
        return (colour.red - red) ** 2 + (colour.green - green) ** 2 + (colour.blue - blue) ** 2

    return min(_RATING_WORDS, key=distance)


def _heat_maps(db: Database, project_id: int, settings: RiskSettings) -> list[Block]:
    levels = range(1, MATRIX_SIZE + 1)
    bands = tuple(
        tuple(band_word(settings, likelihood * impact) for impact in levels)
        for likelihood in levels
    )
    ratings = {band.name: band_rating(band) for band in settings.bands}
    blocks: list[Block] = [Subheading("Heat maps")]
    for stage in ("inherent", "residual"):
        counts = heat_map_counts(db, project_id=project_id, stage=stage)
        blocks.append(
            HeatMap(
                title=f"{STAGE_TITLES[stage]}: open risks",
                counts=tuple(tuple(counts.counts[lk][1:]) for lk in levels),
                bands=bands,
                likelihood_labels=settings.likelihood_labels,
                impact_labels=settings.impact_labels,
                band_ratings=ratings,
            )
        )
        if counts.unscored:
            blocks.append(Paragraph(_unscored(stage, counts.unscored), kind="note"))
    return blocks


def _unscored(stage: Stage, number: int) -> str:
    verbs = ("has", "is") if number == 1 else ("have", "are")
    return f"{plural(number, 'risk')} {verbs[0]} no {stage} score yet and {verbs[1]} not shown."


# ----- tables -----------------------------------------------------------------------


_TOP_COLUMNS = (
    Column("Ref.", 0.8),
    Column("Risk", 3.3),
    Column("Owner", 1.5),
    Column("Score", 1.0, align="centre"),
    Column("Band", 1.0, rating=True),
    Column("Response", 1.2),
    Column("Appetite", 1.6, rating=True),
)
_OUTSIDE_COLUMNS = (
    Column("Ref.", 0.8),
    Column("Risk", 3.4),
    Column("Category", 1.3),
    Column("Residual", 0.9, align="right"),
    Column("Tolerance", 0.9, align="right"),
    Column("Owner", 1.5),
)


def _rest(shown: int, total: int, what: str) -> str:
    """Where the risks a capped table leaves out are listed."""
    return f" The other {total - shown} {what} are in {APPENDIX_RISKS}." if total > shown else ""


def _top_risks(risks: list[OpenRisk], settings: RiskSettings) -> list[Block]:
    rows = tuple(
        (
            risk.reference,
            risk.title,
            risk.owner,
            f"{'—' if risk.inherent is None else risk.inherent} → {risk.residual}",
            band_word(settings, risk.residual),
            risk.response.label if risk.response else "",
            appetite_word(settings, risk),
        )
        for risk in risks[:TOP_RISKS]
    )
    caption = "Highest residual score first. Score is inherent → residual; band is the residual's."
    caption += _rest(len(rows), len(risks), "open risks")
    return [Subheading("Top risks"), Table(_TOP_COLUMNS, rows, caption=caption)]


def _outside_appetite(risks: list[OpenRisk], settings: RiskSettings) -> list[Block]:
    """Furthest beyond tolerance first, as the register sorts by appetite."""
    heading = Subheading("Risks outside appetite")
    outside = [(risk, _tolerance(settings, risk)) for risk in _outside(risks, settings)]
    if not outside:
        return [heading, Paragraph("Every open risk is within the council's appetite.", "empty")]
    outside.sort(key=lambda pair: (pair[1] - pair[0].residual, *reference_key(pair[0].reference)))
    rows = tuple(
        (
            risk.reference,
            risk.title,
            _category_label(settings, risk),
            str(risk.residual),
            str(tolerance),
            risk.owner,
        )
        for risk, tolerance in outside[:TOP_RISKS]
    )
    caption = "Furthest beyond the category's tolerance first." + _rest(
        len(rows), len(outside), "risks outside appetite"
    )
    return [heading, Table(_OUTSIDE_COLUMNS, rows, caption=caption)]


def _tolerance(settings: RiskSettings, risk: OpenRisk) -> int:
    category = settings.category(risk.category_id)
    return category.tolerance_score if category else 0


def _category_label(settings: RiskSettings, risk: OpenRisk) -> str:
    category = settings.category(risk.category_id)
    return f"{category.label} ({category.appetite.label.lower()})" if category else ""


_RAID_KINDS = (
    (RaidKind.ISSUE, "Issues"),
    (RaidKind.ASSUMPTION, "Assumptions"),
    (RaidKind.DEPENDENCY, "Dependencies"),
)


def _raid_summary(counts: Counter[tuple[RaidKind, RaidStatus]]) -> list[Block]:
    """The rest of the RAID log in counts; the entries themselves are in the appendix."""
    heading = Subheading("Issues, assumptions and dependencies")
    if not any(counts[(kind, status)] for kind, _ in _RAID_KINDS for status in RaidStatus):
        line = "No issues, assumptions or dependencies are recorded for this project."
        return [heading, Paragraph(line, kind="empty")]
    rows = tuple(
        (
            words,
            str(sum(counts[(kind, s)] for s in RaidStatus if s is not RaidStatus.CLOSED)),
            str(counts[(kind, RaidStatus.ESCALATED)]),
            str(counts[(kind, RaidStatus.CLOSED)]),
        )
        for kind, words in _RAID_KINDS
    )
    columns = (
        Column("RAID log", 2.0),
        Column("Open", 1.0, align="right"),
        Column("Of which escalated", 1.2, align="right"),
        Column("Closed", 1.0, align="right"),
    )
    caption = "Open counts draft, open and escalated entries."
    return [heading, Table(columns, rows, caption=caption)]


# ----- movements since the last pack ------------------------------------------------

FIRST_PACK = "This is the first pack for this project; movements will show from the next one."
#: How many movements the section lists, worst first.
MOVEMENTS_SHOWN = 20
_MOVEMENT_ORDER = (Movement.UP, Movement.NEW, Movement.DOWN, Movement.CLOSED)


@dataclass(frozen=True)
class RiskMovement:
    """One risk's change between the previous pack's figures and this pack's."""

    reference: str
    title: str
    previous: int | None
    current: int | None
    movement: Movement

    @property
    def word(self) -> str:
        """The word the movements table prints: Up, Down, New or Closed."""
        return self.movement.value.capitalize()

    @property
    def change(self) -> int:
        return abs((self.current or 0) - (self.previous or 0))


def risk_movements(context: PackContext) -> list[RiskMovement]:
    """New, closed and re-scored risks since the previous pack, worsening first.

    Steady risks are left out; with no previous pack there is nothing to compare."""
    if context.previous is None:
        return []
    before, now = context.previous.risks, context.current.risks
    moved = [
        _moved(reference, before.get(reference), now.get(reference), context.as_of)
        for reference in before.keys() | now.keys()
    ]
    rank = {kind: place for place, kind in enumerate(_MOVEMENT_ORDER)}
    return sorted(
        (m for m in moved if m.movement is not Movement.STEADY),
        key=lambda m: (rank[m.movement], -m.change, *reference_key(m.reference)),
    )


def _moved(
    reference: str, before: RiskFigure | None, now: RiskFigure | None, as_of: dt.date
) -> RiskMovement:
    if now is None:
        assert before is not None
        return RiskMovement(reference, before.title, before.residual, None, Movement.CLOSED)
    if before is None:
        return RiskMovement(reference, now.title, None, now.residual, Movement.NEW)
    kind = movement(current=now.residual, before=before.residual, since=as_of)
    return RiskMovement(reference, now.title, before.residual, now.residual, kind)


def new_and_closed(context: PackContext) -> tuple[list[str], list[str]]:
    """References of the risks opened and closed since the previous pack."""
    if context.previous is None:
        return [], []
    before, now = context.previous.risks, context.current.risks
    return sorted(now.keys() - before.keys()), sorted(before.keys() - now.keys())


_MOVEMENT_COLUMNS = (
    Column("Ref.", 0.8),
    Column("Risk", 4.0),
    Column("Previous", 1.0, align="right"),
    Column("Current", 1.0, align="right"),
    Column("Movement", 1.0),
)


def movement_blocks(context: PackContext) -> list[Block]:
    """A sentence of counts, then the movements worst first; one line when there are none."""
    heading = Subheading("Movements since the last pack")
    if context.previous is None:
        return [heading, Paragraph(FIRST_PACK, kind="empty")]
    label = context.previous_label or "the last pack"
    moved = risk_movements(context)
    if not moved:
        line = f"No risk has moved since {label}: none is new, closed or re-scored."
        return [heading, Paragraph(line, kind="empty")]
    tally = Counter(m.movement for m in moved)
    parts = [f"{tally[kind]} {kind.value}" for kind in _MOVEMENT_ORDER if tally[kind]]
    rows = tuple(
        (m.reference, m.title, _score_text(m.previous), _score_text(m.current), m.word)
        for m in moved[:MOVEMENTS_SHOWN]
    )
    caption = "Residual scores; rises first, then new, falling and closed risks."
    if len(moved) > len(rows):
        caption += f" The first {len(rows)} of {len(moved)} movements are listed."
    summary = Paragraph(f"Since {label}: " + ", ".join(parts) + ".")
    return [heading, summary, Table(_MOVEMENT_COLUMNS, rows, caption=caption)]


def _score_text(value: int | None) -> str:
    return "—" if value is None else str(value)
