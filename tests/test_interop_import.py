"""Import (/import/): a preview first, nothing written until the person confirms; then one
transaction through journal.services; the same file twice adds nothing; bounded; a bad file is a
message, never a server error or a partial import; the round trip gives back the same journal."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal import models as m
from journal import services
from journal.demo import seed_demo
from journal.interop import importer, reader
from journal.logs import LOGS

from .builders import TODAY
from .interop_helpers import comparable, full_journal, json_export, zip_export, zip_files
from .test_urls_ownership import page

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "journal.json", **extra):
    return client.post("/import/", {"file": SimpleUploadedFile(name, content)}, **extra)


def token_of(response) -> str:
    found = re.search(rb'name="token" value="([^"]+)"', response.content)
    assert found, response.content.decode()[:3000]
    return found.group(1).decode()


def confirm(client, response, **fields):
    return client.post("/import/", {"token": token_of(response), "confirm": "1", **fields})


def journal_rows(user) -> dict[str, int]:
    counts = {key: log.model.objects.filter(user=user).count() for key, log in LOGS.items()}
    counts["dexa results"] = m.DexaSiteResult.objects.filter(scan__user=user).count()
    return counts


@pytest.fixture
def newcomer(django_user_model):
    user = django_user_model.objects.create_user(username="nina", password="another horse 55")
    m.Profile.objects.create(user=user)
    client = Client()
    client.force_login(user)
    return user, client


# --- the round trip -------------------------------------------------------------------------------


@pytest.mark.slow  # exports, imports and exports every log again
@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_round_trip_export_import_into_an_empty_account_export_again_gives_the_same_journal(
    fmt, owner, newcomer, frozen_today
):
    seed_demo(TODAY, username="demo-source", password="x" * 12)
    source = m.Profile.objects.get(user__username="demo-source").user
    full_journal(source)
    content = json.dumps(json_export(source)).encode() if fmt == "json" else zip_export(source)
    user, client = newcomer
    response = upload(client, content, f"journal.{fmt}")
    assert response.status_code == 200
    assert confirm(client, response).status_code == 302
    assert comparable(json_export(user)) == comparable(json_export(source))
    assert journal_rows(user) == journal_rows(source)


@pytest.mark.parametrize(
    "journal",
    ["every field", pytest.param("the demo, every log", marks=pytest.mark.slow)],  # every log: slow
)
def test_the_same_file_twice_adds_nothing_the_second_time(owner, newcomer, frozen_today, journal):
    if journal == "every field":
        full_journal(owner)
    else:  # a night's sleep, a course and its sessions: logs whose entries are checked further
        owner = seed_demo(TODAY, username="demo-source", password="x" * 12)
    content = json.dumps(json_export(owner)).encode()
    user, client = newcomer
    confirm(client, upload(client, content))
    before = journal_rows(user)
    version = services.journal_version(user)
    second = upload(client, content)
    page = second.content.decode()
    assert "There is nothing new to import." in page
    assert "cannot be imported" not in page
    assert 'name="confirm"' not in page
    assert journal_rows(user) == before
    assert services.journal_version(user) == version


def test_an_entry_in_the_file_twice_is_added_twice_and_still_only_once_in_all(owner, newcomer):
    """The same entry is counted, not merged: a journal that held it twice holds it twice."""
    for _ in range(2):
        m.PainEntry.objects.create(
            user=owner, date=dt.date(2025, 1, 1), score=4, locations=["neck"]
        )
    content = json.dumps(json_export(owner)).encode()
    user, client = newcomer
    for _ in range(2):
        response = upload(client, content)
        if b'name="confirm"' in response.content:
            confirm(client, response)
    assert m.PainEntry.objects.filter(user=user).count() == 2


def test_a_changed_entry_is_a_new_entry_and_its_original_stays(owner, newcomer):
    entry = m.PainEntry.objects.create(
        user=owner, date=dt.date(2025, 1, 1), score=4, locations=["neck"]
    )
    user, client = newcomer
    confirm(client, upload(client, json.dumps(json_export(owner)).encode()))
    entry.score = 5
    entry.save()
    confirm(client, upload(client, json.dumps(json_export(owner)).encode()))
    assert sorted(p.score for p in m.PainEntry.objects.filter(user=user)) == [4, 5]


def test_same_entry_compares_decimals_by_value_and_locations_as_a_set(owner):
    a = importer.fingerprint({"t": importer.Decimal("-2.50"), "locations": ["hip", "neck"]})
    b = importer.fingerprint({"t": importer.Decimal("-2.5"), "locations": ["neck", "hip"]})
    c = importer.fingerprint({"t": importer.Decimal("-2.51"), "locations": ["neck", "hip"]})
    assert a == b
    assert a != c


# --- the preview, then the confirmation -----------------------------------------------------------


def test_the_preview_writes_nothing_and_shows_counts_first_rows_and_refusals(owner, newcomer):
    full_journal(owner)
    doc = json_export(owner)
    doc["logs"]["pain"][0]["score"] = 11
    doc["logs"]["pain"][2]["locations"] = ["spleen"]
    doc["logs"]["exercise"][0]["date"] = "2999-01-01"
    user, client = newcomer
    response = upload(client, json.dumps(doc).encode())
    page = response.content.decode()
    assert journal_rows(user) == dict.fromkeys(journal_rows(user), 0)
    assert "What the import would do" in page
    assert '<th scope="row">Pain log</th><td>4</td><td>0</td><td>2</td>' in page
    assert "pain, entry 1</strong>: score: Enter a whole number from 0 to 10." in page
    assert "pain, entry 3</strong>: locations: Choose places from the list." in page
    assert "exercise, entry 1</strong>: date: That date is in the future" in page
    assert "Pain log: the first 4 to add" in page
    assert "Import 8 entries" in page
    assert m.PendingImport.objects.filter(user=user).count() == 1


def test_confirming_imports_what_the_preview_showed_in_one_version_bump(owner, newcomer):
    full_journal(owner)
    user, client = newcomer
    version = services.journal_version(user)
    response = confirm(client, upload(client, zip_export(owner), "journal.zip"))
    assert response.status_code == 302
    assert response["Location"] == "/import/"
    assert "journal-changed" in response["HX-Trigger"]
    assert services.journal_version(user) == version + 1
    assert journal_rows(user) == journal_rows(owner)
    assert not m.PendingImport.objects.filter(user=user).exists()
    page = client.get("/import/").content.decode()
    assert (
        "Imported 11 entries (Pain log: 6; DEXA scans: 1; Exercise: 2; Height: 1; Fractures: 1; "
        "your profile&#x27;s empty fields filled in)." in page
    )


def test_the_profile_fills_only_empty_fields(owner, newcomer):
    full_journal(owner)
    user, client = newcomer
    services.save_profile(user, {"sex": "male"})
    confirm(client, upload(client, json.dumps(json_export(owner)).encode()))
    profile = m.Profile.objects.get(user=user)
    assert (profile.sex, profile.birth_year) == ("male", 1961)


def test_a_double_confirmation_imports_once(owner, newcomer):
    full_journal(owner)
    user, client = newcomer
    preview = upload(client, json.dumps(json_export(owner)).encode())
    assert confirm(client, preview).status_code == 302
    again = confirm(client, preview)
    assert again.status_code == 404
    assert "no longer waiting to be imported" in again.content.decode()
    assert journal_rows(user) == journal_rows(owner)


def test_another_persons_upload_token_is_the_same_404_as_a_missing_one_and_changes_nothing(
    owner, owner_client, stranger_client, stranger
):
    full_journal(owner)
    preview = upload(owner_client, json.dumps(json_export(owner)).encode())
    token = token_of(preview)
    for post in ({"token": token}, {"token": token, "confirm": "1"}):
        theirs = stranger_client.post("/import/", post)
        missing = stranger_client.post("/import/", {**post, "token": "x" * 43})
        assert theirs.status_code == missing.status_code == 404
        assert page(theirs) == page(missing)
    assert journal_rows(stranger) == dict.fromkeys(journal_rows(stranger), 0)
    assert m.PendingImport.objects.filter(user=owner, token=token).exists()  # still the owner's


def test_an_upload_older_than_a_day_is_gone(owner, newcomer):
    full_journal(owner)
    user, client = newcomer
    preview = upload(client, json.dumps(json_export(owner)).encode())
    m.PendingImport.objects.update(
        created_at=m.PendingImport.objects.get().created_at - dt.timedelta(days=2)
    )
    assert confirm(client, preview).status_code == 404
    assert journal_rows(user)["pain"] == 0


def test_a_failure_while_writing_leaves_nothing_written(owner, newcomer, monkeypatch):
    full_journal(owner)
    user, _ = newcomer
    parsed = reader.read(json.dumps(json_export(owner)).encode(), LOGS, 1000, 10**7)
    plan = importer.plan(user, parsed, LOGS, TODAY)
    original = m.HeightMeasurement.objects.bulk_create

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(m.HeightMeasurement.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.import_entries(user, plan.rows, plan.profile)
    monkeypatch.setattr(m.HeightMeasurement.objects, "bulk_create", original)
    assert journal_rows(user) == dict.fromkeys(journal_rows(user), 0)
    assert m.Profile.objects.get(user=user).birth_year is None


# --- files that are not right ---------------------------------------------------------------------


def zip_of(files: dict[str, bytes]) -> bytes:
    """The same bytes on every call (a fixed time stamp): a test id built from them must not
    differ between pytest-xdist's workers, or they refuse to run the collection."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            member = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


MANIFEST = b"key,value\r\nformat,bone-journal\r\nschema_version,1\r\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "That file is empty."),  # refused by the upload form
        (b"   \n", "That file is empty."),
        (
            b'{"format": "bone-journal", "schema_version": 1, "logs": {"pain": [',
            "is not valid JSON",
        ),
        (b'{"format": "other"}', "is not a Bone Journal export"),
        (
            b'{"format": "bone-journal", "schema_version": 99, "logs": {}}',
            "made by a newer Bone Journal",
        ),
        (b'{"format": "bone-journal", "logs": {}}', "does not say which version"),
        (
            b'{"format": "bone-journal", "schema_version": 1, "logs": {"pain": [{"score": NaN}]}}',
            "NaN where a number should be",
        ),
        (b"[" * 100_000, "is not a Bone Journal export"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
        (b"date,score\n\xff\xfe2025-01-01,3\n", "is not UTF-8 text"),
        (b"date,score\n2025-01-01,3\x00\n", "NUL characters"),
        (b"just one column\n1\n", "needs at least two columns"),
        (b"PK\x03\x04 not really a zip", "cannot be opened"),
        (zip_of({"pain.csv": b"id,date\n"}), "not a Bone Journal CSV export"),
        # Numbers Python will not read (over 4,300 digits) or that only look like digits.
        (
            b'{"format": "bone-journal", "schema_version": ' + b"5" * 5000 + b', "logs": {}}',
            "a number too long to read",
        ),
        (
            b'{"format": "bone-journal", "schema_version": 1, "logs": {"pain": [{"score": '
            + b"7" * 5000
            + b"}]}}",
            "a number too long to read",
        ),
        (
            zip_of(
                {
                    "manifest.csv": b"key,value\r\nformat,bone-journal\r\nschema_version,"
                    + b"1" * 5000
                    + b"\r\n"
                }
            ),
            "does not say which version",
        ),
        (zip_of({"manifest.csv": MANIFEST.replace(b",1\r", b",\xc2\xb2\r")}), "does not say which"),
    ],
    ids=lambda v: v[:20] if isinstance(v, bytes) else v[:20],
)
def test_a_bad_file_is_a_clear_message_and_nothing_is_written(content, message, newcomer):
    user, client = newcomer
    response = upload(client, content, "journal.json")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert journal_rows(user) == dict.fromkeys(journal_rows(user), 0)
    assert not m.PendingImport.objects.exists()  # a file that cannot be read is not kept


def test_a_zip_that_unpacks_past_the_limit_is_refused(newcomer, settings):
    settings.IMPORT_MAX_BYTES = 100_000
    bomb = zip_of({"manifest.csv": MANIFEST, "pain.csv": b"id,date\r\n" + b"1," * 300_000})
    assert len(bomb) < 100_000
    user, client = newcomer
    response = upload(client, bomb, "journal.zip")
    assert "unpacks to more than the journal imports at once" in response.content.decode()


def test_too_many_rows_is_refused_with_the_limit(owner, newcomer, settings):
    settings.IMPORT_MAX_ROWS = 3
    full_journal(owner)
    user, client = newcomer
    response = upload(client, json.dumps(json_export(owner)).encode())
    assert "more than 3 rows" in response.content.decode()
    assert journal_rows(user)["pain"] == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(newcomer, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    user, client = newcomer
    response = upload(client, b"x" * (2 * 1024 * 1024), "big.csv")
    assert response.status_code == 413
    page = response.content.decode()
    assert "That file is too big to import" in page
    assert "up to 1 MB. Nothing was imported." in page


@pytest.mark.slow  # builds and posts a file over a megabyte
def test_the_import_page_alone_takes_a_body_over_one_megabyte(owner, newcomer):
    """10 MB is the import's limit; every other page still refuses 1 MB."""
    seed_demo(TODAY, username="big-source", password="x" * 12)
    source = m.Profile.objects.get(user__username="big-source").user
    m.PainEntry.objects.filter(user=source).update(note="n" * 1900)
    content = json.dumps(json_export(source)).encode()
    assert len(content) > 1024 * 1024
    user, client = newcomer
    response = upload(client, content)
    assert response.status_code == 200
    assert "What the import would do" in response.content.decode()
    too_big = client.post("/pain/new/", {"note": "x" * (1024 * 1024 + 10)})
    assert too_big.status_code == 413


def test_a_file_named_in_the_zip_that_is_no_log_is_left_out_with_a_note(newcomer):
    user, client = newcomer
    content = zip_of({"manifest.csv": MANIFEST, "horoscope.csv": b"id,date\r\n1,2025-01-01\r\n"})
    page = upload(client, content, "j.zip").content.decode()
    assert "horoscope.csv was left out: this journal has no such log." in page


def test_a_dexa_result_naming_no_scan_is_refused_with_its_line(owner, newcomer):
    full_journal(owner)
    files = {k: v.encode() for k, v in zip_files(zip_export(owner)).items()}
    files["dexa-results.csv"] += b"999,spine,-1.0,,\r\n"
    user, client = newcomer
    page = upload(client, zip_of(files), "j.zip").content.decode()
    assert (
        "dexa-results.csv, line 6</strong>: Its dexa_id (999) names no entry in dexa.csv." in page
    )


def test_csv_cells_guarded_against_formulas_come_back_as_typed(owner, newcomer):
    full_journal(owner)
    user, client = newcomer
    confirm(client, upload(client, zip_export(owner), "j.zip"))
    notes = set(m.PainEntry.objects.filter(user=user).values_list("note", flat=True))
    assert {"=SUM(A1:A2)", "@x", '-3 "quoted", with commas'} <= notes
    assert m.DexaScan.objects.get(user=user).facility == "+City Hospital, Ward 3"


# --- another app's daily pain ---------------------------------------------------------------------

OTHER_APP = (
    b"Day;Pain (1-5);Comment\n"
    b"03/01/2026;1;fine\n"
    b"04/01/2026;5;bad night\n"
    b"05/01/2026;3.5;\n"
    b"31/02/2026;2;\n"
    b"06/01/2026;6;\n"
    b"07/01/2026;0;\n"
)


def test_another_apps_pain_csv_asks_for_its_columns_and_guesses_them(newcomer):
    user, client = newcomer
    page = upload(client, OTHER_APP, "pain.csv").content.decode()
    assert "read as daily pain scores from another app" in page
    assert '<option value="Day" selected>Day</option>' in page
    assert '<option value="Pain (1-5)" selected>Pain (1-5)</option>' in page
    assert '<option value="Comment" selected>Comment</option>' in page
    assert m.PainEntry.objects.count() == 0


def test_another_apps_1_to_5_scale_is_doubled_and_dates_read_as_chosen(newcomer, frozen_today):
    user, client = newcomer
    preview = upload(client, OTHER_APP, "pain.csv")
    choices = {
        "date_column": "Day",
        "score_column": "Pain (1-5)",
        "note_column": "Comment",
        "date_format": "dmy",
        "scale": "5",
        "location": "lower_back",
    }
    again = client.post("/import/", {"token": token_of(preview), **choices})
    page = again.content.decode()
    assert "line 5</strong>: date: Enter a date as YYYY-MM-DD." in page  # 31 February
    assert "line 6</strong>: score: 6 is not on a 1 to 5 scale." in page
    assert "line 7</strong>: score: 0 is not on a 1 to 5 scale." in page
    assert confirm(client, again, **choices).status_code == 302
    entries = m.PainEntry.objects.filter(user=user).order_by("date")
    assert [(e.date.day, e.score, e.note, e.locations) for e in entries] == [
        (3, 2, "fine", ["lower_back"]),
        (4, 10, "bad night", ["lower_back"]),
        (5, 7, "", ["lower_back"]),  # 3.5 doubled is 7
    ]


def test_another_apps_0_to_10_scores_are_taken_as_they_are_and_rounded_half_up(newcomer):
    user, client = newcomer
    content = b"date,score\n2025-05-01,0\n2025-05-02,10\n2025-05-03,6.5\n2025-05-04,11\n"
    preview = upload(client, content, "p.csv")
    assert "line 5</strong>: score: Enter a whole number from 0 to 10." in preview.content.decode()
    confirm(
        client,
        preview,
        date_column="date",
        score_column="score",
        date_format="iso",
        scale="10",
        location="other",
        note_column="",
    )
    assert sorted(m.PainEntry.objects.filter(user=user).values_list("score", flat=True)) == [
        0,
        7,
        10,
    ]


def test_choosing_the_same_column_twice_or_a_missing_one_is_a_clear_message(newcomer):
    user, client = newcomer
    preview = upload(client, OTHER_APP, "pain.csv")
    post = {
        "token": token_of(preview),
        "date_column": "Day",
        "score_column": "Day",
        "date_format": "iso",
        "scale": "10",
        "location": "other",
        "confirm": "1",
    }
    page = client.post("/import/", post).content.decode()
    assert "Choose a different column from the date&#x27;s." in page
    page = client.post("/import/", post | {"score_column": "Nope"}).content.decode()
    assert "Choose one of the file&#x27;s columns." in page
    assert m.PainEntry.objects.count() == 0


def test_the_import_page_takes_get_and_post_only(owner_client):
    assert owner_client.get("/import/").status_code == 200
    assert owner_client.put("/import/").status_code == 405


@pytest.mark.parametrize("token", ["\x00", "a" * 20 + "\x00", "../" * 6, "\u00e9" * 20])
def test_a_token_that_is_not_url_safe_base64_names_no_upload(owner_client, owner, token):
    # a NUL character would otherwise reach PostgreSQL, whose text fields refuse it outright
    response = owner_client.post("/import/", {"token": token})
    assert response.status_code == 404
    assert services.pending_upload(owner, token) is None
