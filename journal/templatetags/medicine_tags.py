"""Template helpers for medicines: where one stands, in words."""

from __future__ import annotations

from django import template

from journal import domain as d
from journal.formats import fmt_date, plural

register = template.Library()


@register.filter
def status_text(status) -> str:
    """ "overdue by 3 days (due 12 Jun 2026)", "due 20 Jun 2026 (in 5 days)", "when needed"..."""
    if not status:
        return ""
    state, days = status.state, status.days
    if state == "overdue":
        return f"overdue by {plural(-days, 'day')} (due {fmt_date(status.due)})"
    if state in ("due", "later"):
        if days == 0:
            return f"due today ({fmt_date(status.due)})"
        return f"due {fmt_date(status.due)} (in {plural(days, 'day')})"
    if state == "no_dose":
        return "no dose logged yet"
    if state == "as_needed":
        taken = f", taken {plural(status.today_count, 'time')} today" if status.today_count else ""
        return "when needed" + taken
    if state == "daily":
        return "every day, counted as taken"
    return f"stopped on {fmt_date(status.medicine.stopped)}"


@register.filter
def schedule_label(value: str) -> str:
    return d.label(d.Schedule, value)


@register.filter
def kind_label(value: str) -> str:
    return d.label(d.MedicineKind, value)


@register.filter
def unit_label(value: str) -> str:
    """A dose or lab unit's label: "mg", "tablet(s)", "nmol/L"."""
    if value in d.LabUnit.values:
        return d.label(d.LabUnit, value)
    return d.label(d.DoseUnit, value) if value else ""


@register.filter
def amount(value) -> str:
    """A dose amount without trailing zeros or an exponent: 100.000 -> "100", 0.250 -> "0.25"."""
    if value is None or value == "":
        return ""
    return f"{value.normalize():f}"


WEEKDAYS = (
    ("Monday", "M"),
    ("Tuesday", "T"),
    ("Wednesday", "W"),
    ("Thursday", "T"),
    ("Friday", "F"),
    ("Saturday", "S"),
    ("Sunday", "S"),
)


@register.simple_tag
def weekdays():
    """The calendar's column heads, Monday first: (name, initial)."""
    return WEEKDAYS
