"""The person's words for the medicines, lab results and falls rules (PERSON in person.py names
them): functions of the finding's values, already formatted (dates as text, decimals trimmed)."""

from __future__ import annotations

from .. import domain as d
from ..formats import days_away, plural

Words = tuple[str, str]


def denosumab_due(v: dict) -> Words:
    return (
        f"Your last {v['name']} injection was on {v['last']}, so the next one is due on "
        f"{v['due']} ({days_away(v['days'])}). Denosumab protects bone only while the injections "
        "keep coming about every 6 months.",
        f"Check that the next injection is booked for around {v['due']}; if it cannot be given by "
        f"{v['late_after']}, ask your doctor what to do in the meantime.",
    )


def denosumab_overdue(v: dict) -> Words:
    stopped = (
        f" Your journal marks it stopped on {v['stopped']}; the risk stays unless another "
        "treatment takes over."
        if v["stopped"]
        else ""
    )
    return (
        f"Your last {v['name']} injection was on {v['last']}; the next was due on {v['due']}, "
        f"{plural(-v['days'], 'day')} ago, and no bisphosphonate or zoledronate is logged since. "
        "When denosumab is late or stopped, bone can be lost quickly and the risk of spine "
        f"fractures rises.{stopped}",
        "Please contact your doctor soon about the injection, or about a plan to move to another "
        "treatment; do not just let it lapse. If you have had it already, log the dose.",
    )


def dose_due(v: dict) -> Words:
    days = v["days"]
    if days > 0:
        when = f"due on {v['due']}, in {plural(days, 'day')}"
    elif days == 0:
        when = f"due today ({v['due']})"
    else:
        when = f"overdue by {plural(-days, 'day')} (it was due on {v['due']})"
    schedule = d.label(d.Schedule, v["schedule"]).lower()
    return (
        f"You take {v['name']} {schedule}; the last dose logged was on {v['last']}, so the next "
        f"one is {when}.",
        "Take it or book it as planned, then log it: “Took it” on your dashboard does that in one "
        "tap.",
    )


def pain_despite_otc(v: dict) -> Words:
    before = (
        f", no lower than your {v['earlier_mean']}/10 of the two weeks before"
        if v["earlier_mean"] is not None
        else ""
    )
    return (
        f"You took paracetamol or an anti-inflammatory painkiller on {v['days']} of the last 14 "
        f"days, yet your average pain over those days was {v['recent_mean']}/10{before}.",
        "An ache that over-the-counter pain relief does not ease is one of the reasons the "
        "document gives to book an appointment with your doctor.",
    )


def vitamin_d_low(v: dict) -> Words:
    unit = d.label(d.LabUnit, v["unit"])
    converted = f" (about {v['ng_ml']} ng/mL)" if v["unit"] == d.LabUnit.NMOL_L else ""
    return (
        f"Your latest 25-OH vitamin D, on {v['date']}, was {v['value']} {unit}{converted}: below "
        "20 ng/mL, the level the document calls vitamin D deficiency. Low vitamin D makes it "
        "harder for your body to absorb the calcium bones need.",
        "Ask your doctor whether you need a vitamin D supplement or a different dose, and when to "
        "test again.",
    )


def falls(v: dict) -> Words:
    if v["count"] >= 2:
        injured = f", {v['injured']} of them with an injury" if v["injured"] else ""
        what = f"You recorded {v['count']} falls in the last 12 months{injured}, the latest on"
        what += f" {v['date']}."
    else:
        what = f"You recorded a fall that injured you on {v['date']}."
    return (
        f"{what} Falls are how most fragile bones break, and many of their causes can be found "
        "and changed.",
        "Ask your doctor for a falls assessment (balance, strength, medicines, eyesight and "
        "hazards at home); balance and strength exercise also makes falls less likely.",
    )
