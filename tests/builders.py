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
from journal.snapshot_care import Mood, Peg, Session, Sleep, Treatment

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


def treatment(id, when, kind="acupuncture", name="") -> Treatment:
    return Treatment(id=id, date=when, kind=kind, name=name)


def session(id, when, treatment_id=1, minutes=None, before=None, after=None) -> Session:
    return Session(id, when, treatment_id, minutes, before, after)


def mood(id, when, *answers, total=None, item9=0) -> Mood:
    """mood(1, day, 1, 2, ...) with nine answers, or mood(1, day, total=12, item9=1): answers
    that add up to `total` with question 9 answered `item9`."""
    if not answers:
        rest, answers = (total or 0) - item9, []
        for _ in range(8):
            answers.append(min(3, rest))
            rest -= answers[-1]
        assert rest == 0, "a total the first eight answers cannot reach"
        answers.append(item9)
    return Mood(id, when, tuple(answers))


def sleep(id, when, quality=3, hours=None) -> Sleep:
    return Sleep(id, when, quality, None if hours is None else Decimal(str(hours)))


def peg(id, when, pain=5, enjoyment=5, activity=5) -> Peg:
    return Peg(id, when, pain, enjoyment, activity)


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
    *, profile=None, pains=(), scans=(), exercises=(), heights=(), fractures=(), aged=False, **more
) -> Journal:
    """A journal, each log sorted by date; `aged=True` adds an old height entry so the activity
    rules (which wait a week) run. Other logs by their Journal field: treatments=[...], ..."""
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
        **{name: tuple(sorted(items, key=lambda e: e.date)) for name, items in more.items()},
    )


# --- the database -------------------------------------------------------------------------------


def written(entry):
    """An entry made straight in the database, with the journal version bumped as the services
    would (so the cached dashboard of a test that already looked at it sees the new entry)."""
    from journal import services

    services.bump_version(entry.user)
    return entry


def make_pain(user, date=TODAY, score=4, locations=("lower_back",), **kw) -> m.PainEntry:
    return written(
        m.PainEntry.objects.create(
            user=user, date=date, score=score, locations=list(locations), **kw
        )
    )


def make_scan(user, date=TODAY, **sites) -> m.DexaScan:
    """make_scan(user, spine="-2.6", total_hip="-1.2")"""
    scan = m.DexaScan.objects.create(user=user, date=date)
    for site, t in sites.items():
        m.DexaSiteResult.objects.create(scan=scan, site=site, t_score=Decimal(t))
    return written(scan)


def make_exercise(user, date=TODAY, kind="walking", minutes=30, **kw) -> m.ExerciseSession:
    return written(
        m.ExerciseSession.objects.create(user=user, date=date, kind=kind, minutes=minutes, **kw)
    )


def make_height(user, date=TODAY, height_cm="165.0") -> m.HeightMeasurement:
    return written(
        m.HeightMeasurement.objects.create(user=user, date=date, height_cm=Decimal(height_cm))
    )


def make_fracture(user, date=TODAY, site="wrist", minimal_trauma=True) -> m.Fracture:
    return written(
        m.Fracture.objects.create(user=user, date=date, site=site, minimal_trauma=minimal_trauma)
    )


def make_treatment(user, date=TODAY, kind="acupuncture", name="", **kw) -> m.TreatmentCourse:
    return written(
        m.TreatmentCourse.objects.create(user=user, date=date, kind=kind, name=name, **kw)
    )


def make_session(user, date=TODAY, treatment=None, **kw) -> m.TreatmentSession:
    """A session of `treatment`, or of the person's first course (made when they have none)."""
    treatment = treatment or m.TreatmentCourse.objects.filter(user=user).first()
    treatment = treatment or make_treatment(user, date=date)
    return written(
        m.TreatmentSession.objects.create(user=user, date=date, treatment=treatment, **kw)
    )


def make_mood(user, date=TODAY, answers=(1, 1, 1, 1, 1, 1, 1, 1, 0)) -> m.MoodQuestionnaire:
    fields = dict(zip([f"q{i}" for i in range(1, 10)], answers, strict=True))
    return written(m.MoodQuestionnaire.objects.create(user=user, date=date, **fields))


def make_sleep(user, date=TODAY, quality=3, hours=None) -> m.SleepEntry:
    return written(m.SleepEntry.objects.create(user=user, date=date, quality=quality, hours=hours))


def make_peg(user, date=TODAY, pain=5, enjoyment=4, activity=6) -> m.PegCheckIn:
    return written(
        m.PegCheckIn.objects.create(
            user=user, date=date, pain=pain, enjoyment=enjoyment, activity=activity
        )
    )


def make_medicine(
    user, date=TODAY, name="Prolia", kind="denosumab", schedule="every_6_months", **kw
) -> m.Medicine:
    return written(
        m.Medicine.objects.create(
            user=user, date=date, name=name, kind=kind, schedule=schedule, **kw
        )
    )


def make_dose(user, date=TODAY, medicine=None, **kw) -> m.Dose:
    """A dose of `medicine`, or of a new medicine of the same person."""
    medicine = medicine or make_medicine(user, date=date)
    return written(m.Dose.objects.create(user=user, date=date, medicine=medicine, **kw))


def make_lab(user, date=TODAY, value="24.0", unit="ng_ml", test="vitamin_d") -> m.LabResult:
    return written(
        m.LabResult.objects.create(user=user, date=date, test=test, value=Decimal(value), unit=unit)
    )


def make_fall(user, date=TODAY, injured=False) -> m.Fall:
    return written(m.Fall.objects.create(user=user, date=date, injured=injured))


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
    "treatments": make_treatment,
    "sessions": make_session,
    "mood": make_mood,
    "sleep": make_sleep,
    "peg": make_peg,
}


def with_parent(key: str, user, data: dict) -> dict:
    """POST data for log `key` with its parent field (a session's `treatment`) naming one of
    `user`'s own parent entries, made when they have none; other logs' data unchanged."""
    from journal.logs import LOGS

    log = LOGS[key]
    if not log.parent_field:
        return data
    model = log.form.base_fields[log.parent_field].queryset.model
    parent_key = next(k for k, other in LOGS.items() if other.model is model)
    parent = model.objects.filter(user=user).first() or MAKERS[parent_key](user)
    return data | {log.parent_field: str(parent.pk)}
