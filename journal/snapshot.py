"""One snapshot of a person's journal as plain, frozen dataclasses.

`load_journal(user)` reads everything the rules, trends, charts and the dashboard need in a fixed
number of queries (the profile and one per table), whatever the size of the journal. Everything
downstream (rules, wording, trends, charts) works on these dataclasses, never on the database.

Adding a log: its dataclass, a tuple field on `Journal`, and a `@loader` that reads it.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import ClassVar

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
class ProfileData:
    birth_year: int | None = None
    sex: str = ""
    tallest_height_cm: Decimal | None = None
    timezone: str = "UTC"
    # The person's settings (models.Preferences; these defaults when they have saved none):
    # metric or imperial, and which reminders they want at what hour (journal.reminders).
    units: str = "metric"
    remind_log: bool = True
    remind_medicines: bool = True
    remind_rescan: bool = True
    reminder_hour: int = 20


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
    treatments: tuple[Treatment, ...] = ()
    sessions: tuple[Session, ...] = ()
    moods: tuple[Mood, ...] = ()
    sleeps: tuple[Sleep, ...] = ()
    pegs: tuple[Peg, ...] = ()

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


def _owned(model, user, ids):
    """The person's entries of `model`; only those with these ids when `ids` is given."""
    queryset = model.objects.filter(user=user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


@dataclass(frozen=True)
class Loader:
    """How one `Journal` field is read: `read(user, ids=None)`. A loader that names its `model`
    can re-read just some entries (`ids`), so a save refreshes a cached snapshot with one small
    query (`refresh`); `order` is the sort key that matches its query's order."""

    read: Callable
    model: str = ""  # the journal.models class name, when `read` takes `ids`
    order: Callable = lambda entry: (entry.date, entry.id)


LOADERS: dict[str, Loader] = {}


def loader(name: str, model: str = "", order: Callable | None = None):
    """Register the function that reads the `Journal` field `name` for a user. With `model`, the
    function takes `ids` too (None: all the person's entries) and `order` sorts like its query."""

    def register(fn: Callable) -> Callable:
        LOADERS[name] = Loader(fn, model, order or Loader.order)
        return fn

    return register


def _pain_order(pain: Pain):  # PAIN_OLDEST_FIRST: by date, then time (none first), then id
    return (pain.date, pain.time is not None, pain.time or dt.time.min, pain.id)


@loader("pains", "PainEntry", _pain_order)
def _pains(user, ids=None) -> tuple[Pain, ...]:
    from . import models as m

    names = ["id", "date", "score", "locations", "time", "onset", "quality", "minor_trigger"]
    rows = _rows(_owned(m.PainEntry, user, ids), [*names, "note"], m.PAIN_OLDEST_FIRST)
    return tuple(
        Pain(pk, date, score, tuple(locations), time, onset, quality, minor, note)
        for pk, date, score, locations, time, onset, quality, minor, note in rows
    )


@loader("scans", "DexaScan")
def _scans(user, ids=None) -> tuple[Scan, ...]:
    from . import models as m

    results: dict[int, dict[str, SiteResult]] = {}
    site_rows = m.DexaSiteResult.objects.filter(scan__user=user).order_by("site")
    if ids is not None:
        site_rows = site_rows.filter(scan_id__in=ids)
    for scan_id, site, t, bmd, z in site_rows.values_list(
        "scan_id", "site", "t_score", "bmd", "z_score"
    ):
        results.setdefault(scan_id, {})[site] = SiteResult(site, t, bmd, z)
    return tuple(
        Scan(pk, date, results.get(pk, {}), facility, lsc)
        for pk, date, facility, lsc in _rows(
            _owned(m.DexaScan, user, ids), ["id", "date", "facility", "lsc_percent"]
        )
    )


@loader("exercises", "ExerciseSession")
def _exercises(user, ids=None) -> tuple[Exercise, ...]:
    from . import models as m

    names = ["id", "date", "kind", "minutes", "intensity", "load_kg", "jumps", "note"]
    return tuple(Exercise(*row) for row in _rows(_owned(m.ExerciseSession, user, ids), names))


@loader("heights", "HeightMeasurement")
def _heights(user, ids=None) -> tuple[Height, ...]:
    from . import models as m

    names = ["id", "date", "height_cm"]
    return tuple(Height(*row) for row in _rows(_owned(m.HeightMeasurement, user, ids), names))


@loader("fractures", "Fracture")
def _fractures(user, ids=None) -> tuple[Fracture, ...]:
    from . import models as m

    names = ["id", "date", "site", "minimal_trauma", "note"]
    return tuple(Fracture(*row) for row in _rows(_owned(m.Fracture, user, ids), names))


def load_journal(user) -> Journal:
    """Read a person's whole journal: the profile and one query per table, whatever its size."""
    from . import models as m

    names = ["birth_year", "sex", "tallest_height_cm", "timezone"]
    settings = [f.name for f in fields(ProfileData) if f.name not in names]
    # The settings through a left join: a person who never saved any has the defaults.
    row = m.Profile.objects.filter(user=user).values_list(
        *names, *(f"user__preferences__{name}" for name in settings)
    )
    values = dict(zip(names + settings, row[0], strict=True)) if row else {}
    profile_data = ProfileData(**{k: v for k, v in values.items() if v is not None or k in names})
    return Journal(profile_data, **{name: LOADERS[name].read(user) for name in Journal.LOGS})


def field_of(model: type) -> str | None:
    """The `Journal` field whose loader can re-read entries of `model` by id, if any."""
    return next(
        (name for name, spec in LOADERS.items() if spec.model and spec.model == model.__name__),
        None,
    )


def refresh(journal: Journal, user, field_name: str, ids) -> Journal:
    """`journal` with the entries `ids` of one field read again (one small query): a changed
    entry replaced, a new one inserted in order, a deleted one gone. The same `Journal` as
    `load_journal` would now read, for a field whose loader names its model."""
    spec = LOADERS[field_name]
    ids = set(ids)
    fresh = spec.read(user, ids=ids)
    entries = [entry for entry in journal.entries(field_name) if entry.id not in ids]
    for entry in fresh:  # each into its place: a few comparisons, not a sort of the history
        insort(entries, entry, key=spec.order)
    return replace(journal, **{field_name: tuple(entries)})


# The dataclasses and loaders of the later logs live beside this module; importing them here
# registers their loaders (they use `loader` and `_rows` above) and keeps one import for all.
from .snapshot_care import Mood, Peg, Session, Sleep, Treatment  # noqa: E402
from .snapshot_meds import Dose, Fall, Lab, Medicine  # noqa: E402

__all__ = [
    "Dose",
    "Exercise",
    "Fall",
    "Fracture",
    "Height",
    "Journal",
    "Lab",
    "Medicine",
    "Mood",
    "Pain",
    "Peg",
    "ProfileData",
    "Scan",
    "Session",
    "SiteChange",
    "SiteResult",
    "Sleep",
    "Treatment",
    "load_journal",
]
