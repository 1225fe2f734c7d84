"""FHIR R4 export: the journal as a Bundle of type `collection` (a file to hand over, with no
processing obligations), built from the snapshot (`load_journal`): pure, no database.

One mapping function per log (`@mapping("<Journal field>")`) turns its entries into resources;
codes, systems and units are declared once in `CODES` and `UNITS` (shared/warning-signs.md,
"Codes for export"). A `display` is given only where its LOINC text was checked; every code
carries a `text` in the journal's own words. Where no code is verified (a forearm T-score, a hip
or forearm BMD, Z-scores, the PHQ-9's single items, medicines) the concept is a text alone.

The mappings of vitamin D, the PHQ-9, medicines and doses are in `fhir_more` (imported at the
end of this module, so they follow these in the Bundle).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import domain as d
from ..snapshot import Journal
from ..trends import week_start

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
NAMESPACE = uuid.UUID("6f1c2b1e-2d7b-4d0e-9a55-0b6e8c6a1f01")  # the journal's own, for ids

# LOINC code -> verified display ("" when the display was not checked: the code goes without one).
CODES = {
    "72514-3": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    "38267-1": "",  # DXA lumbar spine T-score
    "38264-8": "",  # DXA hip T-score (total hip)
    "38263-0": "",  # DXA femur T-score (femoral neck, with a bodySite)
    "24966-4": "",  # DXA lumbar spine BMD
    "24701-5": "",  # DXA femur BMD (femoral neck, with a bodySite)
    "8302-2": "Body height",
    "82290-8": "Frequency of moderate to vigorous aerobic physical activity",
    "89555-7": (
        "How many days per week did you engage in moderate to strenuous physical activity in "
        "the last 30 days"
    ),
    "82291-6": "Frequency of muscle-strengthening physical activity",
    "62292-8": "25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma",
    "44249-1": "PHQ-9 quick depression assessment panel [Reported.PHQ]",
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
}
# UCUM code -> its human-readable unit.
UNITS = {"{score}": "score", "1": "T-score", "g/cm2": "g/cm2", "cm": "cm"}
UNITS |= {"min/wk": "min/wk", "d/wk": "d/wk", "ng/mL": "ng/mL", "nmol/L": "nmol/L"}
UNITS |= {"mg": "mg", "ug": "mcg", "[iU]": "IU", "mL": "mL", "{tablet}": "tablet"}  # doses

# Per DEXA site: (T-score code, BMD code, bodySite text where the code is not site-specific).
DXA = {
    "spine": ("38267-1", "24966-4", ""),
    "total_hip": ("38264-8", None, ""),
    "femoral_neck": ("38263-0", "24701-5", "Femoral neck"),
    "forearm": (None, None, ""),
}


@dataclass(frozen=True)
class Context:
    journal: Journal
    patient: str  # the Patient's fullUrl, for every subject
    owner: int  # the person's id: only ever hashed into resource ids
    now: dt.datetime

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.journal.profile.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def url(self, *parts) -> str:
        """A stable urn:uuid for one resource: the same entry, the same id in every export."""
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, ':'.join(map(str, (self.owner, *parts))))}"


MAPPINGS: dict[str, Callable[[Context], Iterator[tuple[str, dict]]]] = {}


def mapping(journal_field: str):
    """Register the function that maps a Journal field's entries to (fullUrl, resource)s."""

    def register(fn):
        MAPPINGS[journal_field] = fn
        return fn

    return register


def loinc(code: str, text: str) -> dict:
    coding = {"system": LOINC, "code": code}
    if CODES[code]:
        coding["display"] = CODES[code]
    return {"coding": [coding], "text": text}


def text_only(text: str) -> dict:
    return {"text": text}


def quantity(value, unit: str) -> dict:
    return {"value": float(value), "unit": UNITS[unit], "system": UCUM, "code": unit}


def category(code: str) -> list[dict]:
    return [{"coding": [{"system": CATEGORY, "code": code}]}]


def observation(ctx: Context, concept: dict, cat: str, value: dict | None, when, **extra) -> dict:
    """An Observation of the person; `value` a valueQuantity (None: a panel, valued by members);
    `when` a date or dateTime string, or a period dict; empty `extra` items are left out."""
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": category(cat),
        "code": concept,
        "subject": {"reference": ctx.patient},
        **({"effectiveDateTime": when} if isinstance(when, str) else {"effectivePeriod": when}),
    }
    if value is not None:
        resource["valueQuantity"] = value
    for name, item in extra.items():
        if item:
            resource[name] = item
    return resource


def effective(ctx: Context, day: dt.date, time: dt.time | None = None) -> str:
    if time is None:
        return day.isoformat()
    return dt.datetime.combine(day, time, tzinfo=ctx.zone).isoformat()


def annotation(text: str) -> list[dict] | None:
    return [{"text": text}] if text else None


def patient(ctx: Context, name: str = "") -> dict:
    """A minimal Patient: sex and birth year where the profile has them, a name only if given."""
    profile = ctx.journal.profile
    resource: dict = {"resourceType": "Patient"}
    if name:
        resource["name"] = [{"text": name}]
    if profile.sex:
        resource["gender"] = {"female": "female", "male": "male"}.get(profile.sex, "other")
    if profile.birth_year:
        resource["birthDate"] = f"{profile.birth_year:04d}"
    return resource


@mapping("pains")
def pains(ctx: Context):
    for p in ctx.journal.pains:
        places = ", ".join(d.label(d.Location, loc) for loc in p.locations)
        yield (
            ctx.url("pain", p.id),
            observation(
                ctx,
                loinc("72514-3", "Pain score, 0 to 10"),
                "survey",
                quantity(p.score, "{score}"),
                effective(ctx, p.date, p.time),
                bodySite=text_only(places) if places else None,
                note=annotation(p.note),
            ),
        )


@mapping("scans")
def scans(ctx: Context):
    for scan in ctx.journal.scans:
        for site, result in scan.results.items():
            t_code, bmd_code, body_site = DXA.get(site, (None, None, ""))
            label = d.site_label(site)
            site_extra = {"bodySite": text_only(body_site) if body_site else None}
            method = text_only("Dual-energy X-ray absorptiometry (DXA)")
            concept = loinc(t_code, f"DXA {label} T-score") if t_code else None
            yield (
                ctx.url("dexa", scan.id, site, "t"),
                observation(
                    ctx,
                    concept or text_only(f"DXA {label} T-score"),
                    "imaging",
                    quantity(result.t_score, "1"),
                    scan.date.isoformat(),
                    method=method,
                    **site_extra,
                ),
            )
            if result.bmd is not None:
                concept = loinc(bmd_code, f"DXA {label} BMD") if bmd_code else None
                yield (
                    ctx.url("dexa", scan.id, site, "bmd"),
                    observation(
                        ctx,
                        concept or text_only(f"DXA {label} BMD"),
                        "imaging",
                        quantity(result.bmd, "g/cm2"),
                        scan.date.isoformat(),
                        method=method,
                        **site_extra,
                    ),
                )
            if result.z_score is not None:
                yield (
                    ctx.url("dexa", scan.id, site, "z"),
                    observation(
                        ctx,
                        text_only(f"DXA {label} Z-score"),
                        "imaging",
                        quantity(result.z_score, "1"),
                        scan.date.isoformat(),
                        method=method,
                        **site_extra,
                    ),
                )


@mapping("heights")
def heights(ctx: Context):
    for h in ctx.journal.heights:
        yield (
            ctx.url("height", h.id),
            observation(
                ctx,
                loinc("8302-2", "Height"),
                "vital-signs",
                quantity(h.height_cm, "cm"),
                h.date.isoformat(),
            ),
        )


@mapping("exercises")
def weekly_activity(ctx: Context):
    """Per complete week (Monday to Sunday, ended before today) from the first session's week:
    minutes of moderate or vigorous activity, the days with any, and the days with strength work.
    Minutes are as logged (a vigorous minute is not doubled: the code counts minutes)."""
    sessions = ctx.journal.exercises
    if not sessions:
        return
    last = week_start(ctx.now.date()) - dt.timedelta(days=7)
    monday = week_start(sessions[0].date)
    by_week: dict[dt.date, list] = {}
    for e in sessions:
        by_week.setdefault(week_start(e.date), []).append(e)
    while monday <= last:
        week = by_week.get(monday, [])
        active = [e for e in week if e.intensity in ("moderate", "vigorous")]
        period = {
            "start": monday.isoformat(),
            "end": (monday + dt.timedelta(days=6)).isoformat(),
        }
        figures = (
            (
                "82290-8",
                "Minutes of moderate or vigorous activity in the week",
                sum(e.minutes for e in active),
                "min/wk",
            ),
            (
                "89555-7",
                "Days with moderate or vigorous activity in the week",
                len({e.date for e in active}),
                "d/wk",
            ),
            (
                "82291-6",
                "Days with muscle-strengthening activity in the week",
                len({e.date for e in week if e.kind == d.ExerciseKind.STRENGTH}),
                "d/wk",
            ),
        )
        for code, text, value, unit in figures:
            yield (
                ctx.url("week", monday, code),
                observation(ctx, loinc(code, text), "activity", quantity(value, unit), period),
            )
        monday += dt.timedelta(days=7)


def resources(journal: Journal, owner: int, now: dt.datetime, name: str = ""):
    """(fullUrl, resource) for the Patient, then every mapping's resources."""
    ctx = Context(journal, "", owner, now)
    ctx = Context(journal, ctx.url("patient"), owner, now)
    yield ctx.patient, patient(ctx, name)
    for fn in MAPPINGS.values():
        yield from fn(ctx)


def bundle(journal: Journal, owner: int, now: dt.datetime, name: str = "") -> dict:
    """The whole Bundle as one dict (tests, small journals)."""
    return json.loads(b"".join(bundle_json(journal, owner, now, name)))


def bundle_json(journal: Journal, owner: int, now: dt.datetime, name: str = "") -> Iterator[bytes]:
    """The Bundle as JSON, streamed one entry at a time."""
    head = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "entry": ['
    buf = []
    for i, (url, resource) in enumerate(resources(journal, owner, now, name)):
        entry = json.dumps({"fullUrl": url, "resource": resource}, ensure_ascii=False)
        buf.append(("," if i else "") + "\n  " + entry)
        if len(buf) >= 200:
            yield "".join(buf).encode()
            buf = []
    buf.append("\n]}\n")
    yield "".join(buf).encode()


# The second wave's logs: one mapping each, registered (in this order) after the ones above.
from . import fhir_more  # noqa: E402, F401
