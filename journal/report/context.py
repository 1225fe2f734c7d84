"""What the report says, as plain values: pure (the snapshot, the findings and `today` in; no
database, no clock), so every figure is tested without a page.

Sections are built by small functions; those of treatments, medicines with adherence, the
PHQ-9 and falls are registered in `sections.SECTIONS` (one builder each) and land in
`Report.sections` by name.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .. import domain as d
from ..rules import Finding, level_rank
from ..rules.bone import least_significant_change
from ..snapshot import Journal, Pain
from ..trends import EPISODE_GAP_DAYS, pain_episodes, rolling_mean, weekly_activity
from ..wording.clinician import ClinicalFlag, for_clinician
from .sections import SECTIONS

PERIODS = {"3m": 3, "6m": 6, "12m": 12}
DEFAULT_PERIOD = "6m"
TREND_POINTS = Decimal("0.5")  # halves' means this far apart read as rising or falling
WORST_DAYS = 3
STRENGTH_DAYS = 2


def parse_period(text: object) -> str:
    key = text.strip().lower() if isinstance(text, str) else ""
    return key if key in PERIODS else DEFAULT_PERIOD


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Who:
    name: str
    age: int | None
    birth_year: int | None
    sex: str


@dataclass(frozen=True)
class SiteRow:
    site: str
    label: str
    date: dt.date
    t_score: Decimal
    category: str
    bmd: Decimal | None
    previous_date: dt.date | None = None
    t_change: Decimal | None = None
    bmd_change: Decimal | None = None  # g/cm², latest minus previous
    lsc: Decimal | None = None  # g/cm²
    beyond_lsc: bool | None = None  # None: no BMD pair to compare
    facility: str = ""


@dataclass(frozen=True)
class PainSection:
    count: int
    mean: Decimal | None = None
    median: Decimal | None = None
    first_half: Decimal | None = None
    second_half: Decimal | None = None
    trend: str = ""  # "falling", "rising", "stable", or "" when a half has no entries
    worst: tuple[Pain, ...] = ()
    episode_start: dt.date | None = None
    episode_days: int | None = None
    daily: tuple[tuple[dt.date, float], ...] = ()  # daily means, for the chart
    rolling: tuple[tuple[dt.date, float], ...] = ()  # 7-day rolling mean


@dataclass(frozen=True)
class ActivitySection:
    weeks: int
    mean_minutes: int  # moderate-equivalent a week
    weeks_at_target: int
    target: int
    mean_strength_days: Decimal
    weeks_two_strength_days: int


@dataclass(frozen=True)
class HeightSection:
    latest: Decimal
    latest_date: dt.date
    first: Decimal
    first_date: dt.date
    tallest: Decimal
    tallest_date: dt.date
    profile_tallest: Decimal | None
    units: str = "metric"  # the person's: heights are written in cm or feet and inches

    @property
    def change(self) -> Decimal:
        return self.latest - self.first

    @property
    def below_tallest(self) -> Decimal:
        return self.tallest - self.latest


@dataclass(frozen=True)
class Report:
    period: str
    start: dt.date
    end: dt.date
    who: Who
    sites: tuple[SiteRow, ...]
    flags: tuple[ClinicalFlag, ...]
    pain: PainSection
    activity: ActivitySection | None
    height: HeightSection | None
    fractures: tuple = ()
    sections: dict = field(default_factory=dict)  # sections.SECTIONS' values, by name

    @property
    def months(self) -> int:
        return PERIODS[self.period]


def _mean(values) -> Decimal:
    return Decimal(sum(values)) / len(values)


def bone_sites(journal: Journal, end: dt.date) -> tuple[SiteRow, ...]:
    """Per site, the latest result on or before `end` and its change since the site's previous."""
    rows = []
    for site, label in d.Site.choices:
        history = [pair for pair in journal.site_history(site) if pair[0].date <= end]
        if not history:
            continue
        scan, result = history[-1]
        row = SiteRow(
            site,
            label,
            scan.date,
            result.t_score,
            result.category,
            result.bmd,
            facility=scan.facility,
        )
        if len(history) >= 2:
            before, previous = history[-2]
            change = {"previous_date": before.date, "t_change": result.t_score - previous.t_score}
            if result.bmd is not None and previous.bmd is not None:
                lsc = least_significant_change(previous.bmd, scan)
                bmd_change = result.bmd - previous.bmd
                change |= {
                    "bmd_change": bmd_change,
                    "lsc": lsc,
                    "beyond_lsc": abs(bmd_change) >= lsc,
                }
            row = replace(row, **change)
        rows.append(row)
    return tuple(rows)


def pain_section(journal: Journal, start: dt.date, end: dt.date) -> PainSection:
    pains = [p for p in journal.pains if start <= p.date <= end]
    episode_start = episode_days = None
    before_end = [p for p in journal.pains if p.date <= end]
    if (
        before_end
        and before_end[-1].score >= 1
        and (end - before_end[-1].date).days <= EPISODE_GAP_DAYS
    ):
        episodes = pain_episodes(before_end)
        if episodes:
            first, last = episodes[-1][0], episodes[-1][-1]
            episode_start, episode_days = first.date, (last.date - first.date).days
    if not pains:
        return PainSection(0, episode_start=episode_start, episode_days=episode_days)
    scores = [p.score for p in pains]
    middle = start + (end - start) / 2
    halves = [
        [p.score for p in pains if p.date < middle],
        [p.score for p in pains if p.date >= middle],
    ]
    first_half = _mean(halves[0]) if halves[0] else None
    second_half = _mean(halves[1]) if halves[1] else None
    trend = ""
    if first_half is not None and second_half is not None:
        gap = second_half - first_half
        trend = "rising" if gap >= TREND_POINTS else "falling" if gap <= -TREND_POINTS else "stable"
    worst = sorted(pains, key=lambda p: (-p.score, -p.date.toordinal()))[:WORST_DAYS]
    by_day: dict[dt.date, list[int]] = {}
    for p in pains:
        by_day.setdefault(p.date, []).append(p.score)
    daily = tuple((day, sum(v) / len(v)) for day, v in sorted(by_day.items()))
    rolling = tuple(rolling_mean(((p.date, p.score) for p in pains), 7))
    return PainSection(
        count=len(pains),
        mean=_mean(scores),
        median=Decimal(str(statistics.median(scores))),
        first_half=first_half,
        second_half=second_half,
        trend=trend,
        worst=tuple(worst),
        episode_start=episode_start,
        episode_days=episode_days,
        daily=daily,
        rolling=rolling,
    )


def activity_section(journal: Journal, start: dt.date, end: dt.date) -> ActivitySection | None:
    """Complete weeks (Monday to Sunday) inside the period: moderate-equivalent minutes against
    150, and days with strength work."""
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    last = end - dt.timedelta(days=(end.weekday() + 1) % 7)
    if last < first or not journal.exercises:
        return None
    weeks = weekly_activity(journal.exercises, first, last)
    strength: dict[dt.date, set] = {}
    for e in journal.exercises:
        if first <= e.date <= last and e.kind == d.ExerciseKind.STRENGTH:
            strength.setdefault(e.date - dt.timedelta(days=e.date.weekday()), set()).add(e.date)
    days = [len(strength.get(w.start, ())) for w in weeks]
    return ActivitySection(
        weeks=len(weeks),
        mean_minutes=round(sum(w.moderate_minutes for w in weeks) / len(weeks)),
        weeks_at_target=sum(1 for w in weeks if w.moderate_minutes >= d.WEEKLY_TARGET_MINUTES),
        target=d.WEEKLY_TARGET_MINUTES,
        mean_strength_days=(_mean(days)).quantize(Decimal("0.1")),
        weeks_two_strength_days=sum(1 for n in days if n >= STRENGTH_DAYS),
    )


def height_section(journal: Journal, end: dt.date) -> HeightSection | None:
    heights = [h for h in journal.heights if h.date <= end]
    if not heights:
        return None
    tallest = max(heights, key=lambda h: h.height_cm)
    return HeightSection(
        latest=heights[-1].height_cm,
        latest_date=heights[-1].date,
        first=heights[0].height_cm,
        first_date=heights[0].date,
        tallest=tallest.height_cm,
        tallest_date=tallest.date,
        profile_tallest=journal.profile.tallest_height_cm,
        units=journal.profile.units,
    )


def build(
    journal: Journal, findings: list[Finding], today: dt.date, period: str, name: str = ""
) -> Report:
    """The report for the `period` ("3m", "6m", "12m") ending `today`."""
    period = parse_period(period)
    start = months_before(today, PERIODS[period]) + dt.timedelta(days=1)
    profile = journal.profile
    age = today.year - profile.birth_year if profile.birth_year else None
    flags = sorted(for_clinician(findings), key=lambda f: level_rank(f.level))
    return Report(
        period=period,
        start=start,
        end=today,
        who=Who(" ".join(name.split())[:100], age, profile.birth_year, profile.sex),
        sites=bone_sites(journal, today),
        flags=tuple(flags),
        pain=pain_section(journal, start, today),
        activity=activity_section(journal, start, today),
        height=height_section(journal, today),
        fractures=tuple(f for f in journal.fractures if f.date <= today),
        sections={key: fn(journal, start, today) for key, fn in SECTIONS.items()},
    )
