"""Shared builders for the tests: journal snapshots without a database (for rules, trends, charts
and wording), and entries in the database (for views, models and the ownership walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from journal import models as m
from journal.snapshot import (
    Dose,
    Exercise,
    Fall,
    Fracture,
    Height,
    Journal,
    Lab,
    Medicine,
    Pain,
    ProfileData,
    Scan,
    SiteResult,
)

TODAY = dt.date(2026, 6, 15)


def ago(days: int, today: dt.date = TODAY) -> dt.date:
    return today - dt.timedelta(days=days)


# --- snapshots (no database) --------------------------------------------------------------------


def pain(id, when, score=5, locations=("lower_back",), **kw) -> Pain:
    return Pain(id=id, date=when, score=score, locations=tuple(locations), **kw)


def scan(id=1, when=None, facility="", lsc=None, **sites) -> Scan:
    """scan(spine="-2.5") or scan(spine=("-2.5", "0.900")) for a T-score with a BMD."""
    results = {}
    for site, value in sites.items():
        t, bmd = value if isinstance(value, tuple) else (value, None)
        results[site] = SiteResult(site, Decimal(str(t)), Decimal(bmd) if bmd is not None else None)
    return Scan(
        id=id,
        date=when or ago(100),
        results=results,
        facility=facility,
        lsc_percent=Decimal(lsc) if lsc is not None else None,
    )


def exercise(id, when, kind="walking", minutes=30, intensity="moderate", **kw) -> Exercise:
    return Exercise(id=id, date=when, kind=kind, minutes=minutes, intensity=intensity, **kw)


def height(id, when, cm) -> Height:
    return Height(id=id, date=when, height_cm=Decimal(str(cm)))


def fracture(id, when, site="wrist", minimal=True) -> Fracture:
    return Fracture(id=id, date=when, site=site, minimal_trauma=minimal)


def medicine(id, started=None, kind="denosumab", schedule=None, stopped=None, name=None, **kw):
    """A medicine; its schedule defaults to the kind's usual one (denosumab: every 6 months)."""
    from journal.domain import USUAL_SCHEDULE

    return Medicine(
        id=id,
        date=started or ago(1000),
        name=name or kind.replace("_", " ").capitalize(),
        kind=kind,
        schedule=schedule or USUAL_SCHEDULE.get(kind, "daily"),
        stopped=stopped,
        **kw,
    )


def dose(id, when, medicine_id, **kw) -> Dose:
    return Dose(id=id, date=when, medicine_id=medicine_id, **kw)


def lab(id, when, value, unit="ng_ml", test="vitamin_d") -> Lab:
    return Lab(id=id, date=when, test=test, value=Decimal(str(value)), unit=unit)


def fall(id, when, injured=False) -> Fall:
    return Fall(id=id, date=when, injured=injured)


def journal(
    *,
    profile=None,
    pains=(),
    scans=(),
    exercises=(),
    heights=(),
    fractures=(),
    medicines=(),
    doses=(),
    labs=(),
    falls=(),
    aged=False,
) -> Journal:
    """A journal, each log sorted by date; `aged=True` adds an old height entry so the activity
    rules (which wait a week) run."""
    heights = tuple(heights)
    if aged:
        heights = (height(900, ago(400), "165.0"), *heights)
    return Journal(
        profile=profile or ProfileData(),
        pains=tuple(sorted(pains, key=lambda p: p.date)),
        scans=tuple(sorted(scans, key=lambda s: s.date)),
        exercises=tuple(sorted(exercises, key=lambda e: e.date)),
        heights=tuple(sorted(heights, key=lambda h: h.date)),
        fractures=tuple(sorted(fractures, key=lambda f: f.date)),
        medicines=tuple(sorted(medicines, key=lambda x: x.date)),
        doses=tuple(sorted(doses, key=lambda x: x.date)),
        labs=tuple(sorted(labs, key=lambda x: x.date)),
        falls=tuple(sorted(falls, key=lambda x: x.date)),
    )


# --- the database -------------------------------------------------------------------------------


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


def make_medicine(
    user, date=TODAY, name="Prolia", kind="denosumab", schedule="every_6_months", **kw
) -> m.Medicine:
    return m.Medicine.objects.create(
        user=user, date=date, name=name, kind=kind, schedule=schedule, **kw
    )


def make_dose(user, date=TODAY, medicine=None, **kw) -> m.Dose:
    """A dose of `medicine`, or of a new medicine of the same person."""
    medicine = medicine or make_medicine(user, date=date)
    return m.Dose.objects.create(user=user, date=date, medicine=medicine, **kw)


def make_lab(user, date=TODAY, value="24.0", unit="ng_ml", test="vitamin_d") -> m.LabResult:
    return m.LabResult.objects.create(
        user=user, date=date, test=test, value=Decimal(value), unit=unit
    )


def make_fall(user, date=TODAY, injured=False) -> m.Fall:
    return m.Fall.objects.create(user=user, date=date, injured=injured)


# One entry of each log, by its journal.logs key: the ownership walk and the fuzz tests use it.
MAKERS = {
    "pain": make_pain,
    "dexa": lambda user, **kw: make_scan(user, spine="-1.5", **kw),
    "exercise": make_exercise,
    "height": make_height,
    "fractures": make_fracture,
    "medicines": make_medicine,
    "doses": make_dose,
    "labs": make_lab,
    "falls": make_fall,
}
