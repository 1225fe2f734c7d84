"""The only code that writes a person's journal: save, delete, "same as last time", the profile,
accounts. Each write is one transaction that also bumps the person's journal version, so whatever
is computed from the journal can be cached under (person, version) and is never stale.

Views, the demo and the importer (journal.interop) call these with cleaned data; forms only
validate. An import's writes (a held upload, then the whole plan in one transaction) are in
journal.services_import, built on `writing` and `bump_version` here, and named here too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint
from django.utils import timezone

from . import models as m
from .forms.control import TOKEN

_SQLITE_WRITER = threading.Lock()


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """The transaction of one write to the journal.

    SQLite has one writer at a time, and a writer that finds it busy polls, sleeping longer each
    time, for up to its busy timeout. With gunicorn's threads, two dozen pollers starved some of
    them past the timeout ("database is locked"). So on SQLite the threads of one process queue
    here, on a lock that hands over at once, and only one of them at a time waits for SQLite's.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


# Told, after each write commits, what it changed: (user, new version, model, ids), where model
# and ids are None when the write did not say (journal.derived keeps the snapshots it holds
# current with them; a listener never writes to the journal).
WRITE_LISTENERS: list[Callable[[object, int, type | None, tuple | None], None]] = []


def bump_version(user, model: type | None = None, ids: Iterable[int] | None = None) -> int:
    """Mark the person's journal as changed; call inside the writing transaction. `model` and
    `ids` say which entries the write touched (None: unknown). Returns the new version."""
    version = _next_version(user)
    if version is None:
        m.Profile.objects.get_or_create(user=user)
        version = _next_version(user)
    change = (user, version, model, None if ids is None else tuple(ids))
    transaction.on_commit(lambda: _told(change))
    return version


def _told(change) -> None:
    for listener in WRITE_LISTENERS:
        listener(*change)


def _next_version(user) -> int | None:
    """Add one to the person's version and read it back in one statement, inside the
    transaction that holds the row: exactly this write's version (None without a profile).
    UPDATE ... RETURNING: SQLite 3.35 and later, PostgreSQL."""
    quote = connection.ops.quote_name
    table, version = quote(m.Profile._meta.db_table), quote("version")
    user_id = quote(m.Profile._meta.get_field("user").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {version} = {version} + 1 WHERE {user_id} = %s "
            f"RETURNING {version}",
            [user.pk],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def journal_version(user) -> int:
    return m.Profile.objects.filter(user=user).values_list("version", flat=True).first() or 0


# --- entries ------------------------------------------------------------------------------------


class EntryGone(Exception):
    """The entry being edited no longer exists (deleted in another tab): nothing was written."""


class StaleEntry(Exception):
    """The entry changed after the person's form was drawn: nothing was written. `current` is
    the entry as stored now, for the person to compare with their own."""

    def __init__(self, current):
        super().__init__(f"{current!r} changed since the form was drawn")
        self.current = current


def write_fields(model: type[m.Owned], user, data: dict, instance=None) -> m.Owned:
    """A plain log's entry: each of `data` onto the model field of the same name."""
    entry = instance or model(user=user)
    for name, value in data.items():
        setattr(entry, name, value)
    # An edit is an UPDATE or nothing: save() would INSERT a row that has gone meanwhile.
    checked_write([entry], ["user"], lambda: entry.save(force_update=instance is not None))
    return entry


def checked_write(rows: list, exclude: list[str], write: Callable[[], object]) -> None:
    """`write()` the model instances `rows`, refusing bad values with a ValidationError.

    Each row's fields are checked here (types, lengths, choices: no query). Its constraints,
    where every limit lives, are left to the database, which checks each of them on the write
    anyway: asking them one by one beforehand (full_clean) cost a query and a savepoint each,
    six to nine a save. Only when the database refuses the write are the check constraints
    asked which and why, so that a caller still gets the ValidationError full_clean would have
    raised; a refusal no check constraint explains (a unique one lost in a race: two saves of
    one night's sleep) stays the IntegrityError it is. The savepoint lets the transaction go on
    to ask them (PostgreSQL refuses any query in a transaction after a failed statement)."""
    for row in rows:
        row.full_clean(exclude=exclude, validate_constraints=False)
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        errors = []
        for row in rows:
            for constraint in row._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    try:
                        constraint.validate(type(row), row, exclude=exclude)
                    except ValidationError as error:
                        errors.append(error)
        if errors:
            raise ValidationError({NON_FIELD_ERRORS: errors}) from None
        raise


def write_dexa(model: type[m.DexaScan], user, data: dict, instance=None) -> m.DexaScan:
    """A scan and its site results (`data["results"]`: site, t_score, bmd, z_score), replaced
    as a whole on edit."""
    fields = {name: value for name, value in data.items() if name != "results"}
    scan = write_fields(model, user, fields, instance)
    scan.results.all().delete()
    results = [m.DexaSiteResult(scan=scan, **result) for result in data["results"]]
    checked_write(results, ["scan"], lambda: m.DexaSiteResult.objects.bulk_create(results))
    return scan


def write_session(
    model: type[m.TreatmentSession], user, data: dict, instance=None
) -> m.TreatmentSession:
    """A session of one of the person's own courses: the form offers only theirs, and this holds
    it for any other caller."""
    if data["treatment"].user_id != user.pk:
        raise ValidationError({"treatment": "Choose one of your treatment courses."})
    return write_fields(model, user, data, instance)


def write_sleep(model: type[m.SleepEntry], user, data: dict, instance=None) -> m.SleepEntry:
    """A night's sleep: one per night, so a new entry for a night already logged (a second tap,
    two saves racing) changes that night's entry instead."""
    if instance is None:
        instance = night_of(model, user, data["date"])
    try:
        with transaction.atomic():
            return write_fields(model, user, data, instance)
    except IntegrityError:
        if instance is not None:
            raise
        # Another save of the same night committed in between: change that one instead.
        return write_fields(model, user, data, model.objects.get(user=user, date=data["date"]))


def night_of(model: type[m.SleepEntry], user, date) -> m.SleepEntry | None:
    return model.objects.filter(user=user, date=date).first()


SUBMIT_TOKEN_DAYS = 2  # how long a form's submit token is remembered


def save_entry(log, user, data: dict, instance=None, *, version: str = "", token: str = ""):
    """Add (instance None) or change one entry of `log` (a journal.logs.Log) for `user`.

    `version` (forms.control): the version of `instance` the person's form started from; if the
    stored entry has changed since, raise StaleEntry and write nothing. An edit of an entry that
    has been deleted raises EntryGone: never an insert. `token`: the form's one-time submit token;
    a repeat returns the entry the first submit saved and writes nothing. Without them (an outside
    tool's POST) the entry is saved as before.
    """
    with writing():
        claim = None
        if token:
            claim, earlier = _claim_token(log, user, token)
            if earlier is not None:
                return earlier
        if instance is not None:
            # The row, locked until the transaction ends (SQLite's BEGIN IMMEDIATE already holds
            # the write lock): no other save or delete can come between the check and the write.
            current = log.model.objects.select_for_update().filter(user=user, pk=instance.pk)
            instance = current.first()
            if instance is None:
                raise EntryGone(log.key)
            if version and log.form.version_of(instance) != version:
                raise StaleEntry(instance)
        entry = (log.writer or write_fields)(log.model, user, data, instance)
        bump_version(user, log.model, [entry.pk])
        if claim is not None:
            m.SubmitToken.objects.filter(pk=claim.pk).update(entry_id=entry.pk)
        return entry


def _claim_token(log, user, token: str):
    """(this submit's claim, None) for a new token; (None, the entry it saved) for a repeat."""
    m.SubmitToken.objects.filter(
        user=user, created__lt=timezone.now() - dt.timedelta(days=SUBMIT_TOKEN_DAYS)
    ).delete()
    try:
        with transaction.atomic():  # a savepoint: a repeat's failed insert leaves the rest intact
            return m.SubmitToken.objects.create(user=user, token=token, log=log.key), None
    except IntegrityError:
        # The first submit holds the token. On PostgreSQL this insert waited for it to commit,
        # so its entry is visible now; on SQLite the write lock serialised the two.
        first = m.SubmitToken.objects.get(user=user, token=token)
    earlier = log.queryset(user).filter(pk=first.entry_id).first() if first.log == log.key else None
    if earlier is None:
        raise EntryGone(log.key)  # what the first submit saved has been deleted since
    return None, earlier


def submitted(log, user, token: str):
    """The entry a finished submit with this one-time token saved, if any (None for a new token):
    a repeat that the form would now refuse (a night's sleep already logged, by that very
    submit) is still answered like the first."""
    if not token or not TOKEN.fullmatch(token):
        return None
    first = m.SubmitToken.objects.filter(user=user, token=token, log=log.key).first()
    if first is None or first.entry_id is None:
        return None
    return log.queryset(user).filter(pk=first.entry_id).first()


def write_dose(model: type[m.Dose], user, data: dict, instance=None) -> m.Dose:
    """A dose of one of the person's own medicines: never of someone else's (the form offers only
    theirs; this holds for any other caller too)."""
    if data["medicine"].user_id != user.pk:
        raise PermissionDenied("A dose must be of one of the person's own medicines.")
    return write_fields(model, user, data, instance)


def took_it(log, user, medicine: m.Medicine, day, time=None, token: str = "") -> m.Dose:
    """ "Took it": one dose of `medicine` on `day` (the person's today), at `time` if given,
    saved as any dose (`log` is the doses log); a repeat of `token` returns the first one."""
    data = {"medicine": medicine, "date": day, "time": time}
    return save_entry(log, user, data, token=token if TOKEN.fullmatch(token) else "")


def delete_entry(log, entry) -> None:
    user, pk = entry.user, entry.pk
    # Deleting a parent (a course, a medicine) deletes its children of another log with it: then
    # the whole snapshot is read again, not only this entry.
    has_children = any(
        issubclass(rel.related_model, m.Owned) for rel in type(entry)._meta.related_objects
    )
    with writing():
        entry.delete()  # an entry already deleted elsewhere deletes nothing, as was asked
        bump_version(user, *((None, None) if has_children else (type(entry), [pk])))


def add_entries(user, entries: Iterable[m.Owned]) -> None:
    """Many new entries at once (the demo journal), each model's in one insert."""
    by_model: dict[type, list] = {}
    for entry in entries:
        entry.user = user
        by_model.setdefault(type(entry), []).append(entry)
    with writing():
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)
        bump_version(user)  # many entries: the snapshot is read again


def last_pain(user) -> m.PainEntry | None:
    """The person's latest pain entry, by the one total order (models.PAIN_NEWEST_FIRST)."""
    return m.PainEntry.objects.filter(user=user).order_by(*m.PAIN_NEWEST_FIRST).first()


# --- the profile and the account ----------------------------------------------------------------


def save_profile(user, data: dict) -> m.Profile:
    with writing():
        profile = write_profile(user, data)
        bump_version(user)
    return profile


def write_profile(user, data: dict) -> m.Profile:
    """`data` onto the person's profile, checked; call inside the writing transaction."""
    profile, _ = m.Profile.objects.get_or_create(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


class UsernameTaken(Exception):
    """Someone else took the name (in any mix of upper and lower case) while this sign-up was
    being checked: the database's unique index on lower(username) refused the second."""


def create_account(user_form, address: str) -> object:
    """A new person (Django's UserCreationForm, validated) and their empty profile (in the
    browser's time zone when the form has one), recorded
    against the address it came from when sign-ups are limited (SIGNUP_LIMIT_PER_HOUR)."""
    username = user_form.cleaned_data["username"]
    user = user_form.save(commit=False)  # hashes the password (Argon2: slow) before the lock
    try:
        with writing():
            user.save()
            # The browser's zone when the sign-up form carried a known one (forms.SignupForm).
            zone = user_form.cleaned_data.get("timezone")
            m.Profile.objects.create(user=user, **({"timezone": zone} if zone else {}))
            if settings.SIGNUP_LIMIT_PER_HOUR:
                now = timezone.now()
                m.SignupRecord.objects.filter(created__lte=now - dt.timedelta(hours=1)).delete()
                m.SignupRecord.objects.create(address=address, created=now)
    except IntegrityError:
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise UsernameTaken(username) from None
        raise
    return user


def delete_account(user) -> None:
    """The account and every row of it. Entries, the profile, sessions on other devices
    (models.Session names its person, so none is decoded) and submit tokens cascade with the
    user; the log-in throttle's records name the user without a foreign key, so they go by hand."""
    with writing():
        for record in (AccessAttempt, AccessFailureLog, AccessLog):
            record.objects.filter(username=user.get_username()).delete()
        user.delete()


# --- flags the person discussed with their clinician -------------------------------------------


def mark_discussed(user, key: str, day, level: str, entries: dict, marked_on) -> m.FlagDiscussion:
    """Record that the flag `key` was discussed on `day` (marked on `marked_on`, the person's
    today), resting then on `entries`
    (journal.flag_state): it moves to the discussed group until its evidence changes. The flags
    panel shows it, so the journal's version moves on."""
    with writing():
        record, _ = m.FlagDiscussion.objects.update_or_create(
            user=user,
            key=key,
            defaults={
                "discussed_on": day,
                "marked_on": marked_on,
                "level": level,
                "entries": entries,
            },
        )
        record.full_clean(exclude=["user"])
        bump_version(user, m.FlagDiscussion, [record.pk])
        return record


def forget_discussed(user, key: str) -> None:
    """The flag `key` shows among the others again."""
    with writing():
        m.FlagDiscussion.objects.filter(user=user, key=key).delete()
        bump_version(user, m.FlagDiscussion, [])


# An import's writers, with the others (they are built on writing() and bump_version above).
from .services_import import (  # noqa: E402, F401
    UPLOAD_KEPT,
    drop_upload,
    hold_upload,
    import_entries,
    import_upload,
    pending_upload,
)
