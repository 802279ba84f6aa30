"""Import another register (.xlsx or .csv) into a project's RAID log, with a preview first.

``preview_import`` reads the file and says, row by row, what would be imported or
skipped and why; nothing is written. ``apply_import`` writes every imported row in
one transaction and returns the new ids, which ``remove_imported`` takes away again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commissioner.errors import RecordNotFoundError
from commissioner.io.register_levels import DEFAULT_MONEY_THRESHOLDS
from commissioner.io.register_mapping import Mapping, RegisterField, guess_mapping, is_known_header
from commissioner.io.register_rows import ReadingRules, RiskValues, RowReading, read_row
from commissioner.io.spreadsheet import SheetTable, read_table
from commissioner.models import (
    MatrixLabel,
    Project,
    RaidItem,
    RiskAction,
    RiskAssessment,
    RiskCategory,
)
from commissioner.models.enums import RaidKind, RiskCategoryKind
from commissioner.models.risk_rules import next_reference
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree

_RESIDUAL_FIELDS = (RegisterField.RESIDUAL_LIKELIHOOD, RegisterField.RESIDUAL_IMPACT)


@dataclass(frozen=True)
class RowOutcome:
    """One source row in the preview: our reference for it, or why it is skipped."""

    reading: RowReading
    reference: str = ""

    @property
    def row_number(self) -> int:
        return self.reading.row_number

    @property
    def imported(self) -> bool:
        return self.reading.imported

    @property
    def values(self) -> RiskValues | None:
        return self.reading.values

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.reading.warnings

    @property
    def outcome_text(self) -> str:
        """'imported as R-004' or 'skipped: …', for reports."""
        if self.reading.values is None:
            return f"skipped: {self.reading.skipped_because}"
        source = self.reading.values.source_reference
        was = f" (was {source})" if source and source != self.reference else ""
        return f"imported as {self.reference}{was}"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the table as read, the mapping, and each row's outcome."""

    project_id: int
    source: str
    table: SheetTable
    mapping: Mapping
    rows: tuple[RowOutcome, ...]
    rules: ReadingRules

    @property
    def imported_count(self) -> int:
        return sum(1 for row in self.rows if row.imported)

    @property
    def skipped_count(self) -> int:
        return len(self.rows) - self.imported_count

    @property
    def unmapped_columns(self) -> tuple[str, ...]:
        return tuple(
            name for name, field in zip(self.table.columns, self.mapping, strict=True) if not field
        )

    @property
    def summary(self) -> str:
        skipped = f", {self.skipped_count} skipped" if self.skipped_count else ""
        return f"{self.imported_count} of {len(self.rows)} rows to import{skipped}"


@dataclass(frozen=True)
class ImportResult:
    """What ``apply_import`` wrote: the new entries' ids (for undo) and references."""

    created_ids: tuple[int, ...]
    references: tuple[str, ...]
    skipped: int


def read_register(path: Path | str) -> SheetTable:
    """Read a register file; raises SpreadsheetError with a message the user can act on."""
    return read_table(path, is_known_header)


def preview_import(
    db: Database,
    project_id: int,
    path: Path | str | SheetTable,
    mapping: Mapping | None = None,
    *,
    money_thresholds: Sequence[int] = DEFAULT_MONEY_THRESHOLDS,
) -> ImportPreview:
    """Read ``path`` (or an already-read table) and say what importing it would do.

    ``mapping`` gives one field or None per column; without it the guess is used.
    Nothing is written.
    """
    table = path if isinstance(path, SheetTable) else read_register(path)
    with db.session() as session:
        _project(session, project_id)
        words = _council_words(session)
        existing = _existing_references(session, project_id)
    rules = ReadingRules.with_council_words(words, money_thresholds)
    chosen = tuple(mapping) if mapping is not None else guess_mapping(table, words)
    if len(chosen) != len(table.columns):
        raise ValueError("The mapping needs one entry per column.")
    has_residual = any(field in _RESIDUAL_FIELDS for field in chosen)
    readings = [read_row(row, chosen, has_residual, rules) for row in table.rows]
    references = ReferencePlan(existing)
    rows = tuple(
        RowOutcome(reading, references.take(reading.values) if reading.values else "")
        for reading in readings
    )
    return ImportPreview(project_id, table.source, table, chosen, rows, rules)


def remap(db: Database, preview: ImportPreview, mapping: Mapping) -> ImportPreview:
    """The same file under another mapping, without reading the file again."""
    return preview_import(
        db, preview.project_id, preview.table, mapping,
        money_thresholds=preview.rules.money_thresholds,
    )  # fmt: skip


def apply_import(
    db: Database, project_id: int, preview: ImportPreview, *, today: dt.date | None = None
) -> ImportResult:
    """Write every row the preview imports, in one transaction; returns the new ids."""
    if preview.project_id != project_id:
        raise ValueError("The preview was made for another project.")
    assessed_on = today or dt.date.today()
    with db.session() as session:
        _project(session, project_id)
        references = ReferencePlan(_existing_references(session, project_id))
        categories = {
            kind: id_ for kind, id_ in session.execute(select(RiskCategory.kind, RiskCategory.id))
        }
        items = []
        for row in preview.rows:
            if row.values is None:
                continue
            reference = references.take(row.values)
            note = f"Imported from {preview.source} row {row.row_number}"
            items.append(
                _item(project_id, reference, row.values, categories, assessed_on, db.actor, note)
            )
        session.add_all(items)
        session.flush()
        return ImportResult(
            tuple(item.id for item in items),
            tuple(item.reference for item in items),
            preview.skipped_count,
        )


def remove_imported(db: Database, ids: Iterable[int]) -> tuple[RecordTree, ...]:
    """Delete the entries an import created (undo); returns what redo needs to put them back."""
    wanted = list(ids)
    query = (
        select(RaidItem)
        .where(RaidItem.id.in_(wanted))
        .options(selectinload(RaidItem.actions), selectinload(RaidItem.assessments))
    )
    with db.session() as session:
        items = list(session.scalars(query))
        trees = tuple(capture_tree(item) for item in items)
        for item in items:
            session.delete(item)
    return trees


def restore_imported(db: Database, trees: Sequence[RecordTree]) -> None:
    """Put back entries removed by ``remove_imported``, with their ids (redo)."""
    with db.session() as session:
        for tree in trees:
            restore_tree(session, tree)


class ReferencePlan:
    """Hands out references: a source reference in our own form is kept if free."""

    def __init__(self, existing: Iterable[str]) -> None:
        self.taken = set(existing)
        self._next: dict[RaidKind, int] = {}

    def take(self, values: RiskValues) -> str:
        kind, source = values.kind, values.source_reference.strip()
        if re.fullmatch(rf"{kind.prefix}-\d{{3,}}", source) and source not in self.taken:
            reference = source
            self._next[kind] = max(self._following(kind), int(source.split("-")[1]) + 1)
        else:
            number = self._following(kind)
            reference = f"{kind.prefix}-{number:03d}"
            self._next[kind] = number + 1
        self.taken.add(reference)
        return reference

    def _following(self, kind: RaidKind) -> int:
        if kind not in self._next:
            self._next[kind] = int(next_reference(kind, self.taken).split("-")[1])
        return self._next[kind]


def _item(
    project_id: int,
    reference: str,
    values: RiskValues,
    categories: dict[RiskCategoryKind, int],
    assessed_on: dt.date,
    actor: str,
    note: str,
) -> RaidItem:
    description = values.description
    if values.source_reference and values.source_reference != reference:
        imported = f"Imported from {values.source_reference}"
        description = f"{description}\n\n{imported}" if description else imported
    item = RaidItem(
        project_id=project_id,
        kind=values.kind,
        reference=reference,
        title=values.title,
        description=description,
        cause=values.cause,
        event=values.event,
        consequence=values.consequence,
        category_id=categories.get(values.category) if values.category else None,
        owner=values.owner,
        actionee=values.actionee,
        inherent_likelihood=values.inherent[0],
        inherent_impact=values.inherent[1],
        residual_likelihood=values.residual[0],
        residual_impact=values.residual[1],
        target_likelihood=values.target[0],
        target_impact=values.target[1],
        response=values.response,
        status=values.status,
        next_review_on=values.next_review_on,
        raised_on=values.raised_on,
        actions=[RiskAction(description=text) for text in values.actions],
    )
    if None not in values.residual:
        item.assessments = [_first_assessment(values, assessed_on, actor, note)]
    return item


def _first_assessment(
    values: RiskValues, assessed_on: dt.date, actor: str, note: str
) -> RiskAssessment:
    return RiskAssessment(
        assessed_on=assessed_on,
        assessed_by=actor,
        inherent_likelihood=values.inherent[0],
        inherent_impact=values.inherent[1],
        residual_likelihood=values.residual[0],
        residual_impact=values.residual[1],
        target_likelihood=values.target[0],
        target_impact=values.target[1],
        note=note,
    )


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise RecordNotFoundError("That project no longer exists.")
    return project


def _existing_references(session: Session, project_id: int) -> list[str]:
    query = select(RaidItem.reference).where(RaidItem.project_id == project_id)
    return list(session.scalars(query))


def _council_words(session: Session) -> list[tuple[str, int, str]]:
    rows = session.execute(select(MatrixLabel.axis, MatrixLabel.level, MatrixLabel.label))
    return [(str(axis.value), level, label) for axis, level, label in rows]
