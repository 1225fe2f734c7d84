"""A clinician's words for the medicines, lab, falls, mood and treatment rules (merged into
`clinician.CLINICIAN`): third person, clinical terms, one statement each, from the finding's
values already formatted (dates as ISO text, means to one decimal)."""

from __future__ import annotations

from collections.abc import Callable

from .. import domain as d
from ..formats import days_away, plural


def denosumab_due(v: dict) -> str:
    return (
        f"Denosumab ({v['name']}) last given {v['last']}; next injection due {v['due']} "
        f"({days_away(v['days'])}), to be given by {v['late_after']} (7 months after the last)."
    )


def denosumab_overdue(v: dict) -> str:
    stopped = f" Recorded as stopped on {v['stopped']}." if v["stopped"] else ""
    return (
        f"Denosumab ({v['name']}) last given {v['last']}, due {v['due']}: now "
        f"{plural(-v['days'], 'day')} overdue, more than 7 months since the last injection, with "
        "no bisphosphonate or zoledronate logged since. Risk of rebound bone loss and multiple "
        f"vertebral fractures after discontinuation.{stopped}"
    )


def dose_due(v: dict) -> str:
    days = v["days"]
    when = (
        f"due {v['due']} (in {plural(days, 'day')})"
        if days > 0
        else f"due today ({v['due']})"
        if days == 0
        else f"overdue by {plural(-days, 'day')} (due {v['due']})"
    )
    schedule = d.label(d.Schedule, v["schedule"]).lower()
    return f"{v['name']} ({schedule}) last logged {v['last']}; next dose {when}."


def pain_despite_otc(v: dict) -> str:
    before = (
        f", not lower than {v['earlier_mean']}/10 over the preceding 14 days"
        if v["earlier_mean"] is not None
        else ""
    )
    return (
        f"Paracetamol or an NSAID taken on {v['days']} of the last 14 days, with mean pain "
        f"{v['recent_mean']}/10{before}: pain not controlled by over-the-counter analgesia."
    )


def long_term_nsaid(v: dict) -> str:
    return (
        f"NSAID taken on {v['days']} of the last {v['span']} days: sustained use; the source "
        "notes that long-term high-dose NSAIDs may impair calcium absorption."
    )


def vitamin_d_low(v: dict) -> str:
    unit = d.label(d.LabUnit, v["unit"])
    converted = f" ({v['ng_ml']} ng/mL)" if v["unit"] == d.LabUnit.NMOL_L else ""
    return (
        f"Latest 25-OH vitamin D {v['value']} {unit}{converted} on {v['date']}: below 20 ng/mL "
        "(deficiency)."
    )


def falls(v: dict) -> str:
    if v["count"] >= 2:
        injured = f", {v['injured']} with injury" if v["injured"] else ", none with injury"
        what = f"{v['count']} falls in the last 12 months{injured}, the latest on {v['date']}"
    else:
        what = f"One fall with injury in the last 12 months, on {v['date']}"
    return f"{what}: falls assessment indicated (NICE CG161)."


def safety(v: dict) -> str:
    return (
        f"PHQ-9 of {v['date']}: item 9 (thoughts of being better off dead or of self-harm) "
        f"answered \u201c{v['answer']}\u201d. Suicide risk to be assessed promptly."
    )


def depression_screen(v: dict) -> str:
    text = (
        f"PHQ-9 total {v['total']}/27 on {v['date']} ({v['band']}): a positive screen (10 or more)"
    )
    if "chronic_since" in v:
        text += (
            f", with a pain episode lasting since {v['chronic_since']} ({v['chronic_days']} "
            "days): comorbid chronic pain and depressive symptoms"
        )
    return text + "."


def treatment_response(v: dict) -> str:
    course = d.label(d.TreatmentKind, v["kind"])
    if v["name"]:
        course += f" ({v['name']})"
    text = (
        f"{course}, {v['sessions']} sessions from {v['first']}: mean pain {v['latest_mean']}/10 "
        f"over the last 28 days ({v['latest_count']} entries) against {v['before_mean']}/10 in "
        f"the 28 days before the first session ({v['before_count']} entries)"
    )
    if v["lower"]:
        return f"{text}: 1 point or more lower (an uncontrolled before-and-after comparison)."
    text += ": no reduction of 1 point or more"
    if v["review"]:
        return (
            f"{text}, {v['days']} days (over 12 weeks) after the first session: review the course."
        )
    return f"{text} yet."


CLINICIAN_CARE: dict[str, Callable[[dict], str]] = {
    "meds.denosumab_due": denosumab_due,
    "meds.denosumab_overdue": denosumab_overdue,
    "meds.dose_due": dose_due,
    "meds.pain_despite_otc": pain_despite_otc,
    "meds.long_term_nsaid": long_term_nsaid,
    "labs.vitamin_d_low": vitamin_d_low,
    "body.falls": falls,
    "mood.safety": safety,
    "mood.depression_screen": depression_screen,
    "treatment.response": treatment_response,
}
