from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date, num
from .base import Owned, choice_in


class HeightMeasurement(Owned):
    height_cm = models.DecimalField("Height (cm)", max_digits=4, decimal_places=1)

    class Meta(Owned.Meta):
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(height_cm__gte=d.HEIGHT_MIN, height_cm__lte=d.HEIGHT_MAX),
                name="height_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{num(self.height_cm, 1)} cm on {fmt_date(self.date)}"


class Fracture(Owned):
    site = models.CharField(max_length=16, choices=d.FractureSite.choices)
    minimal_trauma = models.BooleanField(
        "From minimal trauma (a fall from standing height or less, or no fall)", default=False
    )

    class Meta(Owned.Meta):
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=choice_in("site", d.FractureSite.choices), name="fracture_site_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_site_display()} fracture on {fmt_date(self.date)}"
