"""A realistic two-year journal for the `demo` account: what a newcomer looks at first.

Pure data generation (seeded, so every run draws the same journal relative to `today`);
the seed_demo command writes it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.db import transaction

from . import models as m
from . import services
from .demo_meds import add_medicines
from .logs import LOGS

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "bone-journal-demo"


def _pain_score(day: int, rng: random.Random) -> int:
    """Two years: a flare that builds to ~6/10 over months, then eases toward ~2-3/10."""
    base = 2.5 + 3.5 * math.exp(-(((day - 520) / 150) ** 2)) + 1.2 * math.sin(day / 23)
    if day > 680:  # the last weeks: clearly better, as in the document's 6/10 -> 2/10 journal
        base = 2.0 + 0.4 * math.sin(day / 5)
    return max(1, min(9, round(base + rng.uniform(-1, 1))))


@transaction.atomic
def seed_demo(today: dt.date, *, username: str = DEMO_USERNAME, password: str = DEMO_PASSWORD):
    """(Re)create the demo account with about two years of history ending `today`."""
    user_model = m.Profile._meta.get_field("user").related_model
    user_model.objects.filter(username=username).delete()
    user = user_model.objects.create_user(username=username, password=password)
    m.Profile.objects.create(
        user=user, birth_year=today.year - 62, sex="female", tallest_height_cm=Decimal("165.0")
    )
    rng = random.Random(20261121)
    start = today - dt.timedelta(days=729)

    pains, sessions = [], []
    for day in range(730):
        date = start + dt.timedelta(days=day)
        if rng.random() < 0.8:
            locations = ["lower_back"] + (["hip"] if rng.random() < 0.25 else [])
            pains.append(
                m.PainEntry(
                    date=date,
                    time=dt.time(rng.choice([8, 9, 20, 21]), rng.choice([0, 15, 30])),
                    score=_pain_score(day, rng),
                    locations=locations,
                    onset="gradual",
                    quality=rng.choice(["aching", "dull", "aching"]),
                )
            )
        weekday = date.weekday()
        if weekday in (0, 2, 4, 5) and rng.random() < 0.85:
            sessions.append(
                m.ExerciseSession(
                    date=date,
                    kind="walking",
                    minutes=rng.choice([25, 30, 40]),
                    intensity="moderate",
                )
            )
        if weekday == 1 and day > 400 and rng.random() < 0.8:
            sessions.append(
                m.ExerciseSession(
                    date=date,
                    kind="strength",
                    minutes=30,
                    intensity="moderate",
                    load_kg=Decimal("5.0"),
                )
            )
        if weekday == 3 and rng.random() < 0.6:
            sessions.append(
                m.ExerciseSession(date=date, kind="flexibility", minutes=45, intensity="light")
            )
        if weekday == 6 and day > 600 and rng.random() < 0.5:
            sessions.append(
                m.ExerciseSession(
                    date=date, kind="impact", minutes=15, intensity="vigorous", jumps=40
                )
            )
    # One sudden sharp pain after a cough, months ago: recorded, but long past the urgent window.
    pains.append(
        m.PainEntry(
            date=start + dt.timedelta(days=300),
            score=8,
            locations=["mid_back"],
            onset="sudden",
            quality="sharp",
            minor_trigger=True,
            note="Sharp pain after a coughing fit. Eased over two weeks.",
        )
    )
    heights = [(10, "164.8"), (250, "164.5"), (480, "163.9"), (700, "162.6")]
    fracture = m.Fracture(
        date=start + dt.timedelta(days=150),
        site="wrist",
        minimal_trauma=True,
        note="Slipped on a wet kitchen floor.",
    )
    services.add_entries(
        user,
        [
            *pains,
            *sessions,
            *(
                m.HeightMeasurement(date=start + dt.timedelta(days=d), height_cm=Decimal(h))
                for d, h in heights
            ),
            fracture,
        ],
    )

    # Three scans with a decline at the spine (the pattern of the document's 2012-2018 case).
    for offset, facility, spine, spine_bmd, hip, neck in (
        (0, "City Hospital", "-1.9", "0.880", "-1.4", "-1.6"),
        (365, "City Hospital", "-2.2", "0.851", "-1.5", "-1.7"),
        (710, "City Hospital", "-2.6", "0.812", "-1.5", "-1.8"),
    ):
        results = [
            {"site": "spine", "t_score": Decimal(spine), "bmd": Decimal(spine_bmd)},
            {"site": "total_hip", "t_score": Decimal(hip)},
            {"site": "femoral_neck", "t_score": Decimal(neck)},
        ]
        scan = {"date": start + dt.timedelta(days=offset), "facility": facility}
        services.save_entry(LOGS["dexa"], user, scan | {"results": results})
    add_medicines(user, start, today, pains)
    _care(user, start, {p.date: p.score for p in pains})
    return user


COURSE_FROM, COURSE_SESSIONS = 610, 10  # an acupuncture course: weekly from day 610, ten sessions
SLEEP_FROM = 520


def _care(user, start: dt.date, pain_on: dict) -> None:
    """An acupuncture course of ten weekly sessions during which pain falls and sleep improves;
    three PHQ-9s (before, during, after); weekly PEGs; nightly sleep for the last seven months."""
    rng = random.Random(16)  # its own generator: the rest of the demo draws as before
    course = services.save_entry(
        LOGS["treatments"],
        user,
        {
            "kind": "acupuncture",
            "name": "Dr Chen, Riverside Clinic",
            "date": start + dt.timedelta(days=COURSE_FROM - 7),
            "note": "Ten weekly sessions agreed with my GP, alongside the exercise plan.",
        },
    )
    entries: list = []
    for n in range(COURSE_SESSIONS):
        date = start + dt.timedelta(days=COURSE_FROM + 7 * n)
        before = pain_on.get(date, 4)
        entries.append(
            m.TreatmentSession(
                treatment=course,
                date=date,
                minutes=rng.choice([30, 40]),
                pain_before=before,
                pain_after=max(0, before - rng.choice([1, 1, 2])),
            )
        )
    course_end = COURSE_FROM + 7 * COURSE_SESSIONS
    for day in range(SLEEP_FROM, 730):
        if rng.random() < 0.85:
            # Mostly poor to fair before the course, better as it goes on, good after.
            mean = 2.4 if day < COURSE_FROM else 2.4 + 1.5 * min(1, (day - COURSE_FROM) / 70)
            quality = max(1, min(5, round(mean + rng.uniform(-1, 1))))
            entries.append(
                m.SleepEntry(
                    date=start + dt.timedelta(days=day),
                    quality=quality,
                    hours=Decimal(10 + quality + rng.choice([0, 1, 2])) / 2,
                )
            )
        if (day - SLEEP_FROM) % 7 == 0:
            date = start + dt.timedelta(days=day)
            week = [score for d, score in pain_on.items() if 0 <= (date - d).days < 7]
            pain = round(sum(week) / len(week)) if week else 4
            entries.append(
                m.PegCheckIn(
                    date=start + dt.timedelta(days=day),
                    pain=pain,
                    enjoyment=max(0, min(10, pain + rng.choice([0, 1, 1]))),
                    activity=max(0, min(10, pain + rng.choice([-1, 0, 1]))),
                )
            )
    # Three PHQ-9s: moderate before the course, mild during it, minimal after.
    for day, answers in (
        (COURSE_FROM - 12, (2, 2, 2, 2, 1, 1, 1, 1, 0)),
        (COURSE_FROM + 35, (1, 1, 2, 1, 1, 1, 0, 1, 0)),
        (course_end + 30, (1, 0, 1, 1, 0, 0, 0, 0, 0)),
    ):
        q = dict(zip([f"q{i}" for i in range(1, 10)], answers, strict=True))
        entries.append(m.MoodQuestionnaire(date=start + dt.timedelta(days=day), **q))
    services.add_entries(user, entries)
