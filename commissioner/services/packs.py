"""Governance packs: gather a project's or the portfolio's figures, draw the PDF, keep a snapshot.

Each pack is stored with the options used, the figures it reported and its whole
content, so that the next pack can show what moved since, and an earlier pack can be
drawn again byte for byte (proved by its SHA-256).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select

from commissioner.errors import RecordNotFoundError
from commissioner.models import GovernancePack, OrganisationSettings
from commissioner.models.enums import ProtectiveMarking
from commissioner.reports.blocks import (
    PackDocument,
    Section,
    document_from_json,
    document_to_json,
)
from commissioner.reports.render import Cancelled, Progress, RenderResult, long_date, render_pack
from commissioner.services.pack_options import (
    PORTFOLIO_SECTIONS,
    PROJECT_SECTIONS,
    PackOptions,
    SectionChoice,
    period_end,
    period_label,
    period_of,
    validate_options,
)
from commissioner.services.pack_sections.appendices import build_appendices
from commissioner.services.pack_sections.context import (
    PackContext,
    PackFigures,
    PortfolioContext,
)
from commissioner.services.pack_sections.cost_position import build_cost_position
from commissioner.services.pack_sections.engagement import build_stakeholder_engagement
from commissioner.services.pack_sections.figures import (
    current_figures,
    figures_from_json,
    figures_to_json,
)
from commissioner.services.pack_sections.golden_thread import build_golden_thread
from commissioner.services.pack_sections.portfolio import (
    build_portfolio_costs,
    build_portfolio_risks,
    build_portfolio_summary,
    build_project_pages,
)
from commissioner.services.pack_sections.risk_profile import build_risk_profile
from commissioner.services.pack_sections.stage_position import build_stage_position
from commissioner.services.pack_sections.summary import build_executive_summary
from commissioner.services.pack_sections.suppliers import build_suppliers
from commissioner.services.pack_sections.team_capability import build_team_capability
from commissioner.services.projects import get_project, list_projects
from commissioner.storage import Database

#: Each section's builder, by its key in the options.
PROJECT_BUILDERS: dict[str, Callable[[Database, PackContext], Section]] = {
    "summary": build_executive_summary,
    "stages": build_stage_position,
    "golden_thread": build_golden_thread,
    "risks": build_risk_profile,
    "costs": build_cost_position,
    "stakeholders": build_stakeholder_engagement,
    "suppliers": build_suppliers,
    "team": build_team_capability,
    "appendices": build_appendices,
}
PORTFOLIO_BUILDERS: dict[str, Callable[[Database, PortfolioContext], Section]] = {
    "portfolio_summary": build_portfolio_summary,
    "portfolio_risks": build_portfolio_risks,
    "portfolio_costs": build_portfolio_costs,
    "projects": build_project_pages,
}


@dataclass(frozen=True)
class GatheredPack:
    """A pack's content before it is drawn, with what its snapshot will record."""

    project_id: int | None
    options: PackOptions
    document: PackDocument
    figures: PackFigures | None


@dataclass(frozen=True)
class PackRecord:
    """One line of the pack history."""

    id: int
    project_id: int | None
    generated_at: dt.datetime
    generated_by: str
    title: str
    period: str
    version: str
    author: str
    marking: str
    page_count: int
    sha256: str
    saved_path: str

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def saved_file_exists(self) -> bool:
        return bool(self.saved_path) and Path(self.saved_path).is_file()


@dataclass(frozen=True)
class GeneratedPack:
    pack_id: int
    result: RenderResult


def default_options(db: Database, project_id: int | None, today: dt.date) -> PackOptions:
    """A new pack's options: last month, every section, the council's marking, next version."""
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        marking = settings.default_marking if settings else None
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    choices = PROJECT_SECTIONS if project_id is not None else PORTFOLIO_SECTIONS
    options = PackOptions(
        period=period_of(last_month),
        sections=tuple(choice.key for choice in choices),
        marking=marking or ProtectiveMarking.OFFICIAL,
        author=db.actor,
    )
    return replace(options, version=next_version(db, project_id, options.period))


def next_version(db: Database, project_id: int | None, period: str) -> str:
    """'1.0' for a period's first pack, then '1.1', '1.2', … for later issues of it."""
    query = select(GovernancePack.id).where(GovernancePack.period == period)
    query = query.where(_scope(project_id))
    with db.session() as session:
        issued = len(session.scalars(query).all())
    return f"1.{issued}"


def _scope(project_id: int | None) -> ColumnElement[bool]:
    if project_id is None:
        return GovernancePack.project_id.is_(None)
    return GovernancePack.project_id == project_id


def section_choices(project_id: int | None) -> tuple[SectionChoice, ...]:
    return PROJECT_SECTIONS if project_id is not None else PORTFOLIO_SECTIONS


# Gathering ---------------------------------------------------------------------------


def _council(db: Database) -> tuple[str, str]:
    """The council's name and logo (base64) for the cover."""
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        if settings is None:
            return "", ""
        logo = base64.b64encode(settings.logo_image).decode("ascii") if settings.logo_image else ""
        return settings.council_name, logo


def _document(
    db: Database, options: PackOptions, subject: str, sections: list[Section], now: dt.datetime
) -> PackDocument:
    council_name, logo = _council(db)
    return PackDocument(
        title=options.title,
        subject=subject,
        council_name=council_name,
        period_label=period_label(options.period),
        author=options.author,
        version=options.version,
        marking="" if options.marking is ProtectiveMarking.NONE else options.marking.label,
        descriptor=options.descriptor,
        distribution=options.distribution,
        generated_on=now.replace(microsecond=0).isoformat(),
        sections=tuple(sections),
        logo_base64=logo,
    )


def _previous_pack(db: Database, project_id: int) -> tuple[PackFigures | None, str]:
    query = (
        select(GovernancePack)
        .where(GovernancePack.project_id == project_id)
        .order_by(GovernancePack.generated_at.desc(), GovernancePack.id.desc())
        .limit(1)
    )
    with db.session() as session:
        pack = session.scalars(query).first()
        if pack is None:
            return None, ""
        label = f"version {pack.version} of {long_date(pack.generated_at.date())}"
        return figures_from_json(pack.figures), label


def gather_project_pack(
    db: Database,
    project_id: int,
    options: PackOptions,
    *,
    now: dt.datetime,
    progress: Progress | None = None,
) -> GatheredPack:
    """Read everything the project pack reports (no writing). Raises ValidationError."""
    options = validate_options(options, PROJECT_SECTIONS, now.date())
    project = get_project(db, project_id)
    as_of = period_end(options.period, now.date())
    previous, previous_label = _previous_pack(db, project_id)
    figures = current_figures(db, project_id, as_of)
    context = PackContext(
        project_id, as_of, period_label(options.period), figures, previous, previous_label
    )
    sections = []
    for number, key in enumerate(options.sections):
        if progress is not None:
            progress(0.3 * number / len(options.sections), "Reading the project's records")
        sections.append(PROJECT_BUILDERS[key](db, context))
    subject = f"{project.reference} {project.name}"
    return GatheredPack(
        project_id, options, _document(db, options, subject, sections, now), figures
    )


def gather_portfolio_pack(
    db: Database, options: PackOptions, *, now: dt.datetime, progress: Progress | None = None
) -> GatheredPack:
    """Read everything the portfolio pack reports. Raises ValidationError."""
    options = validate_options(options, PORTFOLIO_SECTIONS, now.date())
    projects = list_projects(db)
    as_of = period_end(options.period, now.date())
    context = PortfolioContext(tuple(p.id for p in projects), as_of, period_label(options.period))
    sections = []
    for number, key in enumerate(options.sections):
        if progress is not None:
            progress(0.3 * number / len(options.sections), "Reading the portfolio")
        sections.append(PORTFOLIO_BUILDERS[key](db, context))
    subject = f"Portfolio of {len(projects)} active project{'s' if len(projects) != 1 else ''}"
    return GatheredPack(None, options, _document(db, options, subject, sections, now), None)


# Drawing and recording -----------------------------------------------------------------


def _scaled(progress: Progress | None, start: float) -> Progress | None:
    if progress is None:
        return None
    return lambda done, message: progress(start + (1 - start) * done, message)


def record_pack(db: Database, gathered: GatheredPack, result: RenderResult) -> int:
    """Keep the pack's snapshot (options, figures, content, SHA-256) in the file."""
    generated = dt.datetime.fromisoformat(gathered.document.generated_on)
    with db.session() as session:
        pack = GovernancePack(
            project_id=gathered.project_id,
            generated_at=generated,
            generated_by=db.actor,
            title=gathered.options.title,
            period=gathered.options.period,
            version=gathered.options.version,
            author=gathered.options.author,
            marking=gathered.options.marking,
            page_count=result.page_count,
            sha256=result.sha256,
            saved_path=str(result.path.resolve()),
            options=gathered.options.to_json(),
            figures=figures_to_json(gathered.figures) if gathered.figures else "{}",
            document=zlib.compress(document_to_json(gathered.document).encode("utf-8"), 6),
        )
        session.add(pack)
        session.flush()
        return pack.id


def generate_pack(
    db: Database,
    project_id: int | None,
    options: PackOptions,
    target: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> GeneratedPack:
    """Gather, draw and record a project pack (or the portfolio's, when project_id is None).

    Raises ValidationError for bad options, RecordNotFoundError for a missing project,
    PackCancelledError when cancelled and OSError when the PDF cannot be written;
    nothing is recorded or left behind then.
    """
    now = now or dt.datetime.now()
    if project_id is None:
        gathered = gather_portfolio_pack(db, options, now=now, progress=progress)
    else:
        gathered = gather_project_pack(db, project_id, options, now=now, progress=progress)
    result = render_pack(
        gathered.document, target, progress=_scaled(progress, 0.3), cancelled=cancelled
    )
    try:
        pack_id = record_pack(db, gathered, result)
    except BaseException:
        result.path.unlink(missing_ok=True)
        raise
    return GeneratedPack(pack_id, result)


# History ---------------------------------------------------------------------------------


def list_packs(db: Database, project_id: int | None) -> list[PackRecord]:
    """A project's packs (or the portfolio's when None), newest first."""
    columns = (
        GovernancePack.id,
        GovernancePack.project_id,
        GovernancePack.generated_at,
        GovernancePack.generated_by,
        GovernancePack.title,
        GovernancePack.period,
        GovernancePack.version,
        GovernancePack.author,
        GovernancePack.marking,
        GovernancePack.page_count,
        GovernancePack.sha256,
        GovernancePack.saved_path,
    )
    query = (
        select(*columns)
        .where(_scope(project_id))
        .order_by(GovernancePack.generated_at.desc(), GovernancePack.id.desc())
    )
    with db.session() as session:
        rows = session.execute(query).all()
    return [_record(row) for row in rows]


def _record(row: Any) -> PackRecord:
    marking: ProtectiveMarking = row.marking
    return PackRecord(
        id=row.id,
        project_id=row.project_id,
        generated_at=row.generated_at,
        generated_by=row.generated_by,
        title=row.title,
        period=row.period,
        version=row.version,
        author=row.author,
        marking="None" if marking is ProtectiveMarking.NONE else marking.label,
        page_count=row.page_count,
        sha256=row.sha256,
        saved_path=row.saved_path,
    )


def stored_pack(db: Database, pack_id: int) -> tuple[PackDocument, PackOptions, str]:
    """An earlier pack's content, options and SHA-256, as stored when it was generated.

    Raises RecordNotFoundError, or ValueError when the stored content is damaged."""
    with db.session() as session:
        pack = session.get(GovernancePack, pack_id)
        if pack is None:
            raise RecordNotFoundError("That pack is no longer in the file.")
        stored, options_text, digest = pack.document, pack.options, pack.sha256
    try:
        text = zlib.decompress(stored).decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        raise ValueError(
            "The pack's stored content is damaged and cannot be drawn again."
        ) from None
    return document_from_json(text), PackOptions.from_json(options_text), digest


def pack_options(db: Database, pack_id: int) -> PackOptions:
    """The options an earlier pack was generated with (without unpacking its content).

    Raises RecordNotFoundError, or ValueError when they cannot be read."""
    with db.session() as session:
        text = session.scalar(select(GovernancePack.options).where(GovernancePack.id == pack_id))
    if text is None:
        raise RecordNotFoundError("That pack is no longer in the file.")
    return PackOptions.from_json(text)


@dataclass(frozen=True)
class Regenerated:
    result: RenderResult
    #: The new PDF has exactly the bytes of the pack first generated.
    identical: bool


def regenerate_pack(
    db: Database,
    pack_id: int,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Regenerated:
    """Draw an earlier pack again from its snapshot, exactly as it was first generated."""
    document, _options, digest = stored_pack(db, pack_id)
    result = render_pack(document, target, progress=progress, cancelled=cancelled)
    return Regenerated(result, result.sha256 == digest)


def saved_file_matches(record: PackRecord) -> bool:
    """Whether the file at the pack's saved path is still the PDF first generated."""
    if not record.saved_file_exists:
        return False
    digest = hashlib.sha256()
    with open(record.saved_path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == record.sha256


def set_saved_path(db: Database, pack_id: int, path: Path) -> None:
    """Remember where a copy of the pack now lives (after Save as)."""
    with db.session() as session:
        pack = session.get(GovernancePack, pack_id)
        if pack is None:
            raise RecordNotFoundError("That pack is no longer in the file.")
        pack.saved_path = str(Path(path).resolve())
