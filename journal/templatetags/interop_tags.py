"""Template helpers for the import preview."""

from __future__ import annotations

from django import template

register = template.Library()

HIDDEN = {"id", "created_at", "updated_at"}


@register.filter
def row_summary(row) -> str:
    """An accepted import row in one line: its date, then its other non-empty values."""
    parts = []
    for name, value in row.cells.items():
        if name in HIDDEN or value in ("", [], None, "false"):
            continue
        text = ", ".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{name}: {text[:60]}{'…' if len(text) > 60 else ''}")
    for name, items in getattr(row, "children", {}).items():
        parts.append(f"{name}: {len(items)}")
    return " · ".join(parts)[:300]


@register.simple_tag
def profile_changes(changes: dict) -> str:
    """The profile fields an import fills, by their labels: "Year of birth 1964, Sex female"."""
    from journal.forms import ProfileForm

    fields = ProfileForm.base_fields
    return ", ".join(
        f"{fields[name].label if name in fields else name} {value}"
        for name, value in changes.items()
    )
