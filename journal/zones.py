"""Time zones: the names the journal accepts (the IANA database Python's zoneinfo knows), and the
order /profile/ offers them in (likely ones first)."""

from __future__ import annotations

import zoneinfo

# Every zone Python's zoneinfo can load (tzdata, or the system's database): 599 names or so.
ZONES: frozenset[str] = frozenset(zoneinfo.available_timezones())


def known(name: object) -> str:
    """`name` if it is a zone the journal accepts, else "" (never an error: it comes from a
    browser's hidden field, and a person who cannot see it cannot correct it)."""
    if isinstance(name, str) and name.strip() in ZONES:
        return name.strip()
    return ""
