"""The check-ins: the PHQ-9, last night's sleep and the weekly PEG."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .. import domain as d
from .. import models as m
from .base import ModelJournalForm, date_field, decimal, note_field


def answer(label: str, answers, message: str) -> forms.TypedChoiceField:
    """One required answer from a short list, shown as radio buttons."""
    return forms.TypedChoiceField(
        label=label,
        choices=list(answers),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _phq(number: int) -> forms.TypedChoiceField:
    return answer(
        f"{number}. {d.PHQ9_ITEMS[number - 1]}",
        d.PHQ9_ANSWERS,
        f"Choose an answer for question {number}.",
    )


class MoodForm(ModelJournalForm):
    """The PHQ-9: every one of the nine items needs an answer."""

    q1, q2, q3, q4, q5, q6, q7, q8, q9 = (_phq(n) for n in range(1, 10))
    note = note_field()
    frame = d.PHQ9_FRAME

    def items(self):
        """The nine questions' bound fields, in order, for the template."""
        return [self[name] for name in d.PHQ9_FIELDS]


class SleepForm(ModelJournalForm):
    date = date_field("The morning after (the night before this date)")
    quality = answer(
        "How well did you sleep?", d.SLEEP_QUALITY, "Choose how well you slept, from 1 to 5."
    )
    hours = decimal(
        "Hours of sleep, to the half hour",
        Decimal(0),
        Decimal(d.SLEEP_HOURS_MAX),
        1,
        " hours",
        required=False,
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs["step"] = "0.5"

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and hours not in d.SLEEP_HOURS:
            raise forms.ValidationError("Round the hours to the half hour, e.g. 7 or 7.5.")
        return hours

    checks_journal = True  # one entry a night

    def clean_date(self):
        date = super().clean_date()
        others = m.SleepEntry.objects.filter(user=self.user, date=date)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if self.user is not None and others.exists():
            raise forms.ValidationError(
                "That night's sleep is already in your journal: change that entry instead."
            )
        return date


PEG_QUESTIONS = {
    "pain": "Your pain on average over the past week (0 = no pain, 10 = as bad as you can imagine)",
    "enjoyment": "How much pain got in the way of enjoying life over the past week (0 = not at "
    "all, 10 = completely)",
    "activity": "How much pain got in the way of your general activity over the past week (0 = "
    "not at all, 10 = completely)",
}


def _peg(name: str) -> forms.TypedChoiceField:
    scale = [(n, str(n)) for n in range(d.PEG_MIN, d.PEG_MAX + 1)]
    return answer(PEG_QUESTIONS[name], scale, f"Choose a number from {d.PEG_MIN} to {d.PEG_MAX}.")


class PegForm(ModelJournalForm):
    """The three PEG questions, each 0-10, all needed."""

    pain = _peg("pain")
    enjoyment = _peg("enjoyment")
    activity = _peg("activity")
    note = note_field()

    def questions(self):
        """The three questions' bound fields, in order, for the template."""
        return [self[name] for name in d.PEG_FIELDS]


class SleepQuickForm(forms.Form):
    """The dashboard's one tap: last night's quality alone, for today's date."""

    quality = answer(
        "How did you sleep last night?", d.SLEEP_QUALITY, "Choose how well you slept, from 1 to 5."
    )
