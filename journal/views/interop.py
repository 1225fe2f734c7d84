"""Your data: the export page and its three downloads, and the import (upload, preview, confirm)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..formats import plural
from ..interop import export, fhir, importer, reader
from ..logs import LOGS
from ..snapshot import load_journal
from .common import changed, today


def _download(chunks, name: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # health data: no copy in any cache
    return response


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    counts = [(log, log.queryset(request.user).count()) for log in LOGS.values()]
    return render(request, "journal/export.html", {"counts": counts})


@login_required
@require_GET
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    now = timezone.now()
    chunks = export.journal_json(request.user, LOGS, now)
    return _download(chunks, f"bone-journal-{today()}.json", "application/json")


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.journal_csv_zip(request.user, LOGS, timezone.now())
    return _download(chunks, f"bone-journal-{today()}-csv.zip", "application/zip")


@login_required
@require_GET
def export_fhir(request: HttpRequest) -> StreamingHttpResponse:
    name = " ".join(request.GET.get("name", "").split())[:200]
    chunks = fhir.bundle_json(load_journal(request.user), request.user.pk, timezone.now(), name)
    return _download(chunks, f"bone-journal-{today()}-fhir.json", "application/fhir+json")


# --- import ---------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The file",
        error_messages={
            "required": "Choose a file to import.",
            "empty": "That file is empty.",
            "invalid": "Choose a file to import.",
            "missing": "Choose a file to import.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"That file is {upload.size / 1_048_576:.1f} MB; the journal imports files of up "
                f"to {limit / 1_048_576:.0f} MB. Split it (by year, for example) and import each."
            )
        return upload


GONE = (
    "That upload is no longer waiting to be imported: it was imported already, it is more than a "
    "day old, or it was never made. Nothing was imported now; upload the file again."
)


def _read(content: bytes) -> reader.Parsed:
    limit = settings.IMPORT_MAX_BYTES
    return reader.read(content, LOGS, settings.IMPORT_MAX_ROWS, 4 * limit)


def _planner(request: HttpRequest, choices: dict | None):
    def plan_for(content: bytes) -> importer.Plan:
        parsed = _read(content)
        if parsed.kind == "pain_csv":
            if choices is None:
                raise reader.FileProblem("Choose the file's date and score columns first.")
            return importer.plan_pain_csv(request.user, parsed, choices, LOGS, today())
        return importer.plan(request.user, parsed, LOGS, today())

    return plan_for


def _page(request, status: int = 200, **ctx) -> HttpResponse:
    ctx.setdefault("upload", UploadForm())
    ctx["max_mb"] = settings.IMPORT_MAX_BYTES // 1_048_576
    ctx["max_rows"] = settings.IMPORT_MAX_ROWS
    return render(request, "journal/import.html", ctx, status=status)


FIELDS_TOO_BIG = (
    "The form sent more text than the import page takes (only the file itself may be large). "
    "Nothing was imported: choose the file again and send it."
)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    try:
        token = request.POST.get("token", "")
    except RequestDataTooBig:  # a form's own fields over 1 MB: only a file may be that big
        return _page(request, status=413, error=FIELDS_TOO_BIG)
    token = token if len(token) <= 64 else ""  # no token is that long: it names no upload
    if not token:
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return _page(request, upload=upload)
        content = upload.cleaned_data["file"].read()
        held = services.hold_upload(request.user, upload.cleaned_data["file"].name, content)
        return _preview(request, held.token, content, None)
    held = services.pending_upload(request.user, token)
    if held is None:
        return _page(request, status=404, error=GONE)
    return _preview(request, token, bytes(held.content), request.POST)


def _preview(request: HttpRequest, token: str, content: bytes, post) -> HttpResponse:
    try:
        parsed = _read(content)
    except reader.FileProblem as problem:
        services.drop_upload(request.user, token)
        return _page(request, error=str(problem))
    choose, choices = None, None
    if parsed.kind == "pain_csv":
        choose = importer.PainCsvForm(post, columns=parsed.columns)
        if choose.is_bound and not choose.is_valid():
            return _page(request, token=token, choose=choose, kind=parsed.kind)
        choices = (
            choose.cleaned_data
            if choose.is_bound
            else {name: choose[name].value() for name in choose.fields}
        )
    if post is not None and "confirm" in post:
        return _confirm(request, token, choices)
    plan = _planner(request, choices)(content)
    hint = (
        parsed.kind == "pain_csv"
        and choices["scale"] == "10"
        and (importer.pain_csv_scale_hint(parsed, choices["score_column"]))
    )
    ctx = {"token": token, "plan": plan, "choose": choose, "kind": parsed.kind, "hint": hint}
    ctx["refused_shown"] = plan.refused[:1000]
    return _page(request, **ctx)


def _confirm(request: HttpRequest, token: str, choices: dict | None) -> HttpResponse:
    try:
        done = services.import_upload(request.user, token, _planner(request, choices))
    except reader.FileProblem as problem:
        services.drop_upload(request.user, token)
        return _page(request, error=str(problem))
    if done is None:
        return _page(request, status=404, error=GONE)
    plan, added = done
    if not added and not plan.profile:
        messages.success(request, "Nothing new to import: every entry is already in your journal.")
    else:
        parts = [f"{LOGS[key].title}: {n:,}" for key, n in added.items()]
        if plan.profile:
            parts.append("your profile's empty fields filled in")
        total = plural(sum(added.values()), "entry", "entries")
        messages.success(request, f"Imported {total} ({'; '.join(parts)}).")
    return changed(redirect("journal:import"))
