"""A person's settings (units, which reminders, when) and what the reminders keep: the private
calendar feed's address, the email sender's schedule and what it has sent, and the sender's own
last run.

None of this is journal data (it is not exported); each row goes with its person. The sender's
state lives apart from the settings the person edits, so a save of the settings can never write
back an older schedule than the sender's (a lost update would send a reminder twice).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, LessThanOrEqual

from ..units import Units
from .base import choice_in

HOUR_MIN, HOUR_MAX = 0, 23
DEFAULT_HOUR = 20  # 8 pm: late enough that a day's pain is known, early enough to log it
FEED_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32): 256 random bits
KEY_MAX = 80


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class Preferences(models.Model):
    """What the person chose on /profile/ besides the profile's own facts: metric or imperial,
    and which reminders they want, at what hour of their day, and by email or not. A person
    with no row has the defaults (journal.snapshot reads them through a left join)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    units = models.CharField(max_length=8, choices=Units.choices, default=Units.METRIC)
    remind_log = models.BooleanField(default=True)
    remind_medicines = models.BooleanField(default=True)
    remind_rescan = models.BooleanField(default=True)
    reminder_hour = models.PositiveSmallIntegerField(default=DEFAULT_HOUR)
    email_reminders = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "preferences"
        constraints = [
            models.CheckConstraint(
                condition=choice_in("units", Units.choices), name="preferences_units_valid"
            ),
            models.CheckConstraint(
                condition=Q(reminder_hour__gte=HOUR_MIN, reminder_hour__lte=HOUR_MAX),
                name="preferences_hour_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.user}"


class CalendarFeed(models.Model):
    """The secret address of a person's calendar feed (/calendar/<token>.ics). Replacing it
    makes a new token; the old address then answers 404 like any unknown one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("token"), FEED_TOKEN_LENGTH),
                name="calendarfeed_token_length",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class ReminderSchedule(models.Model):
    """When the email sender next looks at a person's reminders (`next_run`, UTC: their chosen
    hour in their own time zone), and when it last sent them one. The sender claims a run with
    a conditional UPDATE on `next_run`: of two senders, only the one whose UPDATE changed the
    row sends (journal.sender)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    next_run = models.DateTimeField(null=True, blank=True, db_index=True)
    last_sent = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reminder schedule of {self.user}"


class SentReminder(models.Model):
    """A medicine or rescan reminder already emailed (its key names the medicine, its due date
    and the stage: "medicine:12:2026-06-01:overdue"), so each is sent once, not every day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=KEY_MAX)
    sent = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="sentreminder_once"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("key"), KEY_MAX), name="sentreminder_key_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} sent to {self.user}"


class SenderRun(models.Model):
    """The email sender's last pass (one row per sender name: "send_reminders"), so /profile/
    can say when reminders were last sent and warn when the sender has stopped."""

    name = models.CharField(max_length=40, unique=True)
    finished = models.DateTimeField()
    sent = models.PositiveIntegerField(default=0)  # emails sent in that pass

    def __str__(self) -> str:
        return f"{self.name} at {self.finished:%Y-%m-%d %H:%M}"
