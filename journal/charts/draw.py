"""Drawing: a chart's plain series into a standalone SVG with matplotlib's Figure API (never pyplot,
which keeps global state), Agg canvas, text kept as text."""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import threading
from collections.abc import Callable
from xml.sax.saxutils import escape

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from .. import domain as d
from ..formats import one
from .data import ChartData, Series
from .labels import band_names, bands, value_labels
from .style import (
    BLACK,
    BLUE,
    FIGSIZE,
    GREEN,
    INK,
    MUTED,
    NARROW_BELOW,
    ORANGE,
    RC,
    SITE_STYLES,
    SIZES,
    SKY,
    VERMILLION,
)

MIN_SPAN_DAYS = 14  # the x axis spans at least this many days
MARKERS_UP_TO = 260  # points a series draws as dots (five years of weeks); beyond, a thin line
_RENDER_LOCK = threading.Lock()  # rc_context swaps global rcParams for the duration of a render
# Figures this process has drawn. A figure dies as thousands of objects in reference cycles
# (artists, axes and their callbacks): journal.serving collects them once the answer is sent.
figures_drawn = 0

# Fixed margins, in inches (the figure is FIGSIZE), instead of a layout engine: constrained layout
# measured every text twice over and made a chart cost 1.5 times a bare Figure. These fit the
# widest tick labels ("168", "-4"), the y label, two rows of x labels (ticks, then the year) and
# one legend row above the axes (LEGEND_ROW more for each further row).
LEFT, RIGHT, BOTTOM, TOP = 0.62, 0.14, 0.46, 0.34
LEGEND_ROW = 0.19


def _frame(fig: Figure, legend_rows: int = 1, right: float = RIGHT, **grid) -> None:
    """Place the axes inside the fixed margins (`right`: a wider one, in inches, for names or a
    second scale beside the plot)."""
    width, height = fig.get_size_inches()
    top = TOP + LEGEND_ROW * max(0, legend_rows - 1)
    fig.subplots_adjust(
        left=LEFT / width,
        right=1 - right / width,
        bottom=BOTTOM / height,
        top=1 - top / height,
        **grid,
    )


def render_svg(data: ChartData, size: str = "wide") -> bytes:
    """The chart as a standalone SVG (same data, same bytes); never raises for odd data.

    `size` is "wide" (the default, for a page's column) or "phone" (style.SIZES): the same chart
    drawn on a narrower figure, so that shown about as wide as it was drawn its text keeps its
    size, with fewer date ticks and legend columns."""
    global figures_drawn
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        figures_drawn += 1
        fig = Figure(figsize=SIZES.get(size, FIGSIZE))
        FigureCanvasAgg(fig)
        if data.is_empty or not data.series:
            _draw_empty(fig, data.empty_message or "Nothing to show yet.")
        else:
            _DRAWERS[data.name](fig, data)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Title": data.title})
    svg = buf.getvalue()
    # The text alternative, for anyone opening the image on its own.
    return svg.replace(
        b"</title>", b"</title>\n <desc>" + escape(data.alt).encode() + b"</desc>", 1
    )


def _draw_empty(fig: Figure, message: str) -> None:
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    ax = fig.add_subplot()
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#BBBBBB")
    ax.text(
        0.5,
        0.5,
        textwrap.fill(message, 38),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color=INK,
        linespacing=1.4,
    )


def _date_axis(ax, data: ChartData, xs: list[dt.date]) -> None:
    """x limits over the window (padded a little) and ticks formatted for the span."""
    left, right = min([data.start, *xs]), max([data.end, *xs])
    left = min(left, right - dt.timedelta(days=MIN_SPAN_DAYS))  # a new journal: days, not hours
    pad = dt.timedelta(days=max(1, round((right - left).days * 0.03)))
    ax.set_xlim(left - pad, right + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=4 if narrow(ax.figure) else 6)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%-d", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%b", "%-d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%b %Y", "%-d %b %Y", "%-d %b %Y", "%-d %b %Y"],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def narrow(fig: Figure) -> bool:
    """True for a figure drawn for a phone."""
    return fig.get_size_inches()[0] < NARROW_BELOW


CHAR_EM = 0.6  # a legend character's width, in ems of its font: DejaVu Sans' are 0.55-0.64


def _legend(ax, handles=None, ncols: int = 3) -> None:
    """The legend above the axes, in at most `ncols` columns: as many as its labels' estimated
    width lets fit between the axes' left edge and the figure's right edge; the space above the
    axes grows by a row for each further row of the legend."""
    fig = ax.figure
    if handles is None:
        handles = ax.get_legend_handles_labels()[0]
    size = RC["legend.fontsize"]
    # On a phone the legend starts at the figure's left edge (over the y label's margin), not
    # the axes': more room for two columns, fewer rows taken from the plot.
    pos = ax.get_position()
    start, anchor = (0.01, (0.01 - pos.x0) / pos.width) if narrow(fig) else (pos.x0, 0)
    available = fig.get_size_inches()[0] * (1 - start) * 72  # points
    labels = [h.get_label() for h in handles]
    ncols = max(1, min(ncols, len(labels)))
    while ncols > 1 and _legend_width(labels, ncols, size) > available:
        ncols -= 1
    if ncols == 1 and _legend_width(labels, 1, size) > available:
        # One column and still too wide (a long label on a phone): its words over two lines.
        marks = _legend_width([""], 1, size)
        labels = [
            textwrap.fill(label, int((available - marks) / (CHAR_EM * size))) for label in labels
        ]
    rows = sum(label.count("\n") + 1 for label in labels[::ncols]) if labels else 1
    if rows > 1:
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(top=1 - (TOP + LEGEND_ROW * (rows - 1)) / height)
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(anchor, 1.01), ncols=ncols)


def _legend_width(labels: list[str], ncols: int, size: float) -> float:
    """A legend's estimated width in points, its entries filling columns top down (matplotlib's
    order)."""
    rows = math.ceil(len(labels) / ncols)
    columns = [labels[i : i + rows] for i in range(0, len(labels), rows)]
    text = sum(max(len(label) for label in col) * CHAR_EM * size for col in columns)
    marks = len(columns) * (RC["legend.handlelength"] + RC["legend.handletextpad"]) * size
    return text + marks + (len(columns) - 1) * RC["legend.columnspacing"] * size


def _xy(series: Series) -> tuple[list[dt.date], list[float]]:
    return [p[0] for p in series.points], [p[1] for p in series.points]


def _draw_pain(fig: Figure, data: ChartData) -> None:
    _frame(fig)
    ax = fig.add_subplot()
    ax.axhspan(d.SEVERE_PAIN_FROM, 10.4, color=VERMILLION, alpha=0.09, lw=0, zorder=0)
    ax.text(
        0.99,
        9.85,
        "severe",
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="top",
        fontsize=9,
        style="italic",
        color="#9A3D00",
    )
    xs: list[dt.date] = []
    points = data.get("weekly") or data.get("entries")
    if points is not None:
        x, y = _xy(points)
        xs += x
        if len(x) > MARKERS_UP_TO:
            # Years of weekly means: dots that would touch each other read as a ragged band, so
            # they are one thin line (and one SVG path instead of one element a dot).
            ax.plot(x, y, color=SKY, lw=1.1, alpha=0.9, label=points.label, zorder=2)
        else:
            ax.plot(
                x,
                y,
                linestyle="none",
                marker="o",
                markersize=3.2 if data.weekly else 4.2,
                markerfacecolor=SKY,
                markeredgecolor=BLUE,
                markeredgewidth=0.5,
                alpha=0.85,
                label=points.label,
                zorder=2,
            )
    if (mean7 := data.get("mean7")) is not None:
        x, y = _xy(mean7)
        ax.plot(x, y, color=BLUE, lw=2, solid_joinstyle="round", label=mean7.label, zorder=3)
    if (mean30 := data.get("mean30")) is not None:
        x, y = _xy(mean30)
        ax.plot(x, y, color=BLACK, lw=1.6, ls=(0, (4, 2)), label=mean30.label, zorder=4)
    ax.set_ylim(-0.4, 10.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 2, 4, 6, 8, 10]))
    ax.set_ylabel("Pain (0\u201310)")
    _date_axis(ax, data, xs)
    _legend(ax)


BAND_STYLES = {
    "normal": (GREEN, 0.10),
    "osteopenia": (ORANGE, 0.14),
    "osteoporosis": (VERMILLION, 0.10),
}


def _draw_tscore(fig: Figure, data: ChartData) -> None:
    _frame(fig, legend_rows=math.ceil(len(data.series) / 2))
    ax = fig.add_subplot()
    values = [v for s in data.series for _, v in s.points]
    low = min(-4.0, min(values) - 0.6)
    high = max(1.0, max(values) + 0.6)
    ax.set_ylim(low, high)
    for name, bottom, top in bands(low, high):
        colour, alpha = BAND_STYLES[name]
        ax.axhspan(bottom, top, color=colour, alpha=alpha, lw=0, zorder=0)
    for y in (float(d.OSTEOPENIA_BELOW), float(d.OSTEOPOROSIS_AT)):
        ax.axhline(y, color=MUTED, lw=0.6, ls=(0, (2, 2)), zorder=1)

    xs: list[dt.date] = []
    for i, s in enumerate(data.series):
        colour, marker, style = SITE_STYLES[i % len(SITE_STYLES)]
        x, y = _xy(s)
        xs += x
        ax.plot(
            x,
            y,
            color=colour,
            marker=marker,
            ls=style,
            lw=1.6,
            markersize=5.5,
            label=s.label,
            zorder=3,
        )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("T-score")
    _date_axis(ax, data, xs)
    obstacles = value_labels(ax, data, low, high)
    band_names(ax, low, high, obstacles)
    _legend(ax, ncols=2)


MAX_BARS = 60  # weeks; beyond, a stepped area


def _draw_activity(fig: Figure, data: ChartData) -> None:
    _frame(fig, hspace=0.32)  # room for the lower axes' title
    top_ax, bottom_ax = fig.subplots(2, 1, sharex=True, height_ratios=[2.6, 1])
    minutes, sessions = data.get("minutes"), data.get("sessions")
    weeks, mins = _xy(minutes)
    _, counts = _xy(sessions)
    label = "Minutes (moderate-equiv.)"
    # A point is a week, or a run of weeks on a long span (data.MAX_POINTS): its width.
    step = weeks[1] - weeks[0] if len(weeks) > 1 else dt.timedelta(days=7)
    if len(weeks) > MAX_BARS:
        # Hundreds of bars would be hairlines (and slow): draw the same weeks as one stepped area.
        # fill_between(step="post") draws what stairs() would, as one polygon whose limits are
        # read from its vertices (stairs' patch walks every segment as a curve: 4x slower).
        edges = [*weeks, weeks[-1] + step]
        bars = top_ax.fill_between(
            edges, [*mins, mins[-1]], step="post", color=SKY, lw=0, label=label, zorder=2
        )
        bottom_ax.fill_between(
            edges, [*counts, counts[-1]], step="post", color=VERMILLION, lw=0, zorder=2
        )
    else:
        centres = [w + dt.timedelta(days=3) for w in weeks]
        bars = top_ax.bar(
            centres, mins, width=5.5, color=SKY, edgecolor=BLUE, lw=0.6, label=label, zorder=2
        )
        bottom_ax.bar(centres, counts, width=5.5, color=VERMILLION, edgecolor="none", zorder=2)
    target = top_ax.axhline(
        d.WEEKLY_TARGET_MINUTES,
        color=BLACK,
        lw=1.4,
        ls=(0, (4, 2)),
        label=f"{d.WEEKLY_TARGET_MINUTES} min a week",
        zorder=3,
    )
    top_ax.set_ylim(0, max(d.WEEKLY_TARGET_MINUTES * 1.35, max(mins) * 1.1))
    top_ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
    top_ax.set_ylabel("Minutes")
    top_ax.tick_params(axis="x", labelbottom=False)

    bottom_ax.set_ylim(0, max(4, max(counts) * 1.15))
    bottom_ax.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True))
    bottom_ax.set_title(sessions.label + " a week", loc="left", fontsize=9.5, pad=3)
    bottom_ax.set_ylabel("Sessions")
    _date_axis(bottom_ax, data, [*weeks, weeks[-1] + step])
    fig.align_ylabels([top_ax, bottom_ax])
    _legend(top_ax, handles=[bars, target], ncols=2)


def _draw_height(fig: Figure, data: ChartData) -> None:
    _frame(fig)
    ax = fig.add_subplot()
    height = data.get("height")
    x, y = _xy(height)
    values = list(y)
    ax.plot(x, y, color=BLUE, marker="o", lw=2, markersize=5, label=height.label, zorder=3)
    label_all = len(x) <= 8
    last = len(y) - 1
    for i, (day, value) in enumerate(height.points):
        if not (label_all or i in (0, last)):
            continue
        # Above or below the point, away from the line through it.
        neighbours = [y[j] for j in (i - 1, i + 1) if 0 <= j <= last]
        above = value >= sum(neighbours) / len(neighbours)
        ax.annotate(
            one(value),
            (day, value),
            xytext=(0, 7 if above else -7),
            textcoords="offset points",
            ha="left" if i == 0 else "right" if i == last else "center",
            va="bottom" if above else "top",
            fontsize=8.5,
            zorder=4,
            bbox={"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    if (tallest := data.get("tallest")) is not None:
        value = tallest.points[0][1]
        values.append(value)
        ax.axhline(value, color=BLACK, lw=1.2, ls=(0, (1.5, 1.5)), label=tallest.label, zorder=2)
    low, high = min(values), max(values)
    margin = max(1.0, (high - low) * 0.2)
    ax.set_ylim(low - margin, high + margin)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.set_ylabel(data.table_header[1])  # "Height (cm)", or "(in)" in imperial units
    _date_axis(ax, data, x)
    _legend(ax, ncols=2)


# vitamin_d, and the pain chart's strip of pain-reliever days, are registered by charts/meds.py.
_DRAWERS: dict[str, Callable[[Figure, ChartData], None]] = {
    "pain": _draw_pain,
    "tscore": _draw_tscore,
    "activity": _draw_activity,
    "height": _draw_height,
}


def drawer(name: str):
    """Register the function that draws chart `name` (charts in other modules)."""

    def register(fn):
        _DRAWERS[name] = fn
        return fn

    return register
