"""A journal of N years for the benchmark: daily-ish pain, exercise four days a week, a scan
every two years, a height a year, a weekly medicine taken for up to three years and a course of
weekly physiotherapy these last three months (for the course page and "took it"). Seeded, so
every run writes the same journal."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from .. import models as m
from .. import services

PASSWORD = "benchmark-password-1"


def make_person(username: str, years: int, today: dt.date):
    """A new account with `years` of history ending yesterday (today is left for the saves)."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    m.Profile.objects.create(
        user=user, birth_year=today.year - 64, sex="female", tallest_height_cm=Decimal("166.0")
    )
    rng = random.Random(years)
    entries = []
    days = 365 * years
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        if rng.random() < 0.8:
            score = round(3 + 2 * math.sin(back / 40) + rng.uniform(-1, 1))
            places = ["lower_back"] + (["hip"] if rng.random() < 0.3 else [])
            entries.append(m.PainEntry(date=day, score=max(0, min(10, score)), locations=places))
        if day.weekday() in (0, 2, 4, 5) and rng.random() < 0.8:
            kind = rng.choice(["walking", "brisk_walking", "strength", "impact", "balance"])
            entries.append(m.ExerciseSession(date=day, kind=kind, minutes=rng.choice([20, 30, 45])))
        if back % 365 == 0:
            height = Decimal("165.0") - Decimal(years * 365 - back) / Decimal(365 * 4)
            entries.append(m.HeightMeasurement(date=day, height_cm=height.quantize(Decimal("0.1"))))
    services.add_entries(user, entries)
    for n, back in enumerate(range(days - 30, 0, -730)):
        t = Decimal("-1.6") - Decimal(n) / Decimal(5)
        data = {"date": today - dt.timedelta(days=back), "facility": "City Hospital"}
        results = [{"site": "spine", "t_score": t, "bmd": None, "z_score": None}]
        services.save_entry(_dexa_log(), user, data | {"results": results})
    _care(user, min(days, 3 * 365), today)
    return user


def _care(user, days: int, today: dt.date) -> None:
    """A weekly medicine taken every week for `days`, a weekly course of the last 90 days."""
    medicine = m.Medicine(
        date=today - dt.timedelta(days=days),
        name="Alendronate",
        kind="bisphosphonate_oral",
        schedule="weekly",
    )
    course = m.TreatmentCourse(date=today - dt.timedelta(days=90), kind="physiotherapy")
    services.add_entries(user, [medicine, course])
    doses = [
        m.Dose(medicine=medicine, date=today - dt.timedelta(days=back))
        for back in range(days, 0, -7)
    ]
    sessions = [
        m.TreatmentSession(
            treatment=course,
            date=today - dt.timedelta(days=back),
            minutes=45,
            pain_before=5,
            pain_after=3,
        )
        for back in range(90, 0, -7)
    ]
    services.add_entries(user, doses + sessions)


def _dexa_log():
    from ..logs import LOGS

    return LOGS["dexa"]
