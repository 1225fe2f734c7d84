"""Trend charts as SVG: plain series in, bytes out.

Two steps, both pure (no database, no clock reads, no Django):

1. `chart_data(name, journal, range_key, today)` picks and computes what a chart plots from a
   journal snapshot, as a frozen, hashable `ChartData` that also carries the chart's text
   alternative and the same numbers as a table (for the "show data" disclosure).
2. `render_svg(data)` draws it with matplotlib's Figure API (never pyplot), text kept as text.

`cache_key(data)` hashes everything `render_svg` reads (plus `CHART_VERSION`), so the view can
cache the SVG and a chart whose plotted data has not changed is never drawn twice. Bump
`CHART_VERSION` whenever the drawing code changes what a chart looks like.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from . import domain as d
from .snapshot import Journal
from .trends import (
    RANGES,
    parse_range,
    rolling_mean,
    week_start,
    weekly_activity,
    weekly_means,
    window_start,
)

CHART_VERSION = "1"
CHARTS = ("pain", "tscore", "activity", "height")

WEEKLY_AFTER_DAYS = 365  # a pain chart spanning more days than this shows weekly means
ACTIVITY_TARGET = 150  # moderate-equivalent minutes a week (WHO)
SEVERE_FROM = 7
MIN_SPAN_DAYS = 14  # the x axis spans at least this many days

Point = tuple[dt.date, float]


@dataclass(frozen=True)
class Series:
    """One plotted series: a stable key (what it is), a label (the legend) and its points."""

    key: str
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class ChartData:
    """Everything one chart shows, and nothing else: what `render_svg` draws and `cache_key` hashes.

    `start`/`end` bound the x axis (for the activity chart `start` is the Monday of the first
    week). `empty_message` is "" when there is something to draw, else what to log.
    """

    name: str
    range_key: str
    start: dt.date
    end: dt.date
    series: tuple[Series, ...]
    title: str
    alt: str
    empty_message: str = ""
    table_header: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return bool(self.empty_message)

    def get(self, key: str) -> Series | None:
        """The series with this key, or None."""
        return next((s for s in self.series if s.key == key), None)

    @property
    def weekly(self) -> bool:
        """True when the pain chart shows weekly means instead of every entry."""
        return self.get("weekly") is not None


# --- formatting -----------------------------------------------------------------------------

MINUS = "\u2212"


def fmt_date(day: dt.date) -> str:
    """'1 Mar 2026' (no leading zero, locale-independent)."""
    return f"{day.day} {day:%b %Y}"


def fmt_period(start: dt.date, end: dt.date) -> str:
    """'from 1 Mar to 29 May 2026' ('from 1 Mar 2025 to ...' across years), or 'on 29 May 2026'."""
    if start == end:
        return f"on {fmt_date(end)}"
    first = f"{start.day} {start:%b}" if start.year == end.year else fmt_date(start)
    return f"from {first} to {fmt_date(end)}"


def _one(value: float) -> str:
    return f"{value:.1f}"


def fmt_t(value: float, minus: str = MINUS) -> str:
    """A T-score with one decimal, or two when one would round it (-2.45 must not read -2.5)."""
    tenths = value * 10
    text = f"{value:.1f}" if abs(tenths - round(tenths)) < 1e-6 else f"{value:.2f}"
    return text.replace("-", minus)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


RANGE_PHRASES = {"30d": "the last 30 days", "90d": "the last 90 days", "1y": "the last year"}


def _in_range(range_key: str) -> str:
    return f"in {RANGE_PHRASES[range_key]}" if range_key in RANGE_PHRASES else "yet"


# --- chart data -----------------------------------------------------------------------------


def chart_data(name: str, journal: Journal, range_key: str | None, today: dt.date) -> ChartData:
    """What chart `name` plots for this journal, over range `range_key` ending `today`.

    Raises KeyError for a chart name not in CHARTS; an unknown range gives the default range.
    """
    if name not in _BUILDERS:
        raise KeyError(f"unknown chart {name!r}")
    key = parse_range(range_key)
    start = window_start(key, today, journal.first_date)
    return _BUILDERS[name](journal, key, start, today)


def _round(points: list[Point]) -> tuple[Point, ...]:
    return tuple((day, round(value, 2)) for day, value in points)


def _pain(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Pain"
    pains = [p for p in journal.pains if p.date <= end]
    shown = [p for p in pains if p.date >= start]
    header = ("Date", "Score", "7-day mean", "30-day mean")
    if not shown:
        message = f"No pain entries {_in_range(key)}. Log how your pain is today (0 for none)" + (
            ", or choose a longer range to see earlier entries." if pains else " to see it here."
        )
        return ChartData(
            "pain",
            key,
            start,
            end,
            (),
            title,
            f"No pain entries {fmt_period(start, end)}.",
            message,
            header,
        )

    # The means use entries before the window too, so they are right from its first day.
    points = [(p.date, float(p.score)) for p in pains]
    mean7 = [pt for pt in rolling_mean(points, 7) if pt[0] >= start]
    mean30 = [pt for pt in rolling_mean(points, 30) if pt[0] >= start]
    highest = max(p.score for p in shown)
    severe = sum(p.score >= SEVERE_FROM for p in shown)
    severe_text = f", {severe} severe (7 or more)" if severe else ""
    span = fmt_period(start, end)

    if (end - start).days + 1 > WEEKLY_AFTER_DAYS:
        weeks = weekly_means((p.date, p.score) for p in shown)
        # The 30-day mean as it stood on the last day with an entry of each week.
        last_of_week = {week_start(day): (day, value) for day, value in mean30}
        mean30_weekly = [last_of_week[w] for w, _, _ in weeks]
        series = (
            Series("weekly", "Weekly mean", _round([(w, m) for w, m, _ in weeks])),
            Series("mean30", "30-day mean", _round(mean30_weekly)),
        )
        alt = (
            f"Pain scores {span}, shown as weekly means: "
            f"{_plural(len(shown), 'entry', 'entries')} in {_plural(len(weeks), 'week')}, "
            f"latest 30-day mean {_one(mean30[-1][1])}, "
            f"highest score {highest}{severe_text}."
        )
        table = tuple(
            (f"Week of {fmt_date(w)}", str(n), _one(m), _one(last_of_week[w][1]))
            for w, m, n in weeks
        )
        header = ("Week", "Entries", "Weekly mean", "30-day mean (end of week)")
        return ChartData("pain", key, start, end, series, title, alt, "", header, table)

    m7, m30 = dict(mean7), dict(mean30)
    series = (
        Series("entries", "Entry", tuple((p.date, float(p.score)) for p in shown)),
        Series("mean7", "7-day mean", _round(mean7)),
        Series("mean30", "30-day mean", _round(mean30)),
    )
    alt = (
        f"Pain scores {span}: {_plural(len(shown), 'entry', 'entries')}, "
        f"latest 7-day mean {_one(mean7[-1][1])}, latest 30-day mean {_one(mean30[-1][1])}, "
        f"highest {highest}{severe_text}."
    )
    table = tuple(
        (fmt_date(p.date), str(p.score), _one(m7[p.date]), _one(m30[p.date])) for p in shown
    )
    return ChartData("pain", key, start, end, series, title, alt, "", header, table)


def _site_label(site: str) -> str:
    return d.Site(site).label if site in d.Site.values else site.replace("_", " ").capitalize()


def _tscore(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Bone density (T-score)"
    header = ("Date", "Site", "T-score", "WHO category")
    scans = [s for s in journal.scans if start <= s.date <= end and s.results]
    if not scans:
        message = f"No DEXA scans {_in_range(key)}. " + (
            "Choose a longer range to see earlier scans, or add a new scan's T-scores."
            if journal.scans
            else "Add a scan's T-scores from its report to see them here."
        )
        return ChartData(
            "tscore",
            key,
            start,
            end,
            (),
            title,
            f"No DEXA scans {fmt_period(start, end)}.",
            message,
            header,
        )
    present = {site for scan in scans for site in scan.results}
    sites = [s for s in d.Site.values if s in present] + sorted(present - set(d.Site.values))
    series = tuple(
        Series(
            site,
            _site_label(site),
            tuple((s.date, float(s.results[site].t_score)) for s in scans if site in s.results),
        )
        for site in sites
    )
    parts = []
    for s in series:
        first, last = s.points[0][1], s.points[-1][1]
        c_first, c_last = d.who_category(first), d.who_category(last)
        if len(s.points) == 1:
            parts.append(f"{s.label} {fmt_t(last)} ({c_last})")
        elif c_first == c_last:
            parts.append(f"{s.label} {fmt_t(first)} to {fmt_t(last)} ({c_last})")
        else:
            parts.append(f"{s.label} {fmt_t(first)} to {fmt_t(last)} ({c_first} to {c_last})")
    when = (
        f"1 scan on {fmt_date(scans[0].date)}"
        if len(scans) == 1
        else f"{len(scans)} scans {fmt_period(scans[0].date, scans[-1].date)}"
    )
    alt = f"T-scores by site, {when}: {'; '.join(parts)}."
    table = tuple(
        (
            fmt_date(scan.date),
            _site_label(site),
            fmt_t(float(scan.results[site].t_score), "-"),
            scan.results[site].category,
        )
        for scan in scans
        for site in sites
        if site in scan.results
    )
    return ChartData("tscore", key, start, end, series, title, alt, "", header, table)


def _activity(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Activity per week"
    header = ("Week", "Moderate-equivalent minutes", "Weight-bearing sessions")
    start = week_start(start)  # whole weeks
    sessions = [e for e in journal.exercises if start <= e.date <= end]
    if not sessions:
        message = (
            f"No exercise {_in_range(key)}. Log a session (walking counts) to see "
            "your weekly minutes against the 150-minute target."
        )
        return ChartData(
            "activity",
            key,
            start,
            end,
            (),
            title,
            f"No exercise sessions {fmt_period(start, end)}.",
            message,
            header,
        )
    weeks = weekly_activity(sessions, start, end)
    series = (
        Series(
            "minutes",
            "Moderate-equivalent minutes",
            tuple((w.start, float(w.moderate_minutes)) for w in weeks),
        ),
        Series(
            "sessions",
            "Weight-bearing sessions",
            tuple((w.start, float(w.weight_bearing_sessions)) for w in weeks),
        ),
    )
    met = sum(w.moderate_minutes >= ACTIVITY_TARGET for w in weeks)
    mean_minutes = sum(w.moderate_minutes for w in weeks) / len(weeks)
    mean_sessions = sum(w.weight_bearing_sessions for w in weeks) / len(weeks)
    alt = (
        f"Exercise per week {fmt_period(start, end)}: {ACTIVITY_TARGET} or more "
        f"moderate-equivalent minutes in {met} of {_plural(len(weeks), 'week')} "
        f"(average {mean_minutes:.0f} a week), and {_one(mean_sessions)} weight-bearing "
        "sessions a week on average."
    )
    table = tuple(
        (f"Week of {fmt_date(w.start)}", str(w.moderate_minutes), str(w.weight_bearing_sessions))
        for w in weeks
    )
    return ChartData("activity", key, start, end, series, title, alt, "", header, table)


def _height(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Height"
    header = ("Date", "Height (cm)")
    shown = [h for h in journal.heights if start <= h.date <= end]
    table = tuple((fmt_date(h.date), _one(float(h.height_cm))) for h in shown)
    span = fmt_period(start, end)
    if len(shown) < 2:
        if shown:
            h = shown[0]
            message = (
                f"One height {_in_range(key) if key != 'all' else 'so far'}: "
                f"{_one(float(h.height_cm))} cm on {fmt_date(h.date)}. Log your height again "
                "to see how it changes."
            )
            alt = f"One height measurement: {_one(float(h.height_cm))} cm on {fmt_date(h.date)}."
        else:
            message = (
                f"No height measurements {_in_range(key)}. Log your height, measured "
                "standing without shoes, at least twice to see how it changes."
            )
            alt = f"No height measurements {span}."
        return ChartData("height", key, start, end, (), title, alt, message, header, table)
    points = tuple((h.date, float(h.height_cm)) for h in shown)
    series = [Series("height", "Height", points)]
    first, last = points[0][1], points[-1][1]
    change = last - first
    direction = (
        "no change"
        if abs(change) < 0.05
        else f"{'down' if change < 0 else 'up'} {_one(abs(change))} cm"
    )
    alt = (
        f"Height {span}: {len(points)} measurements, from {_one(first)} cm to "
        f"{_one(last)} cm ({direction})."
    )
    tallest = journal.profile.tallest_height_cm
    if tallest:
        series.append(
            Series(
                "tallest", "Tallest adult height", ((start, float(tallest)), (end, float(tallest)))
            )
        )
        alt += f" Tallest adult height {_one(float(tallest))} cm."
    return ChartData("height", key, start, end, tuple(series), title, alt, "", header, table)


_BUILDERS: dict[str, Callable[[Journal, str, dt.date, dt.date], ChartData]] = {
    "pain": _pain,
    "tscore": _tscore,
    "activity": _activity,
    "height": _height,
}


# --- cache key ------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")


def cache_key(data: ChartData) -> str:
    """A stable key for the drawn chart: any change to what is drawn changes it."""
    payload = json.dumps(
        [CHART_VERSION, matplotlib.__version__, dataclasses.asdict(data)],
        default=_json_default,
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return f"chart:{data.name}:{hashlib.sha256(payload.encode()).hexdigest()}"


# --- drawing --------------------------------------------------------------------------------

# Okabe-Ito, colour-blind-safe; series also differ by marker and line style.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
INK = "#222222"
MUTED = "#555555"

FIGSIZE = (4.6, 3.1)  # inches; the SVG has a viewBox, so it scales to the page

RC = {
    "svg.fonttype": "none",  # text stays <text>: selectable, scalable, readable
    "svg.hashsalt": "bone-journal",  # deterministic ids, so the same data gives the same bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "legend.frameon": False,
    "legend.handlelength": 1.8,
    "legend.columnspacing": 1.0,
    "legend.handletextpad": 0.4,
    "legend.borderaxespad": 0.2,
}

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
    ax.axhspan(SEVERE_FROM, 10.4, color=VERMILLION, alpha=0.09, lw=0, zorder=0)
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


SITE_STYLES = [  # colour, marker, line style: never colour alone
    (BLUE, "o", "-"),
    (VERMILLION, "s", (0, (5, 2))),
    (PURPLE, "^", (0, (5, 1.5, 1.5, 1.5))),
    (BLACK, "D", (0, (1.5, 1.5))),
]
CHAR_WIDTH = 0.017  # of the axes width, for a 9 pt character: enough to keep labels apart
LABELS_LEFT_FROM = 0.82  # points further right than this have their labels on the left
LABEL_HEIGHT = 0.068  # of the axes height, one line of 8.5-9 pt text with some air


def _draw_tscore(fig: Figure, data: ChartData) -> None:
    ax = fig.add_subplot()
    values = [v for s in data.series for _, v in s.points]
    low = min(-4.0, min(values) - 0.6)
    high = max(1.0, max(values) + 0.6)
    ax.set_ylim(low, high)
    for bottom, top, colour, alpha in (
        (-1.0, high, GREEN, 0.10),
        (-2.5, -1.0, ORANGE, 0.14),
        (low, -2.5, VERMILLION, 0.10),
    ):
        ax.axhspan(bottom, top, color=colour, alpha=alpha, lw=0, zorder=0)
    for y in (-1.0, -2.5):
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
    bands = (("normal", -1.0, high), ("osteopenia", -2.5, -1.0), ("osteoporosis", low, -2.5))
    for name, bottom, top in bands:
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
        ACTIVITY_TARGET, color=BLACK, lw=1.4, ls=(0, (4, 2)), label="150 min a week", zorder=3
    )
    top_ax.set_ylim(0, max(ACTIVITY_TARGET * 1.35, max(mins) * 1.1))
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
            _one(value),
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


_DRAWERS: dict[str, Callable[[Figure, ChartData], None]] = {
    "pain": _draw_pain,
    "tscore": _draw_tscore,
    "activity": _draw_activity,
    "height": _draw_height,
}

__all__ = [
    "CHARTS",
    "CHART_VERSION",
    "RANGES",
    "ChartData",
    "Series",
    "cache_key",
    "chart_data",
    "render_svg",
]
