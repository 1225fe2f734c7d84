"""How the charts look: colour-blind-safe colours (Okabe-Ito), sizes and matplotlib's settings."""

from __future__ import annotations

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
# A phone's drawing: about as wide as it is shown on a 375-390 px screen (309-324 CSS px), so
# its smallest text (8.5 pt, a point being a CSS pixel of the viewBox) shows at 11 px or more:
# 8.5 x 324 / (3.3 x 72) = 11.6 px at 390 px wide, 11.05 px at 375.
PHONE_FIGSIZE = (3.3, 3.0)
SIZES = {"wide": FIGSIZE, "phone": PHONE_FIGSIZE}
NARROW_BELOW = 4.0  # inches: a figure narrower than this is drawn for a phone (fewer columns)

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

SITE_STYLES = [  # colour, marker, line style: never colour alone
    (BLUE, "o", "-"),
    (VERMILLION, "s", (0, (5, 2))),
    (PURPLE, "^", (0, (5, 1.5, 1.5, 1.5))),
    (BLACK, "D", (0, (1.5, 1.5))),
]
