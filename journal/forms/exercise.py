from __future__ import annotations

from decimal import Decimal

from .. import domain as d
from .base import ModelJournalForm, choice, choices, decimal, integer, note_field
from .units import UnitFields


class ExerciseForm(UnitFields, ModelJournalForm):
    LOADS = ("load_kg",)  # pounds for a person who chose imperial (forms.units)

    kind = choice(
        "Kind", choices(d.ExerciseKind, "Choose the kind"), missing="Choose the kind of exercise."
    )
    minutes = integer("Minutes", d.MINUTES_MIN, d.MINUTES_MAX)
    intensity = choice(
        "Intensity",
        choices(d.Intensity, "Choose how hard"),
        missing="Choose how hard it was: light, moderate or vigorous.",
    )
    load_kg = decimal(
        "Extra load (kg, e.g. a weighted vest)",
        Decimal("0"),
        d.LOAD_MAX_KG,
        1,
        " kg",
        required=False,
    )
    jumps = integer("Jumps (count)", 0, d.JUMPS_MAX, required=False)
    note = note_field()
