"""The dashboard (/): quick pain entry, what the journal noticed, bone density and activity, and
the trend charts; each panel reloads itself on journal-changed."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import charts, services, trends
from .. import domain as d
from ..forms import PainForm
from ..logs import LOGS
from ..rules import Context, evaluate
from ..rules.activity import weekly_minutes
from ..snapshot import Journal, load_journal
from ..wording import for_person
from .common import alerts_for, changed, flash_saved, render_part, today
from .medicines import medicines_panel

PANELS = ("flags", "summary", "charts", "quick")
PAGE = "journal/dashboard.html"


def _context(request: HttpRequest, journal: Journal, form: PainForm | None = None) -> dict:
    day = today()
    range_key = trends.parse_range(request.GET.get("range"))
    week = [e for e in journal.exercises if day - dt.timedelta(days=6) <= e.date <= day]
    latest = journal.latest_results()
    return {
        "journal": journal,
        "today": day,
        "form": form or PainForm(today=day),
        "last_pain": journal.pains[-1] if journal.pains else None,
        "recent": list(reversed(journal.pains[-5:])),
        "flags": for_person(evaluate(journal, day)),
        "meds": medicines_panel(journal, day),  # templates/journal/panels/medicines.html
        "latest_sites": [
            (label, latest[site][0], latest[site][1])
            for site, label in d.Site.choices
            if site in latest
        ],
        "overall_category": journal.overall_category(),
        "week_minutes": sum(e.minutes for e in week),
        # The rule's own figure, so the summary and activity.below_150 can never disagree.
        "week_moderate": weekly_minutes(Context(journal, day)),
        "weekly_target": d.WEEKLY_TARGET_MINUTES,
        "range_key": range_key,
        "ranges": list(trends.RANGES),
        # (data, version): the image URL changes exactly when its plotted data does.
        "charts": [
            (data, charts.cache_key(data)[:16])
            for data in (charts.chart_data(n, journal, range_key, day) for n in charts.CHARTS)
        ],
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render_part(request, PAGE, PANELS, _context(request, load_journal(request.user)))


@login_required
@require_POST
def quick_pain(request: HttpRequest) -> HttpResponse:
    """The dashboard's one-tap entry. htmx gets the quick panel back; a plain POST, a redirect."""
    data = request.POST.copy()
    if not data.get("date"):
        data["date"] = today().isoformat()  # quick entry is about today unless told otherwise
    if "same_as_last" in data:
        data = PainForm.repeat_last(data, services.last_pain(request.user))
    form = PainForm(data, today=today())
    if not form.is_valid():
        ctx = _context(request, load_journal(request.user), form)
        return render(request, f"{PAGE}#quick" if request.htmx else PAGE, ctx)
    log = LOGS["pain"]
    entry = services.save_entry(log, request.user, form.entry_data())
    ctx = _context(request, load_journal(request.user))
    alerts = alerts_for(ctx["flags"], (log.key, entry.pk))
    if not request.htmx:
        flash_saved(request, f"Saved: pain {entry.score}/10.", alerts)
        return redirect("journal:dashboard")
    ctx |= {"saved": entry, "alerts": alerts}
    return changed(render(request, f"{PAGE}#quick", ctx))
