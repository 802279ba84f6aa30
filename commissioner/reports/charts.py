"""Vector charts for governance packs, drawn with reportlab.graphics.

`draw_chart(block, width)` turns a chart block into a reportlab `Drawing` exactly
`width` points wide; a Drawing is a flowable, so the renderer places it in the
story as it is. Every chart carries its title (bold, top left), axis titles and,
with several series, a legend, so it reads on its own when printed in greyscale.

Values in chart blocks:

* `value_format="money"`: **pounds** as floats (not pence, unlike the models), printed
  compactly as the app does ("£1.2m", "£350k", "£900", "−£40k").
* `value_format="percent"`: percentage points (12.5 means 12.5%), printed "12.5%".
* `value_format="number"`: plain numbers ("1,250", "3.4m").
* `None` is a missing value: no bar, or a gap in a line.

Ratings are words: a heat map's key and a timeline's bar ends print the word beside
its colour, because colour is never the only signal.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing

from commissioner.reports.blocks import BarChart, HeatMap, LineChart, Timeline
from commissioner.reports.charts_bar import draw_bar_chart
from commissioner.reports.charts_common import ChartFonts
from commissioner.reports.charts_heat_map import draw_heat_map
from commissioner.reports.charts_line import draw_line_chart
from commissioner.reports.charts_timeline import draw_timeline

__all__ = ["ChartFonts", "draw_chart"]


def draw_chart(
    block: BarChart | LineChart | HeatMap | Timeline,
    width: float,
    *,
    fonts: ChartFonts | None = None,
) -> Drawing:
    """The block as a Drawing `width` points wide, its height chosen to suit the content.

    `fonts` lets a renderer that registered a fuller TrueType font use it in charts.
    """
    chosen = fonts or ChartFonts()
    if isinstance(block, BarChart):
        return draw_bar_chart(block, width, chosen)
    if isinstance(block, LineChart):
        return draw_line_chart(block, width, chosen)
    if isinstance(block, HeatMap):
        return draw_heat_map(block, width, chosen)
    if isinstance(block, Timeline):
        return draw_timeline(block, width, chosen)
    raise TypeError(f"{type(block).__name__} is not a chart block")
