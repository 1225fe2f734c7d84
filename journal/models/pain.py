from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .. import domain as d
from ..formats import fmt_date
from .base import Owned, choice_in

LOCATION_CODES = [value for value, _ in d.Location.choices]
LOCATION_MASK_MAX = (1 << len(LOCATION_CODES)) - 1


def encode_locations(codes) -> int:
    return sum(1 << LOCATION_CODES.index(code) for code in set(codes))


def decode_locations(mask: int) -> list[str]:
    return [code for i, code in enumerate(LOCATION_CODES) if mask & (1 << i)]


class LocationsField(models.PositiveSmallIntegerField):
    """A set of body locations, stored as a bit mask so the database itself can refuse an empty
    or unknown set (1 <= mask <= 255); Python sees a list of location codes."""

    @property
    def validators(self):
        return []  # the integer range validators do not apply to a list; validate() checks it

    def validate(self, value, model_instance):
        if not value:
            raise ValidationError("Choose at least one location.", code="required")
        unknown = set(value) - set(LOCATION_CODES)
        if unknown:
            raise ValidationError("Choose locations from the list.", code="invalid_choice")

    def from_db_value(self, value, expression, connection):
        return None if value is None else decode_locations(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return decode_locations(int(value))

    def get_prep_value(self, value):
        if value is None or isinstance(value, int):
            return value
        return encode_locations(value)

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj) or [])


# "The latest pain entry": one total order, the same on SQLite and PostgreSQL (which otherwise
# disagree on where an entry without a time sorts): by date, then time (none before any time),
# then id. Newest first here; oldest first is its exact reverse.
PAIN_NEWEST_FIRST = ("-date", F("time").desc(nulls_last=True), "-id")
PAIN_OLDEST_FIRST = ("date", F("time").asc(nulls_first=True), "id")


class PainEntry(Owned):
    time = models.TimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField()
    locations = LocationsField()
    onset = models.CharField(max_length=8, blank=True, choices=d.Onset.choices)
    quality = models.CharField(max_length=8, blank=True, choices=d.Quality.choices)
    minor_trigger = models.BooleanField(
        "Started after a minor movement or impact (cough, bend, lift, small bump)", default=False
    )

    class Meta(Owned.Meta):
        ordering = list(PAIN_NEWEST_FIRST)
        verbose_name_plural = "pain entries"
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(score__gte=d.SCORE_MIN, score__lte=d.SCORE_MAX), name="pain_score_range"
            ),
            models.CheckConstraint(
                condition=Q(locations__gte=1, locations__lte=LOCATION_MASK_MAX),
                name="pain_locations_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("onset", d.Onset.choices, True), name="pain_onset_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("quality", d.Quality.choices, True), name="pain_quality_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Pain {self.score}/10 on {fmt_date(self.date)}"
