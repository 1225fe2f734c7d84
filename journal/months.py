"""A log's list by month: the months it has entries in, and the page a month starts on (the
list is newest first, `per_page` entries a page)."""

from __future__ import annotations

import datetime as dt
import re

MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def months_of(queryset) -> list[dt.date]:
    """The first day of every month with an entry, newest first."""
    return list(queryset.order_by().dates("date", "month", order="DESC"))


def parse_month(text: object) -> dt.date | None:
    """ "2026-11" -> 1 Nov 2026; anything else (another shape, month 13, year 0) -> None."""
    if not isinstance(text, str) or not MONTH.fullmatch(text):
        return None
    year, month = int(text[:4]), int(text[5:])
    if not (1 <= month <= 12 and year >= dt.MINYEAR):
        return None
    return dt.date(year, month, 1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def page_of_month(queryset, month: dt.date, per_page: int) -> int:
    """The page on which the month's newest entry is listed: every entry of a later month comes
    before it (the list is ordered by date, newest first)."""
    if month.year >= dt.MAXYEAR and month.month == 12:
        return 1
    newer = queryset.filter(date__gte=next_month(month)).count()
    return newer // per_page + 1
