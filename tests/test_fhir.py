"""FHIR R4 export: a Bundle of type collection that fhir.resources' R4B models accept, and the
journal's own checks of what that library does not check: LOINC codes from warning-signs.md,
UCUM units, code systems, bodySite rules and value sets.

Why R4B: fhir.resources 8 ships R5 by default and no plain R4 since 7.0; R4B is the maintained
package closest to R4, and the resources used here (Bundle, Patient, Observation) have the same
shape in R4 and R4B. It does not check bindings (a made-up status would pass), hence the rest."""

from __future__ import annotations

import datetime as dt
import json

from fhir.resources.R4B.bundle import Bundle

from journal.demo import seed_demo
from journal.interop import fhir
from journal.snapshot import ProfileData, load_journal

from .builders import TODAY, exercise, height, journal, pain, scan

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
# The codes warning-signs.md ("Codes for export") allows, and the unit each must carry.
EXPECTED_UNITS = {
    "72514-3": "{score}",
    "38267-1": "1",
    "38264-8": "1",
    "38263-0": "1",
    "24966-4": "g/cm2",
    "24701-5": "g/cm2",
    "8302-2": "cm",
    "82290-8": "min/wk",
    "89555-7": "d/wk",
    "82291-6": "d/wk",
}
UCUM_CODES = {"{score}", "1", "g/cm2", "cm", "min/wk", "d/wk"}
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended"}
CATEGORIES = {"survey", "imaging", "vital-signs", "activity"}
GENDERS = {"female", "male", "other", "unknown"}


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
    )


def observations(doc: dict) -> list[dict]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Observation"]


def project_checks(doc: dict) -> None:
    """What the FHIR model library leaves unchecked."""
    assert doc["resourceType"] == "Bundle"
    assert doc["type"] == "collection"
    urls = [e["fullUrl"] for e in doc["entry"]]
    assert len(urls) == len(set(urls))
    assert all(u.startswith("urn:uuid:") for u in urls)
    patients = [e for e in doc["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 1
    assert patients[0]["resource"].get("gender", "unknown") in GENDERS
    for obs in observations(doc):
        assert obs["status"] in OBSERVATION_STATUS
        assert obs["subject"] == {"reference": patients[0]["fullUrl"]}
        [category] = obs["category"]
        assert category["coding"][0]["system"] == fhir.CATEGORY
        assert category["coding"][0]["code"] in CATEGORIES
        quantity = obs["valueQuantity"]
        assert quantity["system"] == "http://unitsofmeasure.org"
        assert quantity["code"] in UCUM_CODES
        assert obs["code"]["text"]
        for coding in obs["code"].get("coding", []):
            assert coding["system"] == "http://loinc.org"
            assert coding["code"] in EXPECTED_UNITS, coding["code"]
            assert quantity["code"] == EXPECTED_UNITS[coding["code"]], coding["code"]
            if "display" in coding:
                assert coding["display"] == fhir.CODES[coding["code"]]


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
