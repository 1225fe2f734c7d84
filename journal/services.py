"""The only code that writes a person's journal: save, delete, "same as last time", the profile,
accounts. Each write is one transaction that also bumps the person's journal version, so whatever
is computed from the journal can be cached under (person, version) and is never stale.

Views, the demo and (later) the importer call these with cleaned data; forms only validate.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from . import models as m


def bump_version(user) -> None:
    """Mark the person's journal as changed; call inside the writing transaction."""
    if not m.Profile.objects.filter(user=user).update(version=F("version") + 1):
        m.Profile.objects.get_or_create(user=user)
        m.Profile.objects.filter(user=user).update(version=F("version") + 1)


def journal_version(user) -> int:
    return m.Profile.objects.filter(user=user).values_list("version", flat=True).first() or 0


# --- entries ------------------------------------------------------------------------------------


def write_fields(model: type[m.Owned], user, data: dict, instance=None) -> m.Owned:
    """A plain log's entry: each of `data` onto the model field of the same name."""
    entry = instance or model(user=user)
    for name, value in data.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["user"])
    entry.save()
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


def write_dose(model: type[m.Dose], user, data: dict, instance=None) -> m.Dose:
    """A dose of one of the person's own medicines: never of someone else's (the form offers only
    theirs; this holds for any other caller too)."""
    if data["medicine"].user_id != user.pk:
        raise PermissionDenied("A dose must be of one of the person's own medicines.")
    return write_fields(model, user, data, instance)


@transaction.atomic
def took_it(user, medicine: m.Medicine, day, time=None) -> m.Dose:
    """ "Took it": one dose of `medicine` on `day` (the person's today), at `time` if given."""
    dose = write_dose(m.Dose, user, {"medicine": medicine, "date": day, "time": time})
    bump_version(user)
    return dose


@transaction.atomic
def save_entry(log, user, data: dict, instance=None):
    """Add (instance None) or change one entry of `log` (a journal.logs.Log) for `user`."""
    entry = (log.writer or write_fields)(log.model, user, data, instance)
    bump_version(user)
    return entry


@transaction.atomic
def delete_entry(log, entry) -> None:
    user = entry.user
    entry.delete()
    bump_version(user)


@transaction.atomic
def add_entries(user, entries: Iterable[m.Owned]) -> None:
    """Many new entries at once (the demo journal), each model's in one insert."""
    by_model: dict[type, list] = {}
    for entry in entries:
        entry.user = user
        by_model.setdefault(type(entry), []).append(entry)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    bump_version(user)


def last_pain(user) -> m.PainEntry | None:
    """The person's latest pain entry, by the one total order (models.PAIN_NEWEST_FIRST)."""
    return m.PainEntry.objects.filter(user=user).order_by(*m.PAIN_NEWEST_FIRST).first()


# --- the profile and the account ----------------------------------------------------------------


@transaction.atomic
def save_profile(user, data: dict) -> m.Profile:
    profile, _ = m.Profile.objects.get_or_create(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    bump_version(user)
    return profile


@transaction.atomic
def create_account(user_form) -> object:
    """A new person (Django's UserCreationForm, validated) and their empty profile."""
    user = user_form.save()
    m.Profile.objects.create(user=user)
    return user


@transaction.atomic
def delete_account(user) -> None:
    """The account and every row of it. Entries cascade with the user; sessions on other devices
    and the log-in throttle's records name the user without a foreign key, so they go by hand."""
    user_id = str(user.pk)
    sessions = [
        s.pk for s in Session.objects.iterator() if s.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=sessions).delete()
    for record in (AccessAttempt, AccessLog, AccessFailureLog):
        record.objects.filter(username=user.get_username()).delete()
    user.delete()
