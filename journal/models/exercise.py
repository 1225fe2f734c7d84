from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date
from .base import Owned, choice_in


class ExerciseSession(Owned):
    kind = models.CharField(max_length=16, choices=d.ExerciseKind.choices)
    minutes = models.PositiveSmallIntegerField()
    intensity = models.CharField(max_length=8, choices=d.Intensity.choices, default="moderate")
    load_kg = models.DecimalField(
        "Load (kg)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    jumps = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Owned.Meta):
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(minutes__gte=d.MINUTES_MIN, minutes__lte=d.MINUTES_MAX),
                name="exercise_minutes_range",
            ),
            models.CheckConstraint(
                condition=choice_in("kind", d.ExerciseKind.choices), name="exercise_kind_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("intensity", d.Intensity.choices),
                name="exercise_intensity_valid",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0, load_kg__lte=d.LOAD_MAX_KG),
                name="exercise_load_range",
            ),
            models.CheckConstraint(
                condition=Q(jumps__isnull=True) | Q(jumps__lte=d.JUMPS_MAX),
                name="exercise_jumps_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.minutes} min on {fmt_date(self.date)}"
