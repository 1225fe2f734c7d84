"""The charts medicines and lab results add: the `vitamin_d` chart, and the pain chart's strip of
the days a pain reliever was taken. Pure like the rest of the package; registered at the bottom
into `data._BUILDERS` and `draw._DRAWERS` (journal/charts/__init__.py imports this module).

Vitamin D is plotted in ng/mL whatever unit each result was entered in (converted exactly,
1 ng/mL = 2.496 nmol/L), with nmol/L on the right-hand axis and the 20 ng/mL line; the table
shows each result as reported and in ng/mL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import domain as d
from .. import labs
from ..formats import fmt_date, fmt_period, num, plural
from ..medicines import kind_days
from ..snapshot import Journal
from . import data as chart_data_module
from . import draw as draw_module
from .data import ChartData, Series, _in_range
from .style import BLACK, BLUE, GREEN, INK, VERMILLION

THRESHOLD = float(d.VITAMIN_D_LOW_BELOW_NG)
THRESHOLD_NMOL = d.VITAMIN_D_LOW_BELOW_NG * d.NMOL_PER_NG_VITAMIN_D


# --- vitamin D ------------------------------------------------------------------------------------


def vitamin_d(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
    title = "Vitamin D (25-OH)"
    header = ("Date", "Result as reported", "In ng/mL")
    results = [x for x in journal.labs if x.test == d.LabTest.VITAMIN_D and x.date <= end]
    shown = [x for x in results if x.date >= start]
    if not shown:
        message = f"No vitamin D results {_in_range(key)}" + (
            ": choose a longer range to see earlier ones." if results else "."
        )
        alt = f"No vitamin D results {fmt_period(start, end)}."
        return ChartData("vitamin_d", key, start, end, (), title, alt, message, header)
    values = [(x, labs.vitamin_d_ng_ml(x.value, x.unit)) for x in shown]
    points = tuple((x.date, round(float(ng), 2)) for x, ng in values)
    series = (
        Series("vitamin_d", "25-OH vitamin D", points),
        Series("threshold", "20 ng/mL", ((start, THRESHOLD), (end, THRESHOLD))),
    )
    latest, latest_ng = values[-1]
    below = sum(labs.vitamin_d_below(x.value, x.unit) for x in shown)
    side = "below" if labs.vitamin_d_below(latest.value, latest.unit) else "at or above"
    alt = (
        f"25-OH vitamin D {fmt_period(start, end)}: {plural(len(shown), 'result')}, "
        f"{below} below 20 ng/mL; the latest {num(latest_ng)} ng/mL on {fmt_date(latest.date)}, "
        f"{side} the 20 ng/mL line."
    )
    table = tuple(
        (fmt_date(x.date), f"{num(x.value, 1)} {labs.unit_label(x.unit)}", num(ng))
        for x, ng in values
    )
    return ChartData("vitamin_d", key, start, end, series, title, alt, "", header, table)


def draw_vitamin_d(fig: Figure, data: ChartData) -> None:
    draw_module._frame(fig, right=0.62)  # the nmol/L scale on the right
    ax = fig.add_subplot()
    results = data.get("vitamin_d")
    x, y = draw_module._xy(results)
    top = max(40.0, max(y) * 1.2)
    ax.set_ylim(0, top)
    ax.axhspan(0, THRESHOLD, color=VERMILLION, alpha=0.08, lw=0, zorder=0)
    line = ax.axhline(
        THRESHOLD,
        color=BLACK,
        lw=1.4,
        ls=(0, (4, 2)),
        label=f"20 ng/mL ({num(THRESHOLD_NMOL, 1)} nmol/L)",
        zorder=2,
    )
    ax.text(
        0.99,
        THRESHOLD / 2,
        "low",
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="center",
        fontsize=9,
        style="italic",
        color="#9A3D00",
    )
    (dots,) = ax.plot(
        x, y, color=BLUE, marker="o", lw=1.6, markersize=5.5, label=results.label, zorder=3
    )
    if len(x) <= 8:
        for day, value in results.points:
            ax.annotate(
                num(value, 1),
                (day, value),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8.5,
                color=INK,
                zorder=4,
            )
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.set_ylabel("ng/mL")
    factor = float(d.NMOL_PER_NG_VITAMIN_D)
    right = ax.secondary_yaxis("right", functions=(lambda v: v * factor, lambda v: v / factor))
    right.set_ylabel("nmol/L")
    draw_module._date_axis(ax, data, x)
    draw_module._legend(ax, handles=[dots, line], ncols=2)


# --- the pain chart's strip of pain-reliever days -------------------------------------------------

RELIEF = "relief"
RELIEF_LABEL = "Pain reliever taken"
STRIP = (-1.75, 0.75)  # the strip's bottom and height, below the pain scale's 0


def relief_days(journal: Journal, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from `start` to `end` a pain reliever (paracetamol, an NSAID or an opioid) was
    taken, by the one definition of "taken on a day" (journal.medicines)."""
    return sorted(kind_days(journal, d.PAIN_RELIEVER_KINDS, start, end))


def with_relief_days(build: Callable) -> Callable:
    """The pain chart's builder, plus a series of the days a pain reliever was taken (drawn as a
    strip under the scores), a sentence in its text alternative and a column in its table."""

    def pain_with_relief(journal: Journal, key: str, start: dt.date, end: dt.date) -> ChartData:
        data = build(journal, key, start, end)
        days = relief_days(journal, data.start, data.end) if not data.is_empty else []
        if not days:
            return data
        taken = set(days)
        if data.weekly:
            per_week: dict[str, int] = {}
            for day in days:
                week = day - dt.timedelta(days=day.weekday())
                label = f"Week of {fmt_date(week)}"
                per_week[label] = per_week.get(label, 0) + 1
            column, cells = (
                "Days with a pain reliever",
                [str(per_week.get(row[0], 0)) for row in data.table],
            )
        else:
            by_text = {fmt_date(day): "taken" for day in taken}
            column, cells = "Pain reliever", [by_text.get(row[0], "") for row in data.table]
        return dataclasses.replace(
            data,
            series=(*data.series, Series(RELIEF, RELIEF_LABEL, tuple((x, 1.0) for x in days))),
            alt=f"{data.alt} A pain reliever was taken on {plural(len(days), 'day')} of the "
            "period, shown as a strip under the scores.",
            table_header=(*data.table_header, column),
            table=tuple((*row, cell) for row, cell in zip(data.table, cells, strict=True)),
        )

    return pain_with_relief


def _runs(points) -> list[tuple[float, float]]:
    """Consecutive days as one (start, width) bar each, in date units: fewer shapes to draw."""
    runs: list[list[float]] = []
    for day, _ in points:
        x = mdates.date2num(day) - 0.5
        if runs and runs[-1][0] + runs[-1][1] == x:
            runs[-1][1] += 1.0
        else:
            runs.append([x, 1.0])
    return [(x, width) for x, width in runs]


def with_relief_strip(draw: Callable[[Figure, ChartData], None]) -> Callable:
    """The pain chart's drawing, plus the strip of pain-reliever days under the scale."""

    def draw_pain_with_relief(fig: Figure, data: ChartData) -> None:
        draw(fig, data)
        relief = data.get(RELIEF)
        if relief is None:
            return
        ax = fig.axes[0]
        bottom, height = STRIP
        ax.set_ylim(bottom - 0.15, ax.get_ylim()[1])
        ax.broken_barh(_runs(relief.points), (bottom, height), color=GREEN, lw=0, zorder=2)
        handles, _ = ax.get_legend_handles_labels()
        strip = Patch(color=GREEN, label=RELIEF_LABEL)
        draw_module._legend(ax, handles=[*handles, strip], ncols=2)

    return draw_pain_with_relief


# --- registration -------------------------------------------------------------------------------

chart_data_module._BUILDERS["vitamin_d"] = vitamin_d
chart_data_module._BUILDERS["pain"] = with_relief_days(chart_data_module._BUILDERS["pain"])
draw_module._DRAWERS["vitamin_d"] = draw_vitamin_d
draw_module._DRAWERS["pain"] = with_relief_strip(draw_module._DRAWERS["pain"])
