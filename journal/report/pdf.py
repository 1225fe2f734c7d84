"""The report as a one-page A4 PDF, with matplotlib alone: text kept as text (TrueType fonts
embedded, `pdf.fonttype` 42, so it can be selected and searched) and a vector chart.

Layout is by hand: the page is a list of blocks (lines of text, a table, the chart) measured first;
when they do not fit, the least pressing flags are left out (the page says how many), so the
report stays one page whatever the journal holds.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

import matplotlib
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.figure import Figure

from ..charts.draw import _RENDER_LOCK
from ..charts.style import INK, MUTED
from ..templatetags.journal_tags import LEVEL_WORDS
from . import chart, text
from .context import Report

PAGE_W, PAGE_H = 595.3, 841.9  # A4 in points
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
CHAR = 0.53  # a DejaVu Sans character's mean width, as a share of its size
LEADING = 1.32
CHART_H = 96.0
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


@dataclass
class Line:
    text: str
    size: float = 8.0
    indent: float = 0.0
    bold: bool = False
    colour: str = INK

    @property
    def height(self) -> float:
        return self.size * LEADING


@dataclass
class Block:
    lines: list = field(default_factory=list)  # Line, ("table", rows), ("chart", height)
    gap: float = 6.0

    @property
    def height(self) -> float:
        total = self.gap
        for item in self.lines:
            if isinstance(item, Line):
                total += item.height
            elif item[0] == "table":
                total += 9.5 * (len(item[1]) + 1)
            else:
                total += item[1]
        return total


def wrap(words: str, size: float = 8.0, indent: float = 0.0, **style) -> list[Line]:
    chars = max(20, int((WIDTH - indent) / (size * CHAR)))
    return [Line(t, size, indent, **style) for t in textwrap.wrap(words, chars) or [""]]


def heading(words: str) -> Line:
    return Line(words, 9.5, bold=True)


def blocks(report: Report) -> tuple[list[Block], list[Block], list[Block]]:
    """(the head, one block per flag, the rest) before the page is laid out."""
    head = [
        Block([Line(text.title(report), 13, bold=True)], gap=0),
        Block([*wrap(text.who(report), 9), *wrap(text.period(report), 8, colour=MUTED)], gap=2),
    ]
    sites = [heading("Bone density (latest scan per site)")]
    if report.sites:
        sites.append(("table", [text.SITE_HEADER, *text.site_rows(report)]))
    else:
        sites += wrap("No DEXA scan recorded.")
    head.append(Block(sites))
    flags = []
    for i, flag in enumerate(report.flags):
        lines = [heading("Flags (journal rules; evidence as recorded)")] if i == 0 else []
        label = f"{LEVEL_WORDS.get(flag.level, flag.level)}: {flag.title}."
        lines.append(Line(label, 8, bold=True, colour=LEVEL_COLOURS.get(flag.level, INK)))
        lines += wrap(flag.statement, 8, 8)
        for item in text.evidence_lines(flag, limit=2):
            lines += wrap(item, 7, 16, colour=MUTED)
        flags.append(Block(lines, gap=3 if i else 6))
    if not report.flags:
        flags.append(Block([heading("Flags"), *wrap("No journal rule is raised.")]))
    pain = [heading("Pain")]
    for line in text.pain_lines(report):
        pain += wrap(line)
    pain.append(("chart", CHART_H))
    worst = text.worst_days(report)
    if worst:
        pain.append(Line("Worst days", 8, bold=True))
        for line in worst:
            pain += wrap(line[:300], 7.5, 8)
    rest = [
        Block(pain),
        Block([heading("Exercise"), *wrap(text.activity_line(report))]),
        Block([heading("Height"), *wrap(text.height_line(report))]),
        Block([heading("Fractures"), *[x for f in text.fracture_lines(report) for x in wrap(f)]]),
    ]
    return head, flags, rest


def fit(head, flags, rest, room: float) -> list[Block]:
    """The blocks that fit in `room` points, leaving out the last flags (the least pressing)."""
    fixed = sum(b.height for b in head + rest)
    kept = list(flags)
    left_out = 0
    while kept and fixed + sum(b.height for b in kept) + (12 if left_out else 0) > room:
        kept.pop()
        left_out += 1
    if left_out:
        many = "s" if left_out != 1 else ""
        note = (
            f"{left_out} further finding{many} of lower priority left out for space (the "
            "journal's report page lists them all)."
        )
        kept.append(Block(wrap(note, 7.5, colour=MUTED), gap=2))
    return head + kept + rest


def render(report: Report) -> bytes:
    """The report as the bytes of a one-page A4 PDF."""
    head, flags, rest = blocks(report)
    footer = wrap(text.FOOTER, 6.5, colour=MUTED)
    room = PAGE_H - 2 * MARGIN - sum(line.height for line in footer) - 6
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=(PAGE_W / 72, PAGE_H / 72))
        FigureCanvasPdf(fig)
        y = PAGE_H - MARGIN
        for block in fit(head, flags, rest, room):
            y -= block.gap
            for item in block.lines:
                y = _draw(fig, report, item, y)
        y = MARGIN + sum(line.height for line in footer)
        for line in footer:
            y = _draw(fig, report, line, y)
        buf = io.BytesIO()
        metadata = {"Title": text.title(report), "Creator": "Bone Journal", "CreationDate": None}
        fig.savefig(buf, format="pdf", metadata=metadata)
    return buf.getvalue()


def _put(fig, x: float, y: float, words: str, size: float, bold=False, colour=INK) -> None:
    fig.text(
        x / PAGE_W,
        y / PAGE_H,
        words,
        fontsize=size,
        color=colour,
        va="top",
        fontweight="bold" if bold else "normal",
    )


def _draw(fig, report: Report, item, y: float) -> float:
    if isinstance(item, Line):
        _put(fig, MARGIN + item.indent, y, item.text, item.size, item.bold, item.colour)
        return y - item.height
    if item[0] == "table":
        for i, row in enumerate(item[1]):
            for x, cell in zip(TABLE_X, row, strict=False):
                _put(fig, MARGIN + x, y, cell, 7.2, bold=i == 0)
            y -= 9.5
        return y
    height = item[1]
    ax = fig.add_axes(
        (
            (MARGIN + 28) / PAGE_W,
            (y - height + 10) / PAGE_H,
            (WIDTH - 30) / PAGE_W,
            (height - 14) / PAGE_H,
        )
    )
    chart.draw(ax, report, fontsize=6.5)
    return y - height
