"""A treatment course and its sessions."""

from __future__ import annotations

import datetime as dt

from django import forms

from .. import domain as d
from .. import models as m
from .base import (
    ModelJournalForm,
    OwnedChoiceField,
    choice,
    choices,
    date_field,
    integer,
    note_field,
)


class TreatmentForm(ModelJournalForm):
    """A course: its kind, an optional name (the practitioner, the clinic), when it started."""

    kind = choice(
        "Kind of treatment",
        choices(d.TreatmentKind, "Choose the kind"),
        missing="Choose the kind of treatment.",
    )
    name = forms.CharField(
        required=False,
        max_length=d.TREATMENT_NAME_MAX,
        label="Name, e.g. the practitioner or clinic",
        error_messages={
            "max_length": f"Keep the name to {d.TREATMENT_NAME_MAX} characters or fewer."
        },
    )
    date = None  # the contract calls a course's date `started`
    started = date_field("Started on")
    note = note_field()
    DATE_FIELD = "started"
    field_order = ["kind", "name", "started", "note"]

    def clean_started(self) -> dt.date:
        return self.check_day(self.cleaned_data["started"])

    def entry_data(self) -> dict:
        data = super().entry_data()
        data["date"] = data.pop("started")
        return data


def _pain(label: str):
    return integer(label, d.SCORE_MIN, d.SCORE_MAX, required=False)


class SessionForm(ModelJournalForm):
    """One session of one of the person's own courses."""

    treatment = OwnedChoiceField(m.TreatmentCourse, "Treatment course", "treatment course")
    minutes = integer(
        "How long (minutes)", d.SESSION_MINUTES_MIN, d.SESSION_MINUTES_MAX, required=False
    )
    pain_before = _pain("Pain just before (0-10)")
    pain_after = _pain("Pain just after (0-10)")
    note = note_field()
    field_order = ["treatment", "date", "minutes", "pain_before", "pain_after", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["treatment"]
        field.empty_label = "Choose a course"
        if self.is_bound or self.instance is not None or self.initial.get("treatment"):
            return
        latest = field.queryset.order_by("-date", "-id").first()
        if latest is None:
            field.help_text = "There is no course yet: add one under Treatments first."
        else:
            self.initial["treatment"] = latest.pk  # the latest course, unless told otherwise
