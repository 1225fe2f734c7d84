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


# Zones many people live in, west to east, offered after the person's own on /profile/.
COMMON = (
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/Mexico_City",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Halifax",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Africa/Lagos",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Berlin",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Africa/Johannesburg",
    "Africa/Cairo",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Australia/Perth",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Auckland",
)


def label(zone: str) -> str:
    """ "America/New_York" -> "America/New York"."""
    return zone.replace("_", " ")


def grouped(current: str) -> list:
    """The profile's choices, likely ones first and each zone once: the person's current zone
    (static/js/timezone.js adds the device's), then the common zones, then every other A-Z."""
    current = known(current)
    likely = [current] if current else []
    common = [z for z in COMMON if z in ZONES and z not in likely]
    rest = sorted(ZONES - set(likely) - set(common))
    return [
        ("Your zone", [(z, label(z)) for z in likely]),
        ("Common zones", [(z, label(z)) for z in common]),
        ("Every other zone, A to Z", [(z, label(z)) for z in rest]),
    ]
