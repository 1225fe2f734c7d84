"""The dashboard's one-tap sleep row, and a treatment course's pain chart."""

from __future__ import annotations

from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import charts, panels, services
from ..derived import Derived, slot
from ..forms import SleepQuickForm
from ..logs import LOGS
from .charts import CHART_CSP, svg_response
from .common import changed, flash_saved, today


@login_required
@require_POST
def sleep_quick(request: HttpRequest) -> HttpResponse:
    """One tap: last night's sleep quality, dated today (a second tap changes it). htmx gets the
    sleep panel back; a plain POST goes back to the dashboard."""
    form = SleepQuickForm(request.POST)
    day = today()
    if not form.is_valid():
        error = form.errors["quality"][0]
        ctx = panels.sleep_panel(Derived.of(request, day).journal, day, error=error)
        template = "journal/panels/sleep.html" if request.htmx else "journal/sleep_quick.html"
        return render(request, template, ctx)
    log = LOGS["sleep"]
    entry = services.save_entry(log, request.user, {"date": day, **form.cleaned_data})
    if not request.htmx:
        flash_saved(request, log.saved_message(entry), [])
        return changed(redirect("journal:dashboard"))
    ctx = panels.sleep_panel(Derived.after_write(request, day).journal, day, saved=entry)
    return changed(render(request, "journal/panels/sleep.html", ctx))


@login_required
@require_GET
@csp(CHART_CSP)
def course_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The course page's pain chart, its sessions marked: the person's own course, else 404."""
    course = get_object_or_404(LOGS["treatments"].queryset(request.user), pk=pk)
    day = today()
    data = charts.course_chart_data(Derived.of(request, day).journal, course.pk, day)
    return svg_response(request, slot(request.user, "svg", "course", str(course.pk)), data)
