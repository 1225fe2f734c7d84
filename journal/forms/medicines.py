"""Medicines and doses. A medicine's start is the form's `started` (stored as the entry's `date`);
choosing a kind proposes its usual schedule, which the person can change."""

from __future__ import annotations

import datetime as dt

from django import forms

from .. import domain as d
from .. import models as m
from .base import (
    DATE_FORMAT,
    ModelJournalForm,
    OwnedChoiceField,
    choice,
    choices,
    date_field,
    decimal,
    note_field,
)

USUAL = "The usual for its kind"


def time_field() -> forms.TimeField:
    return forms.TimeField(
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time as HH:MM, or leave it empty."},
    )


def dose_field(label: str) -> forms.DecimalField:
    return decimal(label, d.DOSE_MIN, d.DOSE_MAX, 3, required=False)


class ProposedChoiceField(forms.ChoiceField):
    """A required choice whose empty value means "propose one for me": the form's clean() fills
    it in (or says what to choose), so the page does not call it optional."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class MedicineForm(ModelJournalForm):
    name = forms.CharField(
        label="Name, as you call it (for example Prolia or Adcal-D3)",
        max_length=d.NAME_MAX,
        error_messages={
            "required": "Enter the medicine's name, as you call it.",
            "max_length": f"Keep the name to {d.NAME_MAX} characters or fewer.",
        },
    )
    kind = choice("Kind", choices(d.MedicineKind, "Choose the kind"))
    dose_amount = dose_field("Dose")
    dose_unit = choice("Unit of the dose", choices(d.DoseUnit, "No unit"), required=False)
    schedule = ProposedChoiceField(
        label="How often",
        choices=[("", USUAL), *d.Schedule.choices],
        error_messages={"invalid_choice": "Choose one of the listed options."},
    )
    stopped = forms.DateField(
        required=False,
        label="Stopped (the last day you took it)",
        help_text="Leave it empty while you still take it.",
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, or leave it empty."},
    )
    note = note_field()

    date = None  # the contract calls a medicine's date `started`
    started = date_field("Started")
    DATE_FIELD = "started"
    field_order = ["name", "kind", "dose_amount", "dose_unit", "schedule", "started", "stopped"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of medicine."
        self.fields["stopped"].widget.attrs["max"] = self.today.isoformat()
        # What the page's script proposes when a kind is chosen (the server does the same).
        schedule = self.fields["schedule"]
        schedule.widget.attrs["data-usual"] = ",".join(
            f"{kind}:{s}" for kind, s in d.USUAL_SCHEDULE.items()
        )
        schedule.help_text = (
            "Left on “" + USUAL + "”, it is set from the kind: every 6 months for denosumab, "
            "yearly for zoledronate, weekly for a bisphosphonate tablet, when needed for a "
            "painkiller, every day for the rest."
        )

    def clean_started(self) -> dt.date:
        return self.check_day(self.cleaned_data["started"])

    def clean_stopped(self) -> dt.date | None:
        stopped = self.cleaned_data.get("stopped")
        return None if stopped is None else self.check_day(stopped)

    def clean(self):
        data = super().clean()
        started, stopped = data.get("started"), data.get("stopped")
        if started and stopped and stopped < started:
            self.add_error("stopped", "The stop date is before the start date.")
        if not data.get("schedule") and "schedule" not in self.errors:
            usual = d.USUAL_SCHEDULE.get(data.get("kind", ""))
            if usual:
                data["schedule"] = usual
            elif data.get("kind"):
                self.add_error("schedule", "Choose how often you take it.")
        return data

    def entry_data(self) -> dict:
        data = super().entry_data()
        data["date"] = data.pop("started")
        return data


class DoseForm(ModelJournalForm):
    medicine = OwnedChoiceField(
        m.Medicine, "Medicine", "medicine", "medicines", empty_label="Choose a medicine"
    )
    time = time_field()
    amount = dose_field("Amount, if not the usual dose")
    note = note_field()

    field_order = ["medicine", "date", "time", "amount", "note"]
