"""Shared fixtures: two people, `owner` and `stranger`, and a client logged in as the owner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from journal import models as m

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; the suite creates hundreds of users. test_security checks that
    # the real settings use Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


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


def make_pain(user, date=TODAY, score=4, locations=("lower_back",), **kw) -> m.PainEntry:
    return m.PainEntry.objects.create(
        user=user, date=date, score=score, locations=list(locations), **kw
    )


def make_scan(user, date=TODAY, **sites) -> m.DexaScan:
    """make_scan(user, spine="-2.6", total_hip="-1.2")"""
    scan = m.DexaScan.objects.create(user=user, date=date)
    for site, t in sites.items():
        m.DexaSiteResult.objects.create(scan=scan, site=site, t_score=Decimal(t))
    return scan


def make_exercise(user, date=TODAY, kind="walking", minutes=30, **kw) -> m.ExerciseSession:
    return m.ExerciseSession.objects.create(user=user, date=date, kind=kind, minutes=minutes, **kw)


def make_height(user, date=TODAY, height_cm="165.0") -> m.HeightMeasurement:
    return m.HeightMeasurement.objects.create(user=user, date=date, height_cm=Decimal(height_cm))


def make_fracture(user, date=TODAY, site="wrist", minimal_trauma=True) -> m.Fracture:
    return m.Fracture.objects.create(user=user, date=date, site=site, minimal_trauma=minimal_trauma)


MAKERS = {
    "pain": make_pain,
    "dexa": lambda user, **kw: make_scan(user, spine="-1.5", **kw),
    "exercise": make_exercise,
    "height": make_height,
    "fractures": make_fracture,
}
