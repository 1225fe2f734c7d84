"""Thin function views: parse, call a pure function or a form, render.

One view and one template per page; an htmx request gets the page's partial ("page.html#part"),
a plain request gets the whole page, so everything works without JavaScript.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from . import charts, signs, trends
from . import domain as d
from .forms import PainForm, ProfileForm
from .logs import LOGS, Log
from .models import PainEntry, Profile
from .snapshot import Journal, load_journal

CHANGED = "journal-changed"
DASHBOARD_PANELS = ("flags", "summary", "charts", "quick")


def _log(key: str) -> Log:
    return LOGS[key]


def _get_entry_for_user(log: Log, request: HttpRequest, pk: int):
    """The user's own entry, or 404: another person's entry must look like it does not exist."""
    return get_object_or_404(log.queryset(request.user), pk=pk)


def _today() -> dt.date:
    return timezone.localdate()  # the person's own day: UserTimezoneMiddleware activated it


def _changed(response: HttpResponse) -> HttpResponse:
    return trigger_client_event(response, CHANGED)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() takes anything else ("0", "pain") for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


# --- Accounts -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("journal:dashboard")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            Profile.objects.create(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("journal:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            user = request.user
            logout(request)
            _delete_account(user)
            return redirect("login")
        error = "That password is not right; nothing was deleted."
    return render(request, "registration/account_delete.html", {"error": error})


@transaction.atomic
def _delete_account(user) -> None:
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


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance, today=_today())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("journal:profile")
    template = "journal/profile.html#form" if request.htmx else "journal/profile.html"
    return render(request, template, {"form": form})


# --- Dashboard ----------------------------------------------------------------------------------


def _dashboard_context(
    request: HttpRequest, journal: Journal, form: PainForm | None = None
) -> dict:
    today = _today()
    range_key = trends.parse_range(request.GET.get("range"))
    week = [e for e in journal.exercises if today - dt.timedelta(days=6) <= e.date <= today]
    latest = journal.latest_results()
    return {
        "journal": journal,
        "today": today,
        "form": form or PainForm(today=today),
        "last_pain": journal.pains[-1] if journal.pains else None,
        "recent": list(reversed(journal.pains[-5:])),
        "flags": signs.evaluate(journal, today),
        "latest_sites": [
            (label, latest[site][0], latest[site][1])
            for site, label in d.Site.choices
            if site in latest
        ],
        "overall_category": journal.overall_category(),
        "week_minutes": sum(e.minutes for e in week),
        # The rule's own figure, so the summary and activity.below_150 can never disagree.
        "week_moderate": signs.weekly_minutes(journal, today),
        "range_key": range_key,
        "ranges": list(trends.RANGES),
        # (data, version): the image URL changes exactly when its plotted data does.
        "charts": [
            (data, charts.cache_key(data)[:16])
            for data in (charts.chart_data(n, journal, range_key, today) for n in charts.CHARTS)
        ],
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    ctx = _dashboard_context(request, load_journal(request.user))
    panel = request.GET.get("panel")
    if request.htmx and panel in DASHBOARD_PANELS:
        return render(request, f"journal/dashboard.html#{panel}", ctx)
    return render(request, "journal/dashboard.html", ctx)


@login_required
@require_POST
def quick_pain(request: HttpRequest) -> HttpResponse:
    """The dashboard's one-tap entry. htmx gets the quick panel back; a plain POST, a redirect."""
    data = request.POST.copy()
    if not data.get("date"):
        data["date"] = _today().isoformat()  # quick entry is about today unless told otherwise
    if "same_as_last" in data:
        last = PainEntry.objects.filter(user=request.user).order_by("-date", "-time", "-id").first()
        data = PainForm.repeat_last(data, last)
    form = PainForm(data, today=_today())
    if form.is_valid():
        entry = form.save(request.user)
        ctx = _dashboard_context(request, load_journal(request.user))
        alerts = _alerts_for(ctx["flags"], entry.pk)
        if not request.htmx:
            _flash_alerts(request, alerts, f"Saved: pain {entry.score}/10.")
            return redirect("journal:dashboard")
        ctx |= {"saved": entry, "alerts": alerts}
        return _changed(render(request, "journal/dashboard.html#quick", ctx))
    journal = load_journal(request.user)
    if not request.htmx:
        return render(request, "journal/dashboard.html", _dashboard_context(request, journal, form))
    return render(
        request, "journal/dashboard.html#quick", _dashboard_context(request, journal, form)
    )


def _alerts_for(flags: list[signs.Flag], entry_id: int) -> list[signs.Flag]:
    """Urgent flags that the entry just saved triggers, to show in the response to the save."""
    return [
        flag
        for flag in flags
        if flag.level == "urgent" and any(e.entry_id == entry_id for e in flag.evidence)
    ]


def _flash_alerts(request: HttpRequest, alerts: list[signs.Flag], saved: str) -> None:
    messages.success(request, saved)
    for flag in alerts:
        messages.error(request, f"{flag.title}: {flag.next_step}", extra_tags=f"urgent {flag.code}")


# --- The five logs: one set of generic views, configured by logs.LOGS ---------------------------


@login_required
@require_GET
def log_list(request: HttpRequest, log: str) -> HttpResponse:
    spec = _log(log)
    page = Paginator(spec.queryset(request.user), spec.per_page).get_page(request.GET.get("page"))
    ctx = {"log": spec, "page": page}
    if spec.key == "dexa":
        ctx["changes"] = load_journal(request.user).site_changes()
    template = "journal/log_list.html#list" if request.htmx else "journal/log_list.html"
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def log_new(request: HttpRequest, log: str) -> HttpResponse:
    return _edit(request, _log(log), None)


@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = _log(log)
    return _edit(request, spec, _get_entry_for_user(spec, request, pk))


def _edit(request: HttpRequest, spec: Log, instance) -> HttpResponse:
    form = spec.form(request.POST or None, instance=instance, today=_today())
    if request.method == "POST" and form.is_valid():
        entry = form.save(request.user)
        alerts = []
        if spec.key == "pain":
            alerts = _alerts_for(signs.evaluate(load_journal(request.user), _today()), entry.pk)
        _flash_alerts(request, alerts, f"Saved the {spec.noun}.")
        response = redirect(_safe_next(request, reverse(f"journal:{spec.key}_list")))
        return _changed(response)
    ctx = {"log": spec, "form": form, "entry": instance}
    template = f"{spec.form_template}#form" if request.htmx else spec.form_template
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def log_delete(request: HttpRequest, log: str, pk: int) -> HttpResponse:
    spec = _log(log)
    entry = _get_entry_for_user(spec, request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, f"Deleted the {spec.noun}.")
        return _changed(redirect(f"journal:{spec.key}_list"))
    template = "journal/log_delete.html#confirm" if request.htmx else "journal/log_delete.html"
    return render(request, template, {"log": spec, "entry": entry})


@login_required
@require_GET
def dexa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    spec = _log("dexa")
    scan = _get_entry_for_user(spec, request, pk)
    changes = load_journal(request.user).site_changes().get(scan.pk, [])
    return render(
        request, "journal/dexa_detail.html", {"log": spec, "entry": scan, "changes": changes}
    )


# --- Guidance and charts ------------------------------------------------------------------------


@require_GET
def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "journal/guidance.html", {"rules": signs.RULES})


# A chart is an image document: matplotlib styles its SVG inline, and it needs nothing else.
CHART_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'none'"],
}


@login_required
@require_GET
@csp(CHART_CSP)
def chart(request: HttpRequest, name: str) -> HttpResponse:
    """A chart of request.user's own journal as SVG, drawn once per distinct plotted data."""
    if name not in charts.CHARTS:
        raise Http404("No such chart.")
    range_key = trends.parse_range(request.GET.get("range"))
    data = charts.chart_data(name, load_journal(request.user), range_key, _today())
    key = charts.cache_key(data)
    etag = f'"{key}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    svg = cache.get(f"chart:{key}")
    if svg is None:
        svg = charts.render_svg(data)
        cache.set(f"chart:{key}", svg, timeout=7 * 24 * 3600)
    # private: a chart is personal; no-cache: the browser revalidates with the ETag every time.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    return HttpResponse(svg, content_type="image/svg+xml", headers=headers)
