"""What every log shares: its owner, its date, a note, and the constraints and index that go with
them, declared once on the abstract base's Meta (`%(class)s` names them per model)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from .. import domain as d

EARLIEST_DATE = dt.date(d.EARLIEST_YEAR, 1, 1)


def choice_in(field: str, choices, blank: bool = False) -> Q:
    """The condition that `field` holds one of `choices` (or "" when `blank`)."""
    values = [value for value, _ in choices] + ([""] if blank else [])
    return Q(**{f"{field}__in": values})


def note_field() -> models.TextField:
    return models.TextField(blank=True, max_length=d.NOTE_MAX)


class Owned(models.Model):
    """An entry of one person's journal: every log's model derives from it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField()
    note = note_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "date"], name="%(class)s_user_date")]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), d.NOTE_MAX),
                name="%(class)s_note_length",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE), name="%(class)s_date_sane"
            ),
        ]
