"""Server-rendered, accessible bar charts for the compliance dashboard.

The page's Content-Security-Policy forbids inline styles and scripts, so charts are plain SVG
drawn with presentation attributes (``fill``, ``width``), computed here and rendered by
``templates/people/_bar_chart.html``. Each chart has a ``<title>`` and ``<desc>`` and is always
followed on the page by a table of the same figures, which is what screen reader users read.
"""

from __future__ import annotations

from dataclasses import dataclass

# Geometry in SVG user units; the chart scales to the width of its column.
PLOT_WIDTH = 520
VALUE_GAP = 8
WIDTH = PLOT_WIDTH + 180
ROW_HEIGHT = 46
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 16

# GOV.UK Frontend palette: text, a light track, and bar colours with at least 3:1 contrast
# against white (WCAG 1.4.11).
TEXT = "#0b0c0c"
TRACK = "#f3f2f1"
BAR = "#1d70b8"


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    label_y: int
    bar_y: int
    value_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    plot_width: int
    bar_height: int
    bars: list[Bar]
    text_colour: str = TEXT
    track_colour: str = TRACK
    bar_colour: str = BAR


def percent_bar_chart(
    *, chart_id: str, title: str, description: str, rows: list[tuple[str, int | None, str]]
) -> BarChart:
    """A horizontal bar chart of percentages: ``rows`` are (label, percent or None, value text).

    ``None`` draws no bar (the measure does not apply) but keeps the row and its text.
    """
    bars = []
    for index, (label, percent, value_text) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = PLOT_WIDTH * max(0, min(100, percent or 0)) / 100
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                y=top,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_TOP,
                value_y=top + BAR_TOP + BAR_HEIGHT - 3,
                width=round(width, 1),
                value_x=PLOT_WIDTH + VALUE_GAP,
            )
        )
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=max(ROW_HEIGHT, ROW_HEIGHT * len(bars)),
        plot_width=PLOT_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
    )
