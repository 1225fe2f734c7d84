"""The two hidden fields every log form carries (design.md, "Forms may carry hidden fields"):

- `entry_version`: what the person saw of the entry being edited, as a short hash of the form's
  own starting values. journal.services.save_entry compares it with the stored entry inside its
  transaction; another tab's save in between makes the edit stale, and the person is shown both
  versions to choose from instead of one silently replacing the other.
- `submit_token`: a one-time token made when the form is drawn. The first save with it stores the
  entry; a repeat (a double tap, a retried post) returns that first result and stores nothing new.

Both are optional: a POST without them (an outside tool sends only the contract's fields) is
accepted as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django import forms
from django.db import models

from .. import formats

CONTROL_FIELDS = ("entry_version", "submit_token")
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
VERSION = re.compile(r"[0-9a-f]{32}")
RELOAD = (
    "This form does not match the page it came from: reload the page and enter it again. "
    "Nothing was saved."
)


def new_token() -> str:
    return secrets.token_urlsafe(18)  # 24 characters


def _hidden() -> forms.CharField:
    # No max_length: its message would point at a field the person cannot see. The patterns
    # bound the length, and their refusal says what to do.
    return forms.CharField(required=False, widget=forms.HiddenInput)


def _plain(value):
    """A value as the version hash and the comparison see it: an entry by its id, a list as a
    sorted list, a number by its value (1.50 and 1.5 are the same height)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(str(_plain(v)) for v in value)
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Difference:
    """One field that differs between the stored entry and the person's form."""

    label: str
    saved: str
    yours: str


class ControlledForm(forms.Form):
    """The base of JournalForm: the two hidden fields and what the views and services need."""

    entry_version = _hidden()
    submit_token = _hidden()

    def start_control(self, instance) -> None:
        """Give an unbound form a fresh token and, when it edits an entry, that entry's version
        (computed when the page is drawn)."""
        if self.is_bound:
            return
        self.initial.setdefault("submit_token", new_token())
        if instance is not None:
            self.initial["entry_version"] = partial(type(self).version_of, instance)

    def clean_entry_version(self) -> str:
        value = self.cleaned_data.get("entry_version", "")
        if value and not VERSION.fullmatch(value):
            raise forms.ValidationError(RELOAD, code="bad_version")
        return value

    def clean_submit_token(self) -> str:
        value = self.cleaned_data.get("submit_token", "")
        if value and not TOKEN.fullmatch(value):
            raise forms.ValidationError(RELOAD, code="bad_token")
        return value

    def control(self) -> dict[str, str]:
        """journal.services.save_entry's `version` and `token` from a valid form."""
        return {
            "version": self.cleaned_data.get("entry_version", ""),
            "token": self.cleaned_data.get("submit_token", ""),
        }

    def data_fields(self) -> list[str]:
        return [name for name in self.fields if name not in CONTROL_FIELDS]

    @classmethod
    def starting_values(cls, entry) -> dict:
        """The values a form editing `entry` starts from: what the person sees of it."""
        form = cls(instance=entry)
        values = {}
        for name in form.data_fields():
            value = form.initial.get(name)
            values[name] = value() if callable(value) else value
        return values

    @classmethod
    def version_of(cls, entry) -> str:
        """A short hash of what a form editing `entry` shows. Only what the form shows counts:
        an edit that changed nothing the person could see is not a conflict."""
        plain = {name: _plain(value) for name, value in cls.starting_values(entry).items()}
        text = json.dumps(plain, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def mark_current(self, entry) -> None:
        """After a conflict: the form now carries the stored entry's version, so saving it again
        is the person's choice to keep their own values."""
        self.data = self.data.copy()
        self.data["entry_version"] = type(self).version_of(entry)

    def differences(self, entry) -> list[Difference]:
        """The fields where the stored `entry` and this (valid) form differ, both sides written
        for people."""
        saved = type(self).starting_values(entry)
        rows = []
        for name in self.data_fields():
            mine, stored = self.cleaned_data.get(name), saved.get(name)
            if _empty(mine) and _empty(stored) or _plain(mine) == _plain(stored):
                continue
            field = self.fields[name]
            rows.append(Difference(self[name].label, _show(field, stored), _show(field, mine)))
        return rows


def _empty(value) -> bool:
    return value in (None, "", [], ())


def _show(field: forms.Field, value) -> str:
    """A field's value as the person would recognise it on the form."""
    if _empty(value):
        return "(empty)"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelChoiceField):
        pk = value.pk if isinstance(value, models.Model) else value
        found = field.queryset.filter(pk=pk).first()
        return str(found) if found is not None else str(pk)
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, dt.date):
        return formats.fmt_date(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # as typed: 160, 165.5, -2.5
    return str(value)
