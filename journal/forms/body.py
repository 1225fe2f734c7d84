from __future__ import annotations

from django import forms

from .. import domain as d
from .base import ModelJournalForm, choice, choices, decimal, note_field
from .units import UnitFields


class HeightForm(UnitFields, ModelJournalForm):
    HEIGHTS = ("height_cm",)  # feet and inches for a person who chose imperial (forms.units)

    height_cm = decimal("Height (cm)", d.HEIGHT_MIN, d.HEIGHT_MAX, 1, " cm")
    note = note_field()


class FractureForm(ModelJournalForm):
    site = choice(
        "Where", choices(d.FractureSite, "Choose where"), missing="Choose where the fracture was."
    )
    minimal_trauma = forms.BooleanField(
        required=False,
        label="It happened with little force: a fall from standing height or less, or no fall",
    )
    note = note_field()
