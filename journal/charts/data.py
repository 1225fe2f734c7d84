"""What each chart plots: plain series from a journal snapshot, with its text alternative and the
same numbers as a table. Pure: no database, no clock reads, no matplotlib.

`cache_key(data)` hashes everything the drawing reads (plus `CHART_VERSION`), so a chart whose
plotted data has not changed is never drawn twice; the whole key is the version in a chart's URL.
Bump `CHART_VERSION` whenever the drawing code changes what a chart looks like.

What a chart draws is bounded whatever the span: at most `MAX_POINTS` points a series (a longer
run of weeks is shown as means over runs of several weeks), so an entry dated 1900 cannot make
the `all` range draw a century of weeks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

from .. import domain as d
from .. import trends
from .. import units as u
from ..formats import fmt_date, fmt_period, fmt_t, one, plural
from ..snapshot import Journal

CHART_VERSION = "4"
CHARTS = ("pain", "tscore", "activity", "height", "vitamin_d", "mood", "peg")

WEEKLY_AFTER_DAYS = 365  # a pain chart spanning more days than this shows weekly means
# At most this many points a series (about 11 years of weeks): a chart is some 460 CSS pixels
# wide, so more could not be told apart, and each costs drawing time and SVG bytes.
MAX_POINTS = 600
MEAN_DAYS = 30  # the longest trailing mean a chart draws: entries this far before it count

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
    key = trends.parse_range(range_key)
    # The journal's first date only for "all": a fixed range reads no log but its chart's own.
    first = journal.first_date if trends.RANGES[key] is None else None
    start = trends.window_start(key, today, first)
    return _BUILDERS[name](journal, key, start, today)


def between(entries: tuple, first: dt.date, last: dt.date) -> list:
    """The entries dated `first` to `last`, found by bisection: a log is in date order."""
    low = bisect_left(entries, first, key=_date)
    return list(entries[low : bisect_right(entries, last, lo=low, key=_date)])


def _date(entry) -> dt.date:
    return entry.date


def _round(points: list[Point]) -> tuple[Point, ...]:
    return tuple((day, round(value, 2)) for day, value in points)


def _pain(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Pain"
    # What the window and its 30-day means read, not the whole history.
    first_read = start - dt.timedelta(days=MEAN_DAYS - 1)
    pains = between(journal.pains, first_read, end)
    shown = [p for p in pains if p.date >= start]
    header = ("Date", "Score", "7-day mean", "30-day mean")
    if not shown:
        earlier = bool(journal.pains) and journal.pains[0].date < start
        message = f"No pain entries {_in_range(key)}" + (
            ": choose a longer range to see earlier ones." if earlier else "."
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
    mean7 = [pt for pt in trends.rolling_mean(points, 7) if pt[0] >= start]
    mean30 = [pt for pt in trends.rolling_mean(points, 30) if pt[0] >= start]
    highest = max(p.score for p in shown)
    severe = sum(p.score >= d.SEVERE_PAIN_FROM for p in shown)
    severe_text = f", {severe} severe (7 or more)" if severe else ""
    span = fmt_period(start, end)

    if (end - start).days + 1 > WEEKLY_AFTER_DAYS:
        weeks_per_point = trends.weeks_per_point(start, end, MAX_POINTS)
        weeks = trends.weekly_means((p.date, p.score) for p in shown)
        if weeks_per_point > 1:
            weeks = trends.merge_weeks(weeks, trends.week_start(start), weeks_per_point)
        # The 30-day mean as it stood on the last day with an entry of each week (or run).
        last_of_week = {
            trends.run_start(day, start, weeks_per_point): (day, value) for day, value in mean30
        }
        mean30_weekly = [last_of_week[w] for w, _, _ in weeks]
        every = "Weekly mean" if weeks_per_point == 1 else f"Mean over {weeks_per_point} weeks"
        series = (
            Series("weekly", every, _round([(w, m) for w, m, _ in weeks])),
            Series("mean30", "30-day mean", _round(mean30_weekly)),
        )
        shown_as = "weekly means" if weeks_per_point == 1 else f"means over {weeks_per_point} weeks"
        alt = (
            f"Pain scores {span}, shown as {shown_as}: "
            f"{plural(len(shown), 'entry', 'entries')} in {plural(len(weeks), 'week')}, "
            f"latest 30-day mean {one(mean30[-1][1])}, "
            f"highest score {highest}{severe_text}."
        )
        if weeks_per_point > 1:
            alt = alt.replace(f" in {plural(len(weeks), 'week')},", ",")
        table = tuple(
            (f"Week of {fmt_date(w)}", str(n), one(m), one(last_of_week[w][1])) for w, m, n in weeks
        )
        header = ("Week", "Entries", "Weekly mean", "30-day mean (end of week)")
        if weeks_per_point > 1:
            header = ("Weeks from", "Entries", "Mean", "30-day mean (end of run)")
        return ChartData("pain", key, start, end, series, title, alt, "", header, table)

    m7, m30 = dict(mean7), dict(mean30)
    series = (
        Series("entries", "Entry", tuple((p.date, float(p.score)) for p in shown)),
        Series("mean7", "7-day mean", _round(mean7)),
        Series("mean30", "30-day mean", _round(mean30)),
    )
    alt = (
        f"Pain scores {span}: {plural(len(shown), 'entry', 'entries')}, "
        f"latest 7-day mean {one(mean7[-1][1])}, latest 30-day mean {one(mean30[-1][1])}, "
        f"highest {highest}{severe_text}."
    )
    table = tuple(
        (fmt_date(p.date), str(p.score), one(m7[p.date]), one(m30[p.date])) for p in shown
    )
    return ChartData("pain", key, start, end, series, title, alt, "", header, table)


def _tscore(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Bone density (T-score)"
    header = ("Date", "Site", "T-score", "WHO category")
    # Every scan whatever the range: scans are a year or two apart, so a pain range of 90 days
    # would show one dot or none. The x axis starts at the first scan when that is earlier.
    scans = [s for s in journal.scans if s.date <= end and s.results]
    if scans:
        start = min(start, scans[0].date)
    if not scans:
        message = "No DEXA scans yet."
        return ChartData(
            "tscore",
            key,
            start,
            end,
            (),
            title,
            "No DEXA scans yet.",
            message,
            header,
        )
    present = {site for scan in scans for site in scan.results}
    sites = [s for s in d.Site.values if s in present] + sorted(present - set(d.Site.values))
    series = tuple(
        Series(
            site,
            d.site_label(site),
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
            d.site_label(site),
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
    start = trends.week_start(start)  # whole weeks
    sessions = between(journal.exercises, start, end)
    if not sessions:
        message = f"No exercise {_in_range(key)}."
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
    weeks = trends.weekly_activity(sessions, start, end)
    met = sum(w.moderate_minutes >= d.WEEKLY_TARGET_MINUTES for w in weeks)
    mean_minutes = sum(w.moderate_minutes for w in weeks) / len(weeks)
    mean_sessions = sum(w.weight_bearing_sessions for w in weeks) / len(weeks)
    alt = (
        f"Exercise per week {fmt_period(start, end)}: {d.WEEKLY_TARGET_MINUTES} or more "
        f"moderate-equivalent minutes in {met} of {plural(len(weeks), 'week')} "
        f"(average {mean_minutes:.0f} a week), and {one(mean_sessions)} weight-bearing "
        "sessions a week on average."
    )
    weeks_per_point = trends.weeks_per_point(start, end, MAX_POINTS)
    if weeks_per_point == 1:
        rows = [
            (w.start, float(w.moderate_minutes), float(w.weight_bearing_sessions)) for w in weeks
        ]
        table = tuple(
            (
                f"Week of {fmt_date(w.start)}",
                str(w.moderate_minutes),
                str(w.weight_bearing_sessions),
            )
            for w in weeks
        )
    else:
        # Runs of weeks, each drawn as its mean week.
        runs: dict[dt.date, list] = {}
        for w in weeks:
            runs.setdefault(trends.run_start(w.start, start, weeks_per_point), []).append(w)
        rows = [
            (
                first,
                sum(w.moderate_minutes for w in run) / len(run),
                sum(w.weight_bearing_sessions for w in run) / len(run),
            )
            for first, run in runs.items()
        ]
        header = (
            f"{weeks_per_point} weeks from",
            "Minutes a week (mean)",
            "Sessions a week (mean)",
        )
        table = tuple((fmt_date(first), one(mins), one(count)) for first, mins, count in rows)
    series = (
        Series("minutes", "Moderate-equivalent minutes", _round([(r[0], r[1]) for r in rows])),
        Series("sessions", "Weight-bearing sessions", _round([(r[0], r[2]) for r in rows])),
    )
    return ChartData("activity", key, start, end, series, title, alt, "", header, table)


def _height(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Height"
    units = journal.profile.units  # cm, or inches (journal.units)
    unit = u.height_unit(units)
    header = ("Date", f"Height ({unit})")
    # Every height whatever the range, as for scans: they are months apart.
    shown = [h for h in journal.heights if h.date <= end]
    if shown:
        start = min(start, shown[0].date)
    table = tuple((fmt_date(h.date), u.height_text(h.height_cm, units)) for h in shown)
    span = fmt_period(start, end)
    if len(shown) < 2:
        if shown:
            h = shown[0]
            text = u.height_text(h.height_cm, units)
            message = f"One height so far: {text} on {fmt_date(h.date)}."
            alt = f"One height measurement: {text} on {fmt_date(h.date)}."
        else:
            message = "No heights yet."
            alt = "No height measurements yet."
        return ChartData("height", key, start, end, (), title, alt, message, header, table)
    points = tuple((h.date, u.height_value(h.height_cm, units)) for h in shown)
    series = [Series("height", "Height", points)]
    first, last = shown[0].height_cm, shown[-1].height_cm
    change = float(last - first)
    direction = (
        "no change"
        if abs(change) < 0.05
        else f"{'down' if change < 0 else 'up'} {u.height_change_text(change, units)}"
    )
    alt = (
        f"Height {span}: {len(points)} measurements, from {u.height_text(first, units)} to "
        f"{u.height_text(last, units)} ({direction})."
    )
    tallest = journal.profile.tallest_height_cm
    if tallest:
        value = u.height_value(tallest, units)
        series.append(Series("tallest", "Tallest adult height", ((start, value), (end, value))))
        alt += f" Tallest adult height {u.height_text(tallest, units)}."
    return ChartData("height", key, start, end, tuple(series), title, alt, "", header, table)


# vitamin_d, and the pain chart's strip of pain-reliever days, are registered by charts/meds.py.
_BUILDERS: dict[str, Callable[[Journal, str, dt.date, dt.date], ChartData]] = {
    "pain": _pain,
    "tscore": _tscore,
    "activity": _activity,
    "height": _height,
}


def builder(name: str):
    """Register the function that computes chart `name`'s data (charts in other modules)."""

    def register(fn):
        _BUILDERS[name] = fn
        return fn

    return register


# --- cache key ------------------------------------------------------------------------------


def cache_key(data: ChartData) -> str:
    """A stable key for the drawn chart: any change to what is drawn changes it. The whole key
    (a SHA-256 of everything `render_svg` reads, with the chart and matplotlib versions) is the
    version in the chart's URL."""
    # repr of frozen dataclasses of tuples, strings, floats and dates: exact and deterministic.
    payload = repr((CHART_VERSION, matplotlib.__version__, data))
    return f"chart:{data.name}:{hashlib.sha256(payload.encode()).hexdigest()}"
