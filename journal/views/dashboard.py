"""The dashboard (/): quick pain entry, what the journal noticed, bone density and activity, and
the trend charts (journal.views.panels). A panel request builds only its panel; each panel
reloads itself on journal-changed, except after a quick save, which answers with every panel
it changed (htmx out-of-band swaps) from one computation."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import services
from ..derived import Derived
from ..forms import PainForm
from ..logs import LOGS
from .common import alerts_for, changed, flags, flash_saved, htmx_target, today
from .panels import (
    CSRF_SLOT,
    PAGE,
    PANELS,
    cached_html,
    for_request,
    out_of_band,
    quick_context,
    shown_html,
)


def _quick_html(request: HttpRequest, derived: Derived, **extra) -> str:
    if not extra:  # as the page shows it: rendered once per version and day
        html = derived.get(
            "panel",
            lambda x: render_to_string(
                f"{PAGE}#quick", quick_context(x, {}) | {"csrf_token": CSRF_SLOT}
            ),
            "quick",
        )
        return for_request(request, html)
    ctx = quick_context(derived, {}, extra.pop("form", None)) | extra
    return render_to_string(f"{PAGE}#quick", ctx, request=request)


def _panel_html(
    request: HttpRequest, derived: Derived, name: str, query: QueryDict, built: dict | None = None
) -> str:
    panel = PANELS[name]
    if name == "quick":
        return _quick_html(request, derived)
    if not panel.cached:
        return _live_html(request, derived, name, query)
    return for_request(request, cached_html(derived, panel, panel.read_params(query), built))


def _live_html(request: HttpRequest, derived: Derived, name: str, query: QueryDict) -> str:
    """A panel rendered for each request (its context reads the time: the reminders)."""
    panel = PANELS[name]
    ctx = panel.context(derived, panel.read_params(query))
    return render_to_string(f"{PAGE}#{name}", ctx, request=request)


def _page(request: HttpRequest, derived: Derived, **quick) -> HttpResponse:
    built: dict = {}  # the contexts of the panels rendered now (not from the cache)
    panels = [
        mark_safe(_quick_html(request, derived, **quick))
        if name == "quick"
        else _panel_html(request, derived, name, request.GET, built)
        for name in PANELS
    ]
    welcome = derived.get("empty", lambda x: x.journal.is_empty)
    # The page's flags (cached): mood.safety's crisis guidance goes first of all while it holds.
    ctx = built | {"panels": panels, "welcome": welcome, "flags": flags(derived)}
    # The time-zone notice (views.zone): the journal's zone, and one the person chose to keep.
    ctx |= {"zone_current": timezone.get_current_timezone_name()}
    ctx |= {"zone_kept": request.session.get("zone_kept", "")}
    return render(request, PAGE, ctx)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    derived = Derived.of(request, today())
    target = htmx_target(request)
    if target in PANELS:
        return HttpResponse(_panel_html(request, derived, target, request.GET))
    return _page(request, derived)


def _shown_version(request: HttpRequest) -> int | None:
    """The journal version the posting page was built at (its quick form says), if any."""
    value = request.POST.get("page_version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _page_query(request: HttpRequest) -> QueryDict:
    """The query of the page the htmx request came from (its range, ...)."""
    url = request.htmx.current_url if request.htmx else None
    return QueryDict(urlsplit(url).query if url else "")


@login_required
@require_POST
def quick_pain(request: HttpRequest) -> HttpResponse:
    """The dashboard's one-tap entry. htmx gets the quick panel back, with every other panel the
    save changed; a plain POST, a redirect."""
    data = request.POST.copy()
    day = today().isoformat()
    if not data.get("date"):
        data["date"] = day  # quick entry is about today unless told otherwise
    if not data.get("time") and data.get("date") == day:
        # Stamped with the person's local time, so "latest" and "recent" agree with the full
        # form's timed entries (models.PAIN_NEWEST_FIRST).
        data["time"] = timezone.localtime().strftime("%H:%M")
    if "same_as_last" in data:
        data = PainForm.repeat_last(data, services.last_pain(request.user))
    form = PainForm(data, today=today())
    derived = Derived.of(request, today())
    if not form.is_valid():
        if not request.htmx:
            return _page(request, derived, form=form)
        return HttpResponse(_quick_html(request, derived, form=form))
    log = LOGS["pain"]
    try:
        # A repeated submit token (a double tap) returns the first tap's entry: one entry.
        entry = services.save_entry(log, request.user, form.entry_data(), **form.control())
    except services.EntryGone:  # the first tap's entry was deleted before the repeat arrived
        if not request.htmx:
            return redirect("journal:dashboard")
        return HttpResponse(_quick_html(request, Derived.after_write(request, today())))
    before, derived = derived, Derived.after_write(request, today())
    alerts = alerts_for(flags(derived), (log.key, entry.pk))
    if not request.htmx:
        flash_saved(request, f"Saved: pain {entry.score}/10.", alerts)
        return redirect("journal:dashboard")
    parts = [_quick_html(request, derived, saved=entry, alerts=alerts, undo=True)]
    parts += _changed_panels(request, before, derived)
    return changed(HttpResponse("\n".join(parts)))


def _changed_panels(request: HttpRequest, before: Derived, derived: Derived) -> list[str]:
    """The panels other than the quick one, out of band, each only if the page shows it
    otherwise than it now is: when the page was built at the version this write followed, a
    panel whose HTML did not change stays."""
    parts = []
    shown = _shown_version(request)
    query = _page_query(request)
    for name, panel in PANELS.items():
        if not panel.cached:
            if name != "quick":  # a live panel (the reminders) may have changed: send it
                parts.append(out_of_band(_live_html(request, derived, name, query), name))
            continue
        params = panel.read_params(query)
        was = shown_html(before, panel, params) if shown == before.version else None
        html = cached_html(derived, panel, params)
        if html != was:
            parts.append(out_of_band(for_request(request, html), name))
    return parts


UNDO_MINUTES = 15  # how long after a quick save its Undo still deletes the entry


@login_required
@require_http_methods(["GET", "POST"])
def quick_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a quick save: delete that entry, if it is the person's own and was saved in the last
    UNDO_MINUTES (an old page's Undo must not delete an entry long since relied on). A GET (a
    browser that reached the address some other way) asks to confirm."""
    log = LOGS["pain"]
    entry = get_object_or_404(log.queryset(request.user), pk=pk)
    if request.method == "GET":
        return render(request, "journal/pain_undo.html", {"entry": entry, "log": log})
    before = Derived.of(request, today())
    recent = entry.created_at >= timezone.now() - dt.timedelta(minutes=UNDO_MINUTES)
    if recent:
        services.delete_entry(log, entry)
        message = (
            f"Removed: pain {entry.score}/10 at {entry.time:%H:%M}."
            if entry.time
            else (f"Removed: pain {entry.score}/10.")
        )
    else:
        message = "Too late to undo here: edit or delete it in the pain log."
    if not request.htmx:
        (messages.success if recent else messages.error)(request, message)
        return changed(redirect("journal:dashboard")) if recent else redirect("journal:dashboard")
    if not recent:
        return HttpResponse(_quick_html(request, before, undone=message, too_late=True))
    derived = Derived.after_write(request, today())
    parts = [_quick_html(request, derived, undone=message, too_late=False)]
    # As a save does: every panel the undo changed comes with the answer, in the one response,
    # rather than each panel asking again on journal-changed.
    parts += _changed_panels(request, before, derived)
    return changed(HttpResponse("\n".join(parts)))
