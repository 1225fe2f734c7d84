"""Numbers, dates and lists written for people: one place for each, shared by wording and charts.

Pure functions, no Django.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

MINUS = "\u2212"


def dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def num(value, places: int = 2) -> str:
    """A decimal for people: -2.50 -> "-2.5", -1.85 -> "-1.85", -2 -> "-2.0"."""
    text = f"{dec(value):.{places}f}"
    while text.endswith("0") and not text.endswith(".0"):
        text = text[:-1]
    return "0.0" if text in ("-0.0", "-0") else text


def one(value: float) -> str:
    """One decimal place: 2.25 -> "2.2"."""
    return f"{value:.1f}"


def fmt_t(value: float, minus: str = MINUS) -> str:
    """A T-score with one decimal, or two when one would round it (-2.45 must not read -2.5)."""
    tenths = value * 10
    text = f"{value:.1f}" if abs(tenths - round(tenths)) < 1e-6 else f"{value:.2f}"
    return text.replace("-", minus)


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 entry", "2 entries" (given many="entries"), "1,200 weeks"."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def days_away(days: int) -> str:
    """ "in 3 days", "today", "2 days ago": a date's distance from today."""
    if days > 0:
        return f"in {plural(days, 'day')}"
    return "today" if days == 0 else f"{plural(-days, 'day')} ago"


def join(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@lru_cache(maxsize=2048)  # five years of days: a chart's table formats hundreds at a time
def fmt_date(day: dt.date) -> str:
    """'1 Mar 2026' (no leading zero, locale-independent)."""
    return f"{day.day} {day:%b %Y}"


def fmt_period(start: dt.date, end: dt.date) -> str:
    """'from 1 Mar to 29 May 2026' ('from 1 Mar 2025 to ...' across years), or 'on 29 May 2026'."""
    if start == end:
        return f"on {fmt_date(end)}"
    first = f"{start.day} {start:%b}" if start.year == end.year else fmt_date(start)
    return f"from {first} to {fmt_date(end)}"
