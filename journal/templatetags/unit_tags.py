"""Heights and loads in the person's units: {{ entry.height_cm|height:units }} (journal.units;
`units` comes from the context processor journal.context_processors.units)."""

from __future__ import annotations

from django import template

from journal import units as u

register = template.Library()


@register.filter
def height(cm, units) -> str:
    return u.height_text(cm, str(units))


@register.filter
def load(kg, units) -> str:
    return u.load_text(kg, str(units))
