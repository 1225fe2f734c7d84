"""A DEXA scan's scores as the rest of the journal writes them ("-2.6", not "-2.60")."""

from __future__ import annotations

from django import template

from ..formats import num

register = template.Library()


@register.filter
def score(value) -> str:
    """A T- or Z-score: -2.60 -> "-2.6", -1.85 -> "-1.85"; nothing for no value."""
    return "" if value is None or value == "" else num(value)
