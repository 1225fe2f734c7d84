"""Drawing: a chart's plain series into a standalone SVG with matplotlib's Figure API (never pyplot,
which keeps global state), Agg canvas, text kept as text."""

from __future__ import annotations

import datetime as dt
import io
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
from ..formats import fmt_t, one
from .data import ChartData, Series
from .style import (
    BLACK,
    BLUE,
    FIGSIZE,
    GREEN,
    INK,
    MUTED,
    ORANGE,
    RC,
    SITE_STYLES,
    SKY,
    VERMILLION,
)

MIN_SPAN_DAYS = 14  # the x axis spans at least this many days
_RENDER_LOCK = threading.Lock()  # rc_context swaps global rcParams for the duration of a render


def render_svg(data: ChartData) -> bytes:
    """The chart as a standalone SVG (same data, same bytes); never raises for odd data."""
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=FIGSIZE, layout="constrained")
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
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%-d", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%b", "%-d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%b %Y", "%-d %b %Y", "%-d %b %Y", "%-d %b %Y"],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def _legend(ax, handles=None, ncols: int = 3) -> None:
    kwargs = {} if handles is None else {"handles": handles}
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncols=ncols, **kwargs)


def _xy(series: Series) -> tuple[list[dt.date], list[float]]:
    return [p[0] for p in series.points], [p[1] for p in series.points]


def _draw_pain(fig: Figure, data: ChartData) -> None:
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


CHAR_WIDTH = 0.017  # of the axes width, for a 9 pt character: enough to keep labels apart
LABELS_LEFT_FROM = 0.82  # points further right than this have their labels on the left
LABEL_HEIGHT = 0.068  # of the axes height, one line of 8.5-9 pt text with some air


BAND_STYLES = {
    "normal": (GREEN, 0.10),
    "osteopenia": (ORANGE, 0.14),
    "osteoporosis": (VERMILLION, 0.10),
}


def _bands(low: float, high: float) -> list[tuple[str, float, float]]:
    """The WHO bands (domain.WHO_BANDS) as (name, bottom, top), open ends cut at the axis limits."""
    return [
        (name, low if bottom is None else float(bottom), high if top is None else float(top))
        for name, bottom, top in d.WHO_BANDS
    ]


def _draw_tscore(fig: Figure, data: ChartData) -> None:
    ax = fig.add_subplot()
    values = [v for s in data.series for _, v in s.points]
    low = min(-4.0, min(values) - 0.6)
    high = max(1.0, max(values) + 0.6)
    ax.set_ylim(low, high)
    for name, bottom, top in _bands(low, high):
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
    obstacles = _tscore_value_labels(ax, data, low, high)
    _band_names(ax, low, high, obstacles)
    _legend(ax, ncols=2)


Box = tuple[float, float, float, float]  # x0, x1, y0, y1 in axes fractions


def _tscore_value_labels(ax, data: ChartData, low: float, high: float) -> list[Box]:
    """Label every point with its value, beside it, spread apart where scans share a date.

    Returns the boxes (in axes fractions) taken by points and labels, for `_band_names`.
    """
    x0, x1 = ax.get_xlim()
    span = high - low
    by_date: dict[dt.date, list[float]] = {}
    for s in data.series:
        for day, value in s.points:
            by_date.setdefault(day, []).append(value)
    boxes: list[Box] = []
    for day, day_values in sorted(by_date.items()):
        fx = (mdates.date2num(day) - x0) / (x1 - x0)
        for value in day_values:
            fv = (value - low) / span
            boxes.append((fx - 0.025, fx + 0.025, fv - 0.035, fv + 0.035))
    # Scans too close to the next labelled one (to its right) keep their markers but not their
    # labels, which would overlap: the latest scan is always labelled, the table has them all.
    labelled: list[tuple[float, dt.date]] = []
    left_edge = 2.0  # the leftmost extent of the labels placed so far, in axes fractions
    for day in sorted(by_date, reverse=True):
        fx = (mdates.date2num(day) - x0) / (x1 - x0)
        width = 0.03 + max(len(fmt_t(v)) for v in by_date[day]) * CHAR_WIDTH
        lo, hi = (fx, fx + width) if fx < LABELS_LEFT_FROM else (fx - width, fx)
        if hi + 0.01 <= left_edge:
            labelled.append((fx, day))
            left_edge = min(lo, fx - 0.02)
    for fx, day in labelled:
        order = sorted(by_date[day], reverse=True)
        ys: list[float] = []
        for value in order:  # top down, each label at least a line below the one above
            fy = (value - low) / span
            ys.append(fy if not ys else min(fy, ys[-1] - LABEL_HEIGHT))
        shift = max(0.0, LABEL_HEIGHT / 2 - ys[-1])  # keep the lowest inside the axes
        right = fx < LABELS_LEFT_FROM
        for value, fy in zip(order, ys, strict=True):
            fy = min(fy + shift, 1 - LABEL_HEIGHT / 2)
            text = fmt_t(value)
            ax.annotate(
                text,
                (fx, fy),
                xycoords="axes fraction",
                xytext=(6 if right else -6, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=8.5,
                color=INK,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            width = 0.02 + len(text) * CHAR_WIDTH
            boxes.append((fx, fx + width, fy - LABEL_HEIGHT / 2, fy + LABEL_HEIGHT / 2))
            if not right:
                boxes[-1] = (fx - width, fx, *boxes[-1][2:])
    return boxes


def _band_names(ax, low: float, high: float, obstacles: list[Box]) -> None:
    """Name each WHO band inside it, where no point or value label is."""
    span = high - low
    for name, bottom, top in _bands(low, high):
        b, t = (bottom - low) / span, (top - low) / span
        half = LABEL_HEIGHT / 2
        heights = [(b + t) / 2, t - half - 0.01, b + half + 0.01]
        width = len(name) * CHAR_WIDTH
        candidates = [
            (side, fy) for fy in heights if b + half <= fy <= t - half for side in ("l", "r")
        ]
        side, fy = candidates[0] if candidates else ("l", (b + t) / 2)
        for cand_side, cand_y in candidates:
            bx = (0.01, 0.01 + width) if cand_side == "l" else (0.99 - width, 0.99)
            box = (bx[0] - 0.01, bx[1] + 0.01, cand_y - half, cand_y + half)
            if not any(_overlap(box, other) for other in obstacles):
                side, fy = cand_side, cand_y
                break
        ax.text(
            0.01 if side == "l" else 0.99,
            fy,
            name,
            transform=ax.transAxes,
            ha="left" if side == "l" else "right",
            va="center",
            fontsize=9,
            style="italic",
            color=MUTED,
            zorder=2,
        )


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


MAX_BARS = 60  # weeks; beyond, a stepped area


def _draw_activity(fig: Figure, data: ChartData) -> None:
    top_ax, bottom_ax = fig.subplots(2, 1, sharex=True, height_ratios=[2.6, 1])
    minutes, sessions = data.get("minutes"), data.get("sessions")
    weeks, mins = _xy(minutes)
    _, counts = _xy(sessions)
    label = "Minutes (moderate-equiv.)"
    if len(weeks) > MAX_BARS:
        # Hundreds of bars would be hairlines (and slow): draw the same weeks as one stepped area.
        edges = [*weeks, weeks[-1] + dt.timedelta(days=7)]
        bars = top_ax.stairs(mins, edges, fill=True, color=SKY, label=label, zorder=2)
        bottom_ax.stairs(counts, edges, fill=True, color=VERMILLION, zorder=2)
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
    _date_axis(bottom_ax, data, [*weeks, weeks[-1] + dt.timedelta(days=7)])
    fig.align_ylabels([top_ax, bottom_ax])
    _legend(top_ax, handles=[bars, target], ncols=2)


def _draw_height(fig: Figure, data: ChartData) -> None:
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
    ax.set_ylabel("Height (cm)")
    _date_axis(ax, data, x)
    _legend(ax, ncols=2)


# vitamin_d, and the pain chart's strip of pain-reliever days, are registered by charts/meds.py.
_DRAWERS: dict[str, Callable[[Figure, ChartData], None]] = {
    "pain": _draw_pain,
    "tscore": _draw_tscore,
    "activity": _draw_activity,
    "height": _draw_height,
}
