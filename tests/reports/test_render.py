"""The pack renderer, read back from the PDF it writes."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from commissioner.reports import blocks as b
from commissioner.reports.render import PackCancelledError, render_pack
from tests.pdf_checks import (
    assert_qpdf_accepts,
    blank_pages,
    contents_entries,
    outline_titles,
    page_texts,
)

HOSTILE = 'Smith & Jones <Holdings> "Ltd" </para><b>bold?</b>'
WELSH = "Cyngor Sir Ynys Môn – gwasanaethau ŵ ŷ"


def register_rows(count: int) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (f"R-{number:03d}", f"Risk {number} " + "word " * (number % 15), "Amber", str(number))
        for number in range(1, count + 1)
    )


def sample_document(**changes: object) -> b.PackDocument:
    document = b.PackDocument(
        title="Governance pack",
        subject=f"ASC-2026-01 {HOSTILE}",
        council_name=WELSH,
        period_label="November 2026",
        author="Jo Bloggs",
        version="1.2",
        marking="OFFICIAL-SENSITIVE",
        descriptor="commercial",
        distribution=("Chief Resources Officer", "Commissioning board"),
        generated_on="2026-12-03T10:15:00",
        sections=(
            b.Section(
                "summary",
                "Executive summary",
                (
                    b.KeyFigures(
                        (b.KeyFigure("Delivery confidence", "Amber/Green", "Amber/Green"),)
                    ),
                    b.Paragraph(f"Supplier {HOSTILE} 😀 " + "Unbreakable" * 30),
                    b.Subheading("Decisions required"),
                    b.Table(
                        (b.Column("Decision", 3), b.Column("Rating", 1, rating=True)),
                        (("Approve the change", "Red"),),
                    ),
                    b.Table((b.Column("Nothing"),), (), empty_text="No decisions are awaited."),
                ),
            ),
            b.Section(
                "appendices",
                "Appendices",
                (
                    b.Subheading("Appendix A – Risk register"),
                    b.Table(
                        (
                            b.Column("Ref"),
                            b.Column("Title", 5),
                            b.Column("Rating"),
                            b.Column("Score"),
                        ),
                        register_rows(150),
                        wide=True,
                    ),
                ),
            ),
        ),
    )
    return replace(document, **changes)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pack") / "pack.pdf"
    render_pack(sample_document(), target)
    return target


def test_marking_and_page_n_of_n_on_every_page(pack: Path) -> None:
    texts = page_texts(pack)
    assert len(texts) >= 6
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE COMMERCIAL") >= 2, f"page {number}"
        assert f"Page {number} of {len(texts)}" in text
        assert "Version 1.2 · 3 December 2026" in text


def test_cover_names_the_council_the_period_and_the_readers(pack: Path) -> None:
    cover = page_texts(pack)[0]
    for expected in (WELSH, "Governance pack", "November 2026", "Jo Bloggs", "Commissioning board"):
        assert expected in cover


def test_hostile_text_prints_literally(pack: Path) -> None:
    text = "\n".join(page_texts(pack))
    assert HOSTILE in text.replace("\n", " ")
    assert "No decisions are awaited." in text


def test_contents_lists_sections_with_their_pages(pack: Path) -> None:
    texts = page_texts(pack)
    entries = contents_entries(pack)
    assert list(entries) == [
        "Executive summary",
        "Decisions required",
        "Appendices",
        "Appendix A – Risk register",
    ]
    for title, page in entries.items():
        assert title in texts[page - 1]
    # The register's headings moved to its landscape page rather than staying alone.
    assert entries["Appendices"] == entries["Appendix A – Risk register"]


def test_metadata_and_outline(pack: Path) -> None:
    reader = pypdf.PdfReader(pack)
    assert reader.metadata.title.startswith("Governance pack: ASC-2026-01")
    assert reader.metadata.author == "Jo Bloggs"
    assert reader.metadata.subject == "Governance pack for November 2026"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert outline_titles(pack) == [
        "Contents",
        "Executive summary",
        "Decisions required",
        "Appendices",
        "Appendix A – Risk register",
    ]


def test_wide_registers_go_on_landscape_pages(pack: Path) -> None:
    pages = pypdf.PdfReader(pack).pages
    orientation = [
        "landscape" if p.mediabox.width > p.mediabox.height else "portrait" for p in pages
    ]
    assert orientation[:3] == ["portrait"] * 3
    assert set(orientation[3:]) == {"landscape"}


def test_qpdf_finds_no_structural_error(pack: Path) -> None:
    assert_qpdf_accepts(pack)


def test_no_page_is_left_blank(pack: Path, tmp_path: Path) -> None:
    assert blank_pages(pack, tmp_path) == []


def test_the_same_pack_gives_the_same_bytes(tmp_path: Path) -> None:
    first = render_pack(sample_document(), tmp_path / "one.pdf")
    second = render_pack(sample_document(), tmp_path / "two.pdf")
    assert first.sha256 == second.sha256
    assert first.page_count == second.page_count


def test_cancelling_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    with pytest.raises(PackCancelledError):
        render_pack(sample_document(), target, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    seen: list[float] = []
    render_pack(sample_document(), tmp_path / "p.pdf", progress=lambda done, _m: seen.append(done))
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_no_marking_prints_none(tmp_path: Path) -> None:
    target = tmp_path / "plain.pdf"
    render_pack(sample_document(marking="", descriptor=""), target)
    assert "OFFICIAL" not in "".join(page_texts(target))


def logo_base64() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#1F3A5F").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_the_logo_is_drawn_on_the_cover_and_a_damaged_one_is_left_out(tmp_path: Path) -> None:
    with_logo = tmp_path / "logo.pdf"
    render_pack(sample_document(logo_base64=logo_base64()), with_logo)
    cover = pypdf.PdfReader(with_logo).pages[0]
    assert len(cover.images) == 1
    damaged = tmp_path / "damaged.pdf"
    render_pack(sample_document(logo_base64="not an image"), damaged)
    assert len(pypdf.PdfReader(damaged).pages[0].images) == 0


def test_an_unwritable_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        render_pack(sample_document(), tmp_path / "missing" / "pack.pdf")
