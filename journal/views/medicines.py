"""Medicines: the one-tap "took it" and the dashboard's medicines panel."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import medicines, services
from ..derived import Derived
from ..logs import LOGS
from ..snapshot import Journal
from .common import changed, safe_next, today

PANEL = "journal/panels/medicines.html"
# Overdue first, then due soonest, then those with no dose logged, then the ones taken as needed.
TOOK_GONE = (
    "That tap was already saved, and its dose of {name} has been deleted since, so nothing was "
    "saved again. Tap Took it once more to log a new dose."
)
_ORDER = {"overdue": 0, "due": 1, "no_dose": 2, "as_needed": 3}


def medicines_panel(journal: Journal, day: dt.date) -> dict:
    """The dashboard's medicines panel: what needs a "took it" today, and the rest in one line."""
    current = [s for s in medicines.statuses(journal, day).values() if s.state != "stopped"]
    act = sorted(
        (s for s in current if s.needs_action),
        key=lambda s: (_ORDER[s.state], s.days or 0, s.medicine.name.casefold()),
    )
    later = sorted(
        (s for s in current if not s.needs_action), key=lambda s: s.medicine.name.casefold()
    )
    return {"current": bool(current), "act": act, "later": later}


@login_required
@require_http_methods(["GET", "POST"])
def medicine_took(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: one dose of the medicine, today (now, in the person's time zone). GET: a page that
    asks, for a browser that reached the address some other way."""
    log = LOGS["medicines"]
    medicine = get_object_or_404(log.queryset(request.user), pk=pk)
    back = safe_next(request, log.entry_url(medicine.pk))
    if request.method == "GET":
        return render(
            request, "journal/medicine_took.html", {"medicine": medicine, "log": log, "next": back}
        )
    day = today()
    now = timezone.localtime().time().replace(second=0, microsecond=0)
    token = request.POST.get("submit_token", "")
    try:
        dose = services.took_it(LOGS["doses"], request.user, medicine, day, now, token)
    except services.EntryGone:  # a repeat of a tap whose dose has been deleted since
        messages.info(request, TOOK_GONE.format(name=medicine.name))
        return HttpResponse(headers={"HX-Redirect": back}) if request.htmx else redirect(back)
    if request.htmx:
        journal = Derived.after_write(request, day).journal
        ctx = {"meds": medicines_panel(journal, day), "took": dose}
        return changed(render(request, PANEL, ctx))
    messages.success(request, f"Saved: {medicine.name} taken today at {now:%H:%M}.")
    return changed(redirect(back))
