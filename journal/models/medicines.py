"""Medicines and supplements, and the doses taken of them.

A medicine's `date` (the base's) is the day the person started it: the form calls it `started`,
and `Medicine.started` reads it, so the (user, date) index and the date constraints of every log
apply to it unchanged.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from .. import domain as d
from ..formats import fmt_date
from .base import Owned, choice_in


def _dose_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": d.DOSE_MIN, f"{field}__lte": d.DOSE_MAX}
    )


class Medicine(Owned):
    name = models.CharField(max_length=d.NAME_MAX)
    kind = models.CharField(max_length=24, choices=d.MedicineKind.choices)
    dose_amount = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    dose_unit = models.CharField(max_length=8, blank=True, choices=d.DoseUnit.choices)
    schedule = models.CharField(max_length=16, choices=d.Schedule.choices)
    stopped = models.DateField(null=True, blank=True)

    class Meta(Owned.Meta):
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(
                    GreaterThan(Length(Trim("name")), 0),
                    LessThanOrEqual(Length("name"), d.NAME_MAX),
                ),
                name="medicine_name_length",
            ),
            models.CheckConstraint(
                condition=choice_in("kind", d.MedicineKind.choices), name="medicine_kind_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("schedule", d.Schedule.choices),
                name="medicine_schedule_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("dose_unit", d.DoseUnit.choices, True),
                name="medicine_dose_unit_valid",
            ),
            models.CheckConstraint(
                condition=_dose_range("dose_amount"), name="medicine_dose_amount_range"
            ),
            models.CheckConstraint(
                condition=Q(stopped__isnull=True) | Q(stopped__gte=F("date")),
                name="medicine_stopped_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def started(self):
        return self.date


class Dose(Owned):
    """One dose taken of one of the person's own medicines (journal.services.write_dose checks)."""

    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="doses")
    time = models.TimeField(null=True, blank=True)
    amount = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta(Owned.Meta):
        ordering = ["-date", F("time").desc(nulls_last=True), "-id"]
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(condition=_dose_range("amount"), name="dose_amount_range"),
        ]

    def __str__(self) -> str:
        return f"{self.medicine.name} on {fmt_date(self.date)}"
