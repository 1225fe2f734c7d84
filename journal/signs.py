"""Warning signs: the rule catalogue of shared/warning-signs.md as pure functions.

Every rule takes a `Journal` snapshot and a `today` date and returns a list of `Flag`s. Nothing here
reads the clock, the database or the ORM: `today` is always an argument, so each boundary can be
pinned by a test. The sections implemented are "Bone density (DEXA)", "Pain", "Activity" and
"Height and fractures"; the "Later" section (medication, labs, mood, treatments) is not.

Flags are prompts to talk with a clinician, never a diagnosis. Each rule's title, source and outside
guidance live in one place, its `Rule` record in `RULES`; the flag built by a rule reads them from
there, so the guidance page and the flags cannot drift apart.

Interpretation decisions (where the catalogue is silent):

* "Latest" per site is the latest scan that has that site (`Journal.latest_results`). Entries dated
  after `today` are ignored by every rule (the journal is judged as of `today`), and each log is
  read in date order even if the snapshot was not sorted.
* Age is `today.year - profile.birth_year`; without a birth year the age clause never holds.
* Windows count calendar days including `today`: "last 30 days" is today-29..today, "7 days ending
  today" is today-6..today, "last 28 days" is today-27..today.
* T-scores, BMD and heights are compared as `Decimal`s, so -2.5 is osteoporosis and -2.49 is not.
  Means of pain scores are compared with exact integer arithmetic, never rounded floats.
* `bone.decline`: each site's latest result is compared with the same site's previous scan. The
  least significant change (LSC) is the latest scan's `lsc_percent` when entered (a blank or zero is
  "not entered"), else 3%, applied to the previous BMD. One flag per site.
* `bone.improved`: one flag per site whose category got better or whose T-score rose by >= 0.1.
* `bone.rescan_due`: a journal whose scans carry no site results has no category; it is given the
  interval for a normal result (1826 days). The catalogue's "or a bone medicine is logged" clause is
  not implemented: the data model has no medication log yet.
* `bone.no_scan`: "back pain has been logged" means any pain entry at a back location with a score
  of 1 or more.
* `pain.fracture_sign` and `pain.spike`: one flag each, with one evidence item per qualifying entry
  (newest first), so a run of entries does not stack up several urgent cards.
* `pain.spike`: "the 14 days before it" are the 14 days strictly before the entry's date
  (date-14..date-1), pain at any location, and need at least 3 entries.
* `pain.chronic`: episodes come from `trends.pain_episodes` (re-exported here as
  `signs.pain_episodes`; it needs date-ordered entries, which `as_of` guarantees). The current
  episode is the one holding the latest pain entry, only if that entry scores >= 1 and is at most
  14 days before `today`.
* `pain.improving`: today-29..today vs today-59..today-30, each with >= 5 entries, any location.
* Activity rules run only when the journal's first entry is on or before today-7.
* `activity.walking_only`: "walking" is either kind in `domain.WALKING_KINDS` (walking, brisk
  walking or running) without a load or jumps: walking with a weighted vest is loaded exercise.
  At least one session is needed in the 28 days (an empty log is not "walking only").
* Evidence lists of several entries run newest first.
* `body.height_loss`: the latest height is the last by date; the tallest measured is the greatest
  height recorded (the earliest of equals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from . import domain as d
from .snapshot import Exercise, Fracture, Height, Journal, Pain, Scan, SiteResult

# Episode splitting is shared with the trend charts; it lives in trends.py (re-exported here).
from .trends import EPISODE_GAP_DAYS, pain_episodes

LEVELS = ("urgent", "warning", "notice", "info", "good")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_rank(level: str) -> int:
    """Sort key of a level: urgent 0, warning 1, notice 2, info 3, good 4 (unknown last)."""
    return _LEVEL_RANK.get(level, len(LEVELS))


@dataclass(frozen=True)
class Evidence:
    """One checkable fact behind a flag: which entry, when, and what value."""

    label: str
    value: str
    date: dt.date | None
    log: str  # "pain", "dexa", "exercise", "height", "fractures" or "profile"
    entry_id: int | None = None


@dataclass(frozen=True)
class Flag:
    code: str
    level: str
    title: str
    explanation: str
    next_step: str
    evidence: tuple[Evidence, ...]
    source: str
    outside_guidance: str = ""


@dataclass(frozen=True)
class Rule:
    """What the journal checks, in words a layperson and a doctor can both read."""

    code: str
    section: str
    level: str  # as text, e.g. "notice, or warning when the drop is larger"
    levels: tuple[str, ...]  # every level the rule can produce
    title: str
    trigger: str
    source: str
    outside_guidance: str = ""


BONE, PAIN, ACTIVITY, BODY = "Bone density (DEXA)", "Pain", "Activity", "Height and fractures"

REVERSED = "Can osteoporosis be reversed"
SPINAL = "Spinal osteoporosis and back pain"
BONE_LOSS = "Bone loss and chronic pain"

RULES: tuple[Rule, ...] = (
    Rule(
        "bone.osteoporosis",
        BONE,
        "warning",
        ("warning",),
        "T-score in the osteoporosis range",
        "The latest T-score at any scanned site is -2.5 or lower (exactly -2.5 counts). "
        "This is the WHO's osteoporosis range.",
        f"{REVERSED}; {BONE_LOSS}",
    ),
    Rule(
        "bone.osteopenia",
        BONE,
        "notice",
        ("notice",),
        "T-score in the osteopenia range",
        "The lowest latest T-score is below -1.0 and above -2.5 (exactly -1.0 is normal). "
        "This is the WHO's osteopenia (low bone density) range.",
        REVERSED,
    ),
    Rule(
        "bone.severe",
        BONE,
        "warning",
        ("warning",),
        "T-score below -3.0",
        "The lowest latest T-score is below -3.0 (exactly -3.0 does not count): bone density this "
        "low is hard to raise with exercise and diet alone, so medication is worth discussing.",
        REVERSED,
    ),
    Rule(
        "bone.near_border",
        BONE,
        "info",
        ("info",),
        "Close to the osteopenia border",
        "The lowest latest T-score is between -2.9 and -2.5, both included: with the right "
        "exercise and diet it may move back into the osteopenia range.",
        REVERSED,
    ),
    Rule(
        "bone.decline",
        BONE,
        "notice, or warning when the drop is larger",
        ("notice", "warning"),
        "Bone density fell since the previous scan",
        "A site's latest T-score is at least 0.1 lower than at its previous scan. It is a warning "
        "when the drop is 0.3 or more, when the BMD (g/cm², where both scans have it) fell by at "
        "least the least significant change (the scan's own figure, else 3% of the earlier BMD), "
        "or when the site's WHO category got worse; otherwise a notice that the change may be "
        "within the scanner's precision. Scans from different facilities are hard to compare.",
        f"{REVERSED} (the 2012-2018 case)",
        "ISCD least significant change",
    ),
    Rule(
        "bone.improved",
        BONE,
        "good",
        ("good",),
        "Bone density improved",
        "A site's WHO category got better since its previous scan (for example from osteoporosis "
        "to osteopenia, which the document calls reversing osteoporosis), or its T-score rose by "
        "0.1 or more.",
        REVERSED,
    ),
    Rule(
        "bone.rescan_due",
        BONE,
        "notice",
        ("notice",),
        "A new DEXA scan may be due",
        "The latest scan is more than 2 years (730 days) old while the overall category is "
        "osteopenia or osteoporosis, or more than 5 years (1826 days) old when it is normal. "
        "The 5-year interval is the journal's own choice; outside guidance allows longer for "
        "people at low risk.",
        f"{BONE_LOSS} (re-measure every 1-2 years)",
    ),
    Rule(
        "bone.no_scan",
        BONE,
        "notice",
        ("notice",),
        "No bone density scan yet",
        "No scan is recorded, and the person is 50 or older, or has recorded a fracture from "
        "minimal trauma, or has logged back pain (a score of 1 or more).",
        f"{BONE_LOSS}; {SPINAL}",
    ),
    Rule(
        "pain.fracture_sign",
        PAIN,
        "urgent",
        ("urgent",),
        "Sudden back pain after a minor movement",
        "A pain entry in the last 30 days at the lower or upper/mid back, marked as starting after "
        "a minor movement or impact (cough, bend, lift, small bump), that came on suddenly or felt "
        "sharp. This pattern can mean a vertebral fracture and should be assessed promptly.",
        f"{SPINAL}; {BONE_LOSS}",
    ),
    Rule(
        "pain.spike",
        PAIN,
        "warning",
        ("warning",),
        "Back pain jumped",
        "A back-pain entry in the last 30 days scores at least 3 points above the average of all "
        "pain entries in the 14 days before its date; at least 3 such earlier entries are needed. "
        "The thresholds are the journal's own choice.",
        SPINAL,
    ),
    Rule(
        "pain.chronic",
        PAIN,
        "notice",
        ("notice",),
        "Pain lasting more than three months",
        "The current pain episode is 91 days or longer from its first to its latest entry. An "
        "episode is a run of entries scoring 1 or more, each no more than 14 days after the one "
        "before; a score of 0 or a longer gap ends it. It is current when its latest entry is at "
        "most 14 days old. The 14-day gap is the journal's own choice.",
        f"{BONE_LOSS} (chronic = longer than three months)",
    ),
    Rule(
        "pain.improving",
        PAIN,
        "good",
        ("good",),
        "Pain is easing",
        "The average pain score of the last 30 days is at least 2 points lower than the average of "
        "the 30 days before; each period needs at least 5 entries. The thresholds are the "
        "journal's own choice.",
        f"{BONE_LOSS} (a journal that fell from 6/10 to 2/10)",
    ),
    Rule(
        "activity.below_150",
        ACTIVITY,
        "notice",
        ("notice",),
        "Under 150 active minutes this week",
        "Fewer than 150 moderate-equivalent minutes of exercise in the 7 days ending today, "
        "counting a vigorous minute as two and light sessions not at all.",
        BONE_LOSS,
        "WHO 2020",
    ),
    Rule(
        "activity.weight_bearing_low",
        ACTIVITY,
        "notice",
        ("notice",),
        "Few weight-bearing sessions this week",
        "Fewer than 3 weight-bearing sessions of 30 minutes or more in the 7 days ending today "
        "(walking, brisk walking or running, impact work, resistance or strength, or any session "
        "with a load such as a weighted vest). The 30 minutes, 3 times a week come from the "
        "document's plan.",
        f"{BONE_LOSS}; {REVERSED}",
    ),
    Rule(
        "activity.strength_low",
        ACTIVITY,
        "notice",
        ("notice",),
        "Little strength work this week",
        "Resistance or strength sessions on fewer than 2 different days in the 7 days ending "
        "today (two sessions on the same day count as one day).",
        f"{REVERSED} (strength training for the spine)",
        "WHO 2020",
    ),
    Rule(
        "activity.walking_only",
        ACTIVITY,
        "info",
        ("info",),
        "Walking is the only exercise",
        "The overall category is osteopenia or osteoporosis and every session of the last 28 days "
        "is walking (plain or brisk, without a load or jumps): walking alone does not keep bone "
        "density, so load and strength work are worth adding.",
        REVERSED,
    ),
    Rule(
        "activity.spine_caution",
        ACTIVITY,
        "warning",
        ("warning",),
        "High-impact exercise with a low spine score",
        "The latest lumbar-spine T-score is -2.5 or lower and a high-impact session (impact work, "
        "or any session with jumps) is logged in the last 28 days: high-impact and twisting moves "
        "can be risky for a fragile spine, and jumping builds the hip rather than the spine.",
        f"{SPINAL}; {REVERSED}",
    ),
    Rule(
        "body.height_loss",
        BODY,
        "warning",
        ("warning",),
        "Height loss",
        "The latest measured height is 2 cm or more below the tallest height measured in the "
        "journal, or 4 cm or more below the tallest adult height given in the profile.",
        f"{SPINAL}; {BONE_LOSS}",
        "2 cm measured over time; 4 cm against remembered adult height",
    ),
    Rule(
        "fracture.fragility",
        BODY,
        "warning",
        ("warning",),
        "Fracture from minimal trauma",
        "A fracture is recorded as coming from minimal trauma: a fall from standing height or "
        "less, or no fall at all.",
        BONE_LOSS,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


# --- small helpers -------------------------------------------------------------------------------

ZERO = Decimal(0)
SITE_ORDER = {site: i for i, site in enumerate(d.Site.values)}


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _num(value, places: int = 2) -> str:
    """A decimal for people: -2.50 -> "-2.5", -1.85 -> "-1.85", -2 -> "-2.0"."""
    text = f"{_dec(value):.{places}f}"
    while text.endswith("0") and not text.endswith(".0"):
        text = text[:-1]
    return "0.0" if text in ("-0.0", "-0") else text


def _mean_text(total: int, count: int) -> str:
    return _num(Decimal(total) / Decimal(count), 1)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def _site_label(site: str) -> str:
    return _label(d.Site, site)


def _site_words(site: str) -> str:
    """A site's name inside a sentence: "lumbar spine", "total hip"."""
    return _site_label(site).lower()


def _window(items, today: dt.date, days: int):
    """Items dated in the `days` calendar days ending today (today-(days-1)..today)."""
    start = today - dt.timedelta(days=days - 1)
    return [item for item in items if start <= item.date <= today]


def _flag(code: str, level: str, explanation: str, next_step: str, evidence) -> Flag:
    rule = RULES_BY_CODE[code]
    return Flag(
        code=code,
        level=level,
        title=rule.title,
        explanation=explanation,
        next_step=next_step,
        evidence=tuple(evidence),
        source=rule.source,
        outside_guidance=rule.outside_guidance,
    )


def _is_ready(items, today: dt.date) -> bool:
    previous = None
    for item in items:
        if item.date > today or (previous is not None and item.date < previous):
            return False
        previous = item.date
    return True


def as_of(journal: Journal, today: dt.date) -> Journal:
    """The journal as it stood on `today`: later entries dropped, each log in date order."""
    logs = ("pains", "scans", "exercises", "heights", "fractures")
    if all(_is_ready(getattr(journal, name), today) for name in logs):
        return journal
    changes = {
        name: tuple(
            sorted(
                (item for item in getattr(journal, name) if item.date <= today),
                key=lambda item: item.date,
            )
        )
        for name in logs
    }
    return replace(journal, **changes)


def _activity_ready(journal: Journal, today: dt.date) -> bool:
    first = journal.first_date
    return first is not None and first <= today - dt.timedelta(days=7)


def _age(journal: Journal, today: dt.date) -> int | None:
    year = journal.profile.birth_year
    return None if year is None else today.year - year


# --- evidence builders ---------------------------------------------------------------------------


def _t_evidence(scan: Scan, result: SiteResult) -> Evidence:
    return Evidence(
        f"{_site_label(result.site)} T-score on {scan.date.isoformat()}",
        _num(result.t_score),
        scan.date,
        "dexa",
        scan.id,
    )


def _bmd_evidence(scan: Scan, result: SiteResult) -> Evidence:
    return Evidence(
        f"{_site_label(result.site)} BMD on {scan.date.isoformat()}",
        f"{_num(result.bmd, 3)} g/cm²",
        scan.date,
        "dexa",
        scan.id,
    )


def _pain_evidence(pain: Pain, extra: str = "") -> Evidence:
    places = ", ".join(_label(d.Location, loc).lower() for loc in pain.locations) or "no location"
    details = [f"{pain.score}/10"]
    if pain.onset:
        details.append(_label(d.Onset, pain.onset).lower())
    if pain.quality:
        details.append(_label(d.Quality, pain.quality).lower())
    if pain.minor_trigger:
        details.append("after a minor movement or impact")
    if extra:
        details.append(extra)
    return Evidence(
        f"Pain on {pain.date.isoformat()} ({places})",
        ", ".join(details),
        pain.date,
        "pain",
        pain.id,
    )


def _exercise_evidence(session: Exercise) -> Evidence:
    details = [f"{session.minutes} min", session.intensity]
    if session.load_kg:
        details.append(f"{_num(session.load_kg, 1)} kg load")
    if session.jumps:
        details.append(f"{session.jumps} jumps")
    return Evidence(
        f"{_label(d.ExerciseKind, session.kind)} on {session.date.isoformat()}",
        ", ".join(details),
        session.date,
        "exercise",
        session.id,
    )


def _height_evidence(height: Height, what: str) -> Evidence:
    return Evidence(
        f"{what} height, measured on {height.date.isoformat()}",
        f"{_num(height.height_cm, 1)} cm",
        height.date,
        "height",
        height.id,
    )


def _fracture_evidence(fracture: Fracture) -> Evidence:
    return Evidence(
        f"{_label(d.FractureSite, fracture.site)} fracture on {fracture.date.isoformat()}",
        "minimal trauma" if fracture.minimal_trauma else "not minimal trauma",
        fracture.date,
        "fractures",
        fracture.id,
    )


def _latest_sorted(journal: Journal) -> list[tuple[Scan, SiteResult]]:
    """The latest result of every site, lowest T-score first (ties in site order)."""
    return sorted(
        journal.latest_results().values(),
        key=lambda pair: (_dec(pair[1].t_score), SITE_ORDER.get(pair[1].site, len(SITE_ORDER))),
    )


def _lowest(journal: Journal):
    latest = _latest_sorted(journal)
    return latest[0] if latest else None


# --- Bone density (DEXA) -------------------------------------------------------------------------


def bone_osteoporosis(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.osteoporosis`: a latest site T-score <= -2.5; evidence is every such site."""
    journal = as_of(journal, today)
    hits = [pair for pair in _latest_sorted(journal) if _dec(pair[1].t_score) <= d.OSTEOPOROSIS_AT]
    if not hits:
        return []
    result = hits[0][1]
    return [
        _flag(
            "bone.osteoporosis",
            "warning",
            f"Your latest {_site_words(result.site)} T-score is {_num(result.t_score)}, in the "
            "range of -2.5 or lower that the WHO calls osteoporosis, where bones may break more "
            "easily.",
            "Worth discussing with your doctor, who can weigh treatment options together with "
            "exercise, calcium and vitamin D.",
            [_t_evidence(s, r) for s, r in hits],
        )
    ]


def bone_osteopenia(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.osteopenia`: lowest latest T-score < -1.0 and > -2.5; evidence is every such site."""
    journal = as_of(journal, today)
    lowest = _lowest(journal)
    if lowest is None:
        return []
    t = _dec(lowest[1].t_score)
    if not (d.OSTEOPOROSIS_AT < t < d.OSTEOPENIA_BELOW):
        return []
    hits = [pair for pair in _latest_sorted(journal) if _dec(pair[1].t_score) < d.OSTEOPENIA_BELOW]
    return [
        _flag(
            "bone.osteopenia",
            "notice",
            f"Your lowest latest T-score ({_site_words(lowest[1].site)}, {_num(t)}) lies between "
            "-1.0 and -2.5, the range the WHO calls osteopenia, meaning bone density is lower than "
            "ideal.",
            "Weight-bearing and strength exercise with enough calcium (about 1,200 mg a day) and "
            "vitamin D may help hold or rebuild bone; worth discussing with your doctor.",
            [_t_evidence(s, r) for s, r in hits],
        )
    ]


def bone_severe(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.severe`: lowest latest T-score < -3.0 (exactly -3.0 does not count)."""
    journal = as_of(journal, today)
    hits = [pair for pair in _latest_sorted(journal) if _dec(pair[1].t_score) < Decimal("-3.0")]
    if not hits:
        return []
    result = hits[0][1]
    return [
        _flag(
            "bone.severe",
            "warning",
            f"Your latest {_site_words(result.site)} T-score is {_num(result.t_score)}, below "
            "-3.0, where the document notes that exercise and diet alone may find it hard to "
            "rebuild enough bone.",
            "Worth asking your doctor whether medication should be part of your plan, alongside "
            "exercise and nutrition.",
            [_t_evidence(s, r) for s, r in hits],
        )
    ]


def bone_near_border(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.near_border`: lowest latest T-score in [-2.9, -2.5]; evidence is the lowest site(s)."""
    journal = as_of(journal, today)
    latest = _latest_sorted(journal)
    if not latest:
        return []
    t = _dec(latest[0][1].t_score)
    if not (Decimal("-2.9") <= t <= Decimal("-2.5")):
        return []
    lowest = [pair for pair in latest if _dec(pair[1].t_score) == t]
    return [
        _flag(
            "bone.near_border",
            "info",
            f"Your lowest latest T-score ({_site_words(lowest[0][1].site)}, {_num(t)}) is between "
            "-2.9 and -2.5, close enough to the border that the right exercise and diet may bring "
            "it back into the osteopenia range.",
            "Ask your doctor or a physiotherapist about a progressive weight-bearing and strength "
            "programme, and about calcium and vitamin D.",
            [_t_evidence(s, r) for s, r in lowest],
        )
    ]


def _site_pairs(journal: Journal):
    """Per site (in site order), its previous and latest (scan, result), where it has two scans."""
    sites = sorted(journal.latest_results(), key=lambda s: (SITE_ORDER.get(s, len(SITE_ORDER)), s))
    for site in sites:
        history = journal.site_history(site)
        if len(history) >= 2:
            yield history[-2], history[-1]


def _facility_note(before: Scan, after: Scan) -> str:
    a, b = before.facility.strip(), after.facility.strip()
    if a and b and a.casefold() != b.casefold():
        return (
            f"; the two scans come from different facilities ({a}, {b}), and comparisons across "
            "different scanners are unreliable"
        )
    return ""


def _pair_evidence(before, after) -> list[Evidence]:
    (s1, r1), (s2, r2) = before, after
    evidence = [_t_evidence(s1, r1), _t_evidence(s2, r2)]
    if r1.bmd is not None and r2.bmd is not None:
        evidence += [_bmd_evidence(s1, r1), _bmd_evidence(s2, r2)]
    return evidence


def least_significant_change(previous_bmd: Decimal, latest_scan: Scan) -> Decimal:
    """The smallest BMD drop (g/cm²) that counts as real.

    The latest scan's LSC percentage where entered (blank or 0 is "not entered"), else 3%, of the
    previous BMD.
    """
    percent = _dec(latest_scan.lsc_percent) if latest_scan.lsc_percent else Decimal(3)
    return _dec(previous_bmd) * percent / Decimal(100)


def bone_decline(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.decline`: per site, latest T-score >= 0.1 below the previous scan's.

    Warning when the drop is >= 0.3, the BMD drop (both scans have BMD) is at least the least
    significant change, or the WHO category got worse; notice otherwise. One flag per site.
    """
    journal = as_of(journal, today)
    flags = []
    for before, after in _site_pairs(journal):
        (s1, r1), (s2, r2) = before, after
        t1, t2 = _dec(r1.t_score), _dec(r2.t_score)
        drop = t1 - t2
        if drop < Decimal("0.1"):
            continue
        reasons = []
        if drop >= Decimal("0.3"):
            reasons.append("it is 0.3 or more")
        if r1.bmd is not None and r2.bmd is not None:
            lsc = least_significant_change(r1.bmd, s2)
            if _dec(r1.bmd) - _dec(r2.bmd) >= lsc:
                reasons.append(
                    f"the BMD fell by at least the least significant change ({_num(lsc, 3)} g/cm²)"
                )
        if d.CATEGORY_RANK[r2.category] > d.CATEGORY_RANK[r1.category]:
            reasons.append(f"it moved from the {r1.category} to the {r2.category} range")
        site = _site_words(r1.site)
        change = (
            f"Your {site} T-score went from {_num(t1)} on {s1.date.isoformat()} to {_num(t2)} on "
            f"{s2.date.isoformat()}, a drop of {_num(drop)}"
        )
        if reasons:
            level = "warning"
            explanation = (
                f"{change}, a marked fall because {_join(reasons)}{_facility_note(s1, s2)}."
            )
            next_step = (
                "Worth taking both scan reports to your doctor to discuss whether your plan for "
                "exercise, nutrition or medication should change."
            )
        else:
            level = "notice"
            explanation = (
                f"{change}; a change this small may be within the scanner's precision"
                f"{_facility_note(s1, s2)}."
            )
            next_step = (
                "Keep an eye on it at your next scan, ideally on the same machine, and mention it "
                "to your doctor."
            )
        flags.append(
            _flag("bone.decline", level, explanation, next_step, _pair_evidence(before, after))
        )
    return flags


def bone_improved(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.improved`: per site, category got better or T-score rose by >= 0.1 (one flag each)."""
    journal = as_of(journal, today)
    flags = []
    for before, after in _site_pairs(journal):
        (s1, r1), (s2, r2) = before, after
        t1, t2 = _dec(r1.t_score), _dec(r2.t_score)
        better = d.CATEGORY_RANK[r2.category] < d.CATEGORY_RANK[r1.category]
        if not (better or t2 - t1 >= Decimal("0.1")):
            continue
        explanation = (
            f"Your {_site_words(r1.site)} T-score rose from {_num(t1)} on {s1.date.isoformat()} "
            f"to {_num(t2)} on {s2.date.isoformat()}"
        )
        if better:
            explanation += f", moving from the {r1.category} to the {r2.category} range"
            if r1.category == d.Category.OSTEOPOROSIS:
                explanation += ", which the document calls reversing osteoporosis"
        explanation += f"{_facility_note(s1, s2)}."
        flags.append(
            _flag(
                "bone.improved",
                "good",
                explanation,
                "Keep up what is working, and have future scans on the same machine so the "
                "comparison stays fair.",
                _pair_evidence(before, after),
            )
        )
    return flags


RESCAN_LOW_DAYS = 730  # osteopenia or osteoporosis: re-measure every 1-2 years
RESCAN_NORMAL_DAYS = 1826  # normal: about 5 years (decision)


def bone_rescan_due(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.rescan_due`: latest scan > 730 days old (osteopenia/osteoporosis), > 1826 (normal).

    The "or a bone medicine is logged" clause is not implemented: there is no medication log yet.
    """
    journal = as_of(journal, today)
    if not journal.scans:
        return []
    latest = max(journal.scans, key=lambda scan: scan.date)
    days = (today - latest.date).days
    category = journal.overall_category()
    low = category in (d.Category.OSTEOPENIA, d.Category.OSTEOPOROSIS)
    limit = RESCAN_LOW_DAYS if low else RESCAN_NORMAL_DAYS
    if days <= limit:
        return []
    if low:
        explanation = (
            f"Your last DEXA scan was on {latest.date.isoformat()}, {days} days ago, and your "
            f"overall result is in the {category} range, where the document suggests measuring "
            "bone density again every 1-2 years."
        )
    else:
        explanation = (
            f"Your last DEXA scan was on {latest.date.isoformat()}, {days} days ago, more than "
            "five years; even with a normal result, a check every few years helps catch bone loss "
            "early."
        )
    value = f"{days} days ago" + (f", overall {category}" if category else "")
    return [
        _flag(
            "bone.rescan_due",
            "notice",
            explanation,
            "Ask your doctor whether a new scan is due, ideally at the same facility as the last "
            "one.",
            [
                Evidence(
                    f"Latest DEXA scan on {latest.date.isoformat()}",
                    value,
                    latest.date,
                    "dexa",
                    latest.id,
                )
            ],
        )
    ]


def bone_no_scan(journal: Journal, today: dt.date) -> list[Flag]:
    """`bone.no_scan`: no scan, and age >= 50, a fragility fracture, or back pain (score >= 1)."""
    journal = as_of(journal, today)
    if journal.scans:
        return []
    reasons, evidence = [], []
    age = _age(journal, today)
    if age is not None and age >= 50:
        reasons.append("you are 50 or older")
        evidence.append(
            Evidence(
                "Birth year (profile)", f"{journal.profile.birth_year} (age {age})", None, "profile"
            )
        )
    fragile = [f for f in journal.fractures if f.minimal_trauma]
    if fragile:
        reasons.append("a fracture from minimal trauma is recorded")
        evidence += [_fracture_evidence(f) for f in fragile]
    back = [p for p in journal.pains if p.at_back and p.score >= 1]
    if back:
        reasons.append("you have logged back pain")
        entries = "1 back-pain entry" if len(back) == 1 else f"{len(back)} back-pain entries"
        evidence.append(_pain_evidence(back[-1], f"latest of {entries}"))
    if not reasons:
        return []
    return [
        _flag(
            "bone.no_scan",
            "notice",
            f"There is no bone density scan in your journal, and {_join(reasons)}; a DEXA scan is "
            "the standard way to measure bone density and can catch bone loss before a fracture.",
            "Worth asking your doctor whether a DEXA scan is right for you.",
            evidence,
        )
    ]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --- Pain ----------------------------------------------------------------------------------------


def fracture_sign_for(pain: Pain) -> bool:
    """Does this one entry show the fracture-sign pattern?

    Back location AND the minor-movement mark AND (sudden onset OR sharp quality). The view can call
    it right after a save; `pain_fracture_sign` adds the 30-day window.
    """
    return (
        pain.at_back
        and bool(pain.minor_trigger)
        and (pain.onset == d.Onset.SUDDEN or pain.quality == d.Quality.SHARP)
    )


def pain_fracture_sign(journal: Journal, today: dt.date) -> list[Flag]:
    """`pain.fracture_sign`: one urgent flag; evidence is every matching entry of the last 30 days,
    newest first."""
    journal = as_of(journal, today)
    hits = [p for p in _window(journal.pains, today, 30) if fracture_sign_for(p)]
    if not hits:
        return []
    hits.reverse()
    return [
        _flag(
            "pain.fracture_sign",
            "urgent",
            f"Your back-pain entry on {hits[0].date.isoformat()} came on suddenly or sharply after "
            "a minor movement or impact, a pattern that can go with a vertebral (spine) fracture.",
            "Please get this assessed by a doctor promptly, even if the pain is easing.",
            [_pain_evidence(p) for p in hits],
        )
    ]


SPIKE_POINTS = 3
SPIKE_MIN_PRIOR = 3
SPIKE_PRIOR_DAYS = 14


def _prior(pains, pain: Pain) -> list[Pain]:
    start = pain.date - dt.timedelta(days=SPIKE_PRIOR_DAYS)
    return [p for p in pains if start <= p.date < pain.date]


def pain_spike(journal: Journal, today: dt.date) -> list[Flag]:
    """`pain.spike`: a back entry in the last 30 days >= 3 above the mean of the 14 days before it.

    "Before it" is date-14..date-1 at any location, with at least 3 entries. One flag; evidence is
    each spiking entry, newest first, with the earlier mean it is compared to.
    """
    journal = as_of(journal, today)
    evidence = []
    first = None
    for pain in reversed(_window(journal.pains, today, 30)):
        if not pain.at_back:
            continue
        prior = _prior(journal.pains, pain)
        if len(prior) < SPIKE_MIN_PRIOR:
            continue
        total, count = sum(p.score for p in prior), len(prior)
        if pain.score * count >= total + SPIKE_POINTS * count:  # score >= mean + 3, exactly
            mean = _mean_text(total, count)
            first = first or (pain, mean)
            evidence.append(
                _pain_evidence(
                    pain, f"average {mean}/10 over {count} entries in the 14 days before"
                )
            )
    if first is None:
        return []
    pain, mean = first
    return [
        _flag(
            "pain.spike",
            "warning",
            f"Your back pain on {pain.date.isoformat()} was {pain.score}/10, at least 3 points "
            f"above your average of {mean}/10 over the 14 days before.",
            "A sudden rise is worth mentioning to your doctor, especially if it began after a "
            "fall, a bend or a lift.",
            evidence,
        )
    ]


CHRONIC_DAYS = 91


def current_episode(journal: Journal, today: dt.date) -> tuple[Pain, ...] | None:
    """The episode holding the latest pain entry, if it scores >= 1 and is <= 14 days old."""
    journal = as_of(journal, today)
    if not journal.pains:
        return None
    latest = journal.pains[-1]
    if latest.score < 1 or (today - latest.date).days > EPISODE_GAP_DAYS:
        return None
    episodes = pain_episodes(journal.pains)  # as_of: in date order
    return episodes[-1] if episodes else None


def pain_chronic(journal: Journal, today: dt.date) -> list[Flag]:
    """`pain.chronic`: the current episode's first and last entries are >= 91 days apart."""
    episode = current_episode(journal, today)
    if not episode:
        return []
    first, last = episode[0], episode[-1]
    days = (last.date - first.date).days
    if days < CHRONIC_DAYS:
        return []
    return [
        _flag(
            "pain.chronic",
            "notice",
            f"Your current run of pain has gone on since {first.date.isoformat()} ({days} days, "
            f"{len(episode)} entries); pain lasting longer than three months counts as chronic "
            "pain.",
            "Worth discussing with your doctor: long-lasting pain is often easier to manage with a "
            "plan that looks at both the pain and bone health.",
            [
                _pain_evidence(first, "first entry of this episode"),
                _pain_evidence(last, "latest entry of this episode"),
            ],
        )
    ]


IMPROVING_POINTS = 2
IMPROVING_MIN_ENTRIES = 5


def pain_improving(journal: Journal, today: dt.date) -> list[Flag]:
    """`pain.improving`: mean of today-29..today >= 2 below the mean of today-59..today-30.

    Each window needs at least 5 entries (any location).
    """
    journal = as_of(journal, today)
    recent = _window(journal.pains, today, 30)
    earlier = _window(journal.pains, today - dt.timedelta(days=30), 30)
    n_r, n_e = len(recent), len(earlier)
    if n_r < IMPROVING_MIN_ENTRIES or n_e < IMPROVING_MIN_ENTRIES:
        return []
    s_r, s_e = sum(p.score for p in recent), sum(p.score for p in earlier)
    # mean(earlier) - mean(recent) >= 2, without rounding
    if s_e * n_r - s_r * n_e < IMPROVING_POINTS * n_e * n_r:
        return []
    m_r, m_e = _mean_text(s_r, n_r), _mean_text(s_e, n_e)
    e_start, e_end = today - dt.timedelta(days=59), today - dt.timedelta(days=30)
    r_start = today - dt.timedelta(days=29)
    return [
        _flag(
            "pain.improving",
            "good",
            f"Your average pain over the last 30 days was {m_r}/10, down from {m_e}/10 in the 30 "
            "days before.",
            "Note what has changed, and keep logging so you and your doctor can see what helps.",
            [
                Evidence(
                    f"Average pain, {e_start.isoformat()} to {e_end.isoformat()}",
                    f"{m_e}/10 over {n_e} entries",
                    e_end,
                    "pain",
                ),
                Evidence(
                    f"Average pain, {r_start.isoformat()} to {today.isoformat()}",
                    f"{m_r}/10 over {n_r} entries",
                    today,
                    "pain",
                ),
            ],
        )
    ]


# --- Activity ------------------------------------------------------------------------------------

WEEKLY_MINUTES = 150
WEIGHT_BEARING_MIN_MINUTES = 30
WEIGHT_BEARING_SESSIONS = 3
STRENGTH_DAYS = 2


def weekly_minutes(journal: Journal, today: dt.date) -> int:
    """Moderate-equivalent minutes in today-6..today (vigorous counts double, light not at all)."""
    return sum(e.moderate_minutes for e in _window(as_of(journal, today).exercises, today, 7))


def _week_label(today: dt.date) -> str:
    return f"{(today - dt.timedelta(days=6)).isoformat()} to {today.isoformat()}"


def activity_below_150(journal: Journal, today: dt.date) -> list[Flag]:
    """`activity.below_150`: moderate-equivalent minutes in today-6..today < 150."""
    journal = as_of(journal, today)
    if not _activity_ready(journal, today):
        return []
    week = _window(journal.exercises, today, 7)
    total = sum(e.moderate_minutes for e in week)
    if total >= WEEKLY_MINUTES:
        return []
    counted = [e for e in reversed(week) if e.moderate_minutes]
    return [
        _flag(
            "activity.below_150",
            "notice",
            f"In the 7 days up to {today.isoformat()} you logged {total} moderate-equivalent "
            "minutes (a vigorous minute counts as two, light activity not at all); under 150 "
            "minutes a week is a sedentary pattern that may speed bone loss.",
            "Try adding brisk walks or other moderate sessions to reach at least 150 minutes a "
            "week, at a level that suits your bones and joints.",
            [
                Evidence(
                    f"Moderate-equivalent minutes, {_week_label(today)}",
                    f"{total} min",
                    today,
                    "exercise",
                ),
                *[_exercise_evidence(e) for e in counted],
            ],
        )
    ]


def activity_weight_bearing_low(journal: Journal, today: dt.date) -> list[Flag]:
    """`activity.weight_bearing_low`: < 3 weight-bearing sessions of >= 30 min in today-6..today."""
    journal = as_of(journal, today)
    if not _activity_ready(journal, today):
        return []
    good = [
        e
        for e in reversed(_window(journal.exercises, today, 7))
        if e.weight_bearing and e.minutes >= WEIGHT_BEARING_MIN_MINUTES
    ]
    if len(good) >= WEIGHT_BEARING_SESSIONS:
        return []
    return [
        _flag(
            "activity.weight_bearing_low",
            "notice",
            f"You logged {_plural(len(good), 'weight-bearing session')} of 30 minutes or more in "
            "the last 7 days; the document's plan suggests three a week, such as brisk walks, "
            "dancing or resistance training.",
            "Aim for three 30-minute weight-bearing sessions this week, at a level your doctor or "
            "physiotherapist is happy with.",
            [
                Evidence(
                    f"Weight-bearing sessions of 30+ min, {_week_label(today)}",
                    str(len(good)),
                    today,
                    "exercise",
                ),
                *[_exercise_evidence(e) for e in good],
            ],
        )
    ]


def activity_strength_low(journal: Journal, today: dt.date) -> list[Flag]:
    """`activity.strength_low`: strength sessions on < 2 distinct days in today-6..today."""
    journal = as_of(journal, today)
    if not _activity_ready(journal, today):
        return []
    sessions = [
        e
        for e in reversed(_window(journal.exercises, today, 7))
        if e.kind == d.ExerciseKind.STRENGTH
    ]
    days = len({e.date for e in sessions})
    if days >= STRENGTH_DAYS:
        return []
    return [
        _flag(
            "activity.strength_low",
            "notice",
            f"You did resistance or strength work on {_plural(days, 'day')} in the last 7 days; "
            "two or more days a week is recommended, and strength work for the back helps protect "
            "the spine.",
            "Add a second strength day, for example resistance bands or body-weight exercises, "
            "with guidance if your bone density is low.",
            [
                Evidence(f"Strength days, {_week_label(today)}", str(days), today, "exercise"),
                *[_exercise_evidence(e) for e in sessions],
            ],
        )
    ]


def _plain_walk(session: Exercise) -> bool:
    return session.kind in d.WALKING_KINDS and not session.load_kg and not session.jumps


def activity_walking_only(journal: Journal, today: dt.date) -> list[Flag]:
    """`activity.walking_only`: osteopenia/osteoporosis and every session of today-27..today is a
    plain walk (walking kinds, no load, no jumps); needs at least one session."""
    journal = as_of(journal, today)
    if not _activity_ready(journal, today):
        return []
    category = journal.overall_category()
    if category not in (d.Category.OSTEOPENIA, d.Category.OSTEOPOROSIS):
        return []
    sessions = _window(journal.exercises, today, 28)
    if not sessions or not all(_plain_walk(e) for e in sessions):
        return []
    return [
        _flag(
            "activity.walking_only",
            "info",
            f"All {_plural(len(sessions), 'session')} you logged in the last 28 days were walks; "
            f"with bone density in the {category} range, walking alone is not enough to keep or "
            "rebuild bone.",
            "Consider adding load (such as a weighted vest), brisk intervals and strength work; "
            "a physiotherapist can help choose what is safe for you.",
            [
                Evidence("Overall bone density category", category, None, "dexa"),
                *[_exercise_evidence(e) for e in reversed(sessions)],
            ],
        )
    ]


def activity_spine_caution(journal: Journal, today: dt.date) -> list[Flag]:
    """`activity.spine_caution`: latest lumbar-spine T <= -2.5 and a high-impact session in
    today-27..today."""
    journal = as_of(journal, today)
    if not _activity_ready(journal, today):
        return []
    spine = journal.latest_results().get(d.Site.SPINE)
    if spine is None or _dec(spine[1].t_score) > d.OSTEOPOROSIS_AT:
        return []
    risky = [e for e in _window(journal.exercises, today, 28) if e.high_impact]
    if not risky:
        return []
    risky.reverse()
    return [
        _flag(
            "activity.spine_caution",
            "warning",
            f"Your latest lumbar spine T-score is {_num(spine[1].t_score)} and you logged "
            f"high-impact exercise on {risky[0].date.isoformat()}; high-impact and twisting moves "
            "can be risky for fragile vertebrae, and jumping mainly builds the hip, not the spine.",
            "Please get professional guidance before more high-impact work, and ask about safer "
            "ways to strengthen the back.",
            [_t_evidence(*spine), *[_exercise_evidence(e) for e in risky]],
        )
    ]


# --- Height and fractures ------------------------------------------------------------------------

MEASURED_LOSS_CM = Decimal("2.0")
HISTORICAL_LOSS_CM = Decimal("4.0")


def body_height_loss(journal: Journal, today: dt.date) -> list[Flag]:
    """`body.height_loss`: latest height >= 2.0 cm below the tallest measured, or >= 4.0 cm below
    the profile's tallest adult height. One flag naming both measurements compared."""
    journal = as_of(journal, today)
    if not journal.heights:
        return []
    latest = journal.heights[-1]
    now = _dec(latest.height_cm)
    tallest = max(journal.heights, key=lambda h: _dec(h.height_cm))  # earliest of equals
    measured_loss = _dec(tallest.height_cm) - now
    parts, evidence = [], [_height_evidence(latest, "Latest")]
    if measured_loss >= MEASURED_LOSS_CM:
        parts.append(
            f"{_num(measured_loss, 1)} cm below your tallest measured height "
            f"({_num(tallest.height_cm, 1)} cm on {tallest.date.isoformat()})"
        )
        evidence.append(_height_evidence(tallest, "Tallest measured"))
    profile_tallest = journal.profile.tallest_height_cm
    if profile_tallest is not None:
        historical_loss = _dec(profile_tallest) - now
        if historical_loss >= HISTORICAL_LOSS_CM:
            parts.append(
                f"{_num(historical_loss, 1)} cm below the tallest adult height in your profile "
                f"({_num(profile_tallest, 1)} cm)"
            )
            evidence.append(
                Evidence(
                    "Tallest adult height (profile)",
                    f"{_num(profile_tallest, 1)} cm",
                    None,
                    "profile",
                )
            )
    if not parts:
        return []
    return [
        _flag(
            "body.height_loss",
            "warning",
            f"Your latest height, {_num(now, 1)} cm on {latest.date.isoformat()}, is "
            f"{' and '.join(parts)}; losing height can be a sign of compressed vertebrae.",
            "Worth raising with your doctor, who may want to check your spine.",
            evidence,
        )
    ]


def fracture_fragility(journal: Journal, today: dt.date) -> list[Flag]:
    """`fracture.fragility`: one flag naming every fracture recorded as minimal trauma, newest
    first."""
    journal = as_of(journal, today)
    fragile = [f for f in reversed(journal.fractures) if f.minimal_trauma]
    if not fragile:
        return []
    newest = fragile[0]
    return [
        _flag(
            "fracture.fragility",
            "warning",
            f"You recorded a {_label(d.FractureSite, newest.site).lower()} fracture on "
            f"{newest.date.isoformat()} from minimal trauma (a fall from standing height or less, "
            "or no fall), which may point to weakened bone.",
            "Worth discussing with your doctor, including whether a bone density check or "
            "treatment is needed.",
            [_fracture_evidence(f) for f in fragile],
        )
    ]


# --- all together --------------------------------------------------------------------------------

CHECKS = (
    bone_osteoporosis,
    bone_osteopenia,
    bone_severe,
    bone_near_border,
    bone_decline,
    bone_improved,
    bone_rescan_due,
    bone_no_scan,
    pain_fracture_sign,
    pain_spike,
    pain_chronic,
    pain_improving,
    activity_below_150,
    activity_weight_bearing_low,
    activity_strength_low,
    activity_walking_only,
    activity_spine_caution,
    body_height_loss,
    fracture_fragility,
)


def sort_flags(flags) -> list[Flag]:
    """Urgent first, then warning, notice, info, good; stable within a level."""
    return sorted(flags, key=lambda flag: level_rank(flag.level))


def evaluate(journal: Journal, today: dt.date) -> list[Flag]:
    """Run every rule (in catalogue order) and return the flags, most pressing first."""
    journal = as_of(journal, today)
    flags: list[Flag] = []
    for check in CHECKS:
        flags.extend(check(journal, today))
    return sort_flags(flags)
