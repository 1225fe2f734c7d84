from django.core.management.base import BaseCommand
from django.utils import timezone

from journal.demo import DEMO_PASSWORD, DEMO_USERNAME, seed_demo


class Command(BaseCommand):
    help = "Create (or re-create) the 'demo' account with about two years of realistic history."

    def handle(self, *args, **options):
        user = seed_demo(timezone.localdate())
        counts = {
            "pain entries": user.painentry_set.count(),
            "DEXA scans": user.dexascan_set.count(),
            "exercise sessions": user.exercisesession_set.count(),
        }
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(
            f"Demo journal ready: log in as '{DEMO_USERNAME}' / '{DEMO_PASSWORD}' ({summary})."
        )
