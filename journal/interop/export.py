"""The journal's own export, streamed: one JSON file, or a zip of CSV files (one per log).

Both are generators of bytes that read the person's entries from the database a chunk at a time
(`QuerySet.iterator`), so a ten-year journal never sits in memory whole; the view streams them.
What is written comes from `schema`: every model field of every log in `LOGS`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator, Mapping

from . import schema as s

CHUNK_ROWS = 500  # rows read from the database per query
FLUSH_BYTES = 64 * 1024  # bytes gathered before they are handed to the response


def entries(log, user, logs: Mapping) -> Iterator:
    """The person's entries of `log`, oldest first, with their children, a chunk at a time."""
    related = [child.related_name for child in s.children(log, logs)]
    queryset = log.model.objects.filter(user=user).order_by("date", "id")
    return queryset.prefetch_related(*related).iterator(chunk_size=CHUNK_ROWS)


def entry_json(log, entry, logs: Mapping) -> dict:
    row = {f.name: s.json_value(s.raw(f, entry)) for f in s.log_fields(log)}
    for child in s.children(log, logs):
        row[child.related_name] = [
            {f.name: s.json_value(s.raw(f, c)) for f in child.fields}
            for c in getattr(entry, child.related_name).all()
        ]
    return row


def profile_json(user) -> dict:
    from .. import models as m

    profile = m.Profile.objects.filter(user=user).first() or m.Profile(user=user)
    return {f.name: s.json_value(s.raw(f, profile)) for f in s.profile_fields(m.Profile)}


def header(exported_at: dt.datetime) -> dict:
    return {
        "format": s.FORMAT,
        "schema_version": s.SCHEMA_VERSION,
        "exported_at": exported_at.astimezone(dt.UTC).isoformat(),
    }


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def journal_json(user, logs: Mapping, exported_at: dt.datetime) -> Iterator[bytes]:
    """The whole journal as one JSON document, one entry per line."""
    head = header(exported_at) | {"profile": profile_json(user)}
    buf = [_dumps(head)[:-1], ', "logs": {']
    for i, (key, log) in enumerate(logs.items()):
        buf.append(f"{',' if i else ''}\n  {_dumps(key)}: [")
        for j, entry in enumerate(entries(log, user, logs)):
            buf.append(f"{',' if j else ''}\n    {_dumps(entry_json(log, entry, logs))}")
            if len(buf) >= 200:
                yield "".join(buf).encode()
                buf = []
        buf.append("\n  ]")
    buf.append("\n}}\n")
    yield "".join(buf).encode()


# --- the CSV zip --------------------------------------------------------------------------------


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they come (zipfile writes into it)."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def _csv_text(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)  # RFC 4180: quoted where needed, CRLF line ends
    return out.getvalue().encode()


def csv_files(user, logs: Mapping, exported_at: dt.datetime) -> Iterator[tuple[str, Iterator]]:
    """(file name, rows) for every file of the zip; rows are lists of cells, header first."""
    from .. import models as m

    def manifest():
        yield ["key", "value"]
        for key, value in header(exported_at).items():
            yield [key, str(value)]

    def profile():
        fields = s.profile_fields(m.Profile)
        obj = m.Profile.objects.filter(user=user).first() or m.Profile(user=user)
        yield [f.name for f in fields]
        yield [s.text_value(s.raw(f, obj), s.is_free_text(f)) for f in fields]

    def log_rows(log):
        fields = s.log_fields(log)
        yield [f.name for f in fields]
        for entry in (
            log.model.objects.filter(user=user)
            .order_by("date", "id")
            .iterator(chunk_size=CHUNK_ROWS)
        ):
            yield [s.text_value(s.raw(f, entry), s.is_free_text(f)) for f in fields]

    def child_rows(key, child):
        yield [s.parent_column(key), *(f.name for f in child.fields)]
        rows = child.model.objects.filter(**{f"{child.parent_fk}__user": user})
        order = [f"{child.parent_fk}__date", child.parent_fk, "id"]
        for row in rows.order_by(*order).iterator(chunk_size=CHUNK_ROWS):
            parent_id = getattr(row, f"{child.parent_fk}_id")
            yield [str(parent_id)] + [
                s.text_value(s.raw(f, row), s.is_free_text(f)) for f in child.fields
            ]

    yield "manifest.csv", manifest()
    yield "profile.csv", profile()
    for key, log in logs.items():
        yield f"{key}.csv", log_rows(log)
        for child in s.children(log, logs):
            yield f"{s.child_file(key, child)}.csv", child_rows(key, child)


def journal_csv_zip(user, logs: Mapping, exported_at: dt.datetime) -> Iterator[bytes]:
    """A zip of UTF-8 CSV files (with a byte-order mark, so spreadsheets read them as UTF-8)."""
    pipe = _Pipe()
    stamp = exported_at.astimezone(dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in csv_files(user, logs, exported_at):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                member.write("\ufeff".encode())
                batch: list[list[str]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= CHUNK_ROWS:
                        member.write(_csv_text(batch))
                        batch = []
                        if pipe.size >= FLUSH_BYTES:
                            yield pipe.take()
                member.write(_csv_text(batch))
            yield pipe.take()
    yield pipe.take()
