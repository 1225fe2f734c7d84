"""One set of generic views for every log, configured by journal.logs.LOGS: list, new, edit,
delete and (where the log has one) the entry's own page. Nothing here names a particular log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import months, services
from ..derived import Derived
from ..formats import join, plural
from ..logs import LOGS, Log
from .common import alerts_for, changed, flags, flash_saved, render_part, safe_next, today


def _get_entry_for_user(log: Log, request: HttpRequest, pk: int):
    """The user's own entry, or 404: another person's entry must look like it does not exist."""
    return get_object_or_404(log.queryset(request.user), pk=pk)


@login_required
@require_GET
def log_list(request: HttpRequest, log: str) -> HttpResponse:
    spec = LOGS[log]
    entries = spec.queryset(request.user)
    by_month = getattr(spec.form, "DATE_FIELD", "date") == "date"  # not a course's "started"
    if by_month and (month := months.parse_month(request.GET.get("month"))) is not None:
        # "Jump to a month": the page its newest entry is on, scrolled to its heading.
        number = months.page_of_month(entries, month, spec.per_page)
        anchor = f"month-{month.year:04d}-{month.month:02d}"  # strftime's %Y: "1" for year 1
        return redirect(f"{spec.url('list')}?page={number}#{anchor}")
    page = Paginator(entries, spec.per_page).get_page(request.GET.get("page"))
    ctx = {"log": spec, "page": page, "by_month": by_month}
    if by_month and page.paginator.num_pages > 1:
        ctx["months"] = months.months_of(entries)
        ctx["month_shown"] = page[0].date.replace(day=1) if len(page) else None
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
    asked = request.GET.get(spec.parent_field or "", "")
    if spec.parent_field and asked.isascii() and asked.isdigit() and len(asked) < 12:
        initial[spec.parent_field] = int(asked)  # ASCII digits only: "²" is a digit to Python
    return _edit(request, spec, None, initial)


@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    if request.method == "POST":
        entry = spec.queryset(request.user).filter(pk=pk).first()
        if entry is None:
            # Deleted (in another tab) before this edit arrived, or never the person's: the same
            # 404 either way, but with what they typed, to keep as a new entry if they wish.
            form = spec.form(request.POST, today=today(), user=request.user)
            return _gone(request, spec, form)
        return _edit(request, spec, entry)
    return _edit(request, spec, _get_entry_for_user(spec, request, pk))


def _edit(request: HttpRequest, spec: Log, instance, initial: dict | None = None) -> HttpResponse:
    form = spec.form(
        request.POST or None, instance=instance, today=today(), user=request.user, initial=initial
    )
    # Where Cancel goes: back where the person came from (the dashboard's ?next=/), else the list.
    ctx = {
        "log": spec,
        "form": form,
        "entry": instance,
        "back": safe_next(request, spec.url("list")),
    }
    if request.method == "POST":
        earlier = services.submitted(spec, request.user, request.POST.get("submit_token", ""))
        if earlier is not None:  # a double tap or a retry: the first submit's answer again
            return changed(redirect(safe_next(request, spec.saved_url(earlier))))
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.save_entry(
                spec, request.user, form.entry_data(), instance, **form.control()
            )
        except services.EntryGone:
            return _gone(request, spec, form)
        except services.StaleEntry as stale:
            ctx["conflict"] = form.differences(stale.current)
            form.mark_current(stale.current)
            message = CHANGED_ELSEWHERE.format(noun=spec.noun)
            form.add_error(None, ValidationError(message, code="changed_elsewhere"))
            return render(request, "journal/log_form.html", ctx)
        if spec.after_save == "entry":
            # Its own page shows the save, and anything urgent it raised before all else.
            return _saved_entry_page(request, spec, entry)
        derived = Derived.after_write(request, today())
        alerts = alerts_for(flags(derived), (spec.key, entry.pk))
        saved = spec.saved_message(entry) if spec.saved_message else f"Saved the {spec.noun}."
        flash_saved(request, saved, alerts)
        return changed(redirect(safe_next(request, spec.saved_url(entry))))
    return render(request, "journal/log_form.html", ctx)


CHANGED_ELSEWHERE = (
    "This {noun} was changed (in another tab or on another device) after you opened it, so "
    "nothing was saved. Compare the two below, then keep what is saved or save yours over it."
)
GONE = (
    "This {noun} was deleted (in another tab or on another device) after you opened it, so "
    "nothing was saved. To keep what you entered, save it as a new entry."
)


def _gone(request: HttpRequest, spec: Log, form) -> HttpResponse:
    """The edit form again, with what the person typed and the way to keep it as a new entry."""
    form.is_valid()
    form.add_error(None, ValidationError(GONE.format(noun=spec.noun), code="gone"))
    ctx = {"log": spec, "form": form, "entry": None, "gone": True}
    return render(request, "journal/log_form.html", ctx, status=404)


def _saved_entry_page(request: HttpRequest, spec: Log, entry) -> HttpResponse:
    """After a save of a log whose entries show their own result (a PHQ-9): a plain POST is sent
    to the entry's page; htmx gets that page's content at once, in place of the page's main
    content, with the entry's address pushed to the history."""
    url = spec.saved_url(entry)
    if not request.htmx:
        messages.success(request, f"Saved the {spec.noun}.")
        return changed(redirect(url))
    raised = _raised_by(Derived.after_write(request, today()), spec, entry)
    ctx = {"log": spec, "entry": entry, "saved": True, "raised": raised}
    ctx |= spec.detail_context(request.user, entry)
    response = render(request, f"{spec.detail_template}#entry", ctx)
    response["HX-Push-Url"] = url
    response["HX-Retarget"] = "#main"
    response["HX-Reswap"] = "innerHTML show:top"
    return changed(response)


@login_required
@require_http_methods(["GET", "POST"])
def log_delete(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    entry = _get_entry_for_user(spec, request, pk)
    if request.method == "POST":
        services.delete_entry(spec, entry)
        messages.success(request, f"Deleted the {spec.noun}.")
        return changed(redirect(spec.url("list")))
    ctx = {"log": spec, "entry": entry, "also": _also_deletes(entry)}
    return render(request, "journal/log_delete.html", ctx)


def _also_deletes(entry) -> str:
    """What deleting `entry` deletes with it, in words: its entries in a child log ("its 3
    doses", "its 10 treatment sessions")."""
    parts = []
    for relation in type(entry)._meta.related_objects:
        child = next((log for log in LOGS.values() if log.model is relation.related_model), None)
        count = getattr(entry, relation.get_accessor_name()).count() if child else 0
        if count:
            parts.append(f"its {plural(count, child.noun)}")
    return join(parts)


@login_required
@require_GET
def log_detail(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = LOGS[log]
    if spec.detail_context is None:
        raise Http404("This log has no entry pages.")
    entry = _get_entry_for_user(spec, request, pk)
    raised = _raised_by(Derived.of(request, today()), spec, entry)
    ctx = {"log": spec, "entry": entry, "raised": raised} | spec.detail_context(request.user, entry)
    return render_part(request, spec.detail_template, ("entry",), ctx)


def _raised_by(derived: Derived, spec: Log, entry) -> list:
    """Today's flags with this entry among their evidence (an entry page shows what it raised)."""
    ref = (spec.key, entry.pk)
    return [
        flag for flag in flags(derived) if any((e.log, e.entry_id) == ref for e in flag.evidence)
    ]
