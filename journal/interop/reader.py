"""Reading an upload, bounded: the journal's JSON, its CSV zip, or another app's CSV of daily pain.

Nothing here checks a value (the importer does that with the logs' own forms); this turns a file
into rows of text cells that say where each came from, and refuses with a plain message a file
that is not one of those, is malformed, or is too big (rows, unzipped bytes, nesting).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from . import schema as s

ZIP_MAGIC = b"PK\x03\x04"
MAX_ZIP_MEMBERS = 100
MAX_COLUMNS = 200
csv.field_size_limit(1_000_000)  # a note is at most 2,000 characters; this only bounds the reader


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why, for a person."""


@dataclass
class RawRow:
    where: str  # "pain.csv, line 12" or "pain, entry 12": where the person finds it
    cells: dict[str, str | list[str]]
    children: dict[str, list[dict]] = field(default_factory=dict)
    from_csv: bool = True


@dataclass
class Refusal:
    log: str  # a log key, "profile", or "" for the file
    where: str
    reason: str


@dataclass
class Parsed:
    """A journal file's rows by log key, its profile, and what could not even be read."""

    kind: str  # "journal" (our JSON or CSV zip) or "pain_csv" (another app's daily pain)
    logs: dict[str, list[RawRow]] = field(default_factory=dict)
    profile: RawRow | None = None
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # pain_csv: its header
    rows: list[RawRow] = field(default_factory=list)  # pain_csv: its rows


def kind_of(content: bytes) -> str:
    if content.startswith(ZIP_MAGIC):
        return "zip"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    return "csv"


def read(content: bytes, logs: Mapping, max_rows: int, max_unzipped: int) -> Parsed:
    """The rows of an upload; raises FileProblem when the file cannot be imported at all."""
    if not content.strip():
        raise FileProblem("That file is empty.")
    kind = kind_of(content)
    if kind == "zip":
        return _read_zip(content, logs, max_rows, max_unzipped)
    text = _text(content)
    if kind == "json":
        return _read_json(text, logs, max_rows)
    return _read_plain_csv(text, max_rows)


def _text(content: bytes, name: str = "The file") -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"{name} is not UTF-8 text (a byte at position {error.start:,} is not): save it as "
            "UTF-8 CSV or JSON and try again."
        ) from None
    if "\x00" in text:
        raise FileProblem(f"{name} contains NUL characters, so it is not a text file.")
    return text


class _Counter:
    def __init__(self, max_rows: int):
        self.max_rows, self.count = max_rows, 0

    def add(self, n: int = 1) -> None:
        self.count += n
        if self.count > self.max_rows:
            raise FileProblem(
                f"The file holds more than {self.max_rows:,} rows, more than the journal imports "
                "at once. Split it into smaller files (by year, for example) and import each."
            )


# --- JSON ---------------------------------------------------------------------------------------


def _no_constants(name: str):
    raise FileProblem(f"The file has {name} where a number should be; it is not valid JSON.")


def _read_json(text: str, logs: Mapping, max_rows: int) -> Parsed:
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). If it was cut short, export it again."
        ) from None
    except ValueError:  # a whole number of more than 4,300 digits (Python's limit)
        raise FileProblem(
            "The file has a number too long to read; it is not a journal export."
        ) from None
    except RecursionError:
        raise FileProblem("The file is nested too deeply to be a journal export.") from None
    if not isinstance(data, dict) or data.get("format") != s.FORMAT:
        raise FileProblem(
            'This JSON file is not a Bone Journal export (it has no "format": '
            f'"{s.FORMAT}"). To import another app\'s pain scores, save them as CSV.'
        )
    _check_version(data.get("schema_version"))
    parsed = Parsed("journal")
    counter = _Counter(max_rows)
    profile = data.get("profile")
    if isinstance(profile, dict):
        parsed.profile = _json_row("profile", "profile", profile, parsed)
    entries = data.get("logs")
    if not isinstance(entries, dict):
        raise FileProblem('The file has no "logs": nothing to import.')
    for key, rows in entries.items():
        if key not in logs:
            parsed.notes.append(f'The file\'s "{key}" entries were left out: no such log here.')
            continue
        if not isinstance(rows, list):
            raise FileProblem(f'"{key}" in the file is not a list of entries.')
        children = {c.related_name for c in s.children(logs[key], logs)}
        out = parsed.logs.setdefault(key, [])
        for i, item in enumerate(rows, start=1):
            counter.add()
            where = f"{key}, entry {i}"
            if not isinstance(item, dict):
                parsed.refused.append(Refusal(key, where, "It is not an entry (a JSON object)."))
                continue
            row = _json_row(key, where, item, parsed, children)
            if row is not None:
                counter.add(sum(len(v) for v in row.children.values()))
                out.append(row)
    return parsed


def _check_version(version) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblem("The file does not say which version of the format it is in.")
    if version > s.SCHEMA_VERSION:
        raise FileProblem(
            f"The file was made by a newer Bone Journal (format version {version}; this one "
            f"reads up to {s.SCHEMA_VERSION}). Update this journal first."
        )


def _json_row(key, where, item: dict, parsed: Parsed, children=frozenset()) -> RawRow | None:
    cells, kids = {}, {}
    try:
        for name, value in item.items():
            if name in children:
                if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                    raise ValueError(f"{name}: expected a list of objects")
                kids[name] = [{k: s.cell_from_json(v) for k, v in c.items()} for c in value]
            else:
                cells[str(name)] = s.cell_from_json(value)
    except ValueError as error:
        parsed.refused.append(Refusal(key, where, f"{str(error).capitalize()}."))
        return None
    return RawRow(where, cells, kids, from_csv=False)


# --- CSV ----------------------------------------------------------------------------------------


def _csv_rows(text: str, name: str, counter: _Counter, dialect=csv.excel):
    """(line number, header, row dict) for each row of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        if len(header) > MAX_COLUMNS:
            raise FileProblem(f"{name} has more than {MAX_COLUMNS} columns.")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines, as spreadsheets leave at the end
            counter.add()
            yield reader.line_num, header, dict(zip(header, row, strict=False)), len(row)
    except csv.Error as error:
        raise FileProblem(
            f"{name} is not readable CSV near line {reader.line_num}: {error}."
        ) from None


def _read_plain_csv(text: str, max_rows: int) -> Parsed:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    parsed = Parsed("pain_csv")
    counter = _Counter(max_rows)
    for line, header, cells, _ in _csv_rows(text, "The file", counter, dialect):
        parsed.columns = header
        parsed.rows.append(RawRow(f"line {line}", cells))
    if not parsed.columns:
        lines = text.splitlines()
        parsed.columns = next(csv.reader(lines[:1], dialect), []) if lines else []
    if len(parsed.columns) < 2:
        raise FileProblem(
            "The file is not a Bone Journal export, and as a CSV it needs at least two columns "
            "(a date and a pain score) with a header row naming them."
        )
    return parsed


class _Bounded:
    """Reads zip members while counting the unzipped bytes against one limit for the file."""

    def __init__(self, archive: zipfile.ZipFile, limit: int):
        self.archive, self.left = archive, limit

    def read(self, name: str) -> bytes:
        out = []
        with self.archive.open(name) as member:
            while chunk := member.read(64 * 1024):
                self.left -= len(chunk)
                if self.left < 0:
                    raise FileProblem(
                        "The zip unpacks to more than the journal imports at once; import its "
                        "files in smaller parts."
                    )
                out.append(chunk)
        return b"".join(out)


def _read_zip(content: bytes, logs: Mapping, max_rows: int, max_unzipped: int) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = [i.filename for i in archive.infolist() if not i.is_dir()]
        if len(names) > MAX_ZIP_MEMBERS:
            raise FileProblem(f"The zip holds more than {MAX_ZIP_MEMBERS} files.")
        reader = _Bounded(archive, max_unzipped)
        files = {name: _text(reader.read(name), name) for name in names}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise FileProblem(f"The zip file cannot be opened ({error}); export it again.") from None
    except (RuntimeError, ValueError, OSError) as error:  # encrypted, corrupt, bad CRC
        raise FileProblem(f"The zip file cannot be read ({error}); export it again.") from None
    counter = _Counter(max_rows)
    manifest = {}
    if "manifest.csv" in files:
        for _, _, row, _ in _csv_rows(files.pop("manifest.csv"), "manifest.csv", counter):
            manifest[row.get("key", "")] = row.get("value", "")
    if manifest.get("format") != s.FORMAT:
        raise FileProblem(
            "This zip is not a Bone Journal CSV export (its manifest.csv is missing or names "
            "another format)."
        )
    version = manifest.get("schema_version", "")
    # A whole number as written (ASCII digits, short): anything else says no version.
    plain = version.isascii() and version.isdigit() and len(version) <= 9
    _check_version(int(version) if plain else None)
    parsed = Parsed("journal")
    if "profile.csv" in files:
        for line, _, row, _ in _csv_rows(files.pop("profile.csv"), "profile.csv", counter):
            parsed.profile = RawRow(f"profile.csv, line {line}", row)
    child_files = {}
    for key, log in logs.items():
        for child in s.children(log, logs):
            child_files[f"{s.child_file(key, child)}.csv"] = (key, child)
    for key in logs:
        name = f"{key}.csv"
        if name not in files:
            continue
        rows = parsed.logs.setdefault(key, [])
        for line, _, row, _ in _csv_rows(files.pop(name), name, counter):
            rows.append(RawRow(f"{name}, line {line}", row))
    for name, (key, child) in child_files.items():
        if name not in files:
            continue
        by_id = {str(r.cells.get("id", "")).strip(): r for r in parsed.logs.get(key, [])}
        column = s.parent_column(key)
        for line, _, row, _ in _csv_rows(files.pop(name), name, counter):
            ref = str(row.pop(column, "")).strip()
            owner = by_id.get(ref) if ref else None
            if owner is None:
                reason = f"Its {column} ({ref or 'empty'}) names no entry in {key}.csv."
                parsed.refused.append(Refusal(key, f"{name}, line {line}", reason))
                continue
            owner.children.setdefault(child.related_name, []).append(row)
    for name in sorted(files):
        parsed.notes.append(f"{name} was left out: this journal has no such log.")
    return parsed
