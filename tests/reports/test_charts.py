"""Pack charts: what a reader of the printed PDF sees, and that odd data never breaks a pack."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import (
    Drawing,
    Group,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
    mmult,
)
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from commissioner.reports.blocks import (
    BarChart,
    HeatMap,
    LineChart,
    Paragraph,
    Series,
    Timeline,
    TimelineBar,
)
from commissioner.reports.charts import ChartFonts, draw_chart
from commissioner.reports.charts_common import format_value, nice_scale, text_width
from commissioner.reports.fonts import pack_fonts
from commissioner.reports.palette import rating_colour, rating_tint

WIDTH = 482.0  # the portrait text width, 17 cm
HALF = 240.0  # a chart beside another on a portrait page
WELSH = "Cyngor Sir Ddinbych – gwasanaethau ŵ ŷ"
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Thirty-six months of a project's costs, April 2025 to March 2028.
MONTHS = tuple(
    f"{month} {year}" for year, month in itertools.product((25, 26, 27, 28), _MONTH_NAMES)
)[3:39]

Chart = BarChart | LineChart | HeatMap | Timeline


def chart_fonts() -> list[ChartFonts]:
    """Helvetica, and the TrueType family packs print in (DejaVu Sans here, Arial on Windows)."""
    family = pack_fonts()
    return [ChartFonts(), ChartFonts(family.regular, family.bold)]


def pdf_text(drawing: Drawing, tmp_path: Path) -> str:
    """The text a reader (or a screen reader) gets from the chart printed to PDF."""
    path = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing, str(path))
    return pypdf.PdfReader(path).pages[0].extract_text()


def placed(node: Group, transform: tuple[float, ...] = (1, 0, 0, 1, 0, 0)) -> Iterator[tuple]:
    """Every shape with the transform that places it on the drawing."""
    for child in node.contents:
        if isinstance(child, Group):
            yield from placed(child, mmult(transform, child.transform))
        else:
            yield child, transform


def strings(drawing: Drawing) -> list[str]:
    return [shape.text for shape, _ in placed(drawing) if isinstance(shape, String)]


def text_box(shape: String, transform: tuple[float, ...]) -> tuple[float, float, float, float]:
    """The box a string covers on the drawing: left, bottom, right, top."""
    wide = text_width(shape.text, shape.fontName, shape.fontSize)
    start = {"start": 0.0, "middle": -wide / 2, "end": -wide}[shape.textAnchor] + shape.x
    corners = [
        (start + dx, shape.y + dy)
        for dx in (0, wide)
        for dy in (-0.2 * shape.fontSize, 0.72 * shape.fontSize)
    ]
    a, b, c, d, e, f = transform
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def grouped_money() -> BarChart:
    return BarChart(
        "Budget and forecast by cost category",
        ("Staffing", "Care packages", "Transport", "Equipment and adaptations", "ICT"),
        (
            Series("Budget", (1_200_000.0, 3_500_000.0, 350_000.0, 900.0, 120_000.0), "budget"),
            Series(
                "Forecast", (1_300_000.0, 3_200_000.0, 410_000.0, 1_200.0, 95_000.0), "forecast"
            ),
        ),
        y_label="Pounds",
        x_label="Cost category",
        value_format="money",
    )


def variance_bars(horizontal: bool = False) -> BarChart:
    return BarChart(
        "Variance against budget",
        ("Staffing", "Care", "Transport"),
        (Series("Variance", (120_000.0, -350_000.0, None)),),
        y_label="Forecast minus budget",
        value_format="money",
        horizontal=horizontal,
    )


def stacked_counts(horizontal: bool = False) -> BarChart:
    return BarChart(
        "Open actions by owner",
        ("Jane Smith", "Huw Jones", "Procurement team"),
        (
            Series("Open", (4, 2, 7), "Amber"),
            Series("Overdue", (1, 3, 0), "Red"),
            Series("Done", (10, 4, 2), "Green"),
        ),
        y_label="Actions",
        stacked=True,
        horizontal=horizontal,
    )


def cost_lines() -> LineChart:
    budget = tuple(month * 120_000.0 for month in range(1, 37))
    actual = tuple(month * 125_000.0 if month <= 20 else None for month in range(1, 37))
    forecast = tuple(None if month < 20 else month * 128_000.0 for month in range(1, 37))
    return LineChart(
        "Cumulative spend against budget",
        MONTHS,
        (
            Series("Budget", budget, "budget"),
            Series("Actual", actual, "actual"),
            Series("Forecast", forecast, "forecast", dashed=True),
        ),
        y_label="Cumulative spend",
        x_label="Month",
        value_format="money",
        marker_index=19,
        marker_label="Reporting month",
    )


BANDS = (
    ("Low", "Low", "Low", "Medium", "Medium"),
    ("Low", "Low", "Medium", "Medium", "High"),
    ("Low", "Medium", "Medium", "High", "High"),
    ("Medium", "Medium", "High", "High", "Critical"),
    ("Medium", "High", "High", "Critical", "Critical"),
)


def heat_map() -> HeatMap:
    return HeatMap(
        "Residual risk",
        ((3, 1, 0, 0, 0), (2, 4, 1, 0, 0), (0, 2, 5, 1, 0), (0, 0, 1, 2, 1), (0, 0, 0, 1, 17)),
        BANDS,
        ("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        ("Negligible", "Minor", "Moderate", "Major", "Severe"),
        {"Critical": "Red", "High": "Amber/Red", "Medium": "Amber", "Low": "Green"},
    )


LIKELIHOODS = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACTS = ("Insignificant", "Minor", "Moderate", "Major", "Catastrophic")


def register_heat_map() -> HeatMap:
    """The demo's inherent risk map, drawn at half width beside the residual one."""
    return HeatMap(
        "Inherent risk: open risks",
        ((0, 0, 0, 0, 0), (0, 0, 0, 1, 2), (0, 0, 1, 9, 4), (0, 0, 1, 3, 1), (0, 0, 0, 0, 0)),
        BANDS,
        LIKELIHOODS,
        IMPACTS,
        {"Critical": "Red", "High": "Amber/Red", "Medium": "Amber", "Low": "Green"},
    )


def kpis_by_rating() -> BarChart:
    return BarChart(
        "KPIs by latest rating",
        ("Red", "Amber", "Green"),
        (
            Series("Red", (1.0, None, None), "Red"),
            Series("Amber", (None, 2.0, None), "Amber"),
            Series("Green", (None, None, 2.0), "Green"),
        ),
        y_label="Number of KPIs",
        x_label="Latest rating",
        stacked=True,
    )


def gate_decisions(project: str) -> Timeline:
    """The stages and gate decisions of the demo's highways or waste contract."""
    if project == "HWY":
        return Timeline(
            "Stages and gate decisions",
            (
                TimelineBar("Needs assessment", "2022-08-08", "2022-12-20", "Complete", "Amber"),
                TimelineBar("Service design", "2022-12-21", "2023-05-20", "Complete", "Green"),
                TimelineBar("Procurement", "2023-05-21", "2024-03-16", "Complete", "Red"),
                TimelineBar("Contracting", "2024-03-17", "2024-06-15", "Complete", "Green"),
                TimelineBar("Delivery and monitoring", "2024-06-16", "2031-06-17", "Current"),
            ),
            "2026-11-30",
            (
                ("Needs assessment gate: approved", "2022-12-20"),
                ("Service design gate: approved", "2023-05-20"),
                ("Procurement gate: approved with conditions", "2024-03-16"),
                ("Contracting gate: deferred", "2024-06-15"),
            ),
        )
    return Timeline(
        "Stages and gate decisions",
        (
            TimelineBar("Needs assessment", "2023-04-30", "2023-09-27", "Complete", "Green"),
            TimelineBar("Service design", "2023-09-28", "2024-04-25", "Complete", "Amber"),
            TimelineBar("Procurement", "2024-04-26", "2025-03-07", "Complete", "Red"),
            TimelineBar("Contracting", "2025-03-08", "2025-07-20", "Complete", "Amber"),
            TimelineBar("Delivery and monitoring", "2025-07-21", "2033-07-21", "Current"),
        ),
        "2026-11-30",
        (
            ("Needs assessment gate: approved", "2023-09-27"),
            ("Service design gate: approved", "2024-04-25"),
            ("Procurement gate: deferred", "2025-01-21"),
            ("Procurement gate: approved", "2025-03-07"),
            ("Contracting gate: approved with conditions", "2025-07-20"),
        ),
    )


def stages() -> Timeline:
    return Timeline(
        "Stages and gates",
        (
            TimelineBar("Needs assessment", "2025-09-01", "2025-12-15", "Complete", "Green"),
            TimelineBar("Procurement", "2026-05-01", "2026-10-31", "Complete", "Amber"),
            TimelineBar("Contracting", "2026-11-01", "2027-02-28", "Current", "Amber/Red"),
            TimelineBar("Delivery and monitoring", "2027-03-01", "", "Not started"),
        ),
        "2026-11-30",
        (("Gate 1", "2025-12-15"), ("Contract award", "2026-11-20"), ("Gate 4", "2027-02-28")),
    )


def everyday_charts() -> list[Chart]:
    return [
        grouped_money(),
        variance_bars(),
        variance_bars(horizontal=True),
        stacked_counts(),
        stacked_counts(horizontal=True),
        cost_lines(),
        heat_map(),
        stages(),
        register_heat_map(),
        kpis_by_rating(),
        gate_decisions("HWY"),
        gate_decisions("WST"),
    ]


def awkward_charts() -> list[Chart]:
    """Data a pack can meet on a bad day: none, one, zeros, huge, negative, odd text."""
    emoji = "Service users 😀 reporting improved wellbeing"
    return [
        BarChart("No categories", (), (), y_label="Count"),
        BarChart("One category", ("Only",), (Series("A", (5.0,)),), y_label="Count"),
        BarChart("No series", ("A", "B"), (), y_label="Count"),
        BarChart("All zero", ("A", "B"), (Series("S", (0.0, 0.0)), Series("T", (0, 0))), "£"),
        BarChart(
            "All missing", ("A", "B"), (Series("S", (None, None)),), y_label="£", stacked=True
        ),
        BarChart(
            "Huge", ("A", "B"), (Series("S", (1e15, float("inf"))),), "£", value_format="money"
        ),
        BarChart(
            "Underspends", ("Q1", "Q2"), (Series("V", (-5e3, -1.2e6)),), "£", value_format="money"
        ),
        BarChart("Short series", ("A", "B", "C"), (Series("S", (1.0,)),), "Count", horizontal=True),
        BarChart(WELSH, (WELSH, emoji) * 10, (Series(WELSH, (1.0, 2.0) * 10),), y_label=WELSH),
        BarChart(WELSH, (WELSH, emoji), (Series(emoji, (1.0, -2.0)),), WELSH, horizontal=True),
        LineChart("No months", (), (), y_label="Count"),
        LineChart("All missing", ("Apr 26", "May 26"), (Series("A", (None, None)),), "Count"),
        LineChart("One month", ("Nov 26",), (Series("A", (42.0,)),), "Count", marker_index=0),
        LineChart(
            "Marker out of range", ("A", "B"), (Series("S", (1.0, 2.0)),), "N", marker_index=9
        ),
        LineChart("Flat", MONTHS, (Series("S", (95.0,) * 36),), "%", value_format="percent"),
        LineChart(WELSH, (WELSH, emoji), (Series(emoji, (1.0, float("nan"))),), y_label=WELSH),
        HeatMap("Empty heat map", (), (), (), ()),
        HeatMap("Ragged", ((1, 2, 3), (4,)), (("Tolerable",), ()), ("Rare",), ()),
        HeatMap(
            WELSH,
            ((0, 1), (2, 0)),
            ((WELSH, emoji), (emoji, WELSH)),
            (WELSH, emoji),
            (emoji, WELSH),
        ),
        Timeline("No stages", (), "2026-11-30"),
        Timeline("Milestones only", (), "2026-11-30", (("Gate", "2026-12-01"),)),
        Timeline("Bad today", (TimelineBar("Stage", "2026-01-01", "2026-03-01"),), "not a date"),
        Timeline(
            "Odd bars",
            (
                TimelineBar(WELSH + " " + emoji, "2026-01-01", "2026-06-30", emoji, "Unheard of"),
                TimelineBar("No dates", "", "", "Not started"),
                TimelineBar("Reversed", "2027-01-01", "2026-06-01", "", "Amber"),
                TimelineBar("One day", "2026-05-05", "2026-05-05", "Complete"),
            ),
            "2026-11-30",
            tuple((f"Gate {number}", "2026-06-30") for number in range(8)),
        ),
    ]


@pytest.mark.parametrize("width", [240.0, WIDTH, 700.0])
def test_every_chart_is_exactly_the_width_asked_for_and_never_fails(width: float) -> None:
    for block in everyday_charts() + awkward_charts():
        drawing = draw_chart(block, width)
        assert drawing.width == width, block.title
        assert 30 <= drawing.height <= max(2.5 * width, 700), block.title


@pytest.mark.parametrize("fonts", chart_fonts())
@pytest.mark.parametrize("width", [HALF, WIDTH, 700.0])
def test_no_text_runs_off_the_drawing(width: float, fonts: ChartFonts) -> None:
    for block in everyday_charts() + awkward_charts():
        drawing = draw_chart(block, width, fonts=fonts)
        for shape, transform in placed(drawing):
            if isinstance(shape, String) and shape.text:
                left, bottom, right, top = text_box(shape, transform)
                assert left >= -0.5 and right <= width + 0.5, (block.title, shape.text)
                assert bottom >= -0.5 and top <= drawing.height + 0.5, (block.title, shape.text)


@pytest.mark.parametrize("fonts", chart_fonts())
@pytest.mark.parametrize("width", [HALF, WIDTH])
def test_upright_texts_never_overlap_each_other(width: float, fonts: ChartFonts) -> None:
    for block in everyday_charts() + awkward_charts():
        drawing = draw_chart(block, width, fonts=fonts)
        boxes = [
            (shape.text, text_box(shape, transform))
            for shape, transform in placed(drawing)
            if isinstance(shape, String) and shape.text and transform[1] == 0
        ]
        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (block.title, first, second)


def test_each_kind_prints_into_a_pdf_with_its_words(tmp_path: Path) -> None:
    expected: dict[str, Chart] = {
        "Budget and forecast by cost category|Budget|Forecast|Pounds|Cost category|Staffing"
        "|£3.5m|£350k|£900": grouped_money(),
        "Cumulative spend against budget|Budget|Actual|Forecast|Cumulative spend|Month"
        "|Reporting month|Apr 25": cost_lines(),
        "Residual risk|Likelihood|Impact|Almost certain|Severe|Critical (19)|High (4)"
        "|Medium (8)|Low (10)": heat_map(),
        "Stages and gates|Needs assessment|Delivery and monitoring|Complete · Green"
        "|Current · Amber/Red|Not started|Today 30/11/2026|Gate 1|Contract award": stages(),
    }
    for words, block in expected.items():
        printed = pdf_text(draw_chart(block, WIDTH), tmp_path)
        for word in words.split("|"):
            assert word in printed, (block.title, word)


def test_money_values_are_pounds_printed_compactly() -> None:
    assert format_value(1_200_000, "money") == "£1.2m"
    assert format_value(350_000, "money") == "£350k"
    assert format_value(900, "money") == "£900"
    assert format_value(-40_000, "money") == "−£40k"
    assert format_value(12, "percent") == "12%"
    assert format_value(12.5, "percent") == "12.5%"
    assert format_value(1_250, "number") == "1,250"
    assert format_value(3_400_000, "number") == "3.4m"


def test_variance_bars_hang_below_a_zero_line_with_signed_labels(tmp_path: Path) -> None:
    for horizontal in (False, True):
        drawing = draw_chart(variance_bars(horizontal), WIDTH)
        texts = strings(drawing)
        assert "£120k" in texts and "−£350k" in texts
        assert "£0" in texts  # the zero tick is labelled
        zero_lines = [
            shape
            for shape, _ in placed(drawing)
            if isinstance(shape, Line) and shape.strokeWidth == 0.8
        ]
        assert len(zero_lines) == 1
        bars = [
            shape for shape, _ in placed(drawing) if isinstance(shape, Rect) and shape.fillColor
        ]
        line = zero_lines[0]
        if horizontal:
            assert min(bar.x for bar in bars) < line.x1 < max(bar.x + bar.width for bar in bars)
        else:
            assert min(bar.y for bar in bars) < line.y1 < max(bar.y + bar.height for bar in bars)


def test_stacked_bars_label_each_stack_with_its_total() -> None:
    texts = strings(draw_chart(stacked_counts(), WIDTH))
    assert {"15", "9"} <= set(texts)  # Jane Smith's and the others' totals
    assert "Overdue" in texts  # a legend for several series


def test_a_stack_of_one_part_prints_its_value_once() -> None:
    block = BarChart(
        "Risks", ("A",), (Series("Low", (3.0,)), Series("High", (None,))), "Risks", stacked=True
    )
    assert strings(draw_chart(block, WIDTH)).count("3") == 2  # the axis tick and the total


def test_a_lone_series_is_named_unless_the_titles_already_name_it() -> None:
    kpi = LineChart("Visits on time", ("Apr", "May"), (Series("Actual", (1.0, 2.0)),), "% on time")
    assert "Actual" in strings(draw_chart(kpi, WIDTH))
    assert "Variance" not in strings(draw_chart(variance_bars(), WIDTH))


def test_long_category_names_are_cut_or_turned_but_still_named() -> None:
    long_names = tuple(f"{WELSH} supplier number {number}" for number in range(12))
    block = BarChart("Spend by supplier", long_names, (Series("Spend", (1.0,) * 12),), "£")
    names = [text for text in strings(draw_chart(block, WIDTH)) if text.startswith("Cyngor")]
    assert len(names) == 12 and all(name.endswith("…") for name in names)
    horizontal = draw_chart(
        BarChart("By supplier", long_names, block.series, "£", horizontal=True), WIDTH
    )
    cut = [text for text in strings(horizontal) if text.startswith("Cyngor")]
    assert len(cut) == 12 and all(
        text_width(name, "Helvetica", 7.5) <= WIDTH * 0.38 for name in cut
    )


def test_a_missing_month_breaks_the_line_and_forecasts_are_dashed() -> None:
    block = LineChart(
        "KPI",
        ("Apr", "May", "Jun", "Jul", "Aug"),
        (
            Series("Actual", (90.0, 92.0, None, 95.0, 96.0)),
            Series("Target", (95.0,) * 5, dashed=True),
        ),
        y_label="%",
        value_format="percent",
    )
    lines = [shape for shape, _ in placed(draw_chart(block, WIDTH)) if isinstance(shape, PolyLine)]
    solid = [line for line in lines if not line.strokeDashArray]
    dashed = [line for line in lines if line.strokeDashArray]
    assert len(solid) == 2  # April–May, then July–August
    assert len(dashed) == 1 and len(dashed[0].points) == 10


def test_thirty_six_months_print_only_every_few_labels() -> None:
    texts = strings(draw_chart(cost_lines(), WIDTH))
    months = [text for text in texts if text in MONTHS]
    assert "Apr 25" in months and 6 <= len(months) <= 18


def test_heat_map_counts_read_on_their_fill_and_empty_cells_show_a_dash() -> None:
    drawing = draw_chart(heat_map(), WIDTH)
    shapes = list(placed(drawing))
    cells = [shape for shape, _ in shapes if isinstance(shape, Rect) and shape.width > 30]
    counts = [shape for shape, _ in shapes if isinstance(shape, String) and shape.text.isdigit()]
    assert sorted(int(shape.text) for shape in counts) == sorted(
        [3, 1, 2, 4, 1, 2, 5, 1, 1, 2, 1, 1, 17]
    )
    assert sum(1 for shape, _ in shapes if isinstance(shape, String) and shape.text == "–") == 12
    for count in counts:
        cell = next(
            rect
            for rect in cells
            if rect.x <= count.x <= rect.x + rect.width
            and rect.y <= count.y <= rect.y + rect.height
        )
        assert contrast(count.fillColor, cell.fillColor) >= 3.0, count.text


def test_heat_map_puts_likelihood_five_at_the_top_in_its_band_colour() -> None:
    drawing = draw_chart(heat_map(), WIDTH)
    seventeen = next(s for s, _ in placed(drawing) if isinstance(s, String) and s.text == "17")
    threes = [s for s, _ in placed(drawing) if isinstance(s, String) and s.text == "3"]
    assert seventeen.y > max(three.y for three in threes)  # (5, 5) above (1, 1)
    assert seventeen.x > max(three.x for three in threes)
    fills = {shape.fillColor for shape, _ in placed(drawing) if isinstance(shape, Rect)}
    assert rating_colour("Red") in fills and rating_tint("Green") in fills


@pytest.mark.parametrize("fonts", chart_fonts())
def test_a_half_width_heat_map_keeps_its_names_whole_and_its_key_below(
    tmp_path: Path, fonts: ChartFonts
) -> None:
    drawing = draw_chart(register_heat_map(), HALF, fonts=fonts)
    printed = pdf_text(drawing, tmp_path)
    for name in IMPACTS + LIKELIHOODS:
        assert all(word in printed for word in name.split()), name
    shapes = list(placed(drawing))
    texts = [shape for shape, _ in shapes if isinstance(shape, String)]
    assert not any("…" in shape.text for shape in texts)
    names = [shape for shape in texts if shape.text in IMPACTS]
    assert len(names) == 5 and min(shape.fontSize for shape in names) >= 6
    assert {"Critical", "High", "Medium", "Low"} <= {shape.text for shape in texts}  # in cells
    cells = [shape for shape, _ in shapes if isinstance(shape, Rect) and shape.width > 20]
    assert len(cells) == 25
    assert all(0.7 <= cell.height / cell.width <= 1.3 for cell in cells)  # square-ish
    assert max(c.x + c.width for c in cells) - min(c.x for c in cells) >= 0.7 * HALF
    key = [shape for shape in texts if shape.text.startswith("Critical (")]
    assert key and key[0].y < min(cell.y for cell in cells)  # the key sits under the grid
    assert drawing.height <= 1.1 * HALF


def test_a_full_width_heat_map_keeps_its_key_beside_the_grid() -> None:
    drawing = draw_chart(register_heat_map(), WIDTH)
    shapes = list(placed(drawing))
    cells = [shape for shape, _ in shapes if isinstance(shape, Rect) and shape.width > 20]
    key = next(s for s, _ in shapes if isinstance(s, String) and s.text.startswith("Critical ("))
    assert key.x > max(cell.x + cell.width for cell in cells)


def test_a_few_categories_make_a_short_summary_with_slim_bars() -> None:
    drawing = draw_chart(kpis_by_rating(), WIDTH)
    assert drawing.height <= 0.32 * WIDTH
    colours = {rating_colour(word) for word in ("Red", "Amber", "Green")}
    bars = [shape for shape, _ in placed(drawing) if isinstance(shape, Rect)]
    bars = [bar for bar in bars if bar.fillColor in colours]
    assert len(bars) == 3 and all(bar.width <= 60 for bar in bars)
    # The names under the bars say what a legend would: each is printed once.
    assert strings(drawing).count("Amber") == 1
    assert draw_chart(grouped_money(), WIDTH).height >= 0.4 * WIDTH  # five: a full chart


@pytest.mark.parametrize("fonts", chart_fonts())
def test_gate_labels_run_to_the_right_edge_before_they_are_cut(fonts: ChartFonts) -> None:
    for project in ("HWY", "WST"):
        block = gate_decisions(project)
        texts = strings(draw_chart(block, WIDTH, fonts=fonts))
        assert all(label in texts for label, _ in block.milestones), project
        assert not any("…" in text for text in texts), project


@pytest.mark.parametrize(
    ("label", "day", "first_line"),
    [
        (  # too long for the room even on two lines split at the colon: halves
            "Procurement gate: approved with conditions on the winter service plan and the "
            "parent company guarantee",
            "2025-06-30",
            "Procurement gate: approved with conditions on the winter",
        ),
        (  # a gate's decision goes on its own line
            "Procurement gate: approved with conditions on the winter service plan",
            "2025-09-30",
            "Procurement gate:",
        ),
    ],
)
def test_a_gate_label_too_long_for_the_room_wraps_onto_a_second_lane(
    label: str, day: str, first_line: str
) -> None:
    block = Timeline(
        "Stages",
        (TimelineBar("Procurement", "2024-01-01", "2026-06-30", "Complete"),),
        "2026-11-30",
        ((label, day), ("Contracting gate: approved", "2026-06-30")),
    )
    drawing = draw_chart(block, WIDTH)
    gate_texts = [
        shape
        for shape, _ in placed(drawing)
        if isinstance(shape, String) and shape.fontSize == 7 and shape.text in label
    ]
    assert [line.text for line in gate_texts] == [first_line, label.removeprefix(first_line + " ")]
    assert gate_texts[0].y > gate_texts[1].y  # the second line in the lane below
    diamond = next(
        shape
        for shape, _ in placed(drawing)
        if isinstance(shape, Polygon) and shape.points[3] == gate_texts[0].y + 2.5
    )
    assert gate_texts[0].x == gate_texts[1].x > diamond.points[0]  # both after the diamond
    assert "Contracting gate: approved" in strings(drawing)


@pytest.mark.parametrize("fonts", chart_fonts())
def test_a_long_title_wraps_onto_a_second_line_rather_than_being_cut(fonts: ChartFonts) -> None:
    title = "K5 Street lighting faults repaired within 5 working days (Amber)"
    block = LineChart(title, ("Apr", "May"), (Series("Actual", (1.0, 2.0)),), "% on time")
    drawing = draw_chart(block, HALF, fonts=fonts)
    lines = [s.text for s, _ in placed(drawing) if isinstance(s, String) and s.fontSize == 10]
    assert len(lines) == 2 and " ".join(lines) == title


def test_timeline_ticks_suit_the_span() -> None:
    short = Timeline("Short", (TimelineBar("Sprint", "2026-09-02", "2026-12-20"),), "2026-11-10")
    long = Timeline("Long", (TimelineBar("Programme", "2024-01-01", "2030-06-30"),), "2026-11-10")
    assert {"Oct 26", "Nov 26", "Dec 26"} <= set(strings(draw_chart(short, WIDTH)))
    long_texts = set(strings(draw_chart(long, WIDTH)))
    assert {"2025", "2027", "2029"} <= long_texts and "Jan 27" not in long_texts


def test_an_open_ended_bar_runs_to_the_right_edge() -> None:
    block = Timeline(
        "Stages",
        (
            TimelineBar("Contracting", "2026-01-01", "2026-12-31", "Complete", "Red"),
            TimelineBar("Delivery", "2026-01-01", "", "Current", "Green"),
        ),
        "2026-06-30",
    )
    drawing = draw_chart(block, WIDTH)
    rects = [shape for shape, _ in placed(drawing) if isinstance(shape, Rect)]
    closed = next(rect for rect in rects if rect.fillColor == rating_tint("Red"))
    open_ended = next(rect for rect in rects if rect.fillColor == rating_tint("Green"))
    axis = max(shape.x2 for shape, _ in placed(drawing) if isinstance(shape, Line))
    assert open_ended.x + open_ended.width > closed.x + closed.width
    assert open_ended.x + open_ended.width == pytest.approx(axis)


def test_welsh_names_print(tmp_path: Path) -> None:
    block = BarChart(WELSH, ("Ynys Môn", WELSH), (Series("Gwariant", (1.0, 2.0)),), "Nifer")
    assert "Cyngor Sir Ddinbych" in pdf_text(draw_chart(block, WIDTH), tmp_path)


def test_whole_number_charts_never_get_fractional_steps() -> None:
    assert nice_scale([1, 3, 2]).ticks() == [0, 1, 2, 3]
    assert nice_scale([]).ticks() == [0, 1]
    assert nice_scale([-5.0, -1.2e6]).high == 0
    assert nice_scale([13, 6, 2]).ticks() == [0, 5, 10, 15]  # never 2.5 risks


def test_a_chart_is_a_flowable_in_a_document(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [draw_chart(block, WIDTH) for block in everyday_charts()]
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Residual risk" in text and "Stages and gates" in text


def test_other_blocks_are_refused() -> None:
    with pytest.raises(TypeError):
        draw_chart(Paragraph("Not a chart"), WIDTH)  # type: ignore[arg-type]


def contrast(ink: colors.Color, fill: colors.Color) -> float:
    def luminance(colour: colors.Color) -> float:
        parts = [
            part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4
            for part in (colour.red, colour.green, colour.blue)
        ]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    lighter, darker = sorted((luminance(ink), luminance(fill)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
