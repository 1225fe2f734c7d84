"""The PDF page's layout by hand: lines of text, a table, the chart and side-by-side columns,
each measured before anything is drawn, so the page can be fitted to one sheet (`pdf.page`).

Text is measured from DejaVu Sans' mean character width (a little wider in bold), which is what
`pdf.fonttype` 42 embeds: a wrapped line never runs past its column.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass, field

from ..charts.style import INK

PAGE_W, PAGE_H = 595.3, 841.9  # A4 in points
MARGIN = 34.0
WIDTH = PAGE_W - 2 * MARGIN
GUTTER = 14.0  # between columns
CHAR, BOLD_CHAR = 0.53, 0.6  # a DejaVu Sans character's mean width, as a share of its size
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


def wrap(words: str, size: float = 8.0, indent: float = 0.0, width: float = WIDTH, **style):
    """`words` as Lines of at most `width` points (less `indent`)."""
    per_char = size * (BOLD_CHAR if style.get("bold") else CHAR)
    chars = max(12, int((width - indent) / per_char))
    return [Line(t, size, indent, **style) for t in textwrap.wrap(words, chars) or [""]]


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
