"""The importer and the new pages take any input: hypothesis throws malformed, truncated, huge
and hostile files at /import/ (journal JSON, CSV zips, other apps' CSV, arbitrary bytes), and
junk at every new form field and query parameter (the upload, the column choices, the report's
period and name, the FHIR name).

Whatever comes in: never a 5xx; nothing invalid stored; a preview writes nothing; a confirmation
adds exactly what its preview promised, or nothing (never part of it)."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from journal import models as m
from journal.interop.importer import PainCsvForm

from .interop_helpers import full_journal, json_export, zip_export, zip_files
from .test_fuzz import FUZZ, check_response, check_stored, form_data, in_savepoint, junk, text

pytestmark = pytest.mark.django_db

values = st.one_of(
    junk,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.one_of(text, st.integers()), max_size=4),
    st.dictionaries(text, text, max_size=3),
)


@pytest.fixture
def source(owner) -> dict:
    full_journal(owner)
    return {"json": json_export(owner), "zip": zip_files(zip_export(owner))}


def entries(user) -> int:
    return sum(
        model.objects.filter(user=user).count()
        for model in (m.PainEntry, m.DexaScan, m.ExerciseSession, m.HeightMeasurement, m.Fracture)
    )


def try_import(client, user, content: bytes, name: str, choices: dict | None = None) -> None:
    """Upload, check the preview wrote nothing, confirm, check it added what it promised."""
    before = entries(user)
    response = client.post("/import/", {"file": SimpleUploadedFile(name, content)})
    check_response(response)
    assert entries(user) == before, "the preview wrote to the journal"
    promised = re.search(rb"Import (\d+) entr", response.content)
    token = re.search(rb'name="token" value="([^"]+)"', response.content)
    if token is None:
        assert b'class="error' in response.content or b"nothing new" in response.content.lower()
        return
    post = {"token": token.group(1).decode(), "confirm": "1", **(choices or {})}
    confirmed = client.post("/import/", post)
    check_response(confirmed)
    if confirmed.status_code == 302 and promised:
        assert entries(user) == before + int(promised.group(1))
    elif confirmed.status_code != 302:
        assert entries(user) == before
    check_stored()


@pytest.mark.slow  # imports a whole file an example
@FUZZ
@given(data=st.data())
def test_a_journal_json_with_any_value_anywhere_is_imported_or_refused_cleanly(
    data, source, stranger, stranger_client
):
    doc = copy.deepcopy(source["json"])
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        where = data.draw(st.sampled_from(["entry", "top", "profile", "log"]), label="where")
        if where == "top":
            doc[data.draw(st.sampled_from(["format", "schema_version", "logs", "profile"]))] = (
                data.draw(values)
            )
        elif where == "profile" and isinstance(doc.get("profile"), dict):
            doc["profile"][data.draw(st.sampled_from(["birth_year", "sex", "timezone", "x"]))] = (
                data.draw(values)
            )
        elif where == "log" and isinstance(doc.get("logs"), dict):
            doc["logs"][data.draw(st.sampled_from(["pain", "dexa", "bogus"]))] = data.draw(values)
        elif isinstance(doc.get("logs"), dict) and doc["logs"]:  # an earlier change may empty it
            key = data.draw(st.sampled_from(sorted(doc["logs"])))
            rows = doc["logs"][key]
            if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                row = rows[data.draw(st.integers(0, len(rows) - 1))]
                if isinstance(row, dict):
                    field = data.draw(st.sampled_from(sorted(row) + ["results", "surprise"]))
                    row[field] = data.draw(values)
    content = json.dumps(doc, default=str).encode()
    in_savepoint(lambda: try_import(stranger_client, stranger, content, "j.json"))


@FUZZ
@given(data=st.data())
def test_a_truncated_or_corrupted_file_is_refused_cleanly(data, source, stranger, stranger_client):
    kind = data.draw(st.sampled_from(["json", "zip"]), label="kind")
    content = json.dumps(source["json"]).encode() if kind == "json" else zip_export_of(source)
    cut = data.draw(st.integers(0, len(content)), label="cut")
    content = bytearray(content[:cut])
    for _ in range(data.draw(st.integers(0, 3), label="flips")):
        if content:
            i = data.draw(st.integers(0, len(content) - 1))
            content[i] = data.draw(st.integers(0, 255))
    in_savepoint(lambda: try_import(stranger_client, stranger, bytes(content), f"j.{kind}"))


def zip_export_of(source, change=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in source["zip"].items():
            archive.writestr(name, change(name, body) if change else body)
    return buf.getvalue()


@pytest.mark.slow  # imports a whole file an example
@FUZZ
@given(data=st.data())
def test_a_csv_zip_with_any_cell_changed_is_imported_or_refused_cleanly(
    data, source, stranger, stranger_client
):
    target = data.draw(st.sampled_from(sorted(source["zip"])), label="file")
    junk_cell = data.draw(
        st.one_of(junk, st.just('"'), st.just("\r\n"), st.just(",,,,")), label="cell"
    )

    def change(name, body):
        if name != target:
            return body
        lines = body.split("\r\n")
        i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
        cells = lines[i].split(",")
        j = data.draw(st.integers(0, max(0, len(cells) - 1)), label="column")
        cells[j] = junk_cell
        lines[i] = ",".join(cells)
        return "\r\n".join(lines)

    content = zip_export_of(source, change)
    in_savepoint(lambda: try_import(stranger_client, stranger, content, "j.zip"))


@FUZZ
@given(
    rows=st.lists(
        st.lists(st.one_of(junk, st.dates().map(str)), min_size=1, max_size=4), max_size=8
    ),
    header=st.lists(text, min_size=0, max_size=4),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    data=st.data(),
)
def test_any_other_apps_csv_and_any_column_choice_is_imported_or_refused_cleanly(
    rows, header, delimiter, data, stranger, stranger_client
):
    content = "\n".join(delimiter.join(r) for r in [header, *rows]).encode("utf-8", "replace")
    columns = header or ["a"]
    choices = data.draw(
        form_data(PainCsvForm(columns=columns).fields),
        label="choices",
    )
    choices.pop("csrfmiddlewaretoken", None)
    in_savepoint(lambda: try_import(stranger_client, stranger, content, "p.csv", choices))


@FUZZ
@given(content=st.binary(max_size=3000), name=text)
def test_arbitrary_bytes_under_any_name_are_refused_cleanly(
    content, name, stranger, stranger_client
):
    # A browser sends a file's base name; the test client needs one it can build a file from.
    safe = "".join(c if c.isprintable() and c not in "/\\" else "_" for c in name) + ".x"
    in_savepoint(lambda: try_import(stranger_client, stranger, content, safe))


@FUZZ
@given(
    post=form_data(
        {
            "token": __import__("django").forms.CharField(),
            "confirm": __import__("django").forms.CharField(),
        }
    )
)
def test_any_post_to_the_import_page_without_a_file_is_answered_cleanly(post, owner_client, owner):
    def check():
        before = entries(owner)
        response = owner_client.post("/import/", post)
        check_response(response)
        # 413: the form's own fields over the 1 MB any form may send (a page that says so).
        assert response.status_code in (200, 404, 413)
        assert entries(owner) == before

    in_savepoint(check)


@pytest.mark.slow  # draws a PDF an example
@FUZZ
@given(
    period=st.one_of(st.sampled_from(["3m", "6m", "12m"]), junk, st.lists(junk, max_size=2)),
    name=st.one_of(junk, st.lists(junk, max_size=2)),
    path=st.sampled_from(["/report/", "/report.pdf", "/report/chart.svg", "/export/fhir.json"]),
)
def test_the_report_and_fhir_take_any_period_and_name(period, name, path, owner_client, source):
    response = owner_client.get(path, {"period": period, "name": name})
    assert response.status_code == 200
    if response.streaming:
        json.loads(b"".join(response.streaming_content))  # a whole, valid document
    else:
        check_response(response)
    if path == "/report/":
        body = response.content.decode()
        assert "<x-fuzz" not in body
