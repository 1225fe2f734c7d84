"""The PHQ-9: nine answers, each 0-3, over the last two weeks (journal.domain has the items)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date
from .base import Owned


def _item(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(d.PHQ9_ITEMS[number - 1])


class MoodQuestionnaire(Owned):
    q1, q2, q3, q4, q5, q6, q7, q8, q9 = (_item(n) for n in range(1, 10))

    class Meta(Owned.Meta):
        verbose_name = "PHQ-9 questionnaire"
        constraints = [
            *Owned.Meta.constraints,
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{q}__gte": d.PHQ9_ITEM_MIN, f"{q}__lte": d.PHQ9_ITEM_MAX}),
                    name=f"phq9_{q}_range",
                )
                for q in d.PHQ9_FIELDS
            ),
        ]

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(getattr(self, q) for q in d.PHQ9_FIELDS)

    @property
    def total(self) -> int:
        return sum(self.answers)

    @property
    def band(self) -> str:
        return d.phq9_band(self.total)

    def __str__(self) -> str:
        return f"PHQ-9 on {fmt_date(self.date)}: {self.total} ({self.band})"
