"""FHIR R4 mappings of the logs added after the first export: 25-OH vitamin D, the PHQ-9,
medicines and their doses. Pure, from the snapshot, like `fhir` (whose helpers they use).

- **Vitamin D**: an Observation `62292-8` (category `laboratory`) in the unit it was entered in,
  UCUM `ng/mL` or `nmol/L`: the journal never converts a stored result, and neither does the
  export (1 ng/mL = 2.496 nmol/L, for a reader who must).
- **PHQ-9**: a panel Observation `44249-1` with no value of its own, whose `hasMember` names the
  total `44261-6` (valueQuantity in `{score}`, its band as `interpretation` text) and nine item
  Observations, one per question in the standard wording, each answer as text with its score.
  Members rather than components: the items are read one by one (question 9 above all), and a
  component is meant for a part that has no meaning apart from its whole (blood pressure's two
  numbers); it is also the shape of US Core's PHQ-9 examples (a panel, hasMember, the total and
  each item an Observation). The items' own LOINC codes are not among the verified codes
  (warning-signs.md), so each item's concept is its text.
- **Medicines**: a `Medication` per medicine (its name as text: no RxNorm or SNOMED code is
  verified here) and a `MedicationStatement` naming it: patient-reported (category
  `patientspecified`, `informationSource` the Patient), `effectivePeriod` from the start to the
  stop date, status `completed` once the stop date has come ("no longer being taken"; `stopped`
  would assert it was halted before its course was over, which the journal does not know), else
  `active`; `dosage` from the usual dose, its unit and the schedule (`timing`, or
  `asNeededBoolean`).
- **Doses**: a `MedicationAdministration` per logged dose (status `completed`, its date and time,
  its amount where entered), naming the same Medication as the statement. Worth the resources:
  the dose log is the only record of when each injection was given (denosumab's lateness, which
  two rules hang on, is a fact about those dates) and of how often an as-needed reliever was
  taken; a statement's period and schedule cannot carry either, and leaving doses out would make
  this file lose a whole log that the journal file keeps.
"""

from __future__ import annotations

from .. import domain as d
from .fhir import (
    Context,
    annotation,
    effective,
    loinc,
    mapping,
    observation,
    quantity,
    text_only,
)

LAB_UNITS = {"ng_ml": "ng/mL", "nmol_l": "nmol/L"}  # LabUnit -> UCUM
DOSE_UNITS = {"mg": "mg", "mcg": "ug", "iu": "[iU]", "ml": "mL", "tablet": "{tablet}"}
# Schedule -> (period, Timing.repeat.periodUnit): one dose in each period.
TIMING = {
    "daily": (1, "d"),
    "weekly": (1, "wk"),
    "monthly": (1, "mo"),
    "every_3_months": (3, "mo"),
    "every_6_months": (6, "mo"),
    "yearly": (1, "a"),
}
STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"


@mapping("labs")
def vitamin_d(ctx: Context):
    for lab in ctx.journal.labs:
        if lab.test != d.LabTest.VITAMIN_D:
            continue
        yield (
            ctx.url("lab", lab.id),
            observation(
                ctx,
                loinc("62292-8", "25-OH vitamin D (D2 + D3)"),
                "laboratory",
                quantity(lab.value, LAB_UNITS[lab.unit]),
                lab.date.isoformat(),
                note=annotation(lab.note),
            ),
        )


def _band(total: int) -> str:
    low, high = next((lo, hi) for band, lo, hi in d.PHQ9_BANDS if lo <= total <= hi)
    return f"{d.phq9_band(total).capitalize()} ({low}-{high})"


@mapping("moods")
def phq9(ctx: Context):
    """Per questionnaire: the panel, then the total, then its nine items."""
    for mood in ctx.journal.moods:
        when = mood.date.isoformat()
        total_url = ctx.url("mood", mood.id, "total")
        item_urls = [ctx.url("mood", mood.id, "item", n) for n in range(1, len(mood.answers) + 1)]
        panel = observation(ctx, loinc("44249-1", "PHQ-9"), "survey", None, when)
        panel["hasMember"] = [{"reference": url} for url in (total_url, *item_urls)]
        yield ctx.url("mood", mood.id), panel
        yield (
            total_url,
            observation(
                ctx,
                loinc("44261-6", "PHQ-9 total score, 0 to 27"),
                "survey",
                quantity(mood.total, "{score}"),
                when,
                interpretation=[{"text": _band(mood.total)}],
            ),
        )
        for n, (question, answer, url) in enumerate(
            zip(d.PHQ9_ITEMS, mood.answers, item_urls, strict=True), start=1
        ):
            item = observation(
                ctx, text_only(f"PHQ-9 question {n}: {question}"), "survey", None, when
            )
            item["valueCodeableConcept"] = {"text": f"{d.phq9_answer(answer)} ({answer})"}
            yield url, item


def dose_quantity(amount, unit: str) -> dict:
    """An amount in a medicine's dose unit (a bare value when the medicine names no unit)."""
    return quantity(amount, DOSE_UNITS[unit]) if unit else {"value": float(amount)}


def dosage(medicine) -> dict:
    schedule = d.label(d.Schedule, medicine.schedule).lower()
    out: dict = {"text": schedule.capitalize()}
    if medicine.dose_amount is not None:
        unit = d.label(d.DoseUnit, medicine.dose_unit) if medicine.dose_unit else ""
        amount = f"{medicine.dose_amount.normalize():f}"
        out["text"] = " ".join(filter(None, (amount, unit, schedule)))
        out["doseAndRate"] = [
            {"doseQuantity": dose_quantity(medicine.dose_amount, medicine.dose_unit)}
        ]
    if medicine.schedule == d.Schedule.AS_NEEDED:
        out["asNeededBoolean"] = True
    else:
        period, unit = TIMING[medicine.schedule]
        out["timing"] = {"repeat": {"frequency": 1, "period": period, "periodUnit": unit}}
    return out


@mapping("medicines")
def medicines(ctx: Context):
    today = ctx.now.astimezone(ctx.zone).date()
    for med in ctx.journal.medicines:
        medication = ctx.url("medication", med.id)
        yield medication, {"resourceType": "Medication", "code": text_only(med.name)}
        period = {"start": med.date.isoformat()}
        if med.stopped is not None:
            period["end"] = med.stopped.isoformat()
        notes = [{"text": f"Recorded as: {d.label(d.MedicineKind, med.kind)}"}]
        yield (
            ctx.url("medicine", med.id),
            {
                "resourceType": "MedicationStatement",
                "status": "completed" if med.stopped_by(today) else "active",
                "category": {
                    "coding": [{"system": STATEMENT_CATEGORY, "code": "patientspecified"}]
                },
                "medicationReference": {"reference": medication},
                "subject": {"reference": ctx.patient},
                "effectivePeriod": period,
                "informationSource": {"reference": ctx.patient},
                "note": notes + (annotation(med.note) or []),
                "dosage": [dosage(med)],
            },
        )


@mapping("doses")
def doses(ctx: Context):
    units = {med.id: med.dose_unit for med in ctx.journal.medicines}
    for dose in ctx.journal.doses:
        resource = {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "medicationReference": {"reference": ctx.url("medication", dose.medicine_id)},
            "subject": {"reference": ctx.patient},
            "effectiveDateTime": effective(ctx, dose.date, dose.time),
        }
        if dose.amount is not None:
            resource["dosage"] = {"dose": dose_quantity(dose.amount, units[dose.medicine_id])}
        if dose.note:
            resource["note"] = annotation(dose.note)
        yield ctx.url("dose", dose.id), resource
