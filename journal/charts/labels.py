"""The T-score chart's words on the plot: each point's value beside it, spread apart where scans
share a date, and each WHO band's name where no point or label is."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates

from .. import domain as d
from ..formats import fmt_t
from .data import ChartData
from .style import INK, MUTED

CHAR_INCHES = 0.065  # a 9 pt character's width with some air: enough to keep labels apart
LABELS_LEFT_FROM = 0.82  # points further right than this have their labels on the left
LINE_SAMPLES = 40  # boxes along each line between two scans (band_names keeps clear of them)
LABEL_HEIGHT = 0.068  # of the axes height, one line of 8.5-9 pt text with some air


def bands(low: float, high: float) -> list[tuple[str, float, float]]:
    """The WHO bands (domain.WHO_BANDS) as (name, bottom, top), open ends cut at the axis limits."""
    return [
        (name, low if bottom is None else float(bottom), high if top is None else float(top))
        for name, bottom, top in d.WHO_BANDS
    ]


Box = tuple[float, float, float, float]  # x0, x1, y0, y1 in axes fractions


def value_labels(ax, data: ChartData, low: float, high: float) -> list[Box]:
    """Label every point with its value, beside it, spread apart where scans share a date.

    Returns the boxes (in axes fractions) taken by points and labels, for `_band_names`.
    """
    x0, x1 = ax.get_xlim()
    span = high - low
    char = char_width(ax)
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
        width = 0.03 + max(len(fmt_t(v)) for v in by_date[day]) * char
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
            width = 0.02 + len(text) * char
            boxes.append((fx, fx + width, fy - LABEL_HEIGHT / 2, fy + LABEL_HEIGHT / 2))
            if not right:
                boxes[-1] = (fx - width, fx, *boxes[-1][2:])
    # The lines between scans: small boxes along each, so a band's name is not struck through.
    for s in data.series:
        ends = [((mdates.date2num(day) - x0) / (x1 - x0), (v - low) / span) for day, v in s.points]
        for (ax_, ay), (bx, by) in zip(ends, ends[1:], strict=False):
            for i in range(LINE_SAMPLES + 1):
                px, py = ax_ + (bx - ax_) * i / LINE_SAMPLES, ay + (by - ay) * i / LINE_SAMPLES
                boxes.append((px - 0.005, px + 0.005, py - 0.015, py + 0.015))
    return boxes


def band_names(ax, low: float, high: float, obstacles: list[Box]) -> None:
    """Name each WHO band inside it, where no point or value label is: at the left or right
    edge if free, else in the first free gap between the scans (a band holding every scan has
    their labels at both edges), else where it covers the least."""
    span = high - low
    char = char_width(ax)
    for name, bottom, top in bands(low, high):
        b, t = (bottom - low) / span, (top - low) / span
        half = LABEL_HEIGHT / 2
        heights = [fy for fy in ((b + t) / 2, t - half - 0.01, b + half + 0.01) if b + half <= fy]
        heights = [fy for fy in heights if fy <= t - half] or [(b + t) / 2]
        width = len(name) * char
        # (left edge of the text, y), edges first, then gaps from the left.
        xs = [0.01, 0.99 - width] + [i / 50 for i in range(2, 50) if i / 50 + width <= 0.99]
        candidates = [(x, fy) for fy in heights for x in xs]

        def covered(cand: tuple[float, float], width: float = width, half: float = half) -> float:
            x, fy = cand
            box = (x - 0.01, x + width + 0.01, fy - half, fy + half)
            return sum(overlap_area(box, other) for other in obstacles)

        x, fy = next((c for c in candidates if covered(c) == 0), None) or min(
            candidates, key=covered
        )
        ax.text(
            x,
            fy,
            name,
            transform=ax.transAxes,
            ha="left",
            va="center",
            fontsize=9,
            style="italic",
            color=MUTED,
            zorder=2,
        )


def char_width(ax) -> float:
    """A character's width as a fraction of the axes' width (narrower axes on a phone)."""
    return CHAR_INCHES / (ax.get_position().width * ax.figure.get_size_inches()[0])


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def overlap_area(a: Box, b: Box) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))
