"""The council's risk settings as plain data: matrix words, score bands, category appetite."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.models import MatrixLabel, RiskCategory, ScoreBand
from commissioner.models.enums import MatrixAxis, RiskAppetite, RiskCategoryKind
from commissioner.models.risk_rules import MATRIX_SIZE, Band, band_for, outside_appetite
from commissioner.storage import Database


@dataclass(frozen=True)
class Category:
    """A risk category with the council's appetite and tolerance score."""

    id: int
    kind: RiskCategoryKind
    appetite: RiskAppetite
    tolerance_score: int

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class RiskSettings:
    """Everything needed to word, band and flag a score, read once."""

    likelihood_labels: tuple[str, ...]
    impact_labels: tuple[str, ...]
    bands: tuple[Band, ...]
    categories: tuple[Category, ...]

    def likelihood_label(self, level: int | None) -> str:
        return self.likelihood_labels[level - 1] if level else ""

    def impact_label(self, level: int | None) -> str:
        return self.impact_labels[level - 1] if level else ""

    def band(self, score: int | None) -> Band | None:
        return band_for(score, self.bands)

    def category(self, category_id: int | None) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def is_outside_appetite(self, residual_score: int | None, category_id: int | None) -> bool:
        category = self.category(category_id)
        return outside_appetite(residual_score, category.tolerance_score if category else None)


def read_risk_settings(session: Session) -> RiskSettings:
    """The settings as they stand in ``session`` (for services already in a unit of work)."""
    labels = {(row.axis, row.level): row.label for row in session.scalars(select(MatrixLabel))}

    def words(axis: MatrixAxis) -> tuple[str, ...]:
        return tuple(labels.get((axis, level), str(level)) for level in range(1, MATRIX_SIZE + 1))

    bands = tuple(
        Band(row.name, row.min_score, row.max_score, row.colour)
        for row in session.scalars(select(ScoreBand).order_by(ScoreBand.min_score))
    )
    categories = tuple(
        Category(row.id, row.kind, row.appetite, row.tolerance_score)
        for row in session.scalars(select(RiskCategory).order_by(RiskCategory.id))
    )
    return RiskSettings(words(MatrixAxis.LIKELIHOOD), words(MatrixAxis.IMPACT), bands, categories)


def load_risk_settings(db: Database) -> RiskSettings:
    """The council's matrix words, score bands and category appetite."""
    with db.session() as session:
        return read_risk_settings(session)
