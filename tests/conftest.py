"""Shared fixtures: two people, `owner` and `stranger`, a client logged in as the owner, and a
clock frozen at noon on TODAY. Builders of entries and journals are in tests/builders.py."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from journal import models as m
from journal.derived import forget_snapshots

from .builders import TODAY

# `make check` runs the fast profile (a few examples per property); `make test` the full one.
hypothesis_settings.register_profile("full", deadline=None)
hypothesis_settings.register_profile("fast", max_examples=5, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))


def pytest_configure(config):
    """The file cache (the default) in a folder of this run's own: two runs at once, or a run
    beside `make run`, must not clear each other's entries mid-test."""
    from django.conf import settings

    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("FileCache"):
        default["LOCATION"] = tempfile.mkdtemp(prefix="bonejournal-test-cache-")
        config.add_cleanup(lambda: shutil.rmtree(default["LOCATION"], ignore_errors=True))


@pytest.fixture
def frozen_today():
    """The clock at noon UTC on TODAY, standing still: "today" is TODAY for every view."""
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; the suite creates hundreds of users. test_security checks that
    # the real settings use Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_sign_up_limit(settings):
    # The suite signs up many people from 127.0.0.1; test_accounts sets a limit where it tests it.
    settings.SIGNUP_LIMIT_PER_HOUR = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    forget_snapshots()  # ids and versions repeat from test to test: no journal is kept between
    yield
    cache.clear()
    forget_snapshots()


@pytest.fixture
def owner(django_user_model):
    user = django_user_model.objects.create_user(username="olive", password="correct horse 91")
    m.Profile.objects.create(user=user)
    return user


@pytest.fixture
def stranger(django_user_model):
    user = django_user_model.objects.create_user(username="sam", password="battery staple 42")
    m.Profile.objects.create(user=user)
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(stranger):
    other = Client()  # its own session: a test may use owner_client alongside it
    other.force_login(stranger)
    return other


@pytest.fixture
def htmx():
    """Headers that make a request look like htmx's."""
    return {"HTTP_HX_REQUEST": "true"}
