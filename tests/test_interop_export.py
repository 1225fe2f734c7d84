"""The journal's own export (/export/): every field of every log, in JSON and in a zip of CSV
files, streamed, the visitor's own journal only.

The field tests enumerate the models of `LOGS` when they run, so a log added later that the
export missed fails here."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.apps import apps

from journal import models as m
from journal.interop import export, schema
from journal.logs import LOGS

from .builders import MAKERS
from .interop_helpers import NOW, full_journal, json_export, zip_export, zip_files

pytestmark = pytest.mark.django_db


def model_fields(model, skip=()) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} - set(skip)


def test_every_log_has_a_maker_so_the_field_tests_see_every_log():
    assert set(MAKERS) == set(LOGS)


def test_every_model_field_of_every_log_is_in_the_json_export(owner):
    for make in MAKERS.values():
        make(owner)
    doc = json_export(owner)
    assert set(doc["logs"]) == set(LOGS)
    for key, log in LOGS.items():
        rows = doc["logs"][key]
        assert rows, f"the {key} maker made no entry"
        missing = model_fields(log.model, ["user"]) - set(rows[0])
        assert not missing, f"{key}: {missing} not exported"
        for child in schema.children(log, LOGS):
            child_fields = model_fields(child.model, ["id", child.parent_fk])
            for item in rows[0][child.related_name]:
                assert child_fields == set(item), f"{key}.{child.related_name}"
    assert model_fields(m.Profile, ["id", "user", "version"]) == set(doc["profile"])


def test_every_model_field_of_every_log_is_a_column_of_the_csv_zip(owner):
    for make in MAKERS.values():
        make(owner)
    files = zip_files(zip_export(owner))
    for key, log in LOGS.items():
        header = next(csv.reader(io.StringIO(files[f"{key}.csv"])))
        assert model_fields(log.model, ["user"]) <= set(header), key
        for child in schema.children(log, LOGS):
            name = f"{schema.child_file(key, child)}.csv"
            header = next(csv.reader(io.StringIO(files[name])))
            expected = model_fields(child.model, ["id", child.parent_fk]) | {f"{key}_id"}
            assert set(header) == expected, name
    header = next(csv.reader(io.StringIO(files["profile.csv"])))
    assert set(header) == model_fields(m.Profile, ["id", "user", "version"])


def test_every_table_of_the_journal_app_is_exported_or_named_as_not_journal_data():
    """A new model is either a log, a log's child, the profile, or listed here with a reason."""
    covered = {log.model for log in LOGS.values()} | {m.Profile}
    covered |= {c.model for log in LOGS.values() for c in schema.children(log, LOGS)}
    not_journal = {
        m.PendingImport,  # an upload waiting for its preview to be confirmed
        m.Session,  # a log-in on a device
        m.SignupRecord,  # the sign-up throttle's count per address
        m.SubmitToken,  # a form's one-time token against double submits
        m.Preferences,  # settings: units, which reminders and when (not entries)
        m.CalendarFeed,  # the secret address of the person's calendar feed
        m.ReminderSchedule,  # when the email sender next looks at the person
        m.SentReminder,  # which reminders were emailed already
        m.SenderRun,  # the email sender's last pass (no one's data)
        # A flag folded away as discussed: keyed by the ids of the entries behind it, which an
        # import renumbers, so it would not match after a round trip (the flag shows again).
        m.FlagDiscussion,
    }
    assert set(apps.get_app_config("journal").get_models()) == covered | not_journal


def test_the_json_export_holds_the_values_as_stored(owner):
    full_journal(owner)
    doc = json_export(owner)
    assert doc["format"] == "bone-journal"
    assert doc["schema_version"] == 1
    assert doc["exported_at"] == "2026-06-15T12:00:00+00:00"
    assert doc["profile"] == {
        "birth_year": 1961,
        "sex": "female",
        "tallest_height_cm": 166.5,
        "timezone": "UTC",
    }
    pain = doc["logs"]["pain"][1]
    assert pain["date"] == "2025-03-02"
    assert pain["time"] == "08:30:00"
    assert pain["locations"] == ["lower_back", "hip"]
    assert pain["minor_trigger"] is True
    assert pain["note"] == '-3 "quoted", with commas'
    scan = doc["logs"]["dexa"][0]
    assert scan["lsc_percent"] == 2.5
    assert scan["results"][0] == {
        "site": "femoral_neck",
        "t_score": -1.85,
        "bmd": 0.7,
        "z_score": None,
    }
    assert {r["site"] for r in scan["results"]} == {"spine", "total_hip", "femoral_neck", "forearm"}


def test_the_csv_files_are_utf8_with_a_byte_order_mark_a_header_and_crlf_lines(owner):
    full_journal(owner)
    raw = __import__("zipfile").ZipFile(io.BytesIO(zip_export(owner)))
    for name in raw.namelist():
        data = raw.read(name)
        assert data.startswith(b"\xef\xbb\xbf"), name  # spreadsheets then read it as UTF-8
        assert b"\r\n" in data
    files = zip_files(zip_export(owner))
    rows = list(csv.DictReader(io.StringIO(files["pain.csv"])))
    assert rows[3]["note"] == "é ß 中文 🦴"
    assert rows[2]["note"] == "line one\nline two"
    assert rows[1]["locations"] == "lower_back;hip"
    assert rows[1]["minor_trigger"] == "true"
    results = list(csv.DictReader(io.StringIO(files["dexa-results.csv"])))
    assert {r["t_score"] for r in results} == {"-2.50", "-1.00", "-1.85", "-3.05"}
    scan_id = list(csv.DictReader(io.StringIO(files["dexa.csv"])))[0]["id"]
    assert {r["dexa_id"] for r in results} == {scan_id}
    manifest = dict(csv.reader(io.StringIO(files["manifest.csv"])))
    assert manifest["format"] == "bone-journal"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(owner):
    full_journal(owner)
    files = zip_files(zip_export(owner))
    notes = [r["note"] for r in csv.DictReader(io.StringIO(files["pain.csv"]))]
    assert "'=SUM(A1:A2)" in notes
    assert "'@x" in notes
    assert '\'-3 "quoted", with commas' in notes
    scan = next(csv.DictReader(io.StringIO(files["dexa.csv"])))
    assert scan["facility"] == "'+City Hospital, Ward 3"
    # Numbers are not text: a negative T-score stays a number.
    results = list(csv.DictReader(io.StringIO(files["dexa-results.csv"])))
    assert "-2.50" in {r["t_score"] for r in results}


def test_the_exports_are_streamed_in_chunks(owner):
    m.PainEntry.objects.bulk_create(
        m.PainEntry(
            user=owner, date=__import__("datetime").date(2020, 1, 1), score=3, locations=["neck"]
        )
        for _ in range(1500)
    )
    json_chunks = list(export.journal_json(owner, LOGS, NOW))
    zip_chunks = list(export.journal_csv_zip(owner, LOGS, NOW))
    assert len(json_chunks) > 5
    assert len(zip_chunks) > 3
    assert len(json.loads(b"".join(json_chunks))["logs"]["pain"]) == 1500


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/export/journal.json", "application/json"),
        ("/export/journal-csv.zip", "application/zip"),
        ("/export/fhir.json", "application/fhir+json"),
    ],
)
def test_each_download_is_a_streamed_attachment_of_the_visitors_own_journal(
    path, content_type, owner, owner_client, stranger, frozen_today
):
    full_journal(owner)
    MAKERS["pain"](stranger, note="the stranger's secret")
    response = owner_client.get(path)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bone-journal-2026-06-15'
    )
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    if path.endswith(".zip"):
        body = "".join(zip_files(body).values()).encode()
    assert b"secret" not in body
    assert "中文".encode() in body or path.endswith("fhir.json")


def test_the_export_page_lists_the_downloads_and_counts(owner, owner_client):
    full_journal(owner)
    page = owner_client.get("/export/").content.decode()
    for path in ("/export/journal.json", "/export/journal-csv.zip", "/export/fhir.json"):
        assert f'href="{path}"' in page
    assert "Pain log: 6" in page
    assert "DEXA scans: 1" in page


def test_the_export_pages_take_only_get(owner_client):
    for path in (
        "/export/",
        "/export/journal.json",
        "/export/journal-csv.zip",
        "/export/fhir.json",
    ):
        assert owner_client.post(path).status_code == 405


def test_account_deletion_offers_the_export_first(owner_client):
    page = owner_client.get("/accounts/delete/").content.decode()
    assert page.index('href="/export/journal.json"') < page.index('class="danger"')
    assert 'href="/export/"' in page


# --- parent references, with a parent and a child log of the test's own ------------------------


@pytest.mark.django_db(transaction=True)
def test_a_child_logs_parent_is_exported_as_its_id_and_relinked_on_import(django_user_model):
    """Medicines and doses are not here yet: two throwaway logs, a parent and a child naming it
    (as a dose names its medicine), show the mechanism end to end."""
    from django import forms
    from django.db import connection, models

    from journal.forms import ModelJournalForm, OwnedChoiceField
    from journal.interop import importer, reader
    from journal.logs import Log
    from journal.models.base import Owned
    from journal.services import import_entries

    class Remedy(Owned):
        name = models.CharField(max_length=40)

        class Meta(Owned.Meta):
            app_label = "journal"

    class Taken(Owned):
        remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE)

        class Meta(Owned.Meta):
            app_label = "journal"

    class RemedyForm(ModelJournalForm):
        name = forms.CharField(max_length=40)
        note = forms.CharField(required=False)

    class TakenForm(ModelJournalForm):
        remedy = OwnedChoiceField(Remedy, "Remedy", "remedy")
        note = forms.CharField(required=False)

    logs = {
        "taken": Log("taken", Taken, TakenForm, "Taken", "dose", parent_field="remedy"),
        "remedies": Log("remedies", Remedy, RemedyForm, "Remedies", "remedy"),
    }
    try:
        with connection.schema_editor() as editor:
            editor.create_model(Remedy)
            editor.create_model(Taken)
        assert schema.ordered(logs) == ["remedies", "taken"]  # the parent is written first
        assert schema.parents(logs["taken"], logs) == [schema.Parent("remedy", "remedies")]
        alice = django_user_model.objects.create_user("alice-parent", password="x")
        bob = django_user_model.objects.create_user("bob-parent", password="x")
        m.Profile.objects.create(user=bob)
        day = __import__("datetime").date(2025, 1, 1)
        a = Remedy.objects.create(user=alice, date=day, name="Calcium")
        b = Remedy.objects.create(user=alice, date=day, name="Vitamin D")
        for remedy in (a, b, b):
            Taken.objects.create(user=alice, date=day, remedy=remedy)
        data = b"".join(export.journal_json(alice, logs, NOW))
        doc = json.loads(data)
        assert [t["remedy"] for t in doc["logs"]["taken"]] == [a.pk, b.pk, b.pk]

        for content in (data, b"".join(export.journal_csv_zip(alice, logs, NOW))):
            parsed = reader.read(content, logs, 1000, 10**7)
            plan = importer.plan(bob, parsed, logs, day)
            import_entries(bob, plan.rows, plan.profile)
        names = sorted(t.remedy.name for t in Taken.objects.filter(user=bob))
        assert names == ["Calcium", "Vitamin D", "Vitamin D"]  # relinked to bob's own remedies
        assert Remedy.objects.filter(user=bob).count() == 2  # the second file added nothing
        assert all(t.remedy.user_id == bob.pk for t in Taken.objects.filter(user=bob))

        # A child naming a parent the file does not hold is refused, with its place and reason.
        doc["logs"]["taken"][0]["remedy"] = 999
        parsed = reader.read(json.dumps(doc).encode(), logs, 1000, 10**7)
        plan = importer.plan(bob, parsed, logs, day)
        assert [(r.where, r.reason[:30]) for r in plan.refused] == [
            ("taken, entry 1", "remedy: no entry with id 999 a")
        ]
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Taken)
            editor.delete_model(Remedy)
        # Out of the app registry again, so no other test sees the throwaway models.
        for name in ("taken", "remedy"):
            apps.all_models["journal"].pop(name, None)
        apps.clear_cache()
