"""manage.py send_reminders [--loop [--every SECONDS]]: email what is due (journal.sender).

Once, for cron (every 10 minutes, say: a person's email goes out at the first pass after their
hour), or with --loop as a long-running process that makes a pass every minute. Any number of
senders may run at once, on one server or several sharing PostgreSQL: each reminder is claimed
by exactly one of them.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from journal import mail, sender


class Command(BaseCommand):
    help = "Email each person the reminders due now (once each). --loop: keep doing it."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="run until stopped")
        parser.add_argument(
            "--every", type=int, default=60, help="seconds between passes with --loop (60)"
        )

    def handle(self, *args, loop: bool = False, every: int = 60, **options):
        if not mail.enabled():
            self.stderr.write(
                "Email is not configured (EMAIL_HOST is unset): reminders are printed here, "
                "not sent. See the README, Settings."
            )
        stopping = []
        if loop:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stopping.append(True))
        while True:
            done = sender.run_once(timezone.now())
            self.stdout.write(
                f"{timezone.now():%Y-%m-%d %H:%M:%S} due {done.due}, claimed {done.claimed}, "
                f"sent {done.sent}"
            )
            if not loop:
                return
            close_old_connections()
            for _ in range(max(every, 1)):
                if stopping:
                    return
                time.sleep(1)
