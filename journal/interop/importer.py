"""Checking an upload and planning its import, without writing anything.

Every row goes through its log's own form (the same checks and messages as typing it in), so an
import can hold nothing the pages would refuse. The plan says, per log, what would be added, what
is already in the journal, and every row that cannot be imported with where it is and why;
`journal.services.import_entries` then writes the plan in one transaction.

"The same entry": two entries of a log are the same when every value the form stores is equal
(decimals by value, lists as sets, a DEXA scan with its site results, a child with its parent
compared by content). Entries are counted, not merged: a file holding an entry twice adds it twice
to an empty journal, and importing that file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms

from .. import domain as d
from ..forms import ProfileForm
from . import schema as s
from .reader import Parsed, RawRow, Refusal

PREVIEW_ROWS = 5  # the first rows shown per log


@dataclass(frozen=True)
class Accepted:
    """One row that passed its form: what services.import_entries writes (or finds there)."""

    log: object  # a journal.logs.Log
    ref: str  # the entry's id in the file ("" where it has none)
    data: dict  # the form's entry_data(), without the parent reference
    parent: tuple[str, str, str] | None  # (field, parent log key, the parent's ref)
    existing: int | None  # the id of the same entry already in the journal: not written
    where: str
    cells: dict = field(default_factory=dict, compare=False)


@dataclass
class LogPlan:
    key: str
    title: str
    new: int = 0
    same: int = 0
    refused: int = 0
    first: list[Accepted] = field(default_factory=list)


@dataclass
class Plan:
    rows: list[Accepted]  # in writing order: every parent log before its children
    logs: list[LogPlan]
    refused: list[Refusal]
    profile: dict  # profile fields the import fills in
    notes: list[str]

    @property
    def new(self) -> int:
        return sum(p.new for p in self.logs)

    @property
    def same(self) -> int:
        return sum(p.same for p in self.logs)


# --- the same entry -----------------------------------------------------------------------------


def canonical(value):
    """A value in a form that compares equal exactly when two stored values mean the same."""
    if isinstance(value, Decimal):
        return ("n", str(value.normalize()))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return ("n", str(Decimal(value).normalize()))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        return ("set", tuple(sorted((canonical(v) for v in value), key=repr)))
    return str(value)


def fingerprint(data: dict, parent_print=None) -> tuple:
    return (canonical(data), parent_print)


def _stored_data(entry, keys, child_names: dict) -> dict:
    """An entry from the database in the shape its form's entry_data() has."""
    data = {}
    for key in keys:
        if key in child_names:
            fields = child_names[key].fields
            data[key] = [
                {f.name: getattr(c, f.name) for f in fields} for c in getattr(entry, key).all()
            ]
        else:
            data[key] = getattr(entry, key, None)
    return data


def _existing(log, user, keys, logs, parent_prints) -> dict[tuple, list[int]]:
    """Fingerprint -> ids of the person's entries of `log` that have it."""
    children = {c.related_name: c for c in s.children(log, logs)}
    parent = next(iter(s.parents(log, logs)), None)
    found: dict[tuple, list[int]] = defaultdict(list)
    queryset = log.model.objects.filter(user=user).order_by("id")
    for entry in queryset.prefetch_related(*children).iterator(chunk_size=1000):
        pprint = None
        if parent is not None:
            pprint = parent_prints.get(parent.log, {}).get(getattr(entry, f"{parent.field}_id"))
        found[fingerprint(_stored_data(entry, keys, children), pprint)].append(entry.pk)
    return found


# --- checking rows ------------------------------------------------------------------------------


def _reason(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        for message in errors:
            parts.append(message if name == forms.forms.NON_FIELD_ERRORS else f"{name}: {message}")
    return " ".join(parts)


def _form_data(log, row: RawRow) -> dict:
    """The row's cells as the log's form takes them: lists split, CSV guards taken off."""
    free = {f.name for f in s.log_fields(log) if s.is_free_text(f)}
    cells = dict(row.cells)
    if row.from_csv:
        cells = {
            k: s.unguard(v) if k in free and isinstance(v, str) else v for k, v in cells.items()
        }
    data = log.form.data_from_entry(cells, row.children)
    form_fields = log.form.base_fields
    out = {}
    for name, value in data.items():
        multiple = isinstance(form_fields.get(name), forms.MultipleChoiceField)
        if multiple and isinstance(value, str):
            value = [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
        elif not multiple and isinstance(value, list):
            raise ValueError(f"{name}: expected one value, not a list.")
        out[name] = value
    return out


def plan(user, parsed: Parsed, logs: Mapping, today: dt.date) -> Plan:
    """What importing `parsed` (a journal file) would do to `user`'s journal."""
    rows: list[Accepted] = []
    refused = list(parsed.refused)
    summaries: dict[str, LogPlan] = {}
    prints: dict[str, dict[int, tuple]] = {}  # log -> existing id -> fingerprint
    accepted_refs: dict[str, dict[str, tuple]] = {}  # log -> ref in file -> fingerprint
    for key in s.ordered(logs):
        log = logs[key]
        summary = summaries[key] = LogPlan(key, log.title)
        parent = next(iter(s.parents(log, logs)), None)
        checked = []
        for row in parsed.logs.get(key, []):
            try:
                data = _form_data(log, row)
            except ValueError as error:
                refused.append(Refusal(key, row.where, str(error)))
                continue
            # A form that also checks the journal (one sleep entry a night) is checked against it
            # below, once the row is known not to be already there: as data alone first.
            form = log.form(data, today=today, user=None if log.form.checks_journal else user)
            link = None
            if parent is not None:
                form.fields.pop(parent.field, None)
                ref = str(row.cells.get(parent.field, "")).strip()
                if ref not in accepted_refs.get(parent.log, {}):
                    reason = (
                        f"{parent.field}: no entry with id {ref or '(empty)'} among the file's "
                        f"{logs[parent.log].title.lower()} that can be imported."
                    )
                    refused.append(Refusal(key, row.where, reason))
                    continue
                link = (parent.field, parent.log, ref)
            if not form.is_valid():
                refused.append(Refusal(key, row.where, _reason(form)))
                continue
            data = form.entry_data()
            pprint = None
            if link is not None:
                data.pop(parent.field, None)
                pprint = accepted_refs[parent.log][link[2]]
            checked.append((row, data, link, fingerprint(data, pprint)))
        summary.refused = sum(1 for r in refused if r.log == key)
        if not checked:
            continue  # so no row of a child log can name one of its entries either
        existing = _existing(log, user, list(checked[0][1]), logs, prints)
        prints[key] = {pk: fp for fp, pks in existing.items() for pk in pks}
        refs = accepted_refs.setdefault(key, {})
        for row, data, link, fp in checked:
            ref = str(row.cells.get("id", "")).strip()
            matches = existing.get(fp)
            same = matches.pop(0) if matches else None
            if same is None and log.form.checks_journal:
                again = log.form(_form_data(log, row), today=today, user=user)
                if parent is not None:
                    again.fields.pop(parent.field, None)
                if not again.is_valid():
                    refused.append(Refusal(key, row.where, _reason(again)))
                    summary.refused += 1
                    continue
            cells = row.cells | {k: str(len(v)) for k, v in row.children.items()}
            entry = Accepted(log, ref, data, link, same, row.where, cells)
            rows.append(entry)
            if ref:
                refs[ref] = fp
            if same is None:
                summary.new += 1
                if len(summary.first) < PREVIEW_ROWS:
                    summary.first.append(entry)
            else:
                summary.same += 1
    profile = _profile(user, parsed, refused, today)
    used = [
        summaries[k] for k in logs if summaries[k].new or summaries[k].same or summaries[k].refused
    ]
    return Plan(rows, used, refused, profile, list(parsed.notes))


def _profile(user, parsed: Parsed, refused: list[Refusal], today: dt.date) -> dict:
    """Profile fields from the file that fill empty ones (a value the person set is kept)."""
    from django.conf import settings

    from .. import models as m

    if parsed.profile is None:
        return {}
    current = m.Profile.objects.filter(user=user).first() or m.Profile(user=user)
    cells = {k: v for k, v in parsed.profile.cells.items() if isinstance(v, str)}
    cells.setdefault("timezone", current.timezone)
    form = ProfileForm(cells, today=today)
    if not form.is_valid():
        refused.append(Refusal("profile", parsed.profile.where, _reason(form)))
        return {}
    changes = {}
    for name, value in form.cleaned_data.items():
        mine = getattr(current, name)
        empty = mine in (None, "") or (name == "timezone" and mine == settings.TIME_ZONE)
        if empty and value not in (None, "") and value != mine:
            changes[name] = value
    return changes


# --- another app's daily pain -------------------------------------------------------------------

SCALES = {"10": "0 to 10 (as is)", "5": "1 to 5 (doubled: 1 becomes 2, 5 becomes 10)"}
DATE_FORMATS = {
    "iso": ("YYYY-MM-DD", ("%Y-%m-%d",)),
    "dmy": ("DD/MM/YYYY", ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")),
    "mdy": ("MM/DD/YYYY", ("%m/%d/%Y", "%m-%d-%Y")),
}


class PainCsvForm(forms.Form):
    """The preview page's choices for another app's CSV: which column is which, and its scale."""

    date_column = forms.ChoiceField(label="Date column")
    score_column = forms.ChoiceField(label="Pain score column")
    note_column = forms.ChoiceField(label="Note column", required=False)
    date_format = forms.ChoiceField(
        label="Dates are written",
        choices=[(k, label) for k, (label, _) in DATE_FORMATS.items()],
        initial="iso",
    )
    scale = forms.ChoiceField(label="Its pain scale", choices=list(SCALES.items()), initial="10")
    location = forms.ChoiceField(
        label="Where the pain was (the file does not say)",
        choices=d.Location.choices,
        initial=d.Location.OTHER,
    )

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        named = [(c, c or "(unnamed)") for c in columns]
        message = {"invalid_choice": "Choose one of the file's columns."}
        for name in ("date_column", "score_column"):
            self.fields[name].choices = named
            self.fields[name].error_messages.update(message)
        self.fields["note_column"].choices = [("", "No note"), *named]
        self.fields["note_column"].error_messages.update(message)
        for name, words in (
            ("date_column", ("date", "day", "time")),
            ("score_column", ("score", "pain", "level", "intensity", "rating")),
        ):
            guess = next((c for c in columns if any(w in c.lower() for w in words)), None)
            fallback = (
                columns[min(len(columns) - 1, 0 if name == "date_column" else 1)] if columns else ""
            )
            self.initial.setdefault(name, guess or fallback)
        note = next((c for c in columns if any(w in c.lower() for w in ("note", "comment"))), "")
        self.initial.setdefault("note_column", note)

    def clean(self):
        data = super().clean()
        if data.get("date_column") and data.get("date_column") == data.get("score_column"):
            self.add_error("score_column", "Choose a different column from the date's.")
        return data


def _pain_date(text: str, formats) -> str:
    text = text.strip()
    for fmt in formats:
        for candidate in (text, text[:10], text.split(" ")[0], text.split("T")[0]):
            try:
                return dt.datetime.strptime(candidate, fmt).date().isoformat()
            except ValueError:
                continue
    return text  # the form says what is wrong with it


def _pain_score(text: str, scale: str) -> str:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return text
    if not value.is_finite() or abs(value) > 1000:
        return text  # the form says it is not a score (quantize would fail on 1e999999)
    if scale == "5":
        if not 1 <= value <= 5:
            raise ValueError(f"score: {text.strip()} is not on a 1 to 5 scale.")
        value *= 2
    return str(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_pain_csv(user, parsed: Parsed, choices: dict, logs: Mapping, today: dt.date) -> Plan:
    """Another app's daily pain as pain entries, by the columns chosen on the preview page."""
    log = logs["pain"]
    formats = DATE_FORMATS[choices["date_format"]][1]
    rows = []
    for row in parsed.rows:
        cells = row.cells
        try:
            score = _pain_score(cells.get(choices["score_column"]) or "", choices["scale"])
        except ValueError as error:
            parsed.refused.append(Refusal("pain", row.where, str(error)))
            continue
        data = {
            "date": _pain_date(cells.get(choices["date_column"]) or "", formats),
            "score": score,
            "locations": choices["location"],
            "note": (cells.get(choices["note_column"]) or "") if choices["note_column"] else "",
        }
        rows.append(RawRow(row.where, data))
    journal_file = Parsed("journal", logs={"pain": rows}, refused=parsed.refused)
    return plan(user, journal_file, {"pain": log}, today)


def pain_csv_scale_hint(parsed: Parsed, column: str) -> bool:
    """Whether every score in `column` lies between 1 and 5 (a 1-5 scale, perhaps)."""
    values = []
    for row in parsed.rows[:2000]:
        try:
            values.append(Decimal(str(row.cells.get(column) or "").strip()))
        except InvalidOperation:
            return False
    return bool(values) and all(v.is_finite() and 1 <= v <= 5 for v in values)
