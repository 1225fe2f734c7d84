"""journal.derived: what is computed from a journal is cached under (person, version, day), a
worker's snapshot follows the services' writes with one small query, and nobody's values are
anyone else's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import derived as derived_module
from journal import services
from journal.derived import Derived, forget_snapshots, person, slot, snapshot
from journal.logs import LOGS
from journal.snapshot import load_journal

from .builders import MAKERS, TODAY, make_exercise, make_pain

pytestmark = pytest.mark.django_db

PAIN = {"score": 4, "locations": ["lower_back"], "date": TODAY}


def save(user, log="pain", data=None, instance=None, capture=None):
    """A write through the services, with its on-commit notice delivered (as after a commit)."""
    with capture(execute=True):
        return services.save_entry(LOGS[log], user, data or PAIN, instance)


def test_a_value_is_computed_once_per_version_and_day(owner):
    calls = []

    def compute(d):
        calls.append(d.version)
        return len(d.journal.pains)

    first = Derived(owner, TODAY)
    assert first.get("count", compute) == 0
    first.flush()
    assert Derived(owner, TODAY).get("count", compute) == 0  # another request: from the cache
    assert calls == [0]
    services.save_entry(LOGS["pain"], owner, PAIN)
    assert Derived(owner, TODAY).get("count", compute) == 1  # a new version: computed again
    assert Derived(owner, TODAY + dt.timedelta(days=1)).get("count", compute) == 1  # a new day
    assert calls == [0, 1, 1]


def test_one_cache_entry_per_person_whatever_the_number_of_saves(owner):
    for score in range(5):
        services.save_entry(LOGS["pain"], owner, PAIN | {"score": score})
        d = Derived(owner, TODAY)
        d.get("count", lambda x: len(x.journal.pains))
        d.flush()
    stored = cache.get(slot(owner, "derived"))
    assert stored[0][0] == services.journal_version(owner)
    assert stored[1] == {"count": 5}


def test_a_second_persons_identical_journal_is_computed_for_them(owner, stranger):
    make_pain(owner, score=3)
    make_pain(stranger, score=3)
    calls = []

    def compute(d):
        calls.append(d.user.pk)
        return [p.score for p in d.journal.pains]

    for user in (owner, stranger):
        d = Derived(user, TODAY)
        assert d.get("scores", compute) == [3]
        d.flush()
    assert calls == [owner.pk, stranger.pk]
    assert slot(owner, "derived") != slot(stranger, "derived")


def test_an_account_made_after_a_deleted_one_never_reads_its_values(django_user_model, owner):
    key = person(owner)
    owner.date_joined += dt.timedelta(microseconds=1)  # the same id, a different account
    assert person(owner) != key


def test_a_worker_held_snapshot_follows_each_write_with_one_small_query(
    owner, django_capture_on_commit_callbacks
):
    make_exercise(owner)
    services.bump_version(owner)
    held = snapshot(owner, services.journal_version(owner))
    entry = save(owner, capture=django_capture_on_commit_callbacks)
    save(
        owner, data=PAIN | {"score": 9}, instance=entry, capture=django_capture_on_commit_callbacks
    )
    other = save(owner, data=PAIN | {"score": 1}, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_entry(LOGS["pain"], other)
    version = services.journal_version(owner)
    with CaptureQueriesContext(connection) as queries:
        refreshed = snapshot(owner, version)
    assert len(queries) == 1  # the entries the four writes touched, read again at once
    assert "painentry" in queries[0]["sql"].lower()
    assert refreshed == load_journal(owner)
    assert [p.score for p in refreshed.pains] == [9]
    assert refreshed.exercises == held.exercises


@pytest.mark.parametrize("log", LOGS)
def test_every_log_refreshes_to_what_a_whole_read_gives(
    owner, log, django_capture_on_commit_callbacks
):
    MAKERS[log](owner, date=TODAY - dt.timedelta(days=3))
    services.bump_version(owner)
    snapshot(owner, services.journal_version(owner))
    entry = MAKERS[log](owner, date=TODAY - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.bump_version(owner, type(entry), [entry.pk])
    assert snapshot(owner, services.journal_version(owner)) == load_journal(owner)


def test_a_write_the_worker_was_not_told_of_reads_the_whole_journal(owner):
    snapshot(owner, services.journal_version(owner))
    make_pain(owner)
    services.bump_version(owner)  # committed elsewhere: no notice reaches this worker
    with CaptureQueriesContext(connection) as queries:
        journal = snapshot(owner, services.journal_version(owner))
    assert len(journal.pains) == 1
    assert len(queries) > 3


def test_an_unknown_change_forgets_the_held_snapshot(owner, django_capture_on_commit_callbacks):
    snapshot(owner, services.journal_version(owner))
    with django_capture_on_commit_callbacks(execute=True):
        services.save_profile(owner, {"birth_year": 1950})
    assert owner.pk not in derived_module._SNAPSHOTS
    assert snapshot(owner, services.journal_version(owner)).profile.birth_year == 1950


def test_a_worker_keeps_a_bounded_number_of_journals(django_user_model, monkeypatch):
    monkeypatch.setattr(derived_module, "SNAPSHOTS_PER_WORKER", 3)
    forget_snapshots()
    for i in range(6):
        user = django_user_model.objects.create_user(username=f"p{i}", password="x")
        snapshot(user, 0)
    assert len(derived_module._SNAPSHOTS) == 3


def test_the_profile_read_gives_the_version_with_the_time_zone(owner_client, owner):
    services.save_profile(owner, {"timezone": "Europe/Paris"})
    response = owner_client.get("/guidance/")
    assert response.wsgi_request.journal_version == services.journal_version(owner)


def test_an_unchanged_dashboard_costs_no_query_beyond_the_floor(owner_client, owner):
    make_pain(owner)
    services.save_entry(LOGS["height"], owner, {"date": TODAY, "height_cm": Decimal("160")})
    owner_client.get("/")  # computes and caches
    with CaptureQueriesContext(connection) as floor:
        owner_client.get("/guidance/")  # session, user, profile: what every page reads
    with CaptureQueriesContext(connection) as page:
        owner_client.get("/")
    assert len(page) == len(floor)


def test_another_workers_write_is_read_from_the_shared_record(
    owner, django_capture_on_commit_callbacks
):
    make_exercise(owner)
    services.bump_version(owner)
    snapshot(owner, services.journal_version(owner))
    save(owner, capture=django_capture_on_commit_callbacks)
    derived_module._SNAPSHOTS[owner.pk].pending.clear()  # this worker was not the one told
    version = services.journal_version(owner)
    with CaptureQueriesContext(connection) as queries:
        journal = snapshot(owner, version)
    assert len(queries) == 1
    assert journal == load_journal(owner)


def test_the_shared_record_keeps_the_last_writes_only(owner, django_capture_on_commit_callbacks):
    for score in range(derived_module.CHANGES_KEPT + 5):
        save(owner, data=PAIN | {"score": score % 11}, capture=django_capture_on_commit_callbacks)
    record = cache.get(slot(owner, "changes"))
    assert len(record) == derived_module.CHANGES_KEPT
    assert record[-1][0] == services.journal_version(owner)


# --- a value whose fields no write touched is taken as it was ---------------------------------


def _counting(read):
    calls = []

    def compute(d):
        calls.append(d._version)
        return read(d)

    return compute, calls


def _stored_at_this_version(user, compute, what="v"):
    d = Derived(user, TODAY)
    value = d.get(what, compute)
    d.flush()
    return value


def test_a_value_that_read_no_field_a_save_wrote_is_reused_at_the_new_version(
    owner, django_capture_on_commit_callbacks
):
    make_exercise(owner)
    services.bump_version(owner)
    compute, calls = _counting(lambda d: len(d.journal.exercises))
    _stored_at_this_version(owner, compute)
    save(owner, capture=django_capture_on_commit_callbacks)  # a pain entry
    later = Derived(owner, TODAY)
    assert later.get("v", compute) == 1
    assert len(calls) == 1  # the exercises were not written: the value stands
    later.flush()
    assert cache.get(slot(owner, "derived"))[0][0] == services.journal_version(owner)


def test_a_value_that_read_a_field_a_save_wrote_is_computed_again(
    owner, django_capture_on_commit_callbacks
):
    compute, calls = _counting(lambda d: len(d.journal.pains))
    _stored_at_this_version(owner, compute)
    save(owner, capture=django_capture_on_commit_callbacks)
    assert Derived(owner, TODAY).get("v", compute) == 1
    assert len(calls) == 2


def test_a_value_that_shows_the_version_is_computed_again_at_each_version(
    owner, django_capture_on_commit_callbacks
):
    compute, calls = _counting(lambda d: d.version)
    _stored_at_this_version(owner, compute)
    save(owner, capture=django_capture_on_commit_callbacks)
    assert Derived(owner, TODAY).get("v", compute) == services.journal_version(owner)
    assert len(calls) == 2


def test_a_value_built_on_another_reads_what_that_one_read(
    owner, django_capture_on_commit_callbacks
):
    inner, inner_calls = _counting(lambda d: len(d.journal.pains))
    outer, outer_calls = _counting(lambda d: d.get("inner", inner) + len(d.journal.exercises))
    first = Derived(owner, TODAY)
    first.get("inner", inner)  # computed first: the outer value finds it already there
    assert first.get("outer", outer) == 0
    first.flush()
    save(owner, capture=django_capture_on_commit_callbacks)  # pains: the inner value changed
    assert Derived(owner, TODAY).get("outer", outer) == 1
    assert (len(inner_calls), len(outer_calls)) == (2, 2)


def test_a_write_that_did_not_say_what_it_touched_computes_everything_again(owner):
    compute, calls = _counting(lambda d: len(d.journal.exercises))
    _stored_at_this_version(owner, compute)
    services.bump_version(owner)  # no model: unknown (its record says so on commit)
    derived_module._told(owner, services.journal_version(owner), None, None)
    Derived(owner, TODAY).get("v", compute)
    assert len(calls) == 2


def test_a_write_the_record_lost_computes_everything_again(
    owner, django_capture_on_commit_callbacks
):
    compute, calls = _counting(lambda d: len(d.journal.exercises))
    _stored_at_this_version(owner, compute)
    save(owner, capture=django_capture_on_commit_callbacks)
    cache.delete(slot(owner, "changes"))  # evicted, or never shared
    Derived(owner, TODAY).get("v", compute)
    assert len(calls) == 2


def test_a_value_of_yesterday_is_never_reused_today(owner, django_capture_on_commit_callbacks):
    compute, calls = _counting(lambda d: d.today)
    d = Derived(owner, TODAY - dt.timedelta(days=1))
    d.get("v", compute)
    d.flush()
    save(owner, capture=django_capture_on_commit_callbacks)
    assert Derived(owner, TODAY).get("v", compute) == TODAY
    assert len(calls) == 2


def test_what_each_dashboard_value_reads_after_a_pain_entry(owner, owner_client):
    """The dashboard's values note the logs they read: a pain entry leaves the summary, the
    other charts and the medicines' reminders to be reused."""
    owner_client.get("/")
    reads = cache.get(slot(owner, "derived"))[2]
    assert reads["panel:summary"] == {"exercises", "scans"}
    assert reads["figure:activity:90d"] == reads["chart-key:activity:90d"] == {"exercises"}
    assert "pains" in reads["figure:pain:90d"]
    assert not any(key.startswith("local:") for key in cache.get(slot(owner, "derived"))[1])
    assert "pains" not in reads["due-today"]
    assert "~version" in reads["panel:quick"]


def test_a_refreshed_snapshot_keeps_the_rules_order_memo_right(
    owner, django_capture_on_commit_callbacks
):
    from journal.rules.registry import _latest_if_in_order

    make_exercise(owner, date=TODAY - dt.timedelta(days=3))
    services.bump_version(owner)
    held = snapshot(owner, services.journal_version(owner))
    _latest_if_in_order(held)
    save(owner, capture=django_capture_on_commit_callbacks)  # dated TODAY
    refreshed = snapshot(owner, services.journal_version(owner))
    carried = refreshed.__dict__["_in_order"]
    del refreshed.__dict__["_in_order"]
    assert carried == _latest_if_in_order(refreshed) == (True, TODAY)
