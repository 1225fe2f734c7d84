"""The mood (PHQ-9 totals with their bands) and PEG charts, and a treatment course's pain chart
with its sessions marked: data and drawing, registered with `data.builder` / `draw.drawer`."""

from __future__ import annotations

import dataclasses
import datetime as dt

from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

from .. import domain as d
from ..courses import WINDOW_DAYS, sessions_of
from ..formats import fmt_date, fmt_period, num, plural
from ..snapshot import Journal
from .data import ChartData, Series, _in_range, _pain, builder
from .draw import _date_axis, _draw_pain, _frame, _legend, _xy, drawer
from .style import BLUE, GREEN, MUTED, SKY, VERMILLION


@builder("mood")
def mood_data(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Mood (PHQ-9 total)"
    header = ("Date", "PHQ-9 total", "Band")
    shown = [m for m in journal.moods if start <= m.date <= end]
    if not shown:
        message = f"No PHQ-9 questionnaires {_in_range(key)}."
        alt = f"No PHQ-9 questionnaires {fmt_period(start, end)}."
        return ChartData("mood", key, start, end, (), title, alt, message, header)
    points = tuple((m.date, float(m.total)) for m in shown)
    latest = shown[-1]
    highest = max(m.total for m in shown)
    alt = (
        f"PHQ-9 totals {fmt_period(start, end)}: {plural(len(shown), 'questionnaire')}, "
        f"latest {latest.total} of 27 ({latest.band}) on {fmt_date(latest.date)}, highest "
        f"{highest}."
    )
    table = tuple((fmt_date(m.date), str(m.total), m.band) for m in shown)
    series = (Series("total", "PHQ-9 total", points),)
    return ChartData("mood", key, start, end, series, title, alt, "", header, table)


@builder("peg")
def peg_data(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Pain's impact (PEG score)"
    header = ("Date", "PEG score", "Pain, enjoyment, activity")
    shown = [p for p in journal.pegs if start <= p.date <= end]
    if not shown:
        message = f"No PEG check-ins {_in_range(key)}."
        alt = f"No PEG check-ins {fmt_period(start, end)}."
        return ChartData("peg", key, start, end, (), title, alt, message, header)
    points = tuple((p.date, round(float(p.score), 2)) for p in shown)
    latest = shown[-1]
    alt = (
        f"PEG scores {fmt_period(start, end)} (0 to 10, the average of pain and how much it "
        f"got in the way of enjoyment and activity): {plural(len(shown), 'check-in')}, "
        f"latest {num(latest.score, 1)} on {fmt_date(latest.date)}."
    )
    table = tuple(
        (fmt_date(p.date), num(p.score, 1), f"{p.pain}, {p.enjoyment}, {p.activity}") for p in shown
    )
    series = (Series("score", "PEG score", points),)
    return ChartData("peg", key, start, end, series, title, alt, "", header, table)


def course_chart_data(journal: Journal, course_id: int, today: dt.date) -> ChartData:
    """Pain from 28 days before the course's first session (or its start) to today, with the
    sessions marked."""
    course = next(t for t in journal.treatments if t.id == course_id)
    sessions = sessions_of(journal, course_id, today)
    first = sessions[0].date if sessions else course.date
    start = min(first, today) - dt.timedelta(days=WINDOW_DAYS)
    base = _pain(journal, "all", start, today)
    marks = tuple((s.date, 0.0) for s in sessions)
    alt = base.alt + (
        f" {plural(len(sessions), 'session')} marked, the first on {fmt_date(first)}."
        if sessions
        else " No sessions logged yet."
    )
    series = base.series + ((Series("sessions", "Session", marks),) if marks else ())
    return dataclasses.replace(
        base, name="course", series=series, title="Pain during the course", alt=alt
    )


@drawer("course")
def draw_course(fig: Figure, data: ChartData) -> None:
    _draw_pain(fig, data)
    sessions = data.get("sessions")
    if sessions is None:
        return
    ax = fig.axes[0]
    for i, (day, _) in enumerate(sessions.points):
        ax.axvline(
            day,
            color=GREEN,
            lw=1.1,
            ls=(0, (3, 2)),
            zorder=1,
            label=sessions.label if i == 0 else None,
        )
    _legend(ax, ncols=2)


# The PHQ-9 bands, lightest for minimal, darkest for severe (never colour alone: each is named).
BAND_ALPHAS = (0.03, 0.08, 0.13, 0.18, 0.24)


@drawer("mood")
def draw_mood(fig: Figure, data: ChartData) -> None:
    _frame(fig, right=0.8)  # the bands' names on the right
    ax = fig.add_subplot()
    top = d.PHQ9_BANDS[-1][2] + 0.5
    for (_, low, high), alpha in zip(d.PHQ9_BANDS, BAND_ALPHAS, strict=True):
        ax.axhspan(low - 0.5, high + 0.5, color=VERMILLION, alpha=alpha, lw=0, zorder=0)
    total = data.get("total")
    x, y = _xy(total)
    ax.plot(
        x,
        y,
        color=BLUE,
        marker="o",
        markersize=5,
        markerfacecolor=SKY,
        lw=1.8,
        label=total.label,
        zorder=3,
    )
    ax.set_ylim(-0.5, top)
    ax.yaxis.set_major_locator(FixedLocator([0, 5, 10, 15, 20, 27]))
    ax.set_ylabel("PHQ-9 total (0\u201327)")
    # The bands' names beside the plot, on the right, where no point can hide them.
    names = ax.twinx()
    names.set_ylim(-0.5, top)
    names.set_yticks(
        [(low + high) / 2 for _, low, high in d.PHQ9_BANDS],
        [band.replace("moderately ", "moderately\n") for band, _, _ in d.PHQ9_BANDS],
        fontsize=8.5,
        style="italic",
        color=MUTED,
    )
    names.tick_params(axis="y", length=0, pad=3)
    names.spines[:].set_visible(False)
    _date_axis(ax, data, x)
    _legend(ax, ncols=1)


@drawer("peg")
def draw_peg(fig: Figure, data: ChartData) -> None:
    _frame(fig)
    ax = fig.add_subplot()
    score = data.get("score")
    x, y = _xy(score)
    ax.plot(
        x,
        y,
        color=BLUE,
        marker="s",
        markersize=4.5,
        markerfacecolor=SKY,
        lw=1.8,
        label="PEG score (average of the three answers)",
        zorder=3,
    )
    ax.set_ylim(-0.4, 10.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 2, 4, 6, 8, 10]))
    ax.set_ylabel("PEG score (0\u201310)")
    _date_axis(ax, data, x)
    _legend(ax, ncols=1)
