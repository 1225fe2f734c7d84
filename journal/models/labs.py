"""Lab results: a test's value in the unit it was reported in (shown in that unit)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date, num
from .base import Owned, choice_in


def _plausible() -> Q:
    """The value lies in the plausible span of its test and unit (domain.LAB_LIMITS); a
    (test, unit) pair not listed there is refused."""
    return reduce(
        or_,
        (
            Q(test=test, unit=unit, value__gte=lo, value__lte=hi)
            for (test, unit), (lo, hi) in d.LAB_LIMITS.items()
        ),
    )


class LabResult(Owned):
    test = models.CharField(max_length=16, choices=d.LabTest.choices)
    value = models.DecimalField(max_digits=5, decimal_places=1)
    unit = models.CharField(max_length=8, choices=d.LabUnit.choices)

    class Meta(Owned.Meta):
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=choice_in("test", d.LabTest.choices), name="lab_test_valid"
            ),
            models.CheckConstraint(condition=_plausible(), name="lab_value_plausible"),
        ]

    def __str__(self) -> str:
        value = f"{num(self.value, 1)} {self.get_unit_display()}"
        return f"{self.get_test_display()} {value} on {fmt_date(self.date)}"
