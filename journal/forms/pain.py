from __future__ import annotations

from django import forms

from .. import domain as d
from .base import ModelJournalForm, choice, choices, integer, note_field


class PainForm(ModelJournalForm):
    time = forms.TimeField(
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time as HH:MM, or leave it empty."},
    )
    score = integer(
        "Pain score (0 = none, 10 = worst)",
        d.SCORE_MIN,
        d.SCORE_MAX,
        error_messages={"required": "Choose a pain score from 0 to 10."},
    )
    locations = forms.MultipleChoiceField(
        label="Where",
        choices=d.Location.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one place where it hurts.",
            "invalid_choice": "Choose places from the list.",
        },
    )
    onset = choice("How it started", choices(d.Onset, "Not noted"), required=False)
    quality = choice("What it feels like", choices(d.Quality, "Not noted"), required=False)
    minor_trigger = forms.BooleanField(
        required=False,
        label="It started after a minor movement or impact (a cough, a bend, a lift, a small bump)",
    )
    note = note_field()

    # The order fields appear in the page and in the "same as last time" copy.
    field_order = [
        "score",
        "locations",
        "date",
        "time",
        "onset",
        "quality",
        "minor_trigger",
        "note",
    ]
    # "Same place as last time" repeats the places only: how it started and what it felt like
    # describe one occasion, and copied onto every later tap they would mislead a clinician.
    REPEATED = ("locations",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget = forms.RadioSelect(
            choices=[(i, str(i)) for i in range(d.SCORE_MIN, d.SCORE_MAX + 1)]
        )

    @classmethod
    def repeat_last(cls, data, last) -> dict:
        """POST data with the last entry's places copied in (REPEATED): nothing else."""
        data = data.copy()
        if last is not None:
            data.setlist("locations", list(last.locations))
        return data
