"""The one writer: every save and delete bumps the journal version in its own transaction, and a
write that fails leaves neither a row nor a new version behind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from journal import models as m
from journal import services
from journal.logs import LOGS

from .builders import TODAY, make_pain

pytestmark = pytest.mark.django_db


def version(user) -> int:
    return services.journal_version(user)


def test_saving_editing_and_deleting_each_bump_the_version(owner):
    log = LOGS["height"]
    start = version(owner)
    entry = services.save_entry(log, owner, {"date": TODAY, "height_cm": Decimal("160.0")})
    assert version(owner) == start + 1
    services.save_entry(log, owner, {"date": TODAY, "height_cm": Decimal("159.5")}, entry)
    assert version(owner) == start + 2
    services.delete_entry(log, entry)
    assert version(owner) == start + 3
    assert not m.HeightMeasurement.objects.exists()


def test_a_refused_write_leaves_no_row_and_no_new_version(owner):
    start = version(owner)
    with pytest.raises(ValidationError):
        services.save_entry(LOGS["height"], owner, {"date": TODAY, "height_cm": Decimal("20")})
    assert version(owner) == start
    assert not m.HeightMeasurement.objects.exists()


def test_a_dexa_edit_replaces_its_site_results_as_a_whole(owner):
    log = LOGS["dexa"]
    results = [
        {"site": "spine", "t_score": Decimal("-2.6"), "bmd": None, "z_score": None},
        {"site": "total_hip", "t_score": Decimal("-1.4"), "bmd": None, "z_score": None},
    ]
    scan = services.save_entry(log, owner, {"date": TODAY, "results": results})
    assert {r.site for r in scan.results.all()} == {"spine", "total_hip"}
    services.save_entry(log, owner, {"date": TODAY, "results": results[:1]}, scan)
    assert list(scan.results.values_list("site", "t_score")) == [("spine", Decimal("-2.60"))]


def test_a_dexa_result_out_of_range_writes_nothing(owner):
    bad = [{"site": "spine", "t_score": Decimal("-7"), "bmd": None, "z_score": None}]
    with pytest.raises(ValidationError):
        services.save_entry(LOGS["dexa"], owner, {"date": TODAY, "results": bad})
    assert not m.DexaScan.objects.exists()


def test_the_profile_and_many_entries_at_once_bump_the_version(owner):
    start = version(owner)
    services.save_profile(owner, {"birth_year": 1960})
    assert version(owner) == start + 1
    services.add_entries(owner, [m.PainEntry(date=TODAY, score=2, locations=["neck"])] * 1)
    assert version(owner) == start + 2
    assert m.PainEntry.objects.get().user == owner


def test_a_person_without_a_profile_gets_one_with_the_first_write(django_user_model):
    user = django_user_model.objects.create_user("noprofile", password="x y z 12345")
    services.save_entry(LOGS["height"], user, {"date": TODAY, "height_cm": Decimal("170")})
    assert services.journal_version(user) == 1


def test_versions_are_per_person(owner, stranger):
    before = version(stranger)
    services.save_entry(LOGS["height"], owner, {"date": TODAY, "height_cm": Decimal("170")})
    assert version(stranger) == before


def test_the_last_pain_entry_is_the_latest_by_date_then_time_then_id(owner):
    day = TODAY - dt.timedelta(days=1)
    make_pain(owner, date=day, time=dt.time(21, 0))
    untimed_today = make_pain(owner, date=TODAY)
    assert services.last_pain(owner) == untimed_today
    timed_today = make_pain(owner, date=TODAY, time=dt.time(7, 0))
    assert services.last_pain(owner) == timed_today  # a time of day beats none on the same day
