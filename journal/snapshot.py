"""One snapshot of a person's journal as plain, frozen dataclasses.

`load_journal(user)` reads everything the rules, trends, charts and the dashboard need in a fixed
number of queries (the profile and one per table), whatever the size of the journal. Everything
downstream (rules, wording, trends, charts) works on these dataclasses, never on the database.

Adding a log: its dataclass, a tuple field on `Journal`, and a `@loader` that reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import ClassVar

from django.db.models import F

from . import domain as d


@dataclass(frozen=True)
class Pain:
    id: int
    date: dt.date
    score: int
    locations: tuple[str, ...]
    time: dt.time | None = None
    onset: str = ""
    quality: str = ""
    minor_trigger: bool = False
    note: str = ""

    @property
    def at_back(self) -> bool:
        return any(loc in d.BACK_LOCATIONS for loc in self.locations)


@dataclass(frozen=True)
class SiteResult:
    site: str
    t_score: Decimal
    bmd: Decimal | None = None
    z_score: Decimal | None = None

    @property
    def category(self) -> str:
        return d.who_category(self.t_score)


@dataclass(frozen=True)
class SiteChange:
    site: str
    label: str
    result: SiteResult
    previous_date: dt.date | None
    delta: Decimal | None  # latest minus previous T-score; negative is a decline


@dataclass(frozen=True)
class Scan:
    id: int
    date: dt.date
    results: dict[str, SiteResult]
    facility: str = ""
    lsc_percent: Decimal | None = None


@dataclass(frozen=True)
class Exercise:
    id: int
    date: dt.date
    kind: str
    minutes: int
    intensity: str = "moderate"
    load_kg: Decimal | None = None
    jumps: int | None = None
    note: str = ""

    @property
    def weight_bearing(self) -> bool:
        return self.kind in d.WEIGHT_BEARING_KINDS or bool(self.load_kg)

    @property
    def high_impact(self) -> bool:
        return self.kind == d.ExerciseKind.IMPACT or bool(self.jumps)

    @property
    def moderate_minutes(self) -> int:
        return d.moderate_minutes(self.minutes, self.intensity)


@dataclass(frozen=True)
class Height:
    id: int
    date: dt.date
    height_cm: Decimal


@dataclass(frozen=True)
class Fracture:
    id: int
    date: dt.date
    site: str
    minimal_trauma: bool = False
    note: str = ""


@dataclass(frozen=True)
class Medicine:
    """A medicine or supplement; `date` is the day it was started (the form's `started`)."""

    id: int
    date: dt.date
    name: str
    kind: str
    schedule: str
    stopped: dt.date | None = None
    dose_amount: Decimal | None = None
    dose_unit: str = ""
    note: str = ""

    @property
    def started(self) -> dt.date:
        return self.date

    def stopped_by(self, day: dt.date) -> bool:
        """Marked stopped on or before `day` (the stop date is the last day it was taken)."""
        return self.stopped is not None and self.stopped <= day


@dataclass(frozen=True)
class Dose:
    id: int
    date: dt.date
    medicine_id: int
    time: dt.time | None = None
    amount: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Lab:
    id: int
    date: dt.date
    test: str
    value: Decimal
    unit: str
    note: str = ""


@dataclass(frozen=True)
class Fall:
    id: int
    date: dt.date
    injured: bool = False
    note: str = ""


@dataclass(frozen=True)
class ProfileData:
    birth_year: int | None = None
    sex: str = ""
    tallest_height_cm: Decimal | None = None
    timezone: str = "UTC"


@dataclass(frozen=True)
class Journal:
    """All of one person's entries, each tuple sorted oldest first."""

    profile: ProfileData = field(default_factory=ProfileData)
    pains: tuple[Pain, ...] = ()
    scans: tuple[Scan, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    heights: tuple[Height, ...] = ()
    fractures: tuple[Fracture, ...] = ()
    medicines: tuple[Medicine, ...] = ()
    doses: tuple[Dose, ...] = ()
    labs: tuple[Lab, ...] = ()
    falls: tuple[Fall, ...] = ()

    LOGS: ClassVar[tuple[str, ...]] = ()  # its tuple fields, one per log: set below

    def entries(self, name: str) -> tuple:
        """The entries of one log, by its field name ("pains"), oldest first."""
        return getattr(self, name)

    @property
    def first_date(self) -> dt.date | None:
        """The date of the journal's first entry of any kind."""
        firsts = [items[0].date for items in map(self.entries, self.LOGS) if items]
        return min(firsts) if firsts else None

    @property
    def is_empty(self) -> bool:
        return not any(map(self.entries, self.LOGS))

    def latest_results(self) -> dict[str, tuple[Scan, SiteResult]]:
        """Per site, the latest scan that has that site and its result."""
        latest: dict[str, tuple[Scan, SiteResult]] = {}
        for scan in self.scans:  # oldest first, so later scans overwrite
            for site, result in scan.results.items():
                latest[site] = (scan, result)
        return latest

    def site_history(self, site: str) -> list[tuple[Scan, SiteResult]]:
        return [(scan, scan.results[site]) for scan in self.scans if site in scan.results]

    def site_changes(self) -> dict[int, list[SiteChange]]:
        """Per scan id, each site's result with its change since that site's previous scan."""
        changes: dict[int, list[SiteChange]] = {}
        previous: dict[str, tuple[Scan, SiteResult]] = {}
        for scan in self.scans:
            rows = changes.setdefault(scan.id, [])
            for site, label in d.Site.choices:
                if site not in scan.results:
                    continue
                result = scan.results[site]
                before = previous.get(site)
                rows.append(
                    SiteChange(
                        site=site,
                        label=label,
                        result=result,
                        previous_date=before[0].date if before else None,
                        delta=result.t_score - before[1].t_score if before else None,
                    )
                )
                previous[site] = (scan, result)
        return changes

    def overall_category(self) -> str | None:
        """The worst WHO category among the latest site results (None without a scan)."""
        return d.worst_category(r.category for _, r in self.latest_results().values())


Journal.LOGS = tuple(f.name for f in fields(Journal) if f.name != "profile")


def _rows(queryset, names: list[str], order=("date", "id")):
    """Plain value tuples, oldest first: no model instances, so a long journal loads quickly."""
    return queryset.order_by(*order).values_list(*names)


LOADERS: dict[str, Callable] = {}


def loader(name: str):
    """Register the function that reads the `Journal` field `name` for a user."""

    def register(fn: Callable) -> Callable:
        LOADERS[name] = fn
        return fn

    return register


@loader("pains")
def _pains(user) -> tuple[Pain, ...]:
    from . import models as m

    names = ["id", "date", "score", "locations", "time", "onset", "quality", "minor_trigger"]
    rows = _rows(m.PainEntry.objects.filter(user=user), [*names, "note"], m.PAIN_OLDEST_FIRST)
    return tuple(
        Pain(pk, date, score, tuple(locations), time, onset, quality, minor, note)
        for pk, date, score, locations, time, onset, quality, minor, note in rows
    )


@loader("scans")
def _scans(user) -> tuple[Scan, ...]:
    from . import models as m

    results: dict[int, dict[str, SiteResult]] = {}
    site_rows = m.DexaSiteResult.objects.filter(scan__user=user).order_by("site")
    for scan_id, site, t, bmd, z in site_rows.values_list(
        "scan_id", "site", "t_score", "bmd", "z_score"
    ):
        results.setdefault(scan_id, {})[site] = SiteResult(site, t, bmd, z)
    return tuple(
        Scan(pk, date, results.get(pk, {}), facility, lsc)
        for pk, date, facility, lsc in _rows(
            m.DexaScan.objects.filter(user=user), ["id", "date", "facility", "lsc_percent"]
        )
    )


@loader("exercises")
def _exercises(user) -> tuple[Exercise, ...]:
    from . import models as m

    names = ["id", "date", "kind", "minutes", "intensity", "load_kg", "jumps", "note"]
    return tuple(
        Exercise(*row) for row in _rows(m.ExerciseSession.objects.filter(user=user), names)
    )


@loader("heights")
def _heights(user) -> tuple[Height, ...]:
    from . import models as m

    names = ["id", "date", "height_cm"]
    return tuple(
        Height(*row) for row in _rows(m.HeightMeasurement.objects.filter(user=user), names)
    )


@loader("fractures")
def _fractures(user) -> tuple[Fracture, ...]:
    from . import models as m

    names = ["id", "date", "site", "minimal_trauma", "note"]
    return tuple(Fracture(*row) for row in _rows(m.Fracture.objects.filter(user=user), names))


@loader("medicines")
def _medicines(user) -> tuple[Medicine, ...]:
    from . import models as m

    names = ["id", "date", "name", "kind", "schedule", "stopped", "dose_amount", "dose_unit"]
    rows = _rows(m.Medicine.objects.filter(user=user), [*names, "note"])
    return tuple(Medicine(*row) for row in rows)


@loader("doses")
def _doses(user) -> tuple[Dose, ...]:
    from . import models as m

    names = ["id", "date", "medicine_id", "time", "amount", "note"]
    order = ("date", F("time").asc(nulls_first=True), "id")
    return tuple(Dose(*row) for row in _rows(m.Dose.objects.filter(user=user), names, order))


@loader("labs")
def _labs(user) -> tuple[Lab, ...]:
    from . import models as m

    names = ["id", "date", "test", "value", "unit", "note"]
    return tuple(Lab(*row) for row in _rows(m.LabResult.objects.filter(user=user), names))


@loader("falls")
def _falls(user) -> tuple[Fall, ...]:
    from . import models as m

    names = ["id", "date", "injured", "note"]
    return tuple(Fall(*row) for row in _rows(m.Fall.objects.filter(user=user), names))


def load_journal(user) -> Journal:
    """Read a person's whole journal: the profile and one query per table, whatever its size."""
    from . import models as m

    profile = m.Profile.objects.filter(user=user).values_list(
        "birth_year", "sex", "tallest_height_cm", "timezone"
    )
    profile_data = ProfileData(*profile[0]) if profile else ProfileData()
    return Journal(profile_data, **{name: LOADERS[name](user) for name in Journal.LOGS})
