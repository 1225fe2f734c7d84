"""Template helpers for lab results: a value in its own unit, and in the other."""

from __future__ import annotations

from django import template

from journal import domain as d
from journal import labs
from journal.formats import num

register = template.Library()


@register.filter
def lab_value(entry) -> str:
    """ "49.9 nmol/L": the value as entered, in the unit the report gave."""
    return f"{num(entry.value, 1)} {labs.unit_label(entry.unit)}"


@register.filter
def lab_converted(entry) -> str:
    """The vitamin D value in the other unit ("= 19.99 ng/mL"), or ""."""
    if entry.test != d.LabTest.VITAMIN_D:
        return ""
    if entry.unit == labs.NMOL_L:
        return f"= {num(labs.vitamin_d_ng_ml(entry.value, entry.unit))} ng/mL"
    return f"= {num(labs.vitamin_d_in(entry.value, labs.NMOL_L), 1)} nmol/L"


@register.filter
def lab_low(entry) -> bool:
    return entry.test == d.LabTest.VITAMIN_D and labs.vitamin_d_below(entry.value, entry.unit)
