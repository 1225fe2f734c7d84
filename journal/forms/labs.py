"""Lab results: the value in the unit the report gives, checked against that unit's plausible
span."""

from __future__ import annotations

from django import forms

from .. import domain as d
from .. import labs
from .base import ModelJournalForm, PlainDecimalField, choice, choices, note_field, number_input


def _spans() -> str:
    """ "1 and 400 ng/mL, or 2.5 and 998.4 nmol/L": every unit's span, for a message."""
    parts = [
        f"{lo.normalize():f} and {hi.normalize():f} {labs.unit_label(unit)}"
        for (_, unit), (lo, hi) in d.LAB_LIMITS.items()
    ]
    return ", or ".join(parts)


class LabForm(ModelJournalForm):
    test = choice("Test", choices(d.LabTest), initial=d.LabTest.VITAMIN_D)
    value = PlainDecimalField(
        label="Result",
        max_digits=5,
        decimal_places=1,
        widget=number_input(),
        error_messages={
            "required": "Enter the result, as the report gives it.",
            "invalid": "Enter the result as a number, such as 24.5.",
            "max_digits": f"Enter a result between {_spans()}.",
            "max_whole_digits": f"Enter a result between {_spans()}.",
            "max_decimal_places": "Use at most 1 decimal place.",
        },
    )
    unit = choice("Unit, as on the report", d.LabUnit.choices, widget=forms.RadioSelect)
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].error_messages["required"] = "Choose the unit printed on the report."
        self.fields["test"].error_messages["required"] = "Choose the test."

    def clean(self):
        data = super().clean()
        test, unit, value = data.get("test"), data.get("unit"), data.get("value")
        if test and unit and value is not None:
            span = labs.limits(test, unit)
            if span is None:
                self.add_error("unit", "Choose a unit this test is reported in.")
            elif not span[0] <= value <= span[1]:
                lo, hi = (f"{v.normalize():f}" for v in span)
                other = labs.unit_label(labs.other_unit(unit))
                self.add_error(
                    "value",
                    f"A {d.label(d.LabTest, test)} result in {labs.unit_label(unit)} lies between "
                    f"{lo} and {hi}: check the number, and whether the report gives it in {other}.",
                )
        return data
