"""Database constraints: the same limits as the forms, enforced by the database itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from journal import models as m
from journal.snapshot import Journal, load_journal

from .builders import TODAY, make_exercise, make_pain, make_scan

pytestmark = pytest.mark.django_db


def _violates(factory) -> bool:
    try:
        with transaction.atomic():
            factory()
    except IntegrityError:
        return True
    return False


def test_locations_round_trip_as_a_list(owner):
    entry = make_pain(owner, locations=["hip", "lower_back"])
    entry.refresh_from_db()
    assert entry.locations == ["lower_back", "hip"]


@pytest.mark.parametrize(("score", "bad"), [(0, False), (10, False), (11, True)])
def test_pain_score_constraint(owner, score, bad):
    assert _violates(lambda: make_pain(owner, score=score)) is bad


def test_pain_needs_a_location_in_the_database(owner):
    assert _violates(
        lambda: m.PainEntry.objects.create(user=owner, date=TODAY, score=3, locations=[])
    )


def test_pain_unknown_onset_is_refused_by_the_database(owner):
    assert _violates(lambda: make_pain(owner, onset="abrupt"))


def test_pain_date_before_1900_is_refused_by_the_database(owner):
    assert _violates(lambda: make_pain(owner, date=dt.date(1899, 12, 31)))
    assert not _violates(lambda: make_pain(owner, date=dt.date(1900, 1, 1)))


def test_pain_note_length_is_capped_in_the_database(owner):
    assert not _violates(lambda: make_pain(owner, note="x" * 2000))
    assert _violates(lambda: make_pain(owner, note="x" * 2001))


@pytest.mark.parametrize(
    ("t", "bad"), [("-6.00", False), ("4.00", False), ("-6.01", True), ("4.01", True)]
)
def test_t_score_constraint(owner, t, bad):
    assert _violates(lambda: make_scan(owner, spine=t)) is bad


@pytest.mark.parametrize(
    ("bmd", "bad"), [("0.200", False), ("2.000", False), ("0.199", True), ("2.001", True)]
)
def test_bmd_constraint(owner, bmd, bad):
    scan = make_scan(owner)

    def create():
        m.DexaSiteResult.objects.create(
            scan=scan, site="spine", t_score=Decimal("-1"), bmd=Decimal(bmd)
        )

    assert _violates(create) is bad


def test_one_result_per_site_per_scan(owner):
    scan = make_scan(owner, spine="-1.0")
    assert _violates(
        lambda: m.DexaSiteResult.objects.create(scan=scan, site="spine", t_score=Decimal("-2"))
    )


@pytest.mark.parametrize(("minutes", "bad"), [(1, False), (600, False), (0, True), (601, True)])
def test_exercise_minutes_constraint(owner, minutes, bad):
    assert _violates(lambda: make_exercise(owner, minutes=minutes)) is bad


def test_exercise_unknown_kind_is_refused_by_the_database(owner):
    assert _violates(lambda: make_exercise(owner, kind="skydiving"))


@pytest.mark.parametrize(
    ("cm", "bad"), [("100.0", False), ("250.0", False), ("99.9", True), ("250.1", True)]
)
def test_height_constraint(owner, cm, bad):
    def create():
        m.HeightMeasurement.objects.create(user=owner, date=TODAY, height_cm=Decimal(cm))

    assert _violates(create) is bad


def test_fracture_unknown_site_is_refused_by_the_database(owner):
    def create():
        m.Fracture.objects.create(user=owner, date=TODAY, site="nose")

    assert _violates(create)


def test_deleting_a_user_deletes_their_entries(owner):
    make_pain(owner)
    make_scan(owner, spine="-2")
    owner.delete()
    assert not m.PainEntry.objects.exists()
    assert not m.DexaSiteResult.objects.exists()


def test_load_journal_sorts_oldest_first_and_keeps_only_the_owner(owner, stranger):
    make_pain(owner, date=TODAY, score=5)
    make_pain(owner, date=TODAY - dt.timedelta(days=3), score=2)
    make_pain(stranger, date=TODAY, score=9)
    journal = load_journal(owner)
    assert [p.score for p in journal.pains] == [2, 5]


def _fill(user, n: int) -> None:
    start = TODAY - dt.timedelta(days=n)
    m.PainEntry.objects.bulk_create(
        m.PainEntry(user=user, date=start + dt.timedelta(days=i), score=i % 11, locations=["hip"])
        for i in range(n)
    )
    m.ExerciseSession.objects.bulk_create(
        m.ExerciseSession(user=user, date=start + dt.timedelta(days=i), kind="walking", minutes=30)
        for i in range(n)
    )
    for i in range(max(1, n // 500)):
        make_scan(user, date=start + dt.timedelta(days=i * 300), spine="-2.0", total_hip="-1.0")


@pytest.mark.parametrize("size", [1, 3000])
def test_load_journal_uses_a_fixed_number_of_queries(owner, django_assert_num_queries, size):
    _fill(owner, size)
    # The profile, one per log, and the scans' site results.
    with django_assert_num_queries(1 + len(Journal.LOGS) + 1):
        journal = load_journal(owner)
    assert len(journal.pains) == size
    assert len(journal.exercises) == size
