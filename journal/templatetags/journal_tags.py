"""Template helpers for the journal's pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from journal import domain as d

register = template.Library()

LEVEL_WORDS = {
    "urgent": "Urgent",
    "warning": "Warning",
    "notice": "Notice",
    "info": "For your information",
    "good": "Good news",
}
LOCATION_LABELS = dict(d.Location.choices)
CATEGORY_LABELS = dict(d.Category.choices)


@register.filter
def evidence_url(evidence) -> str:
    """Link to the entry behind a piece of evidence ('' when there is none)."""
    if not getattr(evidence, "entry_id", None) or not getattr(evidence, "log", ""):
        return reverse("journal:profile") if getattr(evidence, "log", "") == "profile" else ""
    name = "journal:dexa_detail" if evidence.log == "dexa" else f"journal:{evidence.log}_edit"
    try:
        return reverse(name, args=[evidence.entry_id])
    except NoReverseMatch:
        return ""


@register.filter
def level_word(level: str) -> str:
    return LEVEL_WORDS.get(level, level)


@register.filter
def location_labels(codes) -> str:
    return ", ".join(LOCATION_LABELS.get(c, c) for c in codes or ())


@register.filter
def category_label(category: str | None) -> str:
    return CATEGORY_LABELS.get(category or "", "")


@register.filter
def signed(value) -> str:
    """+0.10 / -0.30 / 0.00 for a T-score change."""
    if value is None:
        return ""
    return f"{value:+.2f}" if value else "0.00"


@register.filter
def accessible(bound_field):
    """The field's widget, linked to its help text and errors (aria-describedby, aria-invalid)."""
    attrs = {}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, ())


@register.filter
def stack(first, second) -> list:
    """Build a list in a template: a|stack:b|stack:c -> [a, b, c]."""
    items = first if isinstance(first, list) else [first]
    return [*items, second]
