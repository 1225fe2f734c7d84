"""The insights page's comparisons in words: what the figures say, and no more."""

from __future__ import annotations

from ..formats import MINUS
from ..insights import MIN_DAYS, Comparison


def signed(value: float) -> str:
    """-1.83 -> "−1.8", 0.04 -> "0.0", 2 -> "+2.0"."""
    text = f"{value:+.1f}".replace("-", MINUS)
    return "0.0" if text in ("+0.0", f"{MINUS}0.0") else text


def interval(c: Comparison) -> str:
    return f"95% interval {signed(c.low)} to {signed(c.high)}"


def describe(c: Comparison) -> str:
    f = c.factor
    if not c.enough:
        return (
            f"Not enough days yet: {c.with_days} {f.with_label} and {c.without_days} "
            f"{f.without_label}; each side needs at least {MIN_DAYS}."
        )
    size = f"{abs(c.difference):.1f}"
    if c.clear:
        way = "lower" if c.difference < 0 else "higher"
        return (
            f"Pain was {size} points {way} on {f.with_label} ({interval(c)}). The interval "
            "leaves out 0, so chance alone is an unlikely explanation; it is still not proof "
            "of cause."
        )
    return (
        f"No clear difference: {signed(c.difference)} points, and the interval "
        f"({signed(c.low)} to {signed(c.high)}) includes 0."
    )
