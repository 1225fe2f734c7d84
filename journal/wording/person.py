"""Findings in the person's words: for each rule, an explanation and a next step (second person,
plain language, never a diagnosis).

Most rules are a pair of templates filled with the finding's values, each formatted by its name
(`_formatted`); the few whose sentence depends on which conditions held are small functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from .. import domain as d
from ..formats import fmt_date, join, num, plural
from ..rules import Finding
from .care import PERSON_CARE
from .person_meds import (
    denosumab_due,
    denosumab_overdue,
    dose_due,
    falls,
    pain_despite_otc,
    vitamin_d_low,
)

Words = tuple[str, str]
PLACES = {"lsc": 3, "now": 1, "tallest": 1, "adult_tallest": 1}  # decimals shown, else 2


def _formatted(values: dict) -> dict:
    """Values ready for a sentence: dates as text, sites as words, decimals without noise."""
    out = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            out[name] = fmt_date(value)
        elif name == "site":
            out[name] = d.site_label(value).lower()
        elif name == "fracture_site":
            out[name] = d.label(d.FractureSite, value).lower()
        elif isinstance(value, Decimal):
            out[name] = num(value, 1 if name.endswith("mean") else PLACES.get(name, 2))
        else:
            out[name] = value
    return out


def _facilities(v: dict) -> str:
    if not v["facilities"]:
        return ""
    a, b = v["facilities"]
    return (
        f"; the two scans come from different facilities ({a}, {b}), and comparisons across "
        "different scanners are unreliable"
    )


DECLINE_REASONS = {
    "marked_drop": "it is 0.3 or more",
    "bmd_beyond_lsc": "the BMD fell by at least the least significant change ({lsc} g/cm²)",
    "worse_category": "it moved from the {category_before} to the {category_after} range",
}


def _decline(v: dict) -> Words:
    change = (
        f"Your {v['site']} T-score went from {v['t_before']} on {v['date_before']} to "
        f"{v['t_after']} on {v['date_after']}, a drop of {v['drop']}"
    )
    if v["reasons"]:
        reasons = join([DECLINE_REASONS[r].format(**v) for r in v["reasons"]])
        return (
            f"{change}, a marked fall because {reasons}{_facilities(v)}.",
            "Worth taking both scan reports to your doctor to discuss whether your plan for "
            "exercise, nutrition or medication should change.",
        )
    return (
        f"{change}; a change this small may be within the scanner's precision{_facilities(v)}.",
        "Keep an eye on it at your next scan, ideally on the same machine, and mention it to your "
        "doctor.",
    )


def _improved(v: dict) -> Words:
    text = (
        f"Your {v['site']} T-score rose from {v['t_before']} on {v['date_before']} to "
        f"{v['t_after']} on {v['date_after']}"
    )
    if v["better_category"]:
        text += f", moving from the {v['category_before']} to the {v['category_after']} range"
        if v["category_before"] == d.Category.OSTEOPOROSIS:
            text += ", which the document calls reversing osteoporosis"
    return (
        f"{text}{_facilities(v)}.",
        "Keep up what is working, and have future scans on the same machine so the comparison "
        "stays fair.",
    )


def _rescan_due(v: dict) -> Words:
    when = f"Your last DEXA scan was on {v['date']}, {v['days']} days ago"
    if v["low"]:
        explanation = (
            f"{when}, and your overall result is in the {v['category']} range, where the document "
            "suggests measuring bone density again every 1-2 years."
        )
    elif v.get("medicine"):
        explanation = (
            f"{when}, and your journal lists a bone medicine ({v['medicine']}); the document "
            "suggests measuring bone density every 1-2 years, which also shows how well the "
            "treatment is working."
        )
    else:
        explanation = (
            f"{when}, more than five years; even with a normal result, a check every few years "
            "helps catch bone loss early."
        )
    return (
        explanation,
        "Ask your doctor whether a new scan is due, ideally at the same facility as the last one.",
    )


NO_SCAN_REASONS = {
    "age": "you are 50 or older",
    "fragility_fracture": "a fracture from minimal trauma is recorded",
    "back_pain": "you have logged back pain",
}


def _no_scan(v: dict) -> Words:
    return (
        f"There is no bone density scan in your journal, and "
        f"{join([NO_SCAN_REASONS[r] for r in v['reasons']])}; a DEXA scan is the standard way to "
        "measure bone density and can catch bone loss before a fracture.",
        "Worth asking your doctor whether a DEXA scan is right for you.",
    )


def _height_loss(v: dict) -> Words:
    parts = []
    if "tallest" in v:
        loss = num(Decimal(v["tallest"]) - Decimal(v["now"]), 1)
        parts.append(
            f"{loss} cm below your tallest measured height ({v['tallest']} cm on "
            f"{v['tallest_date']})"
        )
    if "adult_tallest" in v:
        loss = num(Decimal(v["adult_tallest"]) - Decimal(v["now"]), 1)
        parts.append(
            f"{loss} cm below the tallest adult height in your profile ({v['adult_tallest']} cm)"
        )
    return (
        f"Your latest height, {v['now']} cm on {v['date']}, is {' and '.join(parts)}; losing "
        "height can be a sign of compressed vertebrae.",
        "Worth raising with your doctor, who may want to check your spine.",
    )


def _counted(template: str, next_step: str, count: str, word: str) -> Callable[[dict], Words]:
    """Words that name a count of things ("1 day", "2 days")."""
    return lambda v: (template.format(counted=plural(v[count], word), **v), next_step)


PERSON: dict[str, Words | Callable[[dict], Words]] = {
    "bone.osteoporosis": (
        "Your latest {site} T-score is {t}, in the range of -2.5 or lower that the WHO calls "
        "osteoporosis, where bones may break more easily.",
        "Worth discussing with your doctor, who can weigh treatment options together with "
        "exercise, calcium and vitamin D.",
    ),
    "bone.osteopenia": (
        "Your lowest latest T-score ({site}, {t}) lies between -1.0 and -2.5, the range the WHO "
        "calls osteopenia, meaning bone density is lower than ideal.",
        "Weight-bearing and strength exercise with enough calcium (about 1,200 mg a day) and "
        "vitamin D may help hold or rebuild bone; worth discussing with your doctor.",
    ),
    "bone.severe": (
        "Your latest {site} T-score is {t}, below -3.0, where the document notes that exercise "
        "and diet alone may find it hard to rebuild enough bone.",
        "Worth asking your doctor whether medication should be part of your plan, alongside "
        "exercise and nutrition.",
    ),
    "bone.near_border": (
        "Your lowest latest T-score ({site}, {t}) is between -2.9 and -2.5, close enough to the "
        "border that the right exercise and diet may bring it back into the osteopenia range.",
        "Ask your doctor or a physiotherapist about a progressive weight-bearing and strength "
        "programme, and about calcium and vitamin D.",
    ),
    "bone.decline": _decline,
    "bone.improved": _improved,
    "bone.rescan_due": _rescan_due,
    "bone.no_scan": _no_scan,
    "pain.fracture_sign": (
        "Your back-pain entry on {date} came on suddenly or sharply after a minor movement or "
        "impact, a pattern that can go with a vertebral (spine) fracture.",
        "Please get this assessed by a doctor promptly, even if the pain is easing.",
    ),
    "pain.spike": (
        "Your back pain on {date} was {score}/10, at least 3 points above your average of "
        "{prior_mean}/10 over the 14 days before.",
        "A sudden rise is worth mentioning to your doctor, especially if it began after a fall, a "
        "bend or a lift.",
    ),
    "pain.chronic": (
        "Your current run of pain has gone on since {start} ({days} days, {entries} entries); "
        "pain lasting longer than three months counts as chronic pain.",
        "Worth discussing with your doctor: long-lasting pain is often easier to manage with a "
        "plan that looks at both the pain and bone health.",
    ),
    "pain.improving": (
        "Your average pain over the last 30 days was {recent_mean}/10, down from "
        "{earlier_mean}/10 in the 30 days before.",
        "Note what has changed, and keep logging so you and your doctor can see what helps.",
    ),
    "activity.below_150": (
        "In the 7 days up to {today} you logged {total} moderate-equivalent minutes (a vigorous "
        "minute counts as two, light activity not at all); under 150 minutes a week is a "
        "sedentary pattern that may speed bone loss.",
        "Try adding brisk walks or other moderate sessions to reach at least 150 minutes a week, "
        "at a level that suits your bones and joints.",
    ),
    "activity.weight_bearing_low": _counted(
        "You logged {counted} of 30 minutes or more in the last 7 days; the document's plan "
        "suggests three a week, such as brisk walks, dancing or resistance training.",
        "Aim for three 30-minute weight-bearing sessions this week, at a level your doctor or "
        "physiotherapist is happy with.",
        "count",
        "weight-bearing session",
    ),
    "activity.strength_low": _counted(
        "You did resistance or strength work on {counted} in the last 7 days; two or more days a "
        "week is recommended, and strength work for the back helps protect the spine.",
        "Add a second strength day, for example resistance bands or body-weight exercises, with "
        "guidance if your bone density is low.",
        "days",
        "day",
    ),
    "activity.walking_only": _counted(
        "All {counted} you logged in the last 28 days were walks; with bone density in the "
        "{category} range, walking alone is not enough to keep or rebuild bone.",
        "Consider adding load (such as a weighted vest), brisk intervals and strength work; a "
        "physiotherapist can help choose what is safe for you.",
        "count",
        "session",
    ),
    "activity.spine_caution": (
        "Your latest lumbar spine T-score is {t} and you logged high-impact exercise on {date}; "
        "high-impact and twisting moves can be risky for fragile vertebrae, and jumping mainly "
        "builds the hip, not the spine.",
        "Please get professional guidance before more high-impact work, and ask about safer ways "
        "to strengthen the back.",
    ),
    "body.height_loss": _height_loss,
    "meds.denosumab_due": denosumab_due,
    "meds.denosumab_overdue": denosumab_overdue,
    "meds.dose_due": dose_due,
    "meds.pain_despite_otc": pain_despite_otc,
    "meds.long_term_nsaid": (
        "You took an anti-inflammatory painkiller (an NSAID such as ibuprofen or naproxen) on "
        "{days} of the last {span} days; the document notes that long-term high doses may get in "
        "the way of absorbing calcium.",
        "Ask your doctor or pharmacist whether this is the right pain relief for you in the long "
        "term.",
    ),
    "labs.vitamin_d_low": vitamin_d_low,
    "body.falls": falls,
    "fracture.fragility": (
        "You recorded a {fracture_site} fracture on {date} from minimal trauma (a fall from "
        "standing height or less, or no fall), which may point to weakened bone.",
        "Worth discussing with your doctor, including whether a bone density check or treatment "
        "is needed.",
    ),
}

PERSON |= PERSON_CARE


def words(finding: Finding) -> Words:
    """(explanation, next step) for a finding."""
    entry = PERSON[finding.code]
    values = _formatted(finding.values)
    if callable(entry):
        return entry(values)
    explanation, next_step = entry
    return explanation.format(**values), next_step.format(**values)
