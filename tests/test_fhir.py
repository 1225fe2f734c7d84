"""FHIR R4 export: a Bundle of type collection that fhir.resources' R4B models accept, and the
journal's own checks of what that library does not check: LOINC codes from warning-signs.md,
UCUM units, code systems, bodySite rules and value sets.

Why R4B: fhir.resources 8 ships R5 by default and no plain R4 since 7.0; R4B is the maintained
package closest to R4, and the resources used here (Bundle, Patient, Observation, Medication,
MedicationStatement, MedicationAdministration) have the same shape in R4 and R4B. It does not
check bindings (a made-up status would pass), hence the rest."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle

from journal.demo import seed_demo
from journal.interop import fhir
from journal.snapshot import ProfileData, load_journal

from .builders import TODAY, dose, exercise, height, journal, lab, medicine, mood, pain, scan

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
# The codes warning-signs.md ("Codes for export") allows, and the units each may carry (none: a
# panel, valued by its members).
EXPECTED_UNITS = {
    "72514-3": {"{score}"},
    "38267-1": {"1"},
    "38264-8": {"1"},
    "38263-0": {"1"},
    "24966-4": {"g/cm2"},
    "24701-5": {"g/cm2"},
    "8302-2": {"cm"},
    "82290-8": {"min/wk"},
    "89555-7": {"d/wk"},
    "82291-6": {"d/wk"},
    "62292-8": {"ng/mL", "nmol/L"},  # as entered
    "44261-6": {"{score}"},
    "44249-1": set(),
}
# UCUM codes in use: measurements, then dose units (micrograms are "ug", an IU "[iU]").
UCUM_CODES = {"{score}", "1", "g/cm2", "cm", "min/wk", "d/wk", "ng/mL", "nmol/L"}
DOSE_UCUM = {"mg", "ug", "[iU]", "mL", "{tablet}"}
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended"}
CATEGORIES = {"survey", "imaging", "vital-signs", "activity", "laboratory"}
GENDERS = {"female", "male", "other", "unknown"}
STATEMENT_STATUS = {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold"}
STATEMENT_STATUS |= {"unknown", "not-taken"}  # R4's value set, whole
ADMINISTRATION_STATUS = {"in-progress", "not-done", "on-hold", "completed", "entered-in-error"}
ADMINISTRATION_STATUS |= {"stopped", "unknown"}
PERIOD_UNITS = {"s", "min", "h", "d", "wk", "mo", "a"}  # UCUM units of time, R4's Timing


def sample() -> object:
    return journal(
        profile=ProfileData(birth_year=1961, sex="female", timezone="Europe/Paris"),
        pains=[
            pain(1, dt.date(2026, 6, 1), 6, ("lower_back", "hip"), time=dt.time(8, 15), note="n"),
            pain(2, dt.date(2026, 6, 2), 0, ("neck",)),
        ],
        scans=[
            scan(
                3,
                dt.date(2026, 1, 5),
                spine=("-2.60", "0.812"),
                total_hip=("-1.50", "0.700"),
                femoral_neck=("-1.80", "0.650"),
                forearm=("-3.10", "0.550"),
            )
        ],
        exercises=[
            exercise(4, dt.date(2026, 6, 1), "walking", 40, "moderate"),
            exercise(5, dt.date(2026, 6, 3), "strength", 30, "vigorous"),
            exercise(6, dt.date(2026, 6, 3), "flexibility", 60, "light"),
            exercise(7, dt.date(2026, 6, 13), "strength", 20, "moderate"),
            exercise(8, dt.date(2026, 6, 15), "walking", 90, "moderate"),  # this week: not complete
        ],
        heights=[height(9, dt.date(2026, 2, 1), "162.6")],
        labs=[lab(10, dt.date(2026, 3, 2), "19.9"), lab(11, dt.date(2026, 5, 2), "62.5", "nmol_l")],
        moods=[mood(12, dt.date(2026, 6, 10), 2, 1, 3, 0, 1, 2, 0, 1, 1)],
        medicines=[
            medicine(
                13, dt.date(2025, 6, 1), name="Prolia", dose_amount=Decimal(60), dose_unit="mg"
            ),
            medicine(
                14,
                dt.date(2026, 1, 1),
                "calcium",
                stopped=dt.date(2026, 6, 14),
                dose_amount=Decimal("1.5"),
                dose_unit="tablet",
            ),
            medicine(15, dt.date(2026, 1, 1), "paracetamol", name="Panadol", note="with food"),
        ],
        doses=[
            dose(16, dt.date(2025, 12, 1), 13, time=dt.time(10, 30), note="nurse, left arm"),
            dose(17, dt.date(2026, 6, 5), 15, amount=Decimal("500")),
            dose(18, dt.date(2026, 6, 6), 15),
        ],
    )


def observations(doc: dict) -> list[dict]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Observation"]


def resources(doc: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == kind]


def references(item) -> list[str]:
    """Every `reference` anywhere inside a resource."""
    if isinstance(item, dict):
        found = [item["reference"]] if isinstance(item.get("reference"), str) else []
        return found + [r for value in item.values() for r in references(value)]
    if isinstance(item, list):
        return [r for value in item for r in references(value)]
    return []


def check_quantity(quantity: dict, allowed: set[str], bare: bool = False) -> None:
    """A UCUM quantity; or, where `bare` (a dose of a medicine naming no unit), a value alone."""
    if bare and set(quantity) == {"value"}:
        assert isinstance(quantity["value"], float)
        return
    assert quantity["system"] == "http://unitsofmeasure.org"
    assert quantity["code"] in allowed, quantity
    assert isinstance(quantity["value"], float)


def project_checks(doc: dict) -> None:
    """What the FHIR model library leaves unchecked."""
    assert doc["resourceType"] == "Bundle"
    assert doc["type"] == "collection"
    urls = [e["fullUrl"] for e in doc["entry"]]
    assert len(urls) == len(set(urls))
    assert all(u.startswith("urn:uuid:") for u in urls)
    patients = [e for e in doc["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 1
    patient = {"reference": patients[0]["fullUrl"]}
    assert patients[0]["resource"].get("gender", "unknown") in GENDERS
    by_url = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    for entry in doc["entry"]:  # every reference names a resource of this Bundle
        assert set(references(entry["resource"])) <= set(by_url), entry["resource"]
    for obs in observations(doc):
        assert obs["status"] in OBSERVATION_STATUS
        assert obs["subject"] == patient
        [category] = obs["category"]
        assert category["coding"][0]["system"] == fhir.CATEGORY
        assert category["coding"][0]["code"] in CATEGORIES
        assert obs["code"]["text"]
        values = [key for key in obs if key.startswith("value")]
        assert len(values) <= 1
        if "valueQuantity" in obs:
            check_quantity(obs["valueQuantity"], UCUM_CODES)
        elif "valueCodeableConcept" in obs:
            assert obs["valueCodeableConcept"]["text"]
        else:  # a panel: valued by its members, which are Observations of the same subject
            members = [by_url[m["reference"]] for m in obs["hasMember"]]
            assert all(m["resourceType"] == "Observation" for m in members)
            assert all(m["subject"] == patient for m in members)
        for coding in obs["code"].get("coding", []):
            assert coding["system"] == "http://loinc.org"
            assert coding["code"] in EXPECTED_UNITS, coding["code"]
            if EXPECTED_UNITS[coding["code"]]:
                assert obs["valueQuantity"]["code"] in EXPECTED_UNITS[coding["code"]]
            else:
                assert values == [], coding["code"]
                assert obs["hasMember"], coding["code"]
            if "display" in coding:
                assert coding["display"] == fhir.CODES[coding["code"]]
    for medication in resources(doc, "Medication"):
        assert medication["code"]["text"]
        assert "coding" not in medication["code"]
    for statement in resources(doc, "MedicationStatement"):
        assert statement["status"] in STATEMENT_STATUS
        assert statement["subject"] == statement["informationSource"] == patient
        [coding] = statement["category"]["coding"]
        assert coding == {
            "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
            "code": "patientspecified",
        }
        assert by_url[statement["medicationReference"]["reference"]]["resourceType"] == (
            "Medication"
        )
        for dosage in statement["dosage"]:
            assert dosage["text"]
            assert ("timing" in dosage) != dosage.get("asNeededBoolean", False)
            if "timing" in dosage:
                assert dosage["timing"]["repeat"]["periodUnit"] in PERIOD_UNITS
            for rate in dosage.get("doseAndRate", []):
                check_quantity(rate["doseQuantity"], DOSE_UCUM, bare=True)
    for given in resources(doc, "MedicationAdministration"):
        assert given["status"] in ADMINISTRATION_STATUS
        assert given["subject"] == patient
        assert by_url[given["medicationReference"]["reference"]]["resourceType"] == "Medication"
        if "dosage" in given:
            check_quantity(given["dosage"]["dose"], DOSE_UCUM, bare=True)


def test_the_bundle_is_valid_fhir_r4b_and_passes_the_projects_own_checks():
    doc = fhir.bundle(sample(), 42, NOW)
    Bundle.model_validate(doc)  # raises on anything the R4B models refuse
    project_checks(doc)


def test_the_demo_journals_bundle_is_valid_too(owner):
    user = seed_demo(TODAY, username="fhir-demo", password="x" * 12)
    snapshot = load_journal(user)
    doc = fhir.bundle(snapshot, user.pk, NOW)
    Bundle.model_validate(doc)
    project_checks(doc)
    assert len(coded(doc, "72514-3")) == len(snapshot.pains)
    assert len(coded(doc, "8302-2")) == len(snapshot.heights)
    assert len(coded(doc, "38267-1")) == len(snapshot.scans)
    assert len(coded(doc, "62292-8")) == len(snapshot.labs) > 0
    assert len(coded(doc, "44249-1")) == len(coded(doc, "44261-6")) == len(snapshot.moods) > 0
    assert len(resources(doc, "MedicationStatement")) == len(snapshot.medicines) > 0
    assert len(resources(doc, "Medication")) == len(snapshot.medicines)
    assert len(resources(doc, "MedicationAdministration")) == len(snapshot.doses) > 0


def coded(doc, code):
    return [o for o in observations(doc) if o["code"].get("coding", [{}])[0].get("code") == code]


def test_pain_is_72514_3_with_its_time_in_the_persons_zone_and_the_places_as_body_site():
    doc = fhir.bundle(sample(), 42, NOW)
    first, second = coded(doc, "72514-3")
    assert first["valueQuantity"]["value"] == 6
    assert first["effectiveDateTime"] == "2026-06-01T08:15:00+02:00"
    assert first["bodySite"] == {"text": "Lower back, Hip"}
    assert first["note"] == [{"text": "n"}]
    assert first["category"][0]["coding"][0]["code"] == "survey"
    assert second["effectiveDateTime"] == "2026-06-02"  # no time: the date alone


def test_dxa_codes_per_site_with_body_site_where_the_code_is_not_site_specific():
    doc = fhir.bundle(sample(), 42, NOW)
    t = {o["code"]["text"]: o for o in observations(doc) if o["code"]["text"].endswith("T-score")}
    assert t["DXA Lumbar spine T-score"]["code"]["coding"][0]["code"] == "38267-1"
    assert "bodySite" not in t["DXA Lumbar spine T-score"]
    assert t["DXA Total hip T-score"]["code"]["coding"][0]["code"] == "38264-8"
    neck = t["DXA Femoral neck T-score"]
    assert neck["code"]["coding"][0]["code"] == "38263-0"
    assert neck["bodySite"] == {"text": "Femoral neck"}
    forearm = t["DXA Forearm (1/3 radius) T-score"]
    assert "coding" not in forearm["code"]  # no verified code: text alone
    assert forearm["valueQuantity"] == {
        "value": -3.1,
        "unit": "T-score",
        "system": "http://unitsofmeasure.org",
        "code": "1",
    }
    bmd = {o["code"]["text"]: o for o in observations(doc) if o["code"]["text"].endswith("BMD")}
    assert bmd["DXA Lumbar spine BMD"]["code"]["coding"][0]["code"] == "24966-4"
    assert bmd["DXA Femoral neck BMD"]["code"]["coding"][0]["code"] == "24701-5"
    assert bmd["DXA Femoral neck BMD"]["bodySite"] == {"text": "Femoral neck"}
    assert "coding" not in bmd["DXA Total hip BMD"]["code"]  # 38261-4 is not verified
    assert "coding" not in bmd["DXA Forearm (1/3 radius) BMD"]["code"]
    assert bmd["DXA Lumbar spine BMD"]["valueQuantity"]["value"] == 0.812
    assert all(o["category"][0]["coding"][0]["code"] == "imaging" for o in t.values())


def test_height_is_8302_2_in_cm():
    [obs] = coded(fhir.bundle(sample(), 42, NOW), "8302-2")
    assert obs["valueQuantity"]["value"] == 162.6
    assert obs["valueQuantity"]["code"] == "cm"
    assert obs["category"][0]["coding"][0]["code"] == "vital-signs"


def test_weekly_activity_per_complete_week_minutes_days_and_strength_days():
    doc = fhir.bundle(sample(), 42, NOW)
    minutes = {
        o["effectivePeriod"]["start"]: o["valueQuantity"]["value"] for o in coded(doc, "82290-8")
    }
    days = {
        o["effectivePeriod"]["start"]: o["valueQuantity"]["value"] for o in coded(doc, "89555-7")
    }
    strength = {
        o["effectivePeriod"]["start"]: o["valueQuantity"]["value"] for o in coded(doc, "82291-6")
    }
    # Weeks of 1 June and 8 June 2026 are complete by 15 June; the week of 15 June is not.
    assert minutes == {
        "2026-06-01": 70,
        "2026-06-08": 20,
    }  # light yoga not counted, vigorous not doubled
    assert days == {"2026-06-01": 2, "2026-06-08": 1}
    assert strength == {"2026-06-01": 1, "2026-06-08": 1}
    [week] = [o for o in coded(doc, "82290-8") if o["effectivePeriod"]["start"] == "2026-06-01"]
    assert week["effectivePeriod"] == {"start": "2026-06-01", "end": "2026-06-07"}
    assert (
        week["code"]["coding"][0]["display"]
        == "Frequency of moderate to vigorous aerobic physical activity"
    )


def test_the_patient_names_nobody_unless_a_name_is_given():
    doc = fhir.bundle(sample(), 42, NOW)
    patient = doc["entry"][0]["resource"]
    assert patient == {"resourceType": "Patient", "gender": "female", "birthDate": "1961"}
    named = fhir.bundle(sample(), 42, NOW, name="Olive Example")
    assert named["entry"][0]["resource"]["name"] == [{"text": "Olive Example"}]
    Bundle.model_validate(named)


def test_the_same_journal_gives_the_same_ids_and_another_person_other_ids():
    a, b = fhir.bundle(sample(), 42, NOW), fhir.bundle(sample(), 42, NOW)
    c = fhir.bundle(sample(), 43, NOW)
    assert [e["fullUrl"] for e in a["entry"]] == [e["fullUrl"] for e in b["entry"]]
    assert not {e["fullUrl"] for e in a["entry"]} & {e["fullUrl"] for e in c["entry"]}


def test_an_empty_journal_is_a_bundle_with_its_patient_alone():
    doc = fhir.bundle(journal(), 42, NOW)
    Bundle.model_validate(doc)
    assert [e["resource"]["resourceType"] for e in doc["entry"]] == ["Patient"]


def test_every_code_declared_is_one_of_warning_signs_codes_for_export():
    assert set(fhir.CODES) == set(EXPECTED_UNITS)
    assert {code for site in fhir.DXA.values() for code in site[:2] if code} <= set(fhir.CODES)


def test_the_download_names_the_person_only_when_asked(owner, owner_client, frozen_today):
    from journal import services

    services.save_profile(owner, {"birth_year": 1950, "sex": "male"})
    body = b"".join(owner_client.get("/export/fhir.json").streaming_content)
    doc = json.loads(body)
    Bundle.model_validate(doc)
    assert "name" not in doc["entry"][0]["resource"]
    named = json.loads(
        b"".join(owner_client.get("/export/fhir.json?name=Ol%20Ex").streaming_content)
    )
    assert named["entry"][0]["resource"]["name"] == [{"text": "Ol Ex"}]


@pytest.mark.parametrize(
    "breaks",
    [
        lambda r: r.update(status="bogus"),
        lambda r: r["code"]["coding"][0].update(code="1234-5"),
        lambda r: r["valueQuantity"].update(code="mmol/L"),
        lambda r: r.update(subject={"reference": "urn:uuid:nobody"}),
    ],
    ids=["status", "code", "unit", "reference"],
)
def test_the_projects_checks_catch_what_the_fhir_library_lets_through(breaks):
    """R4B's models take a made-up status, an unknown code, a wrong unit or a dangling
    reference; the project's checks must not."""
    doc = fhir.bundle(sample(), 42, NOW)
    breaks(coded(doc, "62292-8")[0])
    Bundle.model_validate(doc)  # the library is content
    with pytest.raises(AssertionError):
        project_checks(doc)


# --- vitamin D, the PHQ-9, medicines and doses ------------------------------------------------


def test_vitamin_d_is_62292_8_in_the_unit_it_was_entered_in():
    ng, nmol = coded(fhir.bundle(sample(), 42, NOW), "62292-8")
    assert ng["valueQuantity"] == {
        "value": 19.9,
        "unit": "ng/mL",
        "system": "http://unitsofmeasure.org",
        "code": "ng/mL",
    }
    assert (nmol["valueQuantity"]["value"], nmol["valueQuantity"]["code"]) == (62.5, "nmol/L")
    assert ng["effectiveDateTime"] == "2026-03-02"
    assert ng["category"][0]["coding"][0]["code"] == "laboratory"
    assert ng["code"]["coding"][0]["display"] == (
        "25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma"
    )


def test_a_phq9_is_a_panel_whose_members_are_its_total_and_its_nine_items():
    doc = fhir.bundle(sample(), 42, NOW)
    by_url = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    [panel] = coded(doc, "44249-1")
    assert "valueQuantity" not in panel
    members = [by_url[m["reference"]] for m in panel["hasMember"]]
    assert len(members) == 10
    total, *items = members
    assert total["code"]["coding"][0]["code"] == "44261-6"
    assert total["valueQuantity"]["value"] == 11  # 2+1+3+0+1+2+0+1+1
    assert total["valueQuantity"]["code"] == "{score}"
    assert total["interpretation"] == [{"text": "Moderate (10-14)"}]
    assert items[0]["code"] == {
        "text": "PHQ-9 question 1: Little interest or pleasure in doing things"
    }
    assert items[0]["valueCodeableConcept"] == {"text": "More than half the days (2)"}
    assert items[2]["valueCodeableConcept"] == {"text": "Nearly every day (3)"}
    assert items[8]["code"]["text"].startswith("PHQ-9 question 9: Thoughts that you would be")
    assert items[8]["valueCodeableConcept"] == {"text": "Several days (1)"}
    assert all("coding" not in item["code"] for item in items)  # item codes are not verified
    assert {m["effectiveDateTime"] for m in [panel, *members]} == {"2026-06-10"}


def statements(doc) -> dict[str, dict]:
    """Each MedicationStatement by the name of its Medication."""
    by_url = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    return {
        by_url[s["medicationReference"]["reference"]]["code"]["text"]: s
        for s in resources(doc, "MedicationStatement")
    }


def test_each_medicine_is_a_patient_reported_statement_completed_once_its_stop_date_has_come():
    found = statements(fhir.bundle(sample(), 42, NOW))
    assert set(found) == {"Prolia", "Calcium", "Panadol"}
    prolia, calcium = found["Prolia"], found["Calcium"]
    assert prolia["status"] == "active"
    assert prolia["effectivePeriod"] == {"start": "2025-06-01"}
    assert prolia["note"] == [{"text": "Recorded as: Denosumab (Prolia, injection every 6 months)"}]
    assert calcium["status"] == "completed"  # stopped 14 June, the day before NOW
    assert calcium["effectivePeriod"] == {"start": "2026-01-01", "end": "2026-06-14"}
    assert found["Panadol"]["note"][1] == {"text": "with food"}


@pytest.mark.parametrize(("stopped", "status"), [(15, "completed"), (16, "active")])
def test_a_medicine_stopping_today_is_completed_and_one_stopping_tomorrow_still_active(
    stopped, status
):
    j = journal(
        medicines=[medicine(1, dt.date(2026, 1, 1), "calcium", stopped=dt.date(2026, 6, stopped))]
    )
    [statement] = resources(fhir.bundle(j, 42, NOW), "MedicationStatement")
    assert statement["status"] == status


def test_the_dosage_comes_from_the_usual_dose_its_unit_and_the_schedule():
    found = statements(fhir.bundle(sample(), 42, NOW))
    [prolia] = found["Prolia"]["dosage"]
    assert prolia == {
        "text": "60 mg every 6 months",
        "doseAndRate": [
            {
                "doseQuantity": {
                    "value": 60.0,
                    "unit": "mg",
                    "system": "http://unitsofmeasure.org",
                    "code": "mg",
                }
            }
        ],
        "timing": {"repeat": {"frequency": 1, "period": 6, "periodUnit": "mo"}},
    }
    [calcium] = found["Calcium"]["dosage"]
    assert calcium["text"] == "1.5 tablet(s) every day"
    assert calcium["doseAndRate"][0]["doseQuantity"]["code"] == "{tablet}"
    assert calcium["timing"]["repeat"] == {"frequency": 1, "period": 1, "periodUnit": "d"}
    assert found["Panadol"]["dosage"] == [{"text": "When needed", "asNeededBoolean": True}]


@pytest.mark.parametrize(
    ("schedule", "period", "unit"),
    [
        ("daily", 1, "d"),
        ("weekly", 1, "wk"),
        ("monthly", 1, "mo"),
        ("every_3_months", 3, "mo"),
        ("every_6_months", 6, "mo"),
        ("yearly", 1, "a"),
    ],
)
def test_each_schedule_is_one_dose_a_period(schedule, period, unit):
    j = journal(medicines=[medicine(1, dt.date(2026, 1, 1), "other", schedule)])
    [statement] = resources(fhir.bundle(j, 42, NOW), "MedicationStatement")
    assert statement["dosage"][0]["timing"]["repeat"] == {
        "frequency": 1,
        "period": period,
        "periodUnit": unit,
    }


@pytest.mark.parametrize(
    ("unit", "ucum"),
    [("mg", "mg"), ("mcg", "ug"), ("iu", "[iU]"), ("ml", "mL"), ("tablet", "{tablet}")],
)
def test_dose_units_are_written_in_ucum(unit, ucum):
    med = medicine(1, dt.date(2026, 1, 1), "vitamin_d", dose_amount=Decimal(800), dose_unit=unit)
    j = journal(medicines=[med], doses=[dose(2, dt.date(2026, 2, 1), 1, amount=Decimal(1000))])
    doc = fhir.bundle(j, 42, NOW)
    project_checks(doc)
    [statement] = resources(doc, "MedicationStatement")
    assert statement["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"] == ucum
    [given] = resources(doc, "MedicationAdministration")
    assert given["dosage"]["dose"]["code"] == ucum
    assert given["dosage"]["dose"]["value"] == 1000.0


def test_each_logged_dose_is_an_administration_of_its_medicines_medication():
    doc = fhir.bundle(sample(), 42, NOW)
    by_url = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    given = resources(doc, "MedicationAdministration")
    assert [by_url[g["medicationReference"]["reference"]]["code"]["text"] for g in given] == [
        "Prolia",
        "Panadol",
        "Panadol",
    ]
    injection, reliever, plain = given
    assert injection["status"] == "completed"
    assert injection["effectiveDateTime"] == "2025-12-01T10:30:00+01:00"  # Paris in winter
    assert injection["note"] == [{"text": "nurse, left arm"}]
    assert "dosage" not in injection  # no amount entered: the statement's usual dose
    assert reliever["dosage"] == {"dose": {"value": 500.0}}  # Panadol names no unit
    assert plain["effectiveDateTime"] == "2026-06-06"
    statement = statements(doc)["Prolia"]
    assert statement["medicationReference"] == injection["medicationReference"]
