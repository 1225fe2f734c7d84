"""The snapshot: site changes between scans, and a load that reads every log in order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.snapshot import LOADERS, Journal, load_journal

from .builders import journal, make_pain, make_scan, scan


def test_site_changes_compare_each_site_with_its_own_previous_scan():
    j = journal(
        scans=[
            scan(1, dt.date(2020, 1, 1), spine="-1.5", total_hip="-1.0"),
            scan(2, dt.date(2021, 1, 1), spine="-1.8"),  # no hip this time
            scan(3, dt.date(2022, 1, 1), spine="-1.7", total_hip="-1.4"),
        ]
    )
    changes = j.site_changes()
    first = {c.site: c for c in changes[1]}
    assert first["spine"].delta is None
    assert first["spine"].previous_date is None
    second = {c.site: c for c in changes[2]}
    assert set(second) == {"spine"}
    assert second["spine"].delta == Decimal("-0.3")
    third = {c.site: c for c in changes[3]}
    assert third["spine"].delta == Decimal("0.1")
    assert third["spine"].previous_date == dt.date(2021, 1, 1)
    # The hip skips the 2021 scan: its change is against 2020.
    assert third["total_hip"].delta == Decimal("-0.4")
    assert third["total_hip"].previous_date == dt.date(2020, 1, 1)
    assert [c.site for c in changes[3]] == ["spine", "total_hip"]  # in site order


def test_an_empty_journal_has_no_changes_no_category_and_no_first_date():
    assert Journal().site_changes() == {}
    assert Journal().overall_category() is None
    assert Journal().first_date is None
    assert Journal().is_empty


def test_every_journal_log_has_a_loader():
    assert set(Journal.LOGS) == set(LOADERS)


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        load_journal(user)
    return len(queries)


@pytest.mark.django_db
def test_load_reads_a_fixed_number_of_queries_whatever_the_size(owner):
    make_pain(owner, date=dt.date(2026, 1, 1))
    make_scan(owner, spine="-2.0")
    small = _queries(owner)
    for day in range(1, 40):
        make_pain(owner, date=dt.date(2026, 1, 1) + dt.timedelta(days=day))
        make_scan(owner, date=dt.date(2020, 1, 1) + dt.timedelta(days=day), spine="-2.0")
    assert _queries(owner) == small
    # The profile, one per log, and the scans' site results.
    assert small == 1 + len(Journal.LOGS) + 1
    assert len(load_journal(owner).pains) == 40


@pytest.mark.django_db
def test_pains_load_in_the_one_total_order_timed_after_untimed(owner):
    day = dt.date(2026, 3, 1)
    timed = make_pain(owner, date=day, time=dt.time(8, 0))
    untimed = make_pain(owner, date=day)
    later = make_pain(owner, date=day, time=dt.time(21, 0))
    assert [p.id for p in load_journal(owner).pains] == [untimed.pk, timed.pk, later.pk]
