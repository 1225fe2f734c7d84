"""The dashboard (/): quick pain entry, what the journal noticed, bone density and activity, and
the trend charts (journal.views.panels). A panel request builds only its panel; each panel
reloads itself on journal-changed, except after a quick save: its POST answers with the quick
panel at once, and that answer asks for every other panel the save changed with one follow-up
request (htmx out-of-band swaps), computed once for the new version."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import services
from ..derived import Derived
from ..forms import PainForm
from ..logs import LOGS
from .common import alerts_for, changed, flags, flash_saved, htmx_target, today, urgent_flags
from .panels import (
    CSRF_SLOT,
    PAGE,
    PANELS,
    cached_html,
    for_request,
    out_of_band,
    quick_context,
    reminders_html,
    shown_html,
)

SYNC = "panels-sync"  # the id of the element that brings the panels a quick save changed


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
    if name == "reminders":  # the hour decides between its two renderings, each kept
        return reminders_html(derived)
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
    if target == SYNC:
        return HttpResponse(_changed_panels(request, derived))
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
    derived = Derived.after_write(request, today())
    if request.htmx:  # its answer's values are its own; the follow-up stores the version's
        derived.on_its_own()
    alerts = alerts_for(urgent_flags(derived), (log.key, entry.pk))
    if not request.htmx:
        flash_saved(request, f"Saved: pain {entry.score}/10.", alerts)
        return redirect("journal:dashboard")
    # The quick panel at once; the other panels the save changed come with one follow-up request
    # (`_changed_panels`), which the answer's `#panels-sync` asks for as soon as it is in.
    quick = _quick_html(request, derived, saved=entry, alerts=alerts, undo=True)
    return changed(HttpResponse(quick + "\n" + _sync(_shown_version(request))))


def _sync(since: int | None) -> str:
    """The element that asks for the panels changed since the page's version (out of band: it
    replaces the page's empty `#panels-sync`, and htmx sends its request on load)."""
    url = reverse("journal:dashboard") + "?" + urlencode({"since": "" if since is None else since})
    return format_html(
        '<div id="{}" hidden hx-swap-oob="true" hx-get="{}" hx-trigger="load" hx-swap="none">'
        "</div>",
        SYNC,
        url,
    )


def _changed_panels(request: HttpRequest, derived: Derived) -> str:
    """Every panel the page (built at the version `?since=` names) shows otherwise than it now
    is, out of band: all of them when its version is unknown or too old. The quick panel is left
    out (the save's answer brought it); the reminders (read at this hour) are always sent."""
    value = request.GET.get("since", "")
    since = int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
    query = _page_query(request)
    parts = []
    for name, panel in PANELS.items():
        if name == "quick":
            continue
        if not panel.cached:
            parts.append(out_of_band(_live_html(request, derived, name, query), name))
            continue
        params = panel.read_params(query)
        html = cached_html(derived, panel, params)
        if since is None or html != shown_html(derived, panel, params, since):
            parts.append(out_of_band(for_request(request, html), name))
    return "\n".join(parts)


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
        return HttpResponse(
            _quick_html(request, Derived.of(request, today()), undone=message, too_late=True)
        )
    derived = Derived.after_write(request, today())
    # As a save does: the quick panel at once, and every other panel the undo changed with the
    # one follow-up request its `#panels-sync` makes.
    quick = _quick_html(request, derived, undone=message, too_late=False)
    return changed(HttpResponse(quick + "\n" + _sync(_shown_version(request))))
