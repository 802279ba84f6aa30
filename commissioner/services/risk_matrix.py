"""The council's risk matrix settings: the words on each axis, the score bands, appetite.

Bands only colour and name scores. Saving new bands never touches a stored risk:
a risk keeps its likelihood and impact, and its band is looked up when it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import MatrixLabel, RiskCategory, ScoreBand
from commissioner.models.enums import MatrixAxis, RiskAppetite, RiskCategoryKind
from commissioner.models.risk_rules import MATRIX_SIZE, Band
from commissioner.storage import Database

MAX_SCORE = MATRIX_SIZE * MATRIX_SIZE
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_LENGTH = 50


@dataclass(frozen=True)
class CategoryAppetite:
    """A risk category with the council's appetite and the score it tolerates."""

    kind: RiskCategoryKind
    appetite: RiskAppetite
    tolerance_score: int


@dataclass(frozen=True)
class MatrixView:
    """The whole matrix as one value: edited as a whole, undone as a whole."""

    #: Words for levels 1..5, lowest first.
    likelihood_labels: tuple[str, ...]
    impact_labels: tuple[str, ...]
    #: Ordered by ``min_score``.
    bands: tuple[Band, ...]
    categories: tuple[CategoryAppetite, ...]

    def label(self, axis: MatrixAxis, level: int) -> str:
        labels = self.likelihood_labels if axis is MatrixAxis.LIKELIHOOD else self.impact_labels
        return labels[level - 1] if 1 <= level <= len(labels) else str(level)


def load_matrix(db: Database) -> MatrixView:
    """The matrix words, bands (lowest first) and category appetites as stored."""
    with db.session() as session:
        return _read(session)


def read_bands(session: Session) -> tuple[Band, ...]:
    """The council's score bands, lowest first, inside a caller's unit of work."""
    return tuple(
        Band(name, low, high, colour)
        for name, low, high, colour in session.execute(
            select(
                ScoreBand.name, ScoreBand.min_score, ScoreBand.max_score, ScoreBand.colour
            ).order_by(ScoreBand.min_score, ScoreBand.id)
        )
    )


def _read(session: Session) -> MatrixView:
    words: dict[MatrixAxis, dict[int, str]] = {axis: {} for axis in MatrixAxis}
    for axis, level, label in session.execute(
        select(MatrixLabel.axis, MatrixLabel.level, MatrixLabel.label)
    ):
        words[axis][level] = label
    bands = read_bands(session)
    appetites = select(RiskCategory.kind, RiskCategory.appetite, RiskCategory.tolerance_score)
    categories = tuple(
        CategoryAppetite(kind, appetite, tolerance)
        for kind, appetite, tolerance in session.execute(appetites.order_by(RiskCategory.id))
    )
    levels = range(1, MATRIX_SIZE + 1)
    return MatrixView(
        likelihood_labels=tuple(words[MatrixAxis.LIKELIHOOD].get(n, str(n)) for n in levels),
        impact_labels=tuple(words[MatrixAxis.IMPACT].get(n, str(n)) for n in levels),
        bands=bands,
        categories=categories,
    )


# ----- validation -------------------------------------------------------------------


def label_problem(axis: MatrixAxis, labels: Sequence[str]) -> str | None:
    """Why these words cannot label an axis, or None when they can."""
    name = axis.label.lower()
    cleaned = [" ".join(label.split()) for label in labels]
    if len(cleaned) != MATRIX_SIZE:
        return f"Give a word for each of the {MATRIX_SIZE} {name} levels."
    blank = [str(level) for level, label in enumerate(cleaned, start=1) if not label]
    if blank:
        return f"Give a word for {name} level {', '.join(blank)}."
    too_long = [label for label in cleaned if len(label) > _LABEL_LENGTH]
    if too_long:
        return f"Keep each {name} word under {_LABEL_LENGTH} characters."
    seen: set[str] = set()
    for label in cleaned:
        if label.casefold() in seen:
            return f"“{label}” is used twice on the {name} axis; each level needs its own word."
        seen.add(label.casefold())
    return None


def band_problem(bands: Sequence[Band]) -> str | None:
    """Why these bands cannot colour scores 1..25, naming any gap or overlap."""
    if not bands:
        return f"Add at least one band covering scores 1 to {MAX_SCORE}."
    for band in bands:
        problem = _single_band_problem(band)
        if problem:
            return problem
    seen: set[str] = set()
    for band in bands:
        key = band.name.strip().casefold()
        if key in seen:
            return f"Two bands are called “{band.name.strip()}”; give each band its own name."
        seen.add(key)
    return _coverage_problem(sorted(bands, key=lambda band: (band.min_score, band.max_score)))


def _single_band_problem(band: Band) -> str | None:
    name = band.name.strip()
    if not name:
        return "Give every band a name."
    if len(name) > _LABEL_LENGTH:
        return f"Keep band names under {_LABEL_LENGTH} characters."
    if not (1 <= band.min_score <= MAX_SCORE and 1 <= band.max_score <= MAX_SCORE):
        return f"Band “{name}” must run between 1 and {MAX_SCORE}."
    if band.min_score > band.max_score:
        return f"Band “{name}” starts at {band.min_score} but ends at {band.max_score}."
    if not _COLOUR.match(band.colour):
        return f"Choose a colour for band “{name}”."
    return None


def _coverage_problem(ordered: Sequence[Band]) -> str | None:
    expected = 1
    previous: Band | None = None
    for band in ordered:
        if band.min_score > expected:
            return _gap(expected, band.min_score - 1)
        if previous is not None and band.min_score <= previous.max_score:
            overlap = _span(band.min_score, min(band.max_score, previous.max_score))
            return (
                f"Bands “{previous.name.strip()}” and “{band.name.strip()}” overlap at "
                f"{overlap}; each score must be in exactly one band."
            )
        expected = band.max_score + 1
        previous = band
    return _gap(expected, MAX_SCORE) if expected <= MAX_SCORE else None


def _gap(low: int, high: int) -> str:
    scores = f"Score {low} is" if low == high else f"Scores {low} to {high} are"
    return f"{scores} in no band; every score from 1 to {MAX_SCORE} needs a band."


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


def validate_matrix(view: MatrixView) -> None:
    """Raise ValidationError naming every part of ``view`` that cannot be saved."""
    problems: dict[str, str] = {}
    for key, axis, labels in (
        ("likelihood_labels", MatrixAxis.LIKELIHOOD, view.likelihood_labels),
        ("impact_labels", MatrixAxis.IMPACT, view.impact_labels),
    ):
        problem = label_problem(axis, labels)
        if problem:
            problems[key] = problem
    problem = band_problem(view.bands)
    if problem:
        problems["bands"] = problem
    for category in view.categories:
        if not 1 <= category.tolerance_score <= MAX_SCORE:
            problems["categories"] = (
                f"The tolerance for {category.kind.label} must be a score from 1 to {MAX_SCORE}."
            )
            break
    if problems:
        raise ValidationError(problems)


# ----- saving -----------------------------------------------------------------------


def update_matrix(db: Database, view: MatrixView) -> None:
    """Save the matrix words, bands and appetites; stored risk scores are not touched."""
    validate_matrix(view)
    with db.session() as session:
        _save_labels(session, view)
        _save_bands(session, view.bands)
        _save_categories(session, view.categories)


def _save_labels(session: Session, view: MatrixView) -> None:
    stored = {(row.axis, row.level): row for row in session.scalars(select(MatrixLabel))}
    for axis, labels in (
        (MatrixAxis.LIKELIHOOD, view.likelihood_labels),
        (MatrixAxis.IMPACT, view.impact_labels),
    ):
        for level, label in enumerate(labels, start=1):
            text = " ".join(label.split())
            row = stored.get((axis, level))
            if row is None:
                session.add(MatrixLabel(axis=axis, level=level, label=text))
            elif row.label != text:
                row.label = text


def _save_bands(session: Session, bands: Sequence[Band]) -> None:
    """Keep rows whose name survives (so the audit trail shows edits, not churn)."""
    wanted = {band.name.strip(): band for band in bands}
    stored = {row.name: row for row in session.scalars(select(ScoreBand))}
    for name, row in stored.items():
        if name not in wanted:
            session.delete(row)
    # Deletes first: a renamed band may take a name a removed row still holds.
    session.flush()
    for name, band in wanted.items():
        row = stored.get(name) or ScoreBand(name=name)
        if row.id is None:
            session.add(row)
        row.min_score, row.max_score, row.colour = band.min_score, band.max_score, band.colour


def _save_categories(session: Session, categories: Sequence[CategoryAppetite]) -> None:
    stored = {row.kind: row for row in session.scalars(select(RiskCategory))}
    for category in categories:
        row = stored.get(category.kind)
        if row is None:
            row = RiskCategory(kind=category.kind)
            session.add(row)
        row.appetite = category.appetite
        row.tolerance_score = category.tolerance_score
