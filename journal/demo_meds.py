"""The demo journal's medicines, lab results and fall (journal.demo.seed_demo calls it): a
denosumab course with one late injection, calcium and vitamin D every day, paracetamol when the
pain is bad, two vitamin D results and one fall."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from . import models as m
from . import services
from .logs import LOGS
from .medicines import add_months

DAY = dt.timedelta(days=1)


def _medicine(user, **fields) -> m.Medicine:
    return services.save_entry(LOGS["medicines"], user, {"note": "", "stopped": None, **fields})


def add_medicines(user, start: dt.date, today: dt.date, pains) -> None:
    """`pains`: the demo's pain entries; paracetamol goes with the worse days among them."""
    rng = random.Random(20261313)
    # Prolia: the latest injection 172 days ago (the next is due in about ten days), the one
    # before on time, and the one before that given five weeks late.
    third = today - 172 * DAY
    second = add_months(third, -6)
    first = add_months(second, -7) - 5 * DAY
    prolia = _medicine(
        user,
        name="Prolia",
        kind="denosumab",
        dose_amount=Decimal("60"),
        dose_unit="mg",
        schedule="every_6_months",
        date=first,
        note="Injection at the GP surgery.",
    )
    # Calcium and vitamin D every day: counted as taken from their start, no doses to log.
    _medicine(
        user,
        name="Calcium carbonate",
        kind="calcium",
        dose_amount=Decimal("1200"),
        dose_unit="mg",
        schedule="daily",
        date=start + 45 * DAY,
    )
    _medicine(
        user,
        name="Vitamin D3",
        kind="vitamin_d",
        dose_amount=Decimal("1000"),
        dose_unit="iu",
        schedule="daily",
        date=start + 45 * DAY,
    )
    paracetamol = _medicine(
        user,
        name="Paracetamol",
        kind="paracetamol",
        dose_amount=Decimal("1000"),
        dose_unit="mg",
        schedule="as_needed",
        date=start,
    )
    doses = [
        m.Dose(medicine=prolia, date=first, time=dt.time(10, 30)),
        m.Dose(medicine=prolia, date=second, time=dt.time(11, 0), note="Five weeks late."),
        m.Dose(medicine=prolia, date=third, time=dt.time(9, 45)),
    ]
    bad_days = sorted({p.date for p in pains if p.score >= 5})
    for day in bad_days:
        if rng.random() < 0.85:
            for hour in (8, 14, 20)[: rng.choice([1, 2, 2, 3])]:
                doses.append(m.Dose(medicine=paracetamol, date=day, time=dt.time(hour, 0)))
    services.add_entries(
        user,
        [
            *doses,
            m.LabResult(
                date=start + 30 * DAY,
                test="vitamin_d",
                value=Decimal("42.0"),
                unit="nmol_l",
                note="Before starting the supplements.",
            ),
            m.LabResult(
                date=start + 420 * DAY, test="vitamin_d", value=Decimal("31.0"), unit="ng_ml"
            ),
            m.Fall(
                date=start + 150 * DAY,
                injured=True,
                note="Slipped on the wet kitchen floor and broke my wrist.",
            ),
        ],
    )
