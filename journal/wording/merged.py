"""The dashboard's flags as the person reads them: one line each, related findings merged.

Findings that restate one fact become one flag: every site's decline is one "Bone density fell"
flag naming each site; a T-score in the osteoporosis range and that same score being close to
the border (or below -3.0) are one flag. A flag's line is its level, its title and its key value
("lumbar spine -0.4, femoral neck -0.1"); its parts (each rule's explanation, next step and
evidence, as `Flag`s) are behind it. Most pressing first, as the rules sort them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import domain as d
from ..flag_state import EvidenceState, evidence_state, fingerprint
from ..formats import fmt_date, num
from ..rules import RULES, Finding, level_rank
from . import Flag, flag_for_person

# Codes whose findings join the flag of the first code of their group (when it is raised).
GROUPS: dict[str, tuple[str, ...]] = {
    "bone.osteoporosis": ("bone.osteoporosis", "bone.severe", "bone.near_border"),
}
GROUP_OF = {code: key for key, codes in GROUPS.items() for code in codes}
# Codes whose several findings stay separate flags: each is about a thing of its own.
SEPARATE = frozenset({"treatment.response"})


@dataclass(frozen=True)
class PersonFlag:
    key: str  # what the person marks discussed: the group's first code, or the code
    level: str  # the most pressing of its parts
    title: str
    key_value: str  # the figure its line shows: "lowest T-score -2.6 (lumbar spine)"
    parts: tuple[Flag, ...]
    sources: tuple[str, ...]
    state: EvidenceState
    fingerprint: str

    @property
    def code(self) -> str:
        return self.parts[0].code

    @property
    def slug(self) -> str:
        """The key as an HTML id's tail: "bone-decline", "treatment-response-3"."""
        return self.key.replace(".", "-").replace("_", "-").replace(":", "-")


def _t(value) -> str:
    return num(value)


def _site(value: str) -> str:
    return d.site_label(value).lower()


KEY_VALUES: dict[str, Callable[[dict], str]] = {
    "bone.osteoporosis": lambda v: f"lowest T-score {_t(v['t'])} ({_site(v['site'])})",
    "bone.osteopenia": lambda v: f"lowest T-score {_t(v['t'])} ({_site(v['site'])})",
    "bone.decline": lambda v: f"{_site(v['site'])} {_t(v['t_before'])} to {_t(v['t_after'])}",
    "bone.improved": lambda v: f"{_site(v['site'])} {_t(v['t_before'])} to {_t(v['t_after'])}",
    "bone.rescan_due": lambda v: f"last scan {fmt_date(v['date'])}",
    "pain.fracture_sign": lambda v: fmt_date(v["date"]),
    "pain.spike": lambda v: f"{v['score']}/10 on {fmt_date(v['date'])}",
    "pain.chronic": lambda v: f"since {fmt_date(v['start'])}",
    "pain.improving": lambda v: f"{num(v['earlier_mean'], 1)} to {num(v['recent_mean'], 1)}/10",
    "activity.below_150": lambda v: f"{v['total']} of {d.WEEKLY_TARGET_MINUTES} min",
    "activity.weight_bearing_low": lambda v: f"{v['count']} of 3 sessions",
    "activity.strength_low": lambda v: f"{v['days']} of 2 days",
    "activity.spine_caution": lambda v: fmt_date(v["date"]),
    "body.height_loss": lambda v: f"{num(v['now'], 1)} cm on {fmt_date(v['date'])}",
    "fracture.fragility": lambda v: (
        f"{d.label(d.FractureSite, v['fracture_site']).lower()}, {fmt_date(v['date'])}"
    ),
    "meds.denosumab_due": lambda v: f"on {fmt_date(v['due'])}",  # the title ends "... due"
    "meds.denosumab_overdue": lambda v: f"was due {fmt_date(v['due'])}",
    "meds.dose_due": lambda v: f"{v['name']}, due {fmt_date(v['due'])}",
    "meds.pain_despite_otc": lambda v: f"{v['days']} of 14 days",
    "meds.long_term_nsaid": lambda v: f"{v['days']} of {v['span']} days",
    "labs.vitamin_d_low": lambda v: f"{num(v['ng_ml'], 1)} ng/mL",
    "body.falls": lambda v: f"{v['count']} in 12 months",
    "mood.depression_screen": lambda v: f"PHQ-9 {v['total']}" if "total" in v else "",
}


def key_value(finding: Finding) -> str:
    make = KEY_VALUES.get(finding.code)
    if make is None:
        return ""
    try:
        return make(finding.values)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return ""  # a figure the line can do without: the details say it in full


def _groups(findings: Iterable[Finding]) -> list[list[Finding]]:
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    raised = {f.code for f in findings}
    findings = list(findings)
    for i, finding in enumerate(findings):
        key = GROUP_OF.get(finding.code, finding.code)
        if key not in raised:
            key = finding.code  # the group's head is not raised: the finding stands alone
        group = (key, i) if finding.code in SEPARATE else (key,)
        if group not in groups:
            groups[group] = []
            order.append(group)
        groups[group].append(finding)
    return [groups[g] for g in order]


def _sources(codes: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for code in codes:
        for source in RULES[code].sources:
            seen.setdefault(source, None)
    return tuple(seen)


def person_flag(findings: list[Finding]) -> PersonFlag:
    codes = {f.code for f in findings}
    key = GROUP_OF.get(findings[0].code, findings[0].code)
    if key not in codes:
        key = findings[0].code
    # The group's head first (its title and line), then the rest, most pressing first.
    findings = sorted(findings, key=lambda f: (f.code != key, level_rank(f.level)))
    head = findings[0]
    if head.code in SEPARATE:
        ids = [item.id for item in head.evidence if item.id is not None]
        key = f"{head.code}:{ids[0] if ids else 0}"
    level = min((f.level for f in findings), key=level_rank)
    values = [key_value(f) for f in findings if f.code == head.code]
    state = evidence_state(findings)
    return PersonFlag(
        key=key,
        level=level,
        title=RULES[head.code].title,
        key_value="; ".join(v for v in values if v),
        parts=tuple(flag_for_person(f) for f in findings),
        sources=_sources(f.code for f in findings),
        state=state,
        fingerprint=fingerprint(key, level, state),
    )


def person_flags(findings: Iterable[Finding]) -> list[PersonFlag]:
    """The findings (most pressing first) as the flags the person reads, most pressing first."""
    flags = [person_flag(group) for group in _groups(list(findings))]
    return sorted(flags, key=lambda f: level_rank(f.level))
