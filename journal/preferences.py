"""The writers of a person's settings (journal.services writes their journal): units and
reminders, the calendar feed's address, a confirmed email address, and the email sender's
schedule for them. Each write is one transaction; a change the dashboard or charts show
(units, reminders) bumps the journal version, like any write the journal's pages depend on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError

from . import models as m
from .services import bump_version, writing

PREFERENCE_FIELDS = (
    "units",
    "remind_log",
    "remind_medicines",
    "remind_rescan",
    "reminder_hour",
    "email_reminders",
)


def preferences_of(user) -> m.Preferences:
    """The person's settings, or the defaults (unsaved) when they have chosen none."""
    return m.Preferences.objects.filter(user=user).first() or m.Preferences(user=user)


def save_preferences(user, data: dict) -> m.Preferences:
    """Some of the settings (`data`: names of PREFERENCE_FIELDS), the rest kept as they are."""
    unknown = set(data) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"not a setting: {sorted(unknown)}")
    with writing():
        prefs, _ = m.Preferences.objects.select_for_update().get_or_create(user=user)
        for name, value in data.items():
            setattr(prefs, name, value)
        if not user.email:
            prefs.email_reminders = False  # nowhere to send them
        prefs.full_clean(exclude=["user"])
        prefs.save()
        _reschedule(user, prefs)
        bump_version(user)
    return prefs


# --- the sender's schedule ------------------------------------------------------------------


def zone_of(user) -> zoneinfo.ZoneInfo:
    profile = m.Profile.objects.filter(user=user).first()
    return profile.zone if profile else zoneinfo.ZoneInfo(settings.TIME_ZONE)


def next_run_after(now: dt.datetime, hour: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first time after `now` that it is `hour`:00 in `zone`, in UTC."""
    local = now.astimezone(zone)
    day = local.date()
    for _ in range(3):  # today, else tomorrow (the day after covers a skipped hour)
        run = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        if run > now:
            return run.astimezone(dt.UTC)
        day += dt.timedelta(days=1)
    raise AssertionError("unreachable: an hour recurs within two days")


def _reschedule(user, prefs: m.Preferences, now: dt.datetime | None = None) -> None:
    """Set when the sender next looks at the person: their hour, or never (no email wanted)."""
    from django.utils import timezone

    wanted = prefs.email_reminders and bool(user.email)
    next_run = (
        next_run_after(now or timezone.now(), prefs.reminder_hour, zone_of(user))
        if wanted
        else None
    )
    m.ReminderSchedule.objects.update_or_create(user=user, defaults={"next_run": next_run})


def reschedule(user) -> None:
    """After a change of time zone: the sender's next look at the person, at their hour there."""
    with writing():
        _reschedule(user, preferences_of(user))


# --- the calendar feed ------------------------------------------------------------------------


def feed_of(user) -> m.CalendarFeed | None:
    return m.CalendarFeed.objects.filter(user=user).first()


def new_feed(user) -> m.CalendarFeed:
    """A calendar address for the person, replacing the one they had (which then answers 404)."""
    for _ in range(3):  # a clash of 256 random bits does not happen; a retry costs nothing
        try:
            with writing():
                m.CalendarFeed.objects.filter(user=user).delete()
                return m.CalendarFeed.objects.create(user=user)
        except IntegrityError:  # pragma: no cover - the token collided
            continue
    raise RuntimeError("could not make a calendar address")


def remove_feed(user) -> None:
    with writing():
        m.CalendarFeed.objects.filter(user=user).delete()


# --- a confirmed email address ----------------------------------------------------------------

EMAIL_SALT = "journal.preferences.email"
EMAIL_LINK_DAYS = 3


def email_token(user, address: str) -> str:
    """The signed link's token: the person, the address, and the address they had when it was
    made (so a link works once: after a confirmation or any change, older links are refused)."""
    return signing.dumps({"u": user.pk, "e": address, "was": user.email}, salt=EMAIL_SALT)


class BadLink(Exception):
    """The link is not one the journal made, has expired, or was already used."""


def confirm_email(token: str):
    """Confirm the address a link names: it becomes the person's email (where password resets
    and reminders go). Returns the person."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=dt.timedelta(days=EMAIL_LINK_DAYS))
    except signing.BadSignature as error:
        raise BadLink(str(error)) from None
    with writing():
        user = get_user_model().objects.select_for_update().filter(pk=data.get("u")).first()
        if user is None or user.email != data.get("was"):
            raise BadLink("used, or the address changed since")
        user.email = data["e"]
        user.save(update_fields=["email"])
    return user


def remove_email(user) -> None:
    """Forget the address: no more reminder emails, and no password reset by email."""
    with writing():
        user.email = ""
        user.save(update_fields=["email"])
        m.Preferences.objects.filter(user=user).update(email_reminders=False)
        m.ReminderSchedule.objects.filter(user=user).update(next_run=None)
        bump_version(user)
