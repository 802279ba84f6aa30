"""Governance packs at scale: a large project's pack and a 50-project portfolio pack.

Each pack is timed (gather, render, total) and set beside a floor measured in the same
run: reportlab's SimpleDocTemplate building a plain document with the same tables (plain
string cells, a header row), paragraphs as plain paragraphs, and no charts, contents,
outline or page decorations. Then the cost of starting a worker process, and how long
the event loop stalls while the large pack is drawn in a thread or in a worker process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from benchmarks.pack_data import (
    LARGE,
    LARGE_REFERENCE,
    NOW,
    PERIOD,
    TODAY,
    fill_pack_file,
    portfolio_scale,
)
from benchmarks.timing import median_seconds, report
from commissioner.reports import blocks
from commissioner.reports.render import render_pack
from commissioner.services.packs import (
    GatheredPack,
    default_options,
    gather_portfolio_pack,
    gather_project_pack,
)
from commissioner.storage import open_database

PORTFOLIO_PROJECTS = 50
REPEATS = 3
#: The UI timer's interval; a gap much longer than this is a stall the user feels.
TICK_MS = 10
_FLOOR_NAME = "plain reportlab"


@dataclass(frozen=True)
class PackTiming:
    gather: float
    render: float
    total: float
    pages: int


# The pack and its floor -------------------------------------------------------------------


def _gather(path: Path, project_id: int | None) -> GatheredPack:
    db = open_database(path, actor="benchmark")
    try:
        options = replace(default_options(db, project_id, TODAY), period=PERIOD)
        if project_id is None:
            return gather_portfolio_pack(db, options, now=NOW)
        return gather_project_pack(db, project_id, options, now=NOW)
    finally:
        db.close()


def time_pack(path: Path, project_id: int | None, target: Path) -> tuple[PackTiming, GatheredPack]:
    """Median gather, render and total over REPEATS runs (each run gathers afresh)."""
    runs: list[tuple[float, float, int]] = []
    gathered = None
    for _ in range(REPEATS):
        start = time.perf_counter()
        gathered = _gather(path, project_id)
        drawn = time.perf_counter()
        pages = render_pack(gathered.document, target).page_count
        runs.append((drawn - start, time.perf_counter() - drawn, pages))
    assert gathered is not None
    timing = PackTiming(
        statistics.median(g for g, _, _ in runs),
        statistics.median(r for _, r, _ in runs),
        statistics.median(g + r for g, r, _ in runs),
        runs[-1][2],
    )
    return timing, gathered


def plain_story(document: blocks.PackDocument, width: float) -> list[Flowable]:
    """The floor's flowables: every table and paragraph of the pack, drawn plainly."""
    styles = getSampleStyleSheet()
    story: list[Flowable] = []
    for section in document.sections:
        story.append(RLParagraph(escape(section.title), styles["Heading1"]))
        for block in section.blocks:
            story += _plain_block(block, styles, width)
        story.append(PageBreak())
    return story


def _plain_block(block: blocks.Block, styles: StyleSheet1, width: float) -> list[Flowable]:
    body = styles["BodyText"]
    match block:
        case blocks.Table(rows=()):
            return [RLParagraph(escape(block.empty_text), body)]
        case blocks.Table():
            return [_plain_table(block, width)]
        case blocks.Paragraph():
            return [RLParagraph(escape(block.text), body)]
        case blocks.Bullets():
            return [RLParagraph(escape(f"• {item}"), body) for item in block.items]
        case blocks.Subheading():
            return [RLParagraph(escape(block.text), styles["Heading2"])]
        case blocks.KeyFigures():
            text = "; ".join(f"{f.label}: {f.value} {f.rating}" for f in block.figures)
            return [RLParagraph(escape(text), body)]
        case _:
            return []  # charts are what the floor leaves out


def _plain_table(table: blocks.Table, width: float) -> RLTable:
    weights = sum(column.weight for column in table.columns)
    data = [[column.title for column in table.columns], *(list(row) for row in table.rows)]
    plain = RLTable(
        data,
        colWidths=[width * column.weight / weights for column in table.columns],
        repeatRows=1,
    )
    plain.setStyle(
        TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7), ("GRID", (0, 0), (-1, -1), 0.25, "grey")])
    )
    return plain


def floor_pages(document: blocks.PackDocument, target: Path) -> Callable[[], int]:
    """Build the plain document (story included, as render_pack builds its own)."""

    def build() -> int:
        template = SimpleDocTemplate(
            str(target), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm
        )
        template.build(plain_story(document, template.width))
        return int(template.page)

    return build


def bench_pack(title: str, path: Path, project_id: int | None, folder: Path) -> None:
    timing, gathered = time_pack(path, project_id, folder / "pack.pdf")
    build_floor = floor_pages(gathered.document, folder / "floor.pdf")
    floor_pages_count = build_floor()
    floor = median_seconds(build_floor, REPEATS)
    print(
        f"{title}: {timing.pages} pages, gather {timing.gather:.2f} s + render "
        f"{timing.render:.2f} s = {timing.total:.2f} s, {timing.pages / timing.total:.1f} pages/s "
        f"({timing.pages / timing.render:.1f} rendering)\n"
        f"  floor: {floor_pages_count} plain pages in {floor:.2f} s, "
        f"{floor_pages_count / floor:.1f} pages/s"
    )
    report("  pack, gather + render", timing.total, floor, _FLOOR_NAME)
    report("  pack, render only", timing.render, floor, _FLOOR_NAME)


# Worker processes and the event loop ---------------------------------------------------------


def bench_process_start() -> None:
    def start(*arguments: str) -> Callable[[], object]:
        return lambda: subprocess.run([sys.executable, *arguments], check=True, capture_output=True)

    report(
        "worker process start: commissioner --version",
        median_seconds(start("-m", "commissioner", "--version"), 5),
        median_seconds(start("-c", "pass"), 5),
        "python -c pass",
    )


@dataclass(frozen=True)
class Stalls:
    seconds: float
    longest_ms: float
    p99_ms: float

    def line(self, title: str) -> str:
        return (
            f"  {title:<44} {self.seconds:6.1f} s   longest gap {self.longest_ms:7.1f} ms   "
            f"99th percentile {self.p99_ms:6.1f} ms"
        )


def loop_stalls(begin: Callable[[], None], finished: Callable[[], bool]) -> Stalls:
    """Spin the event loop with a TICK_MS timer until `finished()`; measure the gaps."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    loop = QEventLoop()
    ticker, watcher = QTimer(), QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    watcher.setInterval(50)
    watcher.timeout.connect(lambda: finished() and loop.quit())
    start = time.perf_counter()
    ticker.start()
    watcher.start()
    begin()
    loop.exec()
    ticker.stop()
    watcher.stop()
    gaps = [(later - earlier) * 1000 for earlier, later in pairwise([start, *ticks])]
    p99 = statistics.quantiles(gaps, n=100)[98] if len(gaps) > 1 else max(gaps, default=0.0)
    return Stalls(time.perf_counter() - start, max(gaps, default=0.0), p99)


def _in_thread(path: Path, target: Path) -> Stalls:
    def work() -> None:
        render_pack(_gather(path, 1).document, target)

    thread = threading.Thread(target=work, name="pack")
    return loop_stalls(thread.start, lambda: not thread.is_alive())


def _in_process(path: Path, target: Path) -> Stalls:
    from PySide6.QtCore import QProcess

    process = QProcess()
    process.setProgram(sys.executable)
    process.setArguments(["-m", "commissioner", "pack", "--db", str(path), "--project",
                          LARGE_REFERENCE, "--out", str(target), "--period", PERIOD,
                          "--progress"])  # fmt: skip
    lines: list[bytes] = []
    # As the app does: read the worker's progress lines as they come.
    process.readyReadStandardOutput.connect(
        lambda: lines.extend(bytes(process.readAllStandardOutput().data()).splitlines())
    )
    stalls = loop_stalls(process.start, lambda: process.state() == QProcess.ProcessState.NotRunning)
    if process.exitCode() != 0 or not lines or b'"done"' not in lines[-1]:
        error = bytes(process.readAllStandardError().data()).decode(errors="replace")
        raise RuntimeError(f"the pack worker failed: {error.strip()}")
    return stalls


def bench_ui_stalls(path: Path, folder: Path) -> None:
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    threaded = _in_thread(path, folder / "thread.pdf")
    worker = _in_process(path, folder / "worker.pdf")
    deadline = time.perf_counter() + threaded.seconds
    idle = loop_stalls(lambda: None, lambda: time.perf_counter() >= deadline)
    print(f"Event loop with a {TICK_MS} ms timer while the large project pack is drawn:")
    print(idle.line("idle (the floor)"))
    print(threaded.line("pack in a thread (gather + render)"))
    print(worker.line("pack in a worker process (commissioner pack)"))


def run() -> None:
    """Build both files, then report each measure beside its floor."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        large, portfolio = folder / "large.db", folder / "portfolio.db"
        started = time.perf_counter()
        fill_pack_file(large, [(LARGE_REFERENCE, LARGE)], team=True)
        built_large = time.perf_counter() - started
        projects = [(f"PF-{n + 1:03d}", portfolio_scale(n)) for n in range(PORTFOLIO_PROJECTS)]
        fill_pack_file(portfolio, projects)
        print(
            f"Built one project ({LARGE.risks} risks, {LARGE.log_entries:,} log entries, "
            f"{LARGE.cost_months} months × {LARGE.cost_lines} cost lines, {LARGE.kpis} KPIs) "
            f"in {built_large:.1f} s and a portfolio of {PORTFOLIO_PROJECTS} projects in "
            f"{time.perf_counter() - started - built_large:.1f} s\n"
        )
        bench_pack("Large project pack", large, 1, folder)
        bench_pack(f"{PORTFOLIO_PROJECTS}-project portfolio pack", portfolio, None, folder)
        print()
        bench_process_start()
        print()
        bench_ui_stalls(large, folder)


if __name__ == "__main__":
    run()
