"""The journal's writers for an import (journal.interop): the uploaded file held until its
preview is confirmed, and the planned rows written in one transaction with one version bump.
Built on journal.services' `writing` and `bump_version`; callers reach them as `services.*`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from itertools import groupby

from django.utils import timezone

from . import models as m
from .forms.control import TOKEN
from .services import bump_version, write_fields, write_profile, writing


@writing()
def import_entries(user, rows, profile: dict | None = None) -> dict[str, int]:
    """An import planned by journal.interop.importer, all or nothing: each row not already in the
    journal (`row.existing` None) is added, a child naming its parent's new id; the profile's
    empty fields are filled from `profile`. One version bump. Returns the number added per log.

    Rows come parents first. Plain logs are inserted in bulk (their forms checked every value,
    and the database's constraints check them again); a log with its own writer (DEXA and its
    site results) goes through it."""
    ids: dict[tuple[str, str], int] = {}
    parents: dict[tuple[str, int], m.Owned] = {}  # each parent entry read once, as the person's
    added: dict[str, int] = {}
    for key, group in groupby(rows, key=lambda row: row.log.key):
        fresh = []
        for row in group:
            if row.existing is not None:
                ids[(key, row.ref)] = row.existing
                continue
            log, data = row.log, dict(row.data)
            if row.parent is not None:
                field, parent_log, ref = row.parent
                pk = ids[(parent_log, ref)]
                if (parent_log, pk) not in parents:
                    model = log.model._meta.get_field(field).related_model
                    parents[(parent_log, pk)] = model.objects.get(pk=pk, user=user)
                data[field] = parents[(parent_log, pk)]
            names = {f.name for f in log.model._meta.concrete_fields}
            if log.writer is None and set(data) <= names:
                fresh.append((row.ref, log.model(user=user, **data)))
            else:
                entry = (log.writer or write_fields)(log.model, user, data)
                ids[(key, row.ref)] = entry.pk
                added[key] = added.get(key, 0) + 1
        if fresh:
            model = fresh[0][1].__class__
            model.objects.bulk_create([entry for _, entry in fresh], batch_size=500)
            for ref, entry in fresh:
                ids[(key, ref)] = entry.pk
            added[key] = added.get(key, 0) + len(fresh)
    if profile:
        write_profile(user, profile)
    bump_version(user)
    return added


UPLOAD_KEPT = dt.timedelta(days=1)


@writing()
def hold_upload(user, name: str, content: bytes) -> m.PendingImport:
    """Keep an uploaded file until its preview is confirmed (journal.interop); not part of the
    journal, so no version bump. One pending upload per person; any over a day old is dropped."""
    m.PendingImport.objects.filter(user=user).delete()
    m.PendingImport.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT).delete()
    token = secrets.token_urlsafe(32)
    return m.PendingImport.objects.create(user=user, token=token, name=name[:255], content=content)


def pending_upload(user, token: str, lock: bool = False) -> m.PendingImport | None:
    """The person's own pending upload named by `token` (another's reads as none at all)."""
    if not token or len(token) > 64 or not TOKEN.fullmatch(token):
        return None  # a token is URL-safe base64: anything else names no upload (and a NUL
        # character would be refused by PostgreSQL's text fields rather than found missing)
    uploads = m.PendingImport.objects.filter(
        user=user, token=token, created_at__gte=timezone.now() - UPLOAD_KEPT
    )
    return (uploads.select_for_update() if lock else uploads).first()


def drop_upload(user, token: str) -> None:
    m.PendingImport.objects.filter(user=user, token=token).delete()


@writing()
def import_upload(user, token: str, planner: Callable):
    """Confirm a pending upload: plan it again now (`planner(content)` -> an importer Plan, which
    may raise for a bad file) and write the plan, in one transaction with the upload locked and
    then dropped, so a double submit imports once. None when the upload is gone."""
    upload = pending_upload(user, token, lock=True)
    if upload is None:
        return None
    plan = planner(bytes(upload.content))
    added = import_entries(user, plan.rows, plan.profile) if plan.new or plan.profile else {}
    upload.delete()
    return plan, added
