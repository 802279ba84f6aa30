"""Long registers: one header per page, every row once, short tables kept whole."""

from __future__ import annotations

from pathlib import Path

import pypdf

from commissioner.reports import blocks as b
from commissioner.reports.render import render_pack


def register_pack(rows: int, tmp_path: Path, *, other: int = 0) -> Path:
    sections = (
        b.Section(
            "appendices",
            "Appendices",
            (
                b.Subheading("Appendix A – Log"),
                b.Paragraph("Lead text. " * other) if other else b.Paragraph("Lead."),
                b.Table(
                    (b.Column("Ref"), b.Column("Entry", 5), b.Column("Rating", rating=True)),
                    tuple(
                        (f"E-{n:04d}", f"Entry {n} " + "long words " * (n % 9), "Amber")
                        for n in range(1, rows + 1)
                    ),
                    caption="Every entry, oldest first.",
                    wide=True,
                ),
            ),
            landscape=True,
        ),
    )
    document = b.PackDocument(
        "Pack", "REF Project", "Council", "November 2026", "Author", "1.0", "OFFICIAL", "",
        (), "2026-12-03T09:00:00", sections,
    )  # fmt: skip
    target = tmp_path / "register.pdf"
    render_pack(document, target)
    return target


def test_a_long_register_prints_every_row_once_with_one_header_per_page(tmp_path: Path) -> None:
    pages = pypdf.PdfReader(register_pack(1_200, tmp_path)).pages
    texts = [page.extract_text() for page in pages[2:]]
    assert len(texts) > 20
    for text in texts:
        assert text.count("Ref\n") == 1 or text.count("Ref ") == 1, text[:200]
    joined = "\n".join(texts)
    for n in (1, 2, 600, 1_199, 1_200):
        assert joined.count(f"E-{n:04d}") == 1
    last = texts[-1]
    assert "E-1200" in last and "Every entry, oldest first." in last


def test_a_short_table_moves_whole_to_the_next_page(tmp_path: Path) -> None:
    # Enough lead text to leave room for only part of a five-row table.
    pages = pypdf.PdfReader(register_pack(5, tmp_path, other=385)).pages
    with_rows = [n for n, page in enumerate(pages) if "E-0001" in page.extract_text()]
    assert len(with_rows) == 1
    assert all(f"E-000{k}" in pages[with_rows[0]].extract_text() for k in range(1, 6))
