"""Time-zone names as people read them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def zone_name(zone: str) -> str:
    """ "America/New_York" -> "America/New York"."""
    return str(zone).replace("_", " ")
