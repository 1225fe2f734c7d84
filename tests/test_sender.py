"""The reminder emails (journal.sender, `manage.py send_reminders`): each person's look is claimed
once with a conditional UPDATE, each medicine or rescan reminder is emailed once, and each pass
is recorded for /profile/. The last test runs two real sender processes against one database
(SQLite here, PostgreSQL when DATABASE_URL names it) and counts the emails."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from journal import models as m
from journal import preferences, sender

from .builders import TODAY, ago, make_dose, make_medicine, make_pain
from .servers import ROOT, server_env

NOON = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def wants_email(owner, frozen_today):
    """Olive, with a confirmed address, reminder emails on, her hour 8 am (UTC)."""
    owner.email = "olive@example.org"
    owner.save()
    preferences.save_preferences(owner, {"email_reminders": True, "reminder_hour": 8})
    return owner


def schedule_of(user) -> m.ReminderSchedule:
    return m.ReminderSchedule.objects.get(user=user)


@pytest.mark.django_db
def test_turning_email_on_schedules_the_next_look_at_the_persons_hour(wants_email):
    # noon now, hour 8: tomorrow at 8
    assert schedule_of(wants_email).next_run == NOON + dt.timedelta(hours=20)


@pytest.mark.django_db
def test_the_hour_is_the_persons_local_hour(wants_email):
    m.Profile.objects.filter(user=wants_email).update(timezone="Asia/Tokyo")
    preferences.reschedule(wants_email)
    # noon UTC is 9 pm in Tokyo (UTC+9): the next 8 am there is 23:00 UTC today
    assert schedule_of(wants_email).next_run == NOON + dt.timedelta(hours=11)


@pytest.mark.django_db
def test_no_address_or_email_off_means_no_schedule(owner, frozen_today):
    preferences.save_preferences(owner, {"email_reminders": True})
    assert schedule_of(owner).next_run is None  # no address: switched back off
    assert m.Preferences.objects.get(user=owner).email_reminders is False


@pytest.mark.django_db
def test_a_pass_sends_what_is_due_once_and_moves_the_look_to_the_next_day(wants_email):
    make_medicine(wants_email, date=ago(900), name="Prolia")
    make_dose(wants_email, date=ago(400), medicine=m.Medicine.objects.get(name="Prolia"))
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=NOON)
    done = sender.run_once(NOON)
    assert (done.due, done.claimed, done.sent) == (1, 1, 1)
    (message,) = mail.outbox
    assert message.to == ["olive@example.org"]
    assert "Prolia" in message.body
    assert "No pain logged today" in message.body
    assert schedule_of(wants_email).next_run == NOON + dt.timedelta(hours=20)
    assert sender.run_once(NOON + dt.timedelta(minutes=1)).due == 0  # nothing until tomorrow
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_overdue_medicine_is_not_emailed_again_the_next_day(wants_email, frozen_today):
    prolia = make_medicine(wants_email, date=ago(900), name="Prolia")
    make_dose(wants_email, date=ago(400), medicine=prolia)
    make_pain(wants_email, date=TODAY)  # no log reminder today
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=NOON)
    assert sender.run_once(NOON).sent == 1
    tomorrow = NOON + dt.timedelta(days=1)
    frozen_today.move_to(tomorrow)
    make_pain(wants_email, date=TODAY + dt.timedelta(days=1))
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=tomorrow)
    done = sender.run_once(tomorrow)
    assert (done.claimed, done.sent) == (1, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_look_already_claimed_by_another_sender_is_skipped(wants_email):
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=NOON)
    (stale,) = sender.due_schedules(NOON)  # read by this sender...
    assert sender.claim(stale, NOON) is True  # ...and claimed by the other one first
    assert sender.claim(stale, NOON) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_each_pass_is_recorded_and_a_day_old_one_is_stale(wants_email):
    assert sender.is_stale(sender.last_run(), NOON)
    sender.run_once(NOON)
    run = sender.last_run()
    assert run.finished == NOON
    assert not sender.is_stale(run, NOON + dt.timedelta(days=1))
    assert sender.is_stale(run, NOON + dt.timedelta(days=1, seconds=1))


@pytest.mark.django_db
def test_profile_says_when_reminders_were_last_sent_and_warns_when_the_sender_stopped(
    wants_email, client, frozen_today, settings
):
    settings.EMAIL_ENABLED = True  # the sender's status shows only where email is on
    client.force_login(wants_email)
    page = client.get("/profile/").content.decode()
    assert "send_reminders" in page  # never ran: the page says how to start it
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=NOON)
    sender.run_once(NOON)
    page = client.get("/profile/").content.decode()
    assert "Reminder emails are not going out" not in page
    assert "Reminders were last emailed to you on 15 Jun 2026 at 12:00" in page
    frozen_today.move_to(NOON + dt.timedelta(days=1, minutes=1))
    page = client.get("/profile/").content.decode()
    assert "Reminder emails are not going out" in page


@pytest.mark.django_db
def test_the_command_makes_one_pass_and_says_what_it_did(wants_email, capsys):
    m.ReminderSchedule.objects.filter(user=wants_email).update(next_run=NOON)
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "due 1, claimed 1, sent 1" in out
    assert len(mail.outbox) == 1


# --- two real senders at once ---------------------------------------------------------------

PEOPLE = 40
SETUP = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from journal import models as m
run = {run!r}
for i in range({people}):
    user = get_user_model().objects.create_user(
        username=f"rem-{{run}}-{{i}}", email=f"p{{i}}-{{run}}@example.org", password="x"
    )
    m.Profile.objects.create(user=user)
    m.Preferences.objects.create(user=user, email_reminders=True, reminder_hour=0)
    m.ReminderSchedule.objects.create(
        user=user, next_run=timezone.now() - dt.timedelta(minutes=1)
    )
"""
# Each sender loads Django first, then waits for the same go file: they start their pass
# within a few milliseconds of each other, both reading every schedule as due.
SENDER = """
import os, sys, time, django
django.setup()
from django.core.management import call_command
while not os.path.exists(sys.argv[1]):
    time.sleep(0.002)
call_command("send_reminders")
"""
PASS_LINE = re.compile(r"due (\d+), claimed (\d+), sent (\d+)")


@pytest.mark.slow
def test_two_concurrent_sender_processes_send_each_reminder_exactly_once():
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="bonejournal-senders-") as tmp:
        tmp = Path(tmp)
        base = server_env(
            tmp,
            DJANGO_SETTINGS_MODULE="bonejournal.settings",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        )

        def manage(*args: str) -> None:
            subprocess.run(
                [sys.executable, "manage.py", *args], cwd=ROOT, env=base, check=True, timeout=120
            )

        manage("migrate", "--noinput", "--verbosity", "0")
        manage("shell", "-c", SETUP.format(run=run, people=PEOPLE))
        go = tmp / "go"
        senders = [
            subprocess.Popen(
                [sys.executable, "-c", SENDER, str(go)],
                cwd=ROOT,
                env={**base, "EMAIL_FILE_PATH": str(tmp / f"mail-{k}")},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(2)
        ]
        time.sleep(4)  # both have imported Django and are polling for the go file
        go.touch()
        outputs = [proc.communicate(timeout=180) for proc in senders]
        assert [proc.returncode for proc in senders] == [0, 0], outputs
        passes = [tuple(map(int, PASS_LINE.search(out).groups())) for out, _ in outputs]

        received: dict[str, int] = {}
        for path in tmp.glob("mail-*/*"):
            for to in re.findall(rf"^To: (p\d+-{run}@example\.org)$", path.read_text(), re.M):
                received[to] = received.get(to, 0) + 1
    print(f"\nsenders (due, claimed, sent): {passes}")  # shown with -s
    assert received == {f"p{i}-{run}@example.org": 1 for i in range(PEOPLE)}
    claimed = [c for _, c, _ in passes]
    sent = [s for _, _, s in passes]
    assert sum(sent) >= PEOPLE  # (on a shared PostgreSQL, other runs' people may be due too)
    assert all(c > 0 for c in claimed), f"one sender did everything: no race tested {passes}"
    assert all(due > c for due, c, _ in passes), f"the senders did not overlap: {passes}"


@pytest.mark.django_db
def test_email_reminders_without_an_address_are_refused_with_a_message_on_the_page(
    owner_client, owner, settings
):
    settings.EMAIL_ENABLED = True
    response = owner_client.post(
        "/profile/reminders/", {"reminder_hour": "20", "email_reminders": "on"}
    )
    assert response.status_code == 200
    assert "Confirm an email address first (below)." in response.content.decode()
    assert not m.Preferences.objects.filter(user=owner, email_reminders=True).exists()
