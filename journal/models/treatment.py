"""Treatment courses (acupuncture, physiotherapy, ...) and their sessions.

A course's start is the base's `date` (so it shares the (user, date) index, the sane-date
constraint and the journal's order); its form calls it `started`, and so does `started` here.
A session belongs to one course of the same person (the form offers only theirs, and the writer
checks it again); deleting a course deletes its sessions.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date
from .base import Owned, choice_in


class TreatmentCourse(Owned):
    kind = models.CharField(max_length=20, choices=d.TreatmentKind.choices)
    name = models.CharField(
        "Name (e.g. the practitioner)", max_length=d.TREATMENT_NAME_MAX, blank=True
    )

    class Meta(Owned.Meta):
        verbose_name = "treatment course"
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=choice_in("kind", d.TreatmentKind.choices), name="treatment_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"{self.get_kind_display()}{who}, from {fmt_date(self.date)}"

    @property
    def started(self):
        return self.date


class TreatmentSession(Owned):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.CASCADE, related_name="sessions"
    )
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(Owned.Meta):
        verbose_name = "treatment session"
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(minutes__isnull=True)
                | Q(minutes__gte=d.SESSION_MINUTES_MIN, minutes__lte=d.SESSION_MINUTES_MAX),
                name="session_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(pain_before__isnull=True)
                | Q(pain_before__gte=d.SCORE_MIN, pain_before__lte=d.SCORE_MAX),
                name="session_pain_before_range",
            ),
            models.CheckConstraint(
                condition=Q(pain_after__isnull=True)
                | Q(pain_after__gte=d.SCORE_MIN, pain_after__lte=d.SCORE_MAX),
                name="session_pain_after_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment.get_kind_display()} session on {fmt_date(self.date)}"
