from __future__ import annotations

from django import forms

from .base import ModelJournalForm, note_field


class FallForm(ModelJournalForm):
    injured = forms.BooleanField(
        required=False, label="It caused an injury (a bruise, a cut, a sprain, a fracture…)"
    )
    note = note_field()
