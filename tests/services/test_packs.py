"""Governance packs end to end: gathered from the file, drawn, read back, remembered."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from commissioner.errors import ValidationError
from commissioner.models import GovernancePack, RaidItem
from commissioner.models.enums import ConfidenceRating, ProtectiveMarking
from commissioner.models.money import short_pounds
from commissioner.reports.render import PackCancelledError
from commissioner.services.confidence import ConfidenceInput, list_assessments, record_assessment
from commissioner.services.costs import get_cost_position
from commissioner.services.pack_options import PROJECT_SECTIONS, PackOptions
from commissioner.services.pack_sections.figures import current_figures
from commissioner.services.packs import (
    default_options,
    generate_pack,
    list_packs,
    next_version,
    regenerate_pack,
    saved_file_matches,
    stored_pack,
)
from commissioner.services.projects import delete_project, list_projects, restore_records
from commissioner.storage import Database
from tests.conftest import MakeProject
from tests.pdf_checks import assert_qpdf_accepts, page_texts

NOW = dt.datetime(2026, 12, 3, 10, 30)
AS_OF = dt.date(2026, 11, 30)


def project_id(db: Database, reference: str) -> int:
    return next(p.id for p in list_projects(db) if p.reference == reference)


def options_for(db: Database, project: int | None, **changes: Any) -> PackOptions:
    return replace(default_options(db, project, NOW.date()), **changes)


def whole_text(path: Path) -> str:
    return " ".join(" ".join(page_texts(path)).split())


def test_defaults_are_last_month_every_section_the_council_marking_and_version_one(
    demo_db: Database,
) -> None:
    options = default_options(demo_db, project_id(demo_db, "WST-2023-01"), NOW.date())
    assert options.period == "2026-11"
    assert options.sections == tuple(choice.key for choice in PROJECT_SECTIONS)
    assert options.marking is ProtectiveMarking.OFFICIAL
    assert options.version == "1.0"
    assert options.author == "tester"


def test_a_project_pack_reports_the_domain_figures(demo_db: Database, tmp_path: Path) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    generated = generate_pack(
        demo_db, waste, options_for(demo_db, waste), tmp_path / "waste.pdf", now=NOW
    )
    texts = page_texts(generated.result.path)
    assert len(texts) == generated.result.page_count
    summary = " ".join(" ".join(t for t in texts if "Executive summary" in t).split())
    latest = max(list_assessments(demo_db, waste), key=lambda a: a.assessed_on)
    position = get_cost_position(demo_db, waste, AS_OF)
    figures = current_figures(demo_db, waste, AS_OF)
    assert f"Delivery confidence is {latest.rating.label}" in summary
    assert short_pounds(position.forecast_at_completion) in summary
    assert f"{len(figures.risks)} open risks" in summary or str(len(figures.risks)) in summary
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL") >= 2
        assert f"Page {number} of {len(texts)}" in text
    assert_qpdf_accepts(generated.result.path)


def test_the_pack_is_remembered_and_can_be_drawn_again_exactly(
    demo_db: Database, tmp_path: Path
) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("summary", "risks"), version="2.0")
    generated = generate_pack(demo_db, waste, options, tmp_path / "first.pdf", now=NOW)
    (record,) = list_packs(demo_db, waste)
    assert (record.id, record.version, record.period) == (generated.pack_id, "2.0", "2026-11")
    assert record.page_count == generated.result.page_count
    assert record.sha256 == generated.result.sha256
    assert saved_file_matches(record)
    _document, stored_options, _digest = stored_pack(demo_db, record.id)
    assert stored_options == options
    again = regenerate_pack(demo_db, record.id, tmp_path / "again.pdf")
    assert again.identical
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    (tmp_path / "first.pdf").write_bytes(b"%PDF-1.4 edited")
    assert not saved_file_matches(list_packs(demo_db, waste)[0])
    assert next_version(demo_db, waste, "2026-11") == "1.1"
    assert list_packs(demo_db, None) == []


def test_the_next_pack_shows_what_moved_since_the_last(demo_db: Database, tmp_path: Path) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("summary",))
    first = generate_pack(demo_db, waste, options, tmp_path / "one.pdf", now=NOW)
    assert "first pack" in whole_text(first.result.path)
    before = max(list_assessments(demo_db, waste), key=lambda a: a.assessed_on).rating
    assert before is ConfidenceRating.GREEN
    form = ConfidenceInput("01/12/2026", ConfidenceRating.AMBER_RED, "Fleet delays & <costs>")
    record_assessment(demo_db, waste, form, today=NOW.date())
    later = NOW + dt.timedelta(hours=1)
    second = generate_pack(
        demo_db,
        waste,
        replace(options, version="1.1", period="2026-12"),
        tmp_path / "two.pdf",
        now=later,
    )
    text = whole_text(second.result.path)
    assert "Down from Green at version 1.0 of 3 December 2026" in text
    assert "Fleet delays & <costs>" in text


def test_hostile_names_print_literally(
    db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    hostile = make_project(db, name='Smith & Jones <Care> "Ltd" ŵ ŷ')
    generated = generate_pack(db, hostile, options_for(db, hostile), tmp_path / "h.pdf", now=NOW)
    text = whole_text(generated.result.path)
    assert 'Smith & Jones <Care> "Ltd" ŵ ŷ' in text
    assert_qpdf_accepts(generated.result.path)


def test_an_empty_project_says_so_in_every_section(
    db: Database, make_project: MakeProject, tmp_path: Path
) -> None:
    empty = make_project(db)
    generated = generate_pack(db, empty, options_for(db, empty), tmp_path / "e.pdf", now=NOW)
    texts = page_texts(generated.result.path)
    for choice in PROJECT_SECTIONS:
        title = choice.title.split(":")[0]
        assert any(title in text for text in texts[2:]), title


def test_bad_options_are_refused_before_anything_is_drawn(
    demo_db: Database, tmp_path: Path
) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    bad = options_for(demo_db, waste, period="2026-13", sections=(), version=" ")
    with pytest.raises(ValidationError) as refused:
        generate_pack(demo_db, waste, bad, tmp_path / "bad.pdf", now=NOW)
    assert set(refused.value.problems) == {"period", "sections", "version"}
    future = options_for(demo_db, waste, period="2027-01")
    with pytest.raises(ValidationError, match="future"):
        generate_pack(demo_db, waste, future, tmp_path / "bad.pdf", now=NOW)
    assert list(tmp_path.iterdir()) == []
    assert list_packs(demo_db, waste) == []


def test_a_cancelled_pack_leaves_no_file_and_no_record(demo_db: Database, tmp_path: Path) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(PackCancelledError):
        generate_pack(
            demo_db,
            waste,
            options_for(demo_db, waste),
            tmp_path / "c.pdf",
            now=NOW,
            cancelled=lambda: True,
        )
    assert list(tmp_path.iterdir()) == []
    assert list_packs(demo_db, waste) == []


def test_the_portfolio_pack_lists_every_active_project(demo_db: Database, tmp_path: Path) -> None:
    generated = generate_pack(
        demo_db, None, options_for(demo_db, None), tmp_path / "portfolio.pdf", now=NOW
    )
    text = whole_text(generated.result.path)
    for project in list_projects(demo_db):
        assert project.reference in text
    assert [pack.id for pack in list_packs(demo_db, None)] == [generated.pack_id]
    assert_qpdf_accepts(generated.result.path)


def test_a_damaged_snapshot_is_reported_not_drawn(demo_db: Database, tmp_path: Path) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("summary",))
    generated = generate_pack(demo_db, waste, options, tmp_path / "p.pdf", now=NOW)
    with demo_db.session() as session:
        session.execute(
            update(GovernancePack)
            .where(GovernancePack.id == generated.pack_id)
            .values(document=zlib.compress(b'{"type": "Nonsense"}'))
        )
    with pytest.raises(ValueError, match="cannot be read"):
        regenerate_pack(demo_db, generated.pack_id, tmp_path / "again.pdf")
    assert not (tmp_path / "again.pdf").exists()


def test_risk_scores_that_moved_are_listed_against_the_last_pack(
    demo_db: Database, tmp_path: Path
) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("risks",))
    generate_pack(demo_db, waste, options, tmp_path / "one.pdf", now=NOW)
    before = current_figures(demo_db, waste, AS_OF).risks
    reference = min(before)
    with demo_db.session() as session:
        session.execute(
            update(RaidItem)
            .where(RaidItem.project_id == waste, RaidItem.reference == reference)
            .values(residual_likelihood=5, residual_impact=5)
        )
    second = generate_pack(
        demo_db, waste, replace(options, version="1.1"), tmp_path / "two.pdf", now=NOW
    )
    text = whole_text(second.result.path)
    movements = text[text.index("Movements since the last pack") :]
    assert f"{reference} {before[reference].title}" in movements.replace("\n", " ")
    assert f"{before[reference].residual} 25 Up" in movements


def test_deleting_a_project_takes_its_packs_and_undo_brings_them_back(
    demo_db: Database, tmp_path: Path
) -> None:
    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("summary",))
    generated = generate_pack(demo_db, waste, options, tmp_path / "p.pdf", now=NOW)
    before = list_packs(demo_db, waste)
    tree = delete_project(demo_db, waste)
    assert list_packs(demo_db, waste) == []
    restore_records(demo_db, tree)
    assert list_packs(demo_db, waste) == before
    assert regenerate_pack(demo_db, generated.pack_id, tmp_path / "again.pdf").identical


def test_the_demo_councils_crest_is_on_the_cover(demo_db: Database, tmp_path: Path) -> None:
    import pypdf

    waste = project_id(demo_db, "WST-2023-01")
    options = options_for(demo_db, waste, sections=("summary",))
    generated = generate_pack(demo_db, waste, options, tmp_path / "crest.pdf", now=NOW)
    assert len(pypdf.PdfReader(generated.result.path).pages[0].images) == 1


def test_every_section_the_options_offer_has_a_builder() -> None:
    from commissioner.services.pack_options import PORTFOLIO_SECTIONS
    from commissioner.services.packs import PORTFOLIO_BUILDERS, PROJECT_BUILDERS

    assert list(PROJECT_BUILDERS) == [choice.key for choice in PROJECT_SECTIONS]
    assert list(PORTFOLIO_BUILDERS) == [choice.key for choice in PORTFOLIO_SECTIONS]
