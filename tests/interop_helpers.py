"""Helpers shared by the export/import tests: a journal with every field set, and a journal file
reduced to what must survive a round trip (ids and timestamps aside)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

from django.utils import timezone

from journal import models as m
from journal import services
from journal.interop import export
from journal.logs import LOGS

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def full_journal(user) -> None:
    """Entries with every optional field set, and awkward text: commas, quotes, new lines,
    unicode, formulas, the longest note."""
    services.save_profile(
        user, {"birth_year": 1961, "sex": "female", "tallest_height_cm": Decimal("166.5")}
    )
    awkward = ["=SUM(A1:A2)", '-3 "quoted", with commas', "line one\nline two", "é ß 中文 🦴", "@x"]
    for i, note in enumerate(awkward):
        m.PainEntry.objects.create(
            user=user,
            date=dt.date(2025, 3, 1 + i),
            time=dt.time(8, 30) if i % 2 else None,
            score=i + 3,
            locations=["lower_back", "hip"] if i else ["neck"],
            onset="sudden" if i % 2 else "",
            quality="sharp" if i == 1 else "",
            minor_trigger=i == 1,
            note=note,
        )
    m.PainEntry.objects.create(
        user=user, date=dt.date(2025, 3, 9), score=0, locations=["other"], note="x" * 2000
    )
    services.save_entry(
        LOGS["dexa"],
        user,
        {
            "date": dt.date(2024, 5, 2),
            "facility": "+City Hospital, Ward 3",
            "lsc_percent": Decimal("2.5"),
            "note": "first",
            "results": [
                {"site": site, "t_score": Decimal(t), "bmd": bmd, "z_score": z}
                for site, t, bmd, z in (
                    ("spine", "-2.50", Decimal("0.812"), Decimal("-1.10")),
                    ("total_hip", "-1.00", None, None),
                    ("femoral_neck", "-1.85", Decimal("0.700"), None),
                    ("forearm", "-3.05", Decimal("0.550"), Decimal("-2.00")),
                )
            ],
        },
    )
    m.ExerciseSession.objects.create(
        user=user,
        date=dt.date(2025, 3, 2),
        kind="impact",
        minutes=600,
        intensity="vigorous",
        load_kg=Decimal("100.0"),
        jumps=10000,
        note="max",
    )
    m.ExerciseSession.objects.create(user=user, date=dt.date(2025, 3, 3), kind="walking", minutes=1)
    m.HeightMeasurement.objects.create(
        user=user, date=dt.date(2025, 1, 1), height_cm=Decimal("163.4"), note="clinic"
    )
    m.Fracture.objects.create(
        user=user, date=dt.date(2020, 2, 29), site="spine", minimal_trauma=True, note="cough"
    )


def json_export(user) -> dict:
    return json.loads(b"".join(export.journal_json(user, LOGS, NOW)))


def zip_export(user) -> bytes:
    return b"".join(export.journal_csv_zip(user, LOGS, NOW))


def zip_files(content: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def comparable(doc: dict) -> dict:
    """A JSON export without what differs between two accounts holding the same journal: ids,
    timestamps, the export time; parent references become the parent's content; each log is
    sorted."""
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at", None)
    by_id = {}
    for key, rows in doc["logs"].items():
        for row in rows:
            by_id[(key, row["id"])] = row

    def content(row: dict) -> dict:
        return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}

    for key, rows in doc["logs"].items():
        log = LOGS.get(key)
        if log is not None and log.parent_field:
            model = log.model._meta.get_field(log.parent_field).related_model
            parent_key = next(k for k, other in LOGS.items() if other.model is model)
            for row in rows:
                row[log.parent_field] = content(by_id[(parent_key, row[log.parent_field])])
    for rows in doc["logs"].values():
        rows[:] = [content(row) for row in rows]
        rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    return doc


def now() -> dt.datetime:
    return timezone.now()
