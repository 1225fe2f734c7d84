"""Template context for every page: the person's units (metric or imperial), read only by a
page that shows a height or a load (lazily: one small query, on those pages alone)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .forms.units import units_of


def units(request) -> dict:
    user = getattr(request, "user", None)
    return {"units": SimpleLazyObject(lambda: units_of(user))}
