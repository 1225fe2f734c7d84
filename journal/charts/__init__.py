"""Trend charts as SVG: plain series in (`data`), bytes out (`draw`), in the look of `style`.

Both steps are pure (no database, no clock reads, no Django):

1. `chart_data(name, journal, range_key, today)` picks and computes what a chart plots from a
   journal snapshot, as a frozen `ChartData` that also carries the chart's text alternative and
   the same numbers as a table (for the "show the data" disclosure).
2. `render_svg(data)` draws it with matplotlib's Figure API (never pyplot), text kept as text.
"""

from . import meds as _meds  # noqa: F401  registers the vitamin D chart and the pain chart's strip
from .care import course_chart_data
from .data import CHART_VERSION, CHARTS, ChartData, Series, cache_key, chart_data
from .draw import render_svg
from .style import SIZES

__all__ = [
    "CHARTS",
    "CHART_VERSION",
    "SIZES",
    "ChartData",
    "Series",
    "cache_key",
    "chart_data",
    "course_chart_data",
    "render_svg",
]
