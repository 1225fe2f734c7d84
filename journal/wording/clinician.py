"""Findings in a clinician's words, for the one-page report: third person, clinical terms, one
statement per finding, with its evidence (the same checkable items the person sees).

Like `person.py`: a template filled with the finding's values formatted by name, or a function
where the statement depends on which conditions held; the medicines, labs, falls, mood and
treatment rules' words are in `clinician_care`. Every rule has words (a test holds it); were one
added without, it would be worded by its trigger as declared in the registry, which is written to
be read by a doctor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..formats import join, num
from ..rules import RULES, Finding
from . import Evidence, evidence
from .clinician_care import CLINICIAN_CARE
from .person import _formatted  # one way of formatting a finding's values, shared by audiences

# Rules still worded by their declared trigger for want of a clinical statement: none.
PENDING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClinicalFlag:
    code: str
    level: str
    title: str
    statement: str
    evidence: tuple[Evidence, ...]
    source: str


def _facilities(v: dict) -> str:
    if not v["facilities"]:
        return ""
    a, b = v["facilities"]
    return f" Scans from different facilities ({a}; {b}): cross-scanner comparison is unreliable."


DECLINE = {
    "marked_drop": "a fall of 0.3 or more",
    "bmd_beyond_lsc": "BMD loss at or beyond the least significant change ({lsc} g/cm²)",
    "worse_category": "category worsened from {category_before} to {category_after}",
}


def _decline(v: dict) -> str:
    change = (
        f"{v['site'].capitalize()} T-score {v['t_before']} ({v['date_before']}) to "
        f"{v['t_after']} ({v['date_after']}), a decrease of {v['drop']}"
    )
    if v["reasons"]:
        reasons = join([DECLINE[r].format(**v) for r in v["reasons"]])
        return f"{change}: {reasons}.{_facilities(v)}"
    return f"{change}; may lie within the precision error of the scanner.{_facilities(v)}"


def _improved(v: dict) -> str:
    text = (
        f"{v['site'].capitalize()} T-score {v['t_before']} ({v['date_before']}) to "
        f"{v['t_after']} ({v['date_after']})"
    )
    if v["better_category"]:
        text += f"; category improved from {v['category_before']} to {v['category_after']}"
    return f"{text}.{_facilities(v)}"


def _rescan(v: dict) -> str:
    interval = "1-2 years for a low category" if v["low"] else "5 years for a normal result"
    category = f"overall category {v['category']}" if v["category"] else "no category recorded"
    return (
        f"Last DXA {v['date']} ({v['days']} days ago), {category}; interval of {interval} passed."
    )


NO_SCAN = {
    "age": "age 50 or over",
    "fragility_fracture": "a recorded fragility fracture",
    "back_pain": "back pain logged",
}


def _height(v: dict) -> str:
    parts = []
    if "tallest" in v:
        loss = num(Decimal(v["tallest"]) - Decimal(v["now"]), 1)
        parts.append(
            f"{loss} cm below the tallest measured ({v['tallest']} cm, {v['tallest_date']})"
        )
    if "adult_tallest" in v:
        loss = num(Decimal(v["adult_tallest"]) - Decimal(v["now"]), 1)
        parts.append(f"{loss} cm below the reported tallest adult height ({v['adult_tallest']} cm)")
    return f"Height {v['now']} cm on {v['date']}: {' and '.join(parts)}."


def _days(word: str, key: str) -> Callable[[dict], str]:
    return lambda v: word.format(n=v[key], s="" if v[key] == 1 else "s", **v)


CLINICIAN: dict[str, str | Callable[[dict], str]] = {
    "bone.osteoporosis": "Latest {site} T-score {t}: osteoporosis range (WHO, -2.5 or below).",
    "bone.osteopenia": "Lowest latest T-score {t} ({site}): osteopenia range (WHO, -2.5 to -1.0).",
    "bone.severe": (
        "Latest {site} T-score {t}, below -3.0: the source advises discussing drug treatment "
        "alongside exercise and nutrition."
    ),
    "bone.near_border": "Lowest latest T-score {t} ({site}) lies between -2.9 and -2.5.",
    "bone.decline": _decline,
    "bone.improved": _improved,
    "bone.rescan_due": _rescan,
    "bone.no_scan": lambda v: (
        f"No DXA recorded; indications in the journal: {join([NO_SCAN[r] for r in v['reasons']])}."
    ),
    "pain.fracture_sign": (
        "Back pain on {date} of sudden onset or sharp quality after minor trauma (cough, bend, "
        "lift or small bump): vertebral fracture to be excluded."
    ),
    "pain.spike": (
        "Back pain {score}/10 on {date}, 3 or more points above the mean of the preceding 14 days "
        "({prior_mean}/10, {prior_count} entries)."
    ),
    "pain.chronic": "Current pain episode since {start}: {days} days, {entries} entries (chronic).",
    "pain.improving": (
        "Mean pain {recent_mean}/10 over the last 30 days against {earlier_mean}/10 over the 30 "
        "days before ({recent_count} and {earlier_count} entries)."
    ),
    "activity.below_150": (
        "{total} moderate-equivalent minutes of activity in the 7 days to {today} (WHO 2020: 150 "
        "or more a week)."
    ),
    "activity.weight_bearing_low": _days(
        "{n} weight-bearing session{s} of 30 minutes or more in the last 7 days (plan: 3 a week).",
        "count",
    ),
    "activity.strength_low": _days(
        "Resistance training on {n} day{s} in the last 7 days (WHO 2020: 2 or more a week).",
        "days",
    ),
    "activity.walking_only": (
        "Walking is the only exercise in the last 28 days ({count} sessions) with bone density in "
        "the {category} range."
    ),
    "activity.spine_caution": (
        "High-impact exercise on {date} with a latest lumbar spine T-score of {t} (-2.5 or below)."
    ),
    "body.height_loss": _height,
    "fracture.fragility": "Fragility fracture: {fracture_site}, {date} (minimal trauma).",
    **CLINICIAN_CARE,
}


def statement(finding: Finding) -> str:
    entry = CLINICIAN.get(finding.code)
    if entry is None:
        return RULES[finding.code].trigger
    values = _formatted(finding.values)
    return entry(values) if callable(entry) else entry.format(**values)


def flag_for_clinician(finding: Finding) -> ClinicalFlag:
    rule = RULES[finding.code]
    items = tuple(
        Evidence(*evidence.for_person(item), item.date, item.log, item.id)
        for item in finding.evidence
    )
    source = rule.source + (
        f"; outside guidance: {rule.outside_guidance}" if rule.outside_guidance else ""
    )
    return ClinicalFlag(finding.code, finding.level, rule.title, statement(finding), items, source)


def for_clinician(findings: Iterable[Finding]) -> list[ClinicalFlag]:
    return [flag_for_clinician(f) for f in findings]
