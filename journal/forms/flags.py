"""Marking a flag as discussed with a clinician, and undoing it."""

from __future__ import annotations

import datetime as dt

from django import forms

from .. import domain as d
from ..models.flags import KEY_MAX
from .base import date_field


def _flag_field() -> forms.CharField:
    # Django's CharField refuses NUL characters (which PostgreSQL cannot compare) by itself.
    return forms.CharField(
        max_length=KEY_MAX,
        error_messages={
            "required": "Choose a flag.",
            "max_length": "That is not one of the journal's flags.",
        },
    )


class UndiscussedForm(forms.Form):
    flag = _flag_field()


class DiscussedForm(forms.Form):
    flag = _flag_field()
    date = date_field("Discussed on")
    # The flag's fingerprint as the page showed it: a flag that changed since is not marked
    # discussed unseen.
    seen = forms.CharField(max_length=64, required=False)

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean_date(self) -> dt.date:
        day = self.cleaned_data.get("date") or self.today
        if day > self.today:
            raise forms.ValidationError("That date is in the future: enter today or earlier.")
        if day.year < d.EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a date in {d.EARLIEST_YEAR} or later.")
        return day
