"""The journal's settings, with the floor view's URL added (the benchmark's processes only)."""

from bonejournal.settings import *  # noqa: F403

ROOT_URLCONF = "journal.bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405 - Django's test client
