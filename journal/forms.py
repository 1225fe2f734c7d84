"""Input parsing and validation, with messages a person understands.

Every limit here is also a database constraint (models.py); the form is where a person learns of it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils import timezone

from . import domain as d
from . import models as m

DATE_FORMAT = "%Y-%m-%d"


def _choices(choice_enum, blank: str | None = None):
    return ([("", blank)] if blank is not None else []) + list(choice_enum.choices)


def _decimal(label: str, lo: Decimal, hi: Decimal, places: int, unit: str = "", **kw):
    """A decimal field whose every error names the allowed range in plain words."""
    # Django %-formats these messages with the value (only sometimes), so a "%" unit is spelt out.
    span = f"between {lo.normalize():f} and {hi.normalize():f}{unit.replace('%', 'per cent')}"
    return forms.DecimalField(
        label=label,
        min_value=lo,
        max_value=hi,
        decimal_places=places,  # the range bounds the whole digits
        error_messages={
            "invalid": f"Enter a number {span}.",
            "min_value": f"Enter a number {span}.",
            "max_value": f"Enter a number {span}.",
            "max_decimal_places": f"Use at most {places} decimal places.",
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kw,
    )


def _integer(label: str, lo: int, hi: int, error_messages=None, **kw):
    msg = f"Enter a whole number from {lo} to {hi}."
    return forms.IntegerField(
        label=label,
        min_value=lo,
        max_value=hi,
        error_messages={
            "invalid": msg,
            "min_value": msg,
            "max_value": msg,
            **(error_messages or {}),
        },
        **kw,
    )


def _choice(label: str, choices, required: bool = True, **kw):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"invalid_choice": "Choose one of the listed options."},
        **kw,
    )


def _note():
    return forms.CharField(
        required=False,
        max_length=d.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note to {d.NOTE_MAX:,} characters or fewer."},
    )


class JournalForm(forms.Form):
    """Base for every log form: a `date` in the person's own day, never in the future."""

    date = forms.DateField(
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD.", "required": "Enter a date."},
    )

    def __init__(self, *args, today: dt.date | None = None, instance=None, **kwargs):
        self.today = today or timezone.localdate()
        self.instance = instance
        super().__init__(*args, **kwargs)
        if not self.is_bound and instance is None:
            self.initial.setdefault("date", self.today)
        self.fields["date"].widget.attrs["max"] = self.today.isoformat()

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError("That date is in the future: enter today or earlier.")
        if date.year < d.EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a date in {d.EARLIEST_YEAR} or later.")
        return date


class ModelJournalForm(JournalForm):
    """A journal form mapped field-by-field onto one model (all of them but DEXA)."""

    model: type

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and not self.is_bound:
            for name in self.fields:
                self.initial[name] = getattr(instance, name)

    def save(self, user):
        obj = self.instance or self.model(user=user)
        for name, value in self.cleaned_data.items():
            setattr(obj, name, value)
        obj.full_clean(exclude=["user"])
        obj.save()
        return obj


class PainForm(ModelJournalForm):
    model = m.PainEntry

    time = forms.TimeField(
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time as HH:MM, or leave it empty."},
    )
    score = _integer(
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
    onset = _choice("How it started", _choices(d.Onset, "Not noted"), required=False)
    quality = _choice("What it feels like", _choices(d.Quality, "Not noted"), required=False)
    minor_trigger = forms.BooleanField(
        required=False,
        label="It started after a minor movement or impact (a cough, a bend, a lift, a small bump)",
    )
    note = _note()

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
    REPEATED = ("locations", "onset", "quality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget = forms.RadioSelect(
            choices=[(i, str(i)) for i in range(d.SCORE_MIN, d.SCORE_MAX + 1)]
        )

    @classmethod
    def repeat_last(cls, data, last) -> dict:
        """POST data with the last entry's locations, onset and quality copied in."""
        data = data.copy()
        if last is not None:
            data.setlist("locations", list(last.locations))
            data["onset"] = last.onset
            data["quality"] = last.quality
        return data


class ExerciseForm(ModelJournalForm):
    model = m.ExerciseSession

    kind = _choice("Kind", _choices(d.ExerciseKind))
    minutes = _integer("Minutes", d.MINUTES_MIN, d.MINUTES_MAX)
    intensity = _choice("Intensity", _choices(d.Intensity), initial="moderate")
    load_kg = _decimal(
        "Extra load (kg, e.g. a weighted vest)",
        Decimal("0"),
        d.LOAD_MAX_KG,
        1,
        " kg",
        required=False,
    )
    jumps = _integer("Jumps (count)", 0, d.JUMPS_MAX, required=False)
    note = _note()


class HeightForm(ModelJournalForm):
    model = m.HeightMeasurement

    height_cm = _decimal("Height (cm)", d.HEIGHT_MIN, d.HEIGHT_MAX, 1, " cm")


class FractureForm(ModelJournalForm):
    model = m.Fracture

    site = _choice("Where", _choices(d.FractureSite))
    minimal_trauma = forms.BooleanField(
        required=False,
        label="It happened with little force: a fall from standing height or less, or no fall",
    )
    note = _note()


class DexaForm(JournalForm):
    """One scan with up to four site results; at least one site's T-score is required."""

    facility = forms.CharField(
        required=False,
        max_length=120,
        label="Where it was done",
        error_messages={"max_length": "Keep the facility name under 120 characters."},
    )
    lsc_percent = _decimal(
        "Least significant change, if the report gives one (%)",
        Decimal("0.1"),
        Decimal("20"),
        1,
        " %",
        required=False,
    )
    SITES = [value for value, _ in d.Site.choices]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for site, label in d.Site.choices:
            self.fields[f"{site}_t"] = _decimal(
                f"{label} T-score", d.T_MIN, d.T_MAX, 2, required=False
            )
            self.fields[f"{site}_bmd"] = _decimal(
                f"{label} BMD (g/cm²)", d.BMD_MIN, d.BMD_MAX, 3, " g/cm²", required=False
            )
            self.fields[f"{site}_z"] = _decimal(
                f"{label} Z-score", d.T_MIN, d.T_MAX, 2, required=False
            )
        scan = self.instance
        if scan is not None and not self.is_bound:
            self.initial.update(
                date=scan.date, facility=scan.facility, lsc_percent=scan.lsc_percent
            )
            for r in scan.results.all():
                self.initial.update(
                    {f"{r.site}_t": r.t_score, f"{r.site}_bmd": r.bmd, f"{r.site}_z": r.z_score}
                )

    def site_rows(self):
        """(label, t, bmd, z) bound fields per site, for the template's table."""
        return [
            (label, self[f"{site}_t"], self[f"{site}_bmd"], self[f"{site}_z"])
            for site, label in d.Site.choices
        ]

    def clean(self):
        data = super().clean()
        present = []
        for site in self.SITES:
            t = data.get(f"{site}_t")
            others = (data.get(f"{site}_bmd"), data.get(f"{site}_z"))
            if t is None and any(v is not None for v in others) and f"{site}_t" not in self.errors:
                self.add_error(
                    f"{site}_t", "Enter this site's T-score too, or clear its other values."
                )
            if t is not None:
                present.append(site)
        if not present and not any(f.endswith(("_t", "_bmd", "_z")) for f in self.errors):
            raise forms.ValidationError("Enter the T-score for at least one site.", code="no_site")
        return data

    @transaction.atomic
    def save(self, user) -> m.DexaScan:
        data = self.cleaned_data
        scan = self.instance or m.DexaScan(user=user)
        scan.date, scan.facility, scan.lsc_percent = (
            data["date"],
            data["facility"],
            data["lsc_percent"],
        )
        scan.full_clean(exclude=["user"])
        scan.save()
        scan.results.all().delete()
        m.DexaSiteResult.objects.bulk_create(
            m.DexaSiteResult(
                scan=scan,
                site=site,
                t_score=data[f"{site}_t"],
                bmd=data[f"{site}_bmd"],
                z_score=data[f"{site}_z"],
            )
            for site in self.SITES
            if data.get(f"{site}_t") is not None
        )
        return scan


class ProfileForm(forms.ModelForm):
    birth_year = _integer("Year of birth", d.EARLIEST_YEAR, 2100, required=False)
    sex = _choice("Sex", _choices(d.Sex, "Prefer not to say"), required=False)
    tallest_height_cm = _decimal(
        "Tallest adult height you remember (cm)",
        d.HEIGHT_MIN,
        d.HEIGHT_MAX,
        1,
        " cm",
        required=False,
    )
    timezone = _choice("Time zone", [(z, z) for z in sorted(zoneinfo.available_timezones())])

    class Meta:
        model = m.Profile
        fields = ["birth_year", "sex", "tallest_height_cm", "timezone"]

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].max_value = self.today.year

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > self.today.year:
            raise forms.ValidationError(
                f"Enter a year from {d.EARLIEST_YEAR} to {self.today.year}."
            )
        return year
