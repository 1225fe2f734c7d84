"""The only code that writes a person's journal: save, delete, "same as last time", the profile,
accounts. Each write is one transaction that also bumps the person's journal version, so whatever
is computed from the journal can be cached under (person, version) and is never stale.

Views, the demo and (later) the importer call these with cleaned data; forms only validate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Iterator

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from . import models as m

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


def bump_version(user) -> None:
    """Mark the person's journal as changed; call inside the writing transaction."""
    if not m.Profile.objects.filter(user=user).update(version=F("version") + 1):
        m.Profile.objects.get_or_create(user=user)
        m.Profile.objects.filter(user=user).update(version=F("version") + 1)


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
    entry.full_clean(exclude=["user"])
    # An edit is an UPDATE or nothing: save() would INSERT a row that has gone meanwhile.
    entry.save(force_update=instance is not None)
    return entry


def write_dexa(model: type[m.DexaScan], user, data: dict, instance=None) -> m.DexaScan:
    """A scan and its site results (`data["results"]`: site, t_score, bmd, z_score), replaced
    as a whole on edit."""
    fields = {name: value for name, value in data.items() if name != "results"}
    scan = write_fields(model, user, fields, instance)
    scan.results.all().delete()
    results = [m.DexaSiteResult(scan=scan, **result) for result in data["results"]]
    for result in results:
        result.full_clean(exclude=["scan"])
    m.DexaSiteResult.objects.bulk_create(results)
    return scan


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
        bump_version(user)
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


def delete_entry(log, entry) -> None:
    user = entry.user
    with writing():
        entry.delete()  # an entry already deleted elsewhere deletes nothing, as was asked
        bump_version(user)


def add_entries(user, entries: Iterable[m.Owned]) -> None:
    """Many new entries at once (the demo journal), each model's in one insert."""
    by_model: dict[type, list] = {}
    for entry in entries:
        entry.user = user
        by_model.setdefault(type(entry), []).append(entry)
    with writing():
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)
        bump_version(user)


def last_pain(user) -> m.PainEntry | None:
    """The person's latest pain entry, by the one total order (models.PAIN_NEWEST_FIRST)."""
    return m.PainEntry.objects.filter(user=user).order_by(*m.PAIN_NEWEST_FIRST).first()


# --- the profile and the account ----------------------------------------------------------------


def save_profile(user, data: dict) -> m.Profile:
    with writing():
        profile, _ = m.Profile.objects.get_or_create(user=user)
        for name, value in data.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user"])
        profile.save()
        bump_version(user)
    return profile


class UsernameTaken(Exception):
    """Someone else took the name (in any mix of upper and lower case) while this sign-up was
    being checked: the database's unique index on lower(username) refused the second."""


def create_account(user_form, address: str) -> object:
    """A new person (Django's UserCreationForm, validated) and their empty profile, recorded
    against the address it came from when sign-ups are limited (SIGNUP_LIMIT_PER_HOUR)."""
    username = user_form.cleaned_data["username"]
    user = user_form.save(commit=False)  # hashes the password (Argon2: slow) before the lock
    try:
        with writing():
            user.save()
            m.Profile.objects.create(user=user)
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
