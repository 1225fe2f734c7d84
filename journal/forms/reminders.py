"""The settings forms of /profile/: units, reminders, an email address, the calendar address."""

from __future__ import annotations

from django import forms

from .. import units as u
from ..models.reminders import HOUR_MAX, HOUR_MIN
from .base import choice

HOURS = [(str(h), f"{h:02d}:00") for h in range(HOUR_MIN, HOUR_MAX + 1)]


class UnitsForm(forms.Form):
    """Metric or imperial, posted with the profile's own fields. A POST without `units` (an
    outside tool that sends only the contract's fields) keeps the person's choice."""

    units = choice("Units", u.Units.choices, required=False)


class RemindersForm(forms.Form):
    remind_medicines = forms.BooleanField(
        required=False,
        label="A medicine due or overdue (scheduled ones: injections, weekly tablets…)",
    )
    remind_rescan = forms.BooleanField(required=False, label="A new DEXA scan due")
    remind_log = forms.BooleanField(
        required=False, label="No pain logged today, once it is past the hour below"
    )
    reminder_hour = forms.TypedChoiceField(
        label="Daily reminder at",
        choices=HOURS,
        coerce=int,
        error_messages={"invalid_choice": "Choose one of the listed hours."},
        help_text="In your own time zone. The dashboard, the calendar and the emails use it.",
    )
    email_reminders = forms.BooleanField(required=False, label="Also email me what is due")


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address.",
            "invalid": "Enter an email address like name@example.org.",
            "max_length": "An email address has at most 254 characters.",
        },
    )


class CalendarForm(forms.Form):
    action = choice(
        "What to do",
        [
            ("create", "Make my calendar address"),
            ("replace", "Replace it"),
            ("remove", "Turn it off"),
        ],
    )
