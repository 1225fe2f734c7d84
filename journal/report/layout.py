"""The PDF page's layout by hand: lines of text, a table, the chart and side-by-side columns,
each measured before anything is drawn, so the page can be fitted to one sheet (`pdf.page`).

Text is measured with the widths of DejaVu Sans' own glyphs (the font `pdf.fonttype` 42 embeds,
read once per character through matplotlib), so a wrapped line never runs past its column, even
one of wide capitals; a word longer than the column is broken.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from ..charts.style import INK

PAGE_W, PAGE_H = 595.3, 841.9  # A4 in points
MARGIN = 34.0
WIDTH = PAGE_W - 2 * MARGIN
GUTTER = 14.0  # between columns
FONT = "DejaVu Sans"  # pdf.RC's font
SLACK = 1.02  # measured widths leave out kerning: a little to spare
LEADING = 1.3
ROW_H = 9.5  # a table row


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
class Table:
    rows: list[tuple[str, ...]]  # the first is the header
    xs: tuple[float, ...]  # each column's left edge

    @property
    def height(self) -> float:
        return ROW_H * len(self.rows)


@dataclass
class Chart:
    height: float


@dataclass
class Columns:
    """Items side by side: each column a list of items, drawn from the same top."""

    columns: list[list]

    @property
    def height(self) -> float:
        return max((sum(item.height for item in col) for col in self.columns), default=0.0)


@dataclass
class Block:
    items: list = field(default_factory=list)
    gap: float = 5.0  # space above

    @property
    def height(self) -> float:
        return self.gap + sum(item.height for item in self.items)


def column_width(n: int) -> float:
    return (WIDTH - GUTTER * (n - 1)) / n


@functools.cache
def _advance(char: str, bold: bool) -> float:
    """`char`'s advance width in DejaVu Sans, as a share of the font size."""
    font = FontProperties(family=FONT, size=100, weight="bold" if bold else "normal")
    measure = TextToPath().get_text_width_height_descent

    def width(text: str) -> float:
        return measure(text, font, ismath=False)[0]

    return (width(f"x{char}x") - width("xx")) / 100  # between letters: a space counts too


def text_width(words: str, size: float, bold: bool = False) -> float:
    """`words`' width in points at `size`."""
    return size * SLACK * sum(_advance(char, bold) for char in words)


def wrap(words: str, size: float = 8.0, indent: float = 0.0, width: float = WIDTH, **style):
    """`words` as Lines of at most `width` points (less `indent`), broken between words."""
    bold = bool(style.get("bold"))
    room = max(width - indent, size * 4)
    lines: list[str] = []
    line = ""
    for word in words.split():
        while text_width(word, size, bold) > room:  # longer than a line: broken where it ends
            if line:
                lines.append(line)
                line = ""
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], size, bold) <= room:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        if not word:
            continue
        joined = f"{line} {word}" if line else word
        if text_width(joined, size, bold) <= room:
            line = joined
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return [Line(t, size, indent, **style) for t in lines]


def balance(units: list[list], n: int) -> Columns:
    """`units` (each a list of items kept together) in reading order over `n` columns, split
    where the tallest column is lowest (as a browser balances CSS columns)."""
    heights = [sum(item.height for item in unit) for unit in units]
    best, best_height = None, None
    for cuts in itertools.combinations(range(len(units) + 1), n - 1):
        edges = [0, *cuts, len(units)]
        tallest = max(sum(heights[a:b]) for a, b in itertools.pairwise(edges))
        if best_height is None or tallest < best_height:
            best, best_height = edges, tallest
    edges = best or [0, len(units)]
    columns = [[item for unit in units[a:b] for item in unit] for a, b in itertools.pairwise(edges)]
    return Columns(columns + [[] for _ in range(n - len(columns))])
