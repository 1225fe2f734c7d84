"""Each kind of evidence item as (label, value) for the person: what to check, and its value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .. import domain as d
from .. import labs
from ..formats import fmt_date, num, plural
from ..rules import Item

ROLE_WORDS = {
    "episode_first": "first entry of this episode",
    "episode_latest": "latest entry of this episode",
}

_WORDERS: dict[str, Callable[[Item], tuple[str, str]]] = {}


def worder(kind: str):
    def register(fn):
        _WORDERS[kind] = fn
        return fn

    return register


def for_person(item: Item) -> tuple[str, str]:
    return _WORDERS[item.kind](item)


def _iso(day: dt.date) -> str:
    """A date as the person reads it everywhere else: "21 Nov 2026"."""
    return fmt_date(day)


def week_label(end: dt.date) -> str:
    return f"{_iso(end - dt.timedelta(days=6))} to {_iso(end)}"


@worder("t_score")
def _t(item: Item) -> tuple[str, str]:
    v = item.values
    return f"{d.site_label(v['site'])} T-score on {_iso(item.date)}", num(v["t"])


@worder("bmd")
def _bmd(item: Item) -> tuple[str, str]:
    v = item.values
    return f"{d.site_label(v['site'])} BMD on {_iso(item.date)}", f"{num(v['bmd'], 3)} g/cm²"


@worder("scan")
def _scan(item: Item) -> tuple[str, str]:
    v = item.values
    value = f"{v['days']} days ago" + (f", overall {v['category']}" if v["category"] else "")
    return f"Latest DEXA scan on {_iso(item.date)}", value


@worder("category")
def _category(item: Item) -> tuple[str, str]:
    return "Overall bone density category", item.values["category"]


@worder("pain")
def _pain(item: Item) -> tuple[str, str]:
    v = item.values
    places = ", ".join(d.label(d.Location, loc).lower() for loc in v["locations"]) or "no location"
    details = [f"{v['score']}/10"]
    if v["onset"]:
        details.append(d.label(d.Onset, v["onset"]).lower())
    if v["quality"]:
        details.append(d.label(d.Quality, v["quality"]).lower())
    if v["minor_trigger"]:
        details.append("after a minor movement or impact")
    role = v["role"]
    if role == "spike":
        mean = num(v["prior_mean"], 1)
        details.append(f"average {mean}/10 over {v['prior_count']} entries in the 14 days before")
    elif role == "latest_back_pain":
        n = v["back_count"]
        details.append(f"latest of {n} back-pain entr{'y' if n == 1 else 'ies'}")
    elif role:
        details.append(ROLE_WORDS[role])
    return f"Pain on {_iso(item.date)} ({places})", ", ".join(details)


@worder("pain_mean")
def _pain_mean(item: Item) -> tuple[str, str]:
    v = item.values
    label = f"Average pain, {_iso(v['start'])} to {_iso(item.date)}"
    return label, f"{num(v['mean'], 1)}/10 over {v['count']} entries"


@worder("exercise")
def _exercise(item: Item) -> tuple[str, str]:
    v = item.values
    details = [f"{v['minutes']} min", v["intensity"]]
    if v["load_kg"]:
        details.append(f"{num(v['load_kg'], 1)} kg load")
    if v["jumps"]:
        details.append(f"{v['jumps']} jumps")
    return f"{d.label(d.ExerciseKind, v['kind'])} on {_iso(item.date)}", ", ".join(details)


@worder("week_minutes")
def _week_minutes(item: Item) -> tuple[str, str]:
    label = f"Moderate-equivalent minutes, {week_label(item.date)}"
    return label, f"{item.values['value']} min"


@worder("week_weight_bearing")
def _week_weight_bearing(item: Item) -> tuple[str, str]:
    label = f"Weight-bearing sessions of 30+ min, {week_label(item.date)}"
    return label, str(item.values["value"])


@worder("week_strength_days")
def _week_strength(item: Item) -> tuple[str, str]:
    return f"Strength days, {week_label(item.date)}", str(item.values["value"])


@worder("height")
def _height(item: Item) -> tuple[str, str]:
    what = {"latest": "Latest", "tallest": "Tallest measured"}[item.values["role"]]
    label = f"{what} height, measured on {_iso(item.date)}"
    return label, f"{num(item.values['cm'], 1)} cm"


@worder("tallest_adult")
def _tallest_adult(item: Item) -> tuple[str, str]:
    return "Tallest adult height (profile)", f"{num(item.values['cm'], 1)} cm"


@worder("birth_year")
def _birth_year(item: Item) -> tuple[str, str]:
    return "Birth year (profile)", f"{item.values['year']} (age {item.values['age']})"


@worder("fracture")
def _fracture(item: Item) -> tuple[str, str]:
    v = item.values
    label = f"{d.label(d.FractureSite, v['site'])} fracture on {_iso(item.date)}"
    return label, "minimal trauma" if v["minimal_trauma"] else "not minimal trauma"


# --- medicines, lab results, falls ----------------------------------------------------------------


def due_words(due: dt.date, today: dt.date) -> str:
    """ "due on 2026-07-01 (in 16 days)", "due today", "overdue by 3 days (due on ...)"."""
    days = (due - today).days
    if days > 0:
        return f"due on {_iso(due)} (in {plural(days, 'day')})"
    if days == 0:
        return f"due today ({_iso(due)})"
    return f"overdue by {plural(-days, 'day')} (due on {_iso(due)})"


@worder("dose")
def _dose(item: Item) -> tuple[str, str]:
    v = item.values
    when = _iso(item.date) + (f" at {v['time']:%H:%M}" if v["time"] else "")
    return f"{v['name']} taken on {when}", "the latest dose logged" if v["role"] == "last" else ""


@worder("due")
def _due(item: Item) -> tuple[str, str]:
    return f"Next dose of {item.values['name']}", due_words(item.date, item.values["today"])


@worder("medicine")
def _medicine(item: Item) -> tuple[str, str]:
    v = item.values
    value = f"{d.label(d.Schedule, v['schedule']).lower()}, started {_iso(item.date)}"
    if v["stopped"]:
        value += f", marked stopped on {_iso(v['stopped'])}"
    return f"{v['name']} ({d.label(d.MedicineKind, v['kind'])})", value


TAKEN_WHAT = {"otc": "paracetamol or an NSAID", "nsaid": "an NSAID (anti-inflammatory)"}


@worder("taken_days")
def _taken_days(item: Item) -> tuple[str, str]:
    v = item.values
    span = (item.date - v["start"]).days + 1
    label = f"Days {TAKEN_WHAT[v['what']]} was taken, {_iso(v['start'])} to {_iso(item.date)}"
    return label, f"{v['days']} of {span} days"


@worder("lab")
def _lab(item: Item) -> tuple[str, str]:
    v = item.values
    value = f"{num(v['value'], 1)} {d.label(d.LabUnit, v['unit'])}"
    if v["test"] == d.LabTest.VITAMIN_D and v["unit"] == d.LabUnit.NMOL_L:
        value += f" (= {num(labs.vitamin_d_ng_ml(v['value'], v['unit']))} ng/mL)"
    return f"{d.label(d.LabTest, v['test'])} on {_iso(item.date)}", value


@worder("fall")
def _fall(item: Item) -> tuple[str, str]:
    return f"Fall on {_iso(item.date)}", "with an injury" if item.values["injured"] else "no injury"


@worder("mood")
def _mood(item: Item) -> tuple[str, str]:
    v = item.values
    value = f"total {v['total']} of 27 ({v['band']})"
    if v["role"] == "safety":
        value = f"question 9: {d.phq9_answer(v['item9']).lower()}; {value}"
    return f"PHQ-9 on {_iso(item.date)}", value


@worder("treatment")
def _treatment(item: Item) -> tuple[str, str]:
    v = item.values
    name = f" ({v['name']})" if v["name"] else ""
    label = (
        f"{d.label(d.TreatmentKind, v['kind'])} course{name}, first session on {_iso(item.date)}"
    )
    return label, f"{v['sessions']} sessions"
