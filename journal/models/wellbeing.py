"""Last night's sleep and the weekly PEG check-in (pain, enjoyment of life, general activity)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date
from .base import Owned


class SleepEntry(Owned):
    """One night, dated the morning after: its quality 1-5 and, optionally, its hours."""

    quality = models.PositiveSmallIntegerField(choices=d.SLEEP_QUALITY)
    hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)

    class Meta(Owned.Meta):
        verbose_name = "night's sleep"
        verbose_name_plural = "sleep"
        constraints = [
            *Owned.Meta.constraints,
            models.UniqueConstraint(fields=["user", "date"], name="sleep_one_per_night"),
            models.CheckConstraint(
                condition=Q(quality__gte=d.SLEEP_QUALITY_MIN, quality__lte=d.SLEEP_QUALITY_MAX),
                name="sleep_quality_range",
            ),
            # Half hours from 0 to 24: the list of allowed values is the whole range.
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__in=d.SLEEP_HOURS),
                name="sleep_hours_half_hours",
            ),
        ]

    def __str__(self) -> str:
        hours = f", {self.hours} h" if self.hours is not None else ""
        return f"Sleep on {fmt_date(self.date)}: {self.get_quality_display().lower()}{hours}"


class PegCheckIn(Owned):
    pain = models.PositiveSmallIntegerField("Average pain")
    enjoyment = models.PositiveSmallIntegerField("Interference with enjoyment of life")
    activity = models.PositiveSmallIntegerField("Interference with general activity")

    class Meta(Owned.Meta):
        verbose_name = "PEG check-in"
        constraints = [
            *Owned.Meta.constraints,
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": d.PEG_MIN, f"{f}__lte": d.PEG_MAX}),
                    name=f"peg_{f}_range",
                )
                for f in d.PEG_FIELDS
            ),
        ]

    @property
    def score(self) -> Decimal:
        """The PEG score: the mean of the three answers, to one decimal place."""
        total = sum(getattr(self, f) for f in d.PEG_FIELDS)
        return (Decimal(total) / len(d.PEG_FIELDS)).quantize(Decimal("0.1"))

    def __str__(self) -> str:
        return f"PEG on {fmt_date(self.date)}: {self.score}"
