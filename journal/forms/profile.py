from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from .. import domain as d
from .. import zones
from .base import choice, choices, decimal, integer
from .units import UnitFields


class ProfileForm(UnitFields, forms.Form):
    """The profile's fields; journal.services.save_profile writes them. The tallest height is in
    feet and inches for a person who chose imperial (forms.units: pass `units`)."""

    HEIGHTS = ("tallest_height_cm",)

    birth_year = integer("Year of birth", d.EARLIEST_YEAR, 2100, required=False)
    sex = choice("Sex", choices(d.Sex, "Prefer not to say"), required=False)
    tallest_height_cm = decimal(
        "Tallest adult height you remember (cm)",
        d.HEIGHT_MIN,
        d.HEIGHT_MAX,
        1,
        " cm",
        required=False,
    )
    timezone = choice(
        "Time zone",
        zones.grouped(""),
        widget=forms.Select(attrs={"data-zone-select": ""}),
        help_text="It decides which day an entry belongs to. Your zone comes first, then the "
        "common ones, then every other by region, A to Z.",
    )

    def __init__(self, *args, today: dt.date | None = None, instance=None, **kwargs):
        self.today = today or timezone.localdate()
        self.instance = instance
        if instance is not None:
            stored = {name: getattr(instance, name) for name in self.base_fields}
            kwargs["initial"] = stored | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].max_value = self.today.year
        # Likely zones first: the stored one, then the common ones (zones.grouped).
        zone = getattr(instance, "timezone", "") if instance is not None else ""
        self.fields["timezone"].choices = zones.grouped(zone)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > self.today.year:
            raise forms.ValidationError(
                f"Enter a year from {d.EARLIEST_YEAR} to {self.today.year}."
            )
        return year
