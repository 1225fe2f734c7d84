"""The report as a one-page A4 PDF, with matplotlib alone: text kept as text (TrueType fonts
embedded, `pdf.fonttype` 42, so it can be selected and searched) and a vector chart.

The page is a list of blocks measured first (`layout`). What it always holds: who and when, the
bone density table, pain with its chart and worst days, medicines, treatments, and exercise,
mood, height, falls and fractures side by side in three columns. The flags (two columns, most
pressing first) take the room left, compressed step by step until they fit (`page`):

1. every flag with its statement and up to two evidence items;
2. one evidence item each (the statement already carries the figures; "and N more" says what the
   page leaves to the journal);
3. the least pressing flags left out one by one (info, good news, notices: the lowest level
   first, and within a level the last), and a line saying how many; never an urgent flag or a
   warning while the sections can give room;
4. only when the urgent flags and warnings still do not fit beside the sections: the sections
   made brief (three medicines, one course, worst days' notes cut to 40 characters), and steps
   1 to 3 again, now down to the most pressing flag alone.

So a clinician always sees the most pressing findings first and whole; the sections (each
bounded: three worst days, three courses, six medicines, six PHQ-9 totals, notes and names cut
short) give way only to urgent flags and warnings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.figure import Figure

from ..charts.draw import _RENDER_LOCK
from ..charts.style import INK, MUTED
from ..templatetags.journal_tags import LEVEL_WORDS
from . import chart, text
from .context import Report
from .layout import (
    GUTTER,
    MARGIN,
    PAGE_H,
    PAGE_W,
    WIDTH,
    Block,
    Chart,
    Columns,
    Line,
    Table,
    balance,
    column_width,
    wrap,
)

CHART_H = 72.0
EVIDENCE_STEPS = (2, 1)  # evidence items per flag, tried in turn before any flag is left out
RC = {
    "pdf.fonttype": 42,  # TrueType, embedded: the text stays text
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "axes.unicode_minus": True,
}
LEVEL_COLOURS = {
    "urgent": "#a3001b",
    "warning": "#8a4b00",
    "notice": "#0b5d7a",
    "info": "#3d4a57",
    "good": "#1d6b2f",
}
TABLE_X = (0, 84, 136, 170, 226, 274, 440)


def heading(words: str, width: float = WIDTH) -> list[Line]:
    return wrap(words, 9.5, width=width, bold=True)


def section(title: str, lines: list[str], width: float = WIDTH, size: float = 8.0) -> list:
    items = heading(title, width)
    for words in lines:
        items += wrap(words, size, width=width)
    return items


# --- the flags -----------------------------------------------------------------------------------


def evidence(flag, limit: int) -> list[str]:
    items = [f"{e.label}: {e.value}" for e in flag.evidence[:limit]]
    if len(flag.evidence) > limit and items:
        items[-1] += f" (and {len(flag.evidence) - limit} more)"
    return items


def flag_unit(flag, limit: int, width: float) -> list[Line]:
    label = f"{LEVEL_WORDS.get(flag.level, flag.level)}: {flag.title}."
    colour = LEVEL_COLOURS.get(flag.level, INK)
    lines = wrap(label, 8, width=width, bold=True, colour=colour)
    lines += wrap(flag.statement, 7.6, 6, width=width)
    for item in evidence(flag, limit):
        lines += wrap(item, 6.8, 12, width=width, colour=MUTED)
    lines.append(Line("", 2.5))  # a little air below each flag
    return lines


def flags_block(flags, limit: int, left_out: int = 0) -> Block:
    items: list = heading("Flags (journal rules, most pressing first; evidence as recorded)")
    if flags:
        width = column_width(2)
        items.append(balance([flag_unit(f, limit, width) for f in flags], 2))
    elif not left_out:
        items += wrap("No journal rule is raised.")
    if left_out:
        many = "s" if left_out != 1 else ""
        items += wrap(
            f"{left_out} further finding{many} of lower priority left out for space (the "
            "report page in the journal lists them all).",
            7.5,
            colour=MUTED,
        )
    return Block(items)


# --- the page ------------------------------------------------------------------------------------


PRESSING = ("urgent", "warning")  # flags the full sections never push off the page


@dataclass(frozen=True)
class Page:
    blocks: list
    kept: int  # flags on the page
    evidence: int  # evidence items per flag
    brief: bool = False  # the sections made brief (step 4)


def fixed_blocks(report: Report, brief: bool = False) -> tuple[list[Block], list[Block]]:
    """(above the flags, below them): everything but the flags."""
    head = [
        Block([Line(text.title(report), 13, bold=True)], gap=0),
        Block([*wrap(text.who(report), 9), *wrap(text.period(report), 8, colour=MUTED)], gap=2),
    ]
    sites = heading("Bone density (latest scan per site)")
    if report.sites:
        sites.append(Table([text.SITE_HEADER, *text.site_rows(report)], TABLE_X))
    else:
        sites += wrap("No DEXA scan recorded.")
    head.append(Block(sites))
    pain = section("Pain", text.pain_lines(report))
    pain.append(Chart(CHART_H))
    worst = text.worst_days(report, brief)
    if worst:  # three columns under the chart, the first line saying what they are
        worst[0] = f"Worst days: {worst[0]}"
        width = column_width(3)
        pain.append(Line("", 3))
        pain.append(balance([wrap(line, 7.2, width=width) for line in worst], 3))
    third = column_width(3)
    small = [
        section("Exercise", [text.activity_line(report)], third),
        section("Mood (PHQ-9)", [text.mood_line(report)], third),
        section("Height", [text.height_line(report)], third),
        section("Falls", [text.falls_line(report)], third),
        section("Fractures", text.fracture_lines(report), third),
    ]
    tail = [
        Block(pain),
        Block(section("Medicines", text.medicine_lines(report, brief), size=7.6)),
        Block(section("Treatments", text.course_lines(report, brief), size=7.6)),
        Block([balance([[*unit, Line("", 3)] for unit in small], 3)]),
    ]
    return head, tail


def footer() -> list[Line]:
    return wrap(text.FOOTER, 6.5, colour=MUTED)


def page(report: Report) -> Page:
    """The blocks of the page: the flags as whole as the room allows (the module's steps)."""
    room = PAGE_H - 2 * MARGIN - sum(line.height for line in footer()) - 4
    flags = list(report.flags)  # most pressing first
    pressing = sum(f.level in PRESSING for f in flags)
    limit = EVIDENCE_STEPS[-1]
    for brief in (False, True):
        head, tail = fixed_blocks(report, brief)
        fixed = sum(b.height for b in head + tail)
        for limit in EVIDENCE_STEPS:
            block = flags_block(flags, limit)
            if fixed + block.height <= room:
                return Page(head + [block] + tail, len(flags), limit, brief)
        floor = 1 if brief else max(pressing, 1)
        for kept in range(len(flags) - 1, floor - 1, -1):
            block = flags_block(flags[:kept], limit, len(flags) - kept)
            if fixed + block.height <= room:
                return Page(head + [block] + tail, kept, limit, brief)
    # Past every step (no journal the forms allow gets here): the most pressing flag alone.
    kept = min(1, len(flags))
    block = flags_block(flags[:kept], limit, len(flags) - kept)
    return Page(head + [block] + tail, kept, limit, True)


def render(report: Report) -> bytes:
    """The report as the bytes of a one-page A4 PDF."""
    laid = page(report)
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=(PAGE_W / 72, PAGE_H / 72))
        FigureCanvasPdf(fig)
        y = PAGE_H - MARGIN
        for block in laid.blocks:
            y -= block.gap
            for item in block.items:
                y = _draw(fig, report, item, MARGIN, y, WIDTH)
        lines = footer()
        y = MARGIN + sum(line.height for line in lines)
        for line in lines:
            y = _draw(fig, report, line, MARGIN, y, WIDTH)
        buf = io.BytesIO()
        metadata = {"Title": text.title(report), "Creator": "Bone Journal", "CreationDate": None}
        fig.savefig(buf, format="pdf", metadata=metadata)
    return buf.getvalue()


def _put(fig, x: float, y: float, words: str, size: float, bold=False, colour=INK) -> None:
    if not words:
        return
    fig.text(
        x / PAGE_W,
        y / PAGE_H,
        words,
        fontsize=size,
        color=colour,
        va="top",
        fontweight="bold" if bold else "normal",
    )


def _draw(fig, report: Report, item, x: float, y: float, width: float) -> float:
    """Draw `item` with its top-left at (x, y) points; the y below it."""
    if isinstance(item, Line):
        _put(fig, x + item.indent, y, item.text, item.size, item.bold, item.colour)
    elif isinstance(item, Table):
        for i, row in enumerate(item.rows):
            for left, cell in zip(item.xs, row, strict=False):
                _put(fig, x + left, y - i * (item.height / len(item.rows)), cell, 7.2, i == 0)
    elif isinstance(item, Columns):
        n = len(item.columns)
        col_w = (width - (n - 1) * GUTTER) / n
        for i, column in enumerate(item.columns):
            top = y
            for inner in column:
                top = _draw(fig, report, inner, x + i * (col_w + GUTTER), top, col_w)
    elif isinstance(item, Chart):
        ax = fig.add_axes(
            (
                (x + 28) / PAGE_W,
                (y - item.height + 10) / PAGE_H,
                (width - 30) / PAGE_W,
                (item.height - 14) / PAGE_H,
            )
        )
        chart.draw(ax, report, fontsize=6.5)
    return y - item.height
