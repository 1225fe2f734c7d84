"""Sign-up: Django's UserCreationForm and the browser's time zone."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from ..zones import known


class BrowserZoneField(forms.CharField):
    """A zone name from the browser, or "": never an error (a person cannot see or correct a
    hidden field), not even for a NUL byte, which CharField's own validators would refuse."""

    def clean(self, value) -> str:
        return known(value)


class SignupForm(UserCreationForm):
    """Django's form (username, password1, password2) and a hidden `timezone`, which
    static/js/timezone.js fills from the browser (Intl.DateTimeFormat). A name zoneinfo does not
    know, or none at all (no JavaScript), leaves the profile's default zone (TIME_ZONE)."""

    timezone = BrowserZoneField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-zone": ""})
    )
