"""What the journal's own export holds, read from `LOGS` and the models: one place that says which
fields of which table are written, under which names, and how each value is written as text.

- A log's columns are its model's concrete fields, `id` first, less `user` (the file is the
  person's own). A foreign key to another log's model (a dose's `medicine`) is a *parent
  reference*: the parent entry's exported `id`.
- A log's *children* are rows of a model that is not itself a log and hangs off the log's model by
  a foreign key (a DEXA scan's site results): nested under their entry in JSON, a file of their own
  in the CSV zip (`dexa-results.csv`, naming the entry in `dexa_id`).
- The profile's columns are its fields less `id`, `user` and `version` (bookkeeping).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

FORMAT = "bone-journal"
SCHEMA_VERSION = 1
LIST_SEPARATOR = ";"  # a list (pain locations) in one CSV cell: lower_back;hip
# A text cell starting with one of these is a formula to a spreadsheet: such cells get a leading
# apostrophe in the CSV (which spreadsheets hide), and the importer takes it off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOT_EXPORTED = frozenset({"user"})  # the owner: every row of the file is the person's own
PROFILE_NOT_EXPORTED = frozenset({"id", "user", "version"})
TIMESTAMPS = frozenset({"created_at", "updated_at"})  # exported, not imported: set on saving
LAST = ("note", "created_at", "updated_at")  # these columns come last, in this order


@dataclass(frozen=True)
class Child:
    """Rows of `model` written only with their parent entry (reached as `related_name`)."""

    related_name: str  # "results"
    model: type[models.Model]
    parent_fk: str  # the child's field naming its parent entry: "scan"
    fields: tuple[models.Field, ...]


@dataclass(frozen=True)
class Parent:
    """A log's reference to an entry of another log (a dose's medicine)."""

    field: str  # the field's name: "medicine"
    log: str  # the parent log's key: "medicines"


def _order(fields) -> list[models.Field]:
    rank = {name: i for i, name in enumerate(LAST)}
    return sorted(fields, key=lambda f: (f.name in rank, rank.get(f.name, 0)))


def log_fields(log) -> list[models.Field]:
    """The exported fields of a log's model, `id` first, note and timestamps last."""
    fields = [f for f in log.model._meta.concrete_fields if f.name not in NOT_EXPORTED]
    return _order(fields)


def columns(log) -> list[str]:
    return [f.name for f in log_fields(log)]


def parents(log, logs: Mapping) -> list[Parent]:
    """The log's fields that name an entry of another log."""
    by_model = {other.model: key for key, other in logs.items()}
    return [
        Parent(f.name, by_model[f.related_model])
        for f in log_fields(log)
        if f.is_relation and f.related_model in by_model
    ]


def children(log, logs: Mapping) -> list[Child]:
    """Tables of rows that belong to the log's entries and are not logs of their own."""
    log_models = {other.model for other in logs.values()}
    found = []
    for rel in log.model._meta.related_objects:
        if not rel.one_to_many or rel.related_model in log_models:
            continue
        fk = rel.field.name
        fields = tuple(
            f for f in rel.related_model._meta.concrete_fields if f.name not in ("id", fk)
        )
        found.append(Child(rel.get_accessor_name(), rel.related_model, fk, fields))
    return found


def child_file(log_key: str, child: Child) -> str:
    return f"{log_key}-{child.related_name}"


def parent_column(log_key: str) -> str:
    """The column of a child file naming its entry: dexa_id."""
    return f"{log_key}_id"


def profile_fields(profile_model) -> list[models.Field]:
    return [f for f in profile_model._meta.concrete_fields if f.name not in PROFILE_NOT_EXPORTED]


def ordered(logs: Mapping) -> list[str]:
    """Log keys with every parent log before its children (the import's writing order)."""
    done: list[str] = []

    def visit(key: str, path: tuple[str, ...]) -> None:
        if key in done:
            return
        if key in path:
            raise ValueError(f"logs refer to each other in a circle: {path}")
        for parent in parents(logs[key], logs):
            visit(parent.log, (*path, key))
        done.append(key)

    for key in logs:
        visit(key, ())
    return done


# --- values ------------------------------------------------------------------------------------


def raw(field: models.Field, obj) -> object:
    """A field's value on a model instance; a foreign key's is the id it names."""
    return getattr(obj, field.attname)


def json_value(value) -> object:
    """A stored value as JSON: ISO 8601 dates and times, numbers, lists, true/false, null."""
    if isinstance(value, Decimal):
        return float(value)  # at most 4 significant digits here: the float prints exactly
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def text_value(value, guard: bool = False) -> str:
    """A stored value as one CSV cell (`guard`: a free-text field, kept from reading as a
    formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    if guard and text.startswith(FORMULA_START):
        return "'" + text
    return text


def is_free_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def unguard(text: str) -> str:
    """A CSV cell as it was before `text_value` guarded it."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def cell_from_json(value) -> str | list[str]:
    """A JSON value as the text a CSV cell would hold, so both formats are checked alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return value
        raise ValueError("a list here may hold only text")
    if isinstance(value, int | Decimal | str):
        return str(value)
    raise ValueError("expected a single value, not a nested object")
