"""What every form shares: field builders whose messages name the allowed range in plain words, and
the base form of every log (a date in the person's own day, never in the future).

Forms validate only; journal.services writes what they clean.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from .. import domain as d
from ..formats import plural
from .control import CONTROL_FIELDS, ControlledForm

DATE_FORMAT = "%Y-%m-%d"
# A number as a person types it: ASCII digits, one optional point, an optional minus. Python's
# Decimal() and int() would also read "1_0", "1e2", Arabic-Indic or full-width digits.
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
PLAIN_WHOLE = re.compile(r"-?[0-9]+(?:\.0*)?")  # Django's IntegerField also takes "7.0"
# A decimal comma ("-2,1", "2,5", "0,812"): read as the decimal point, where it can mean nothing
# else. "1,200" could be 1.2 or a thousands separator: refused, never guessed.
COMMA_NUMBER = re.compile(r"-?(?:[0-9]+,[0-9]+|,[0-9]+)")
THOUSANDS_LIKE = re.compile(r"-?([1-9][0-9]{0,2}),([0-9]{3})")


def read_decimal_text(text: str) -> str:
    """The number a person typed, as Python reads it: a decimal comma becomes a point where it is
    unambiguous; anything else that is not a plain number raises ValidationError ("invalid",
    or "ambiguous_comma" with a message that says how to write it)."""
    if PLAIN_NUMBER.fullmatch(text):
        return text
    if (match := THOUSANDS_LIKE.fullmatch(text)) is not None:
        sign = "-" if text.startswith("-") else ""
        whole, part = match.groups()
        raise forms.ValidationError(
            f"“{text}” could mean {sign}{whole}.{part} or {sign}{whole}{part}: type it with a "
            f"point for a decimal ({sign}{whole}.{part}) or without the comma "
            f"({sign}{whole}{part}).",
            code="ambiguous_comma",
        )
    if COMMA_NUMBER.fullmatch(text):
        return text.replace(",", ".")
    raise forms.ValidationError("invalid", code="invalid")


class PlainDecimalField(forms.DecimalField):
    """A decimal typed as people type it, with a decimal point or an unambiguous decimal comma
    (never changed silently: an ambiguous one is refused with a message saying why)."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                value = read_decimal_text(str(value).strip())
            except forms.ValidationError as error:
                if error.code == "invalid":
                    raise forms.ValidationError(
                        self.error_messages["invalid"], code="invalid"
                    ) from None
                raise
        return super().to_python(value)


class PlainIntegerField(forms.IntegerField):
    def to_python(self, value):
        if value not in self.empty_values and not PLAIN_WHOLE.fullmatch(str(value).strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def number_input(signed: bool = False) -> forms.TextInput:
    """A text box for a number, not `type=number`: browsers empty or reread a number box that
    holds what they do not parse ("-2,1"), so the server would never see what was typed. The
    phone keyboard: digits and a decimal separator; a field that may be negative (a T-score)
    gets the full keyboard, since iOS's decimal pad has no minus sign."""
    attrs = {"inputmode": "text" if signed else "decimal", "autocomplete": "off"}
    if signed:
        attrs |= {"autocapitalize": "off", "spellcheck": "false"}
    return forms.TextInput(attrs=attrs)


def whole_number_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


def choices(choice_enum, blank: str | None = None):
    return ([("", blank)] if blank is not None else []) + list(choice_enum.choices)


def decimal(label: str, lo: Decimal, hi: Decimal, places: int, unit: str = "", **kw):
    """A decimal field whose every error names the allowed range in plain words. A range that
    reaches below zero gets a keyboard with a minus sign (`number_input`)."""
    # Django %-formats these messages with the value (only sometimes), so a "%" unit is spelt out.
    span = f"between {lo.normalize():f} and {hi.normalize():f}{unit.replace('%', 'per cent')}"
    return PlainDecimalField(
        label=label,
        min_value=lo,
        max_value=hi,
        decimal_places=places,  # the range bounds the whole digits
        error_messages={
            "required": f"Enter a number {span}.",
            "invalid": f"Enter a number {span}.",
            "min_value": f"Enter a number {span}.",
            "max_value": f"Enter a number {span}.",
            "max_decimal_places": f"Use at most {plural(places, 'decimal place')}.",
        },
        widget=number_input(signed=lo < 0),
        **kw,
    )


def integer(label: str, lo: int, hi: int, error_messages=None, **kw):
    msg = f"Enter a whole number from {lo} to {hi}."
    return PlainIntegerField(
        label=label,
        min_value=lo,
        max_value=hi,
        error_messages={
            "required": msg,
            "invalid": msg,
            "min_value": msg,
            "max_value": msg,
            **(error_messages or {}),
        },
        **({"widget": whole_number_input()} | kw),
    )


def choice(label: str, choices, required: bool = True, missing: str = "", **kw):
    """A choice; `missing` is what a required one says when nothing is chosen. A choice that
    describes what happened starts empty (its `choices` begin with a blank): never a default
    that an untouched form would record as fact."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={
            "invalid_choice": "Choose one of the listed options.",
            "required": missing or f"Choose one of the options for “{label}”.",
        },
        **kw,
    )


def note_field():
    return forms.CharField(
        required=False,
        max_length=d.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note to {d.NOTE_MAX:,} characters or fewer."},
    )


class OwnedChoiceField(forms.ModelChoiceField):
    """One of the person's own entries of another log (a dose's medicine, a session's course).
    The form offers only theirs, and another person's id reads exactly like one that does not
    exist."""

    def __init__(self, model, label: str, noun: str, nouns: str = "", **kw):
        messages = {
            "required": f"Choose a {noun}.",
            "invalid_choice": f"Choose one of your {nouns or noun + 's'}.",
        }
        super().__init__(model.objects.none(), label=label, error_messages=messages, **kw)


def date_field(label: str = "Date") -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD.", "required": "Enter a date."},
    )


class JournalForm(ControlledForm):
    """Base for every log form: a `date` in the person's own day, never in the future, and the
    hidden version and submit token of forms.control."""

    date = date_field()
    # The form field that holds the entry's date: `date`, or another name where the contract says
    # so (a treatment course's `started`); journal.services stores it as the entry's `date`.
    DATE_FIELD = "date"
    # True when the form also checks the person's journal (not only the values): the importer
    # then checks a row against the journal only once it knows the row is not already there.
    checks_journal = False

    def __init__(self, *args, today: dt.date | None = None, instance=None, user=None, **kwargs):
        self.today = today or timezone.localdate()
        self.instance = instance
        self.user = user  # whose journal: a child log's form offers only their own parents
        super().__init__(*args, **kwargs)
        self.start_control(instance)
        if not self.is_bound and instance is None:
            self.initial.setdefault(self.DATE_FIELD, self.today)
        self.fields[self.DATE_FIELD].widget.attrs["max"] = self.today.isoformat()
        for field in self.fields.values():
            if isinstance(field, OwnedChoiceField):
                model = field.queryset.model
                mine = model.objects.filter(user=user) if user else model.objects.none()
                field.queryset = mine

    def entry_data(self) -> dict:
        """What journal.services stores for this form: by default, each field's cleaned value
        (but the hidden fields of forms.control, which are for the service, not the entry)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in CONTROL_FIELDS}

    @classmethod
    def data_from_entry(cls, cells: dict, children: dict) -> dict:
        """The form's data for an entry given as its fields' texts and its children's (an
        imported row: journal.interop). By default the form's fields are the model's, by name;
        a form laid out otherwise (DEXA's per-site fields) says how its children map."""
        data = dict(cells)
        if cls.DATE_FIELD != "date" and "date" in data:
            data[cls.DATE_FIELD] = data.pop("date")  # a course's date is its `started` field
        return data

    def clean_date(self) -> dt.date:
        return self.check_day(self.cleaned_data["date"])

    def check_day(self, date: dt.date) -> dt.date:
        """A journal date: in the person's today or before, and not before EARLIEST_YEAR."""
        if date > self.today:
            raise forms.ValidationError("That date is in the future: enter today or earlier.")
        if date.year < d.EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a date in {d.EARLIEST_YEAR} or later.")
        return date


class ModelJournalForm(JournalForm):
    """A journal form whose fields are the model's fields of the same names (all logs but DEXA);
    editing starts from the entry's values."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and not self.is_bound:
            for name in self.data_fields():
                self.initial[name] = getattr(instance, name)
