"""The reminder emails (`manage.py send_reminders`): who is due a look, claiming each look once,
and what the email says.

Each person who wants reminder emails has a `ReminderSchedule.next_run`: their chosen hour in
their own time zone. A pass takes every schedule whose time has come and claims it with a
conditional UPDATE that moves `next_run` to the next day's hour only if it still holds the value
the pass read (healthchecks' `sendreports` does the same): of two senders, on one server or on
two sharing PostgreSQL, exactly one changes the row, and only that one sends. The email lists
what `reminders.due_now` finds at that moment, leaving out a medicine or rescan reminder
already sent (`SentReminder`), so an overdue injection is mentioned when it comes due, on the
day, and once overdue, not every day. Each pass records its end (`SenderRun`), which /profile/
shows, with a warning when it is more than a day old.

A sender killed between sending and recording sends that email's medicine reminders again the
next day: a repeat, never a loss.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string

from . import models as m
from . import reminders
from .preferences import next_run_after
from .snapshot import load_journal

log = logging.getLogger(__name__)
NAME = "send_reminders"
STALE_AFTER = dt.timedelta(days=1)  # /profile/ warns when the last pass is older than this
KEEP_SENT = dt.timedelta(days=400)  # sent keys kept this long (a yearly dose's, and a margin)


@dataclass(frozen=True)
class Pass:
    due: int  # schedules whose time had come
    claimed: int  # of those, claimed by this pass (the rest by another sender)
    sent: int  # emails sent


def due_schedules(now: dt.datetime):
    """Schedules whose time has come, of people who want emails and have a confirmed address."""
    return (
        m.ReminderSchedule.objects.filter(
            next_run__lte=now, user__preferences__email_reminders=True
        )
        .exclude(Q(user__email="") | Q(user__is_active=False))
        .select_related("user", "user__profile", "user__preferences")
        .order_by("next_run", "pk")
    )


def claim(schedule: m.ReminderSchedule, now: dt.datetime) -> bool:
    """Move the schedule to its next run if no other sender has: True when this one did."""
    prefs, zone = schedule.user.preferences, schedule.user.profile.zone
    following = next_run_after(now, prefs.reminder_hour, zone)
    changed = m.ReminderSchedule.objects.filter(pk=schedule.pk, next_run=schedule.next_run).update(
        next_run=following
    )
    return changed == 1


def compose(user, items: list[reminders.Due], today: dt.date) -> EmailMessage:
    context = {"user": user, "items": items, "today": today, "site": settings.SITE_URL}
    subject = render_to_string("email/reminders_subject.txt", context).strip()
    body = render_to_string("email/reminders.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def look(schedule: m.ReminderSchedule, now: dt.datetime, connection) -> bool:
    """What is due for the person now, less what was already sent; an email if anything is."""
    user = schedule.user
    local = now.astimezone(user.profile.zone)
    items = reminders.due_now(load_journal(user), local.date(), local.time())
    sent = set(
        m.SentReminder.objects.filter(user=user, key__in=[i.key for i in items]).values_list(
            "key", flat=True
        )
    )
    items = [item for item in items if item.key not in sent]
    if not items:
        return False
    message = compose(user, items, local.date())
    message.connection = connection
    message.send()
    m.SentReminder.objects.bulk_create(
        [m.SentReminder(user=user, key=item.key, sent=now) for item in items],
        ignore_conflicts=True,
    )
    m.ReminderSchedule.objects.filter(pk=schedule.pk).update(last_sent=now)
    return True


def run_once(now: dt.datetime) -> Pass:
    """One pass: claim each schedule whose time has come, send what is due, record the pass."""
    due = claimed = sent = 0
    with get_connection() as connection:  # one SMTP session for the pass
        for schedule in due_schedules(now):
            due += 1
            if not claim(schedule, now):
                continue  # another sender has it
            claimed += 1
            try:
                sent += look(schedule, now, connection)
            except Exception:  # one person's failure must not stop everyone else's reminders
                log.exception("reminders for user %s failed", schedule.user_id)
    m.SentReminder.objects.filter(sent__lt=now - KEEP_SENT).delete()
    m.SenderRun.objects.update_or_create(name=NAME, defaults={"finished": now, "sent": sent})
    return Pass(due, claimed, sent)


def last_run() -> m.SenderRun | None:
    return m.SenderRun.objects.filter(name=NAME).first()


def is_stale(run: m.SenderRun | None, now: dt.datetime) -> bool:
    return run is None or now - run.finished > STALE_AFTER
