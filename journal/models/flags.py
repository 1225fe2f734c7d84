"""A flag the person marked "discussed with my clinician" (journal.flag_state says when it shows
again): not an entry of the journal, a note on one of its flags."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from ..rules import LEVELS
from .base import EARLIEST_DATE

KEY_MAX = 60


class FlagDiscussion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=KEY_MAX)  # wording.merged.PersonFlag.key
    discussed_on = models.DateField()  # the day of the talk, as the person gives it
    marked_on = models.DateField()  # the person's day when they marked it (figures after return)
    level = models.CharField(max_length=8)  # the flag's level when it was discussed
    # What the flag rested on then: {entry ref: digest of its values} (flag_state.EvidenceState).
    entries = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="flagdiscussion_one_per_flag"),
            models.CheckConstraint(
                condition=GreaterThan(Length("key"), 0) & LessThanOrEqual(Length("key"), KEY_MAX),
                name="flagdiscussion_key_length",
            ),
            models.CheckConstraint(
                condition=Q(level__in=list(LEVELS)), name="flagdiscussion_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(discussed_on__gte=EARLIEST_DATE), name="flagdiscussion_date_sane"
            ),
            models.CheckConstraint(
                condition=Q(marked_on__gte=F("discussed_on")),
                name="flagdiscussion_marked_after_talk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} discussed on {self.discussed_on}"
