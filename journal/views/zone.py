"""The dashboard's time-zone notice: when the browser's zone (static/js/timezone.js) differs from
the journal's, one tap switches the journal to it, or keeps the journal's zone for the session."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import preferences, services
from ..formats import fmt_date
from ..templatetags.zone_tags import zone_name as readable
from ..zones import known

KEPT = "zone_kept"  # the session's key: the browser zone the person chose not to switch to


@login_required
@require_POST
def profile_zone(request: HttpRequest) -> HttpResponse:
    zone = known(request.POST.get("timezone"))
    if not zone:
        messages.error(request, "That time zone is not one the journal knows; nothing changed.")
        return redirect("journal:dashboard")
    if request.POST.get("choice") == "switch":
        if zone != timezone.get_current_timezone_name():
            services.save_profile(request.user, {"timezone": zone})
            preferences.reschedule(request.user)  # the reminder emails' hour, in the new zone
        request.session.pop(KEPT, None)
        today = timezone.localtime(timezone=zoneinfo.ZoneInfo(zone)).date()
        messages.success(
            request,
            f"Your journal now follows {readable(zone)} time: today is {fmt_date(today)}.",
        )
    else:
        request.session[KEPT] = zone
        messages.success(
            request,
            f"Your journal keeps {readable(timezone.get_current_timezone_name())} time. "
            "You can change it on your profile at any time.",
        )
    return redirect("journal:dashboard")
