"""One set of generic views for every log, configured by journal.logs.LOGS: list, new, edit,
delete and (where the log has one) the entry's own page. Nothing here names a particular log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..derived import Derived
from ..logs import LOGS, Log
from .common import alerts_for, changed, flags, flash_saved, render_part, safe_next, today


def _get_entry_for_user(log: Log, request: HttpRequest, pk: int):
    """The user's own entry, or 404: another person's entry must look like it does not exist."""
    return get_object_or_404(log.queryset(request.user), pk=pk)


@login_required
@require_GET
def log_list(request: HttpRequest, log: str) -> HttpResponse:
    spec = LOGS[log]
    page = Paginator(spec.queryset(request.user), spec.per_page).get_page(request.GET.get("page"))
    ctx = {"log": spec, "page": page}
    if spec.list_context:
        ctx |= spec.list_context(request.user)
    return render_part(request, "journal/log_list.html", ("list",), ctx)


@login_required
@require_http_methods(["GET", "POST"])
def log_new(request: HttpRequest, log: str) -> HttpResponse:
    spec = LOGS[log]
    # A child entry can start from its parent: /sessions/new/?treatment=3. The form offers only
    # the person's own parents, so another person's id simply chooses nothing.
    initial = {}
    if spec.parent_field and request.GET.get(spec.parent_field, "").isdigit():
        initial[spec.parent_field] = int(request.GET[spec.parent_field])
    return _edit(request, spec, None, initial)


@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    return _edit(request, spec, _get_entry_for_user(spec, request, pk))


def _edit(request: HttpRequest, spec: Log, instance, initial: dict | None = None) -> HttpResponse:
    form = spec.form(
        request.POST or None, instance=instance, today=today(), user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        entry = services.save_entry(spec, request.user, form.entry_data(), instance)
        derived = Derived.after_write(request, today())
        alerts = alerts_for(flags(derived), (spec.key, entry.pk))
        flash_saved(request, f"Saved the {spec.noun}.", alerts)
        return changed(redirect(safe_next(request, spec.url("list"))))
    return render(request, "journal/log_form.html", {"log": spec, "form": form, "entry": instance})


@login_required
@require_http_methods(["GET", "POST"])
def log_delete(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    entry = _get_entry_for_user(spec, request, pk)
    if request.method == "POST":
        services.delete_entry(spec, entry)
        messages.success(request, f"Deleted the {spec.noun}.")
        return changed(redirect(spec.url("list")))
    return render(request, "journal/log_delete.html", {"log": spec, "entry": entry})


@login_required
@require_GET
def log_detail(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    if spec.detail_context is None:
        raise Http404("This log has no entry pages.")
    entry = _get_entry_for_user(spec, request, pk)
    ctx = {"log": spec, "entry": entry} | spec.detail_context(request.user, entry)
    return render(request, spec.detail_template, ctx)
