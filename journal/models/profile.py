from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q

from .. import domain as d
from .base import choice_in


class Profile(models.Model):
    """What the rules need to know of the person, their time zone, and their journal's version."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=8, blank=True, choices=d.Sex.choices)
    tallest_height_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    # Bumped by journal.services in the same transaction as every write to the person's journal,
    # so anything computed from the journal can be cached under (person, version).
    version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=d.EARLIEST_YEAR, birth_year__lte=2100),
                name="profile_birth_year_range",
            ),
            models.CheckConstraint(
                condition=choice_in("sex", d.Sex.choices, True), name="profile_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(tallest_height_cm__isnull=True)
                | Q(tallest_height_cm__gte=d.HEIGHT_MIN, tallest_height_cm__lte=d.HEIGHT_MAX),
                name="profile_tallest_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)
