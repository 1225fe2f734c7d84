"""The profile and the guidance page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import domain as d
from .. import preferences, services
from ..forms import ProfileForm, UnitsForm
from ..models import Profile
from ..rules import AREAS, RULES
from .common import today
from .reminders import profile_page


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The profile's facts and the person's units (one form), and the settings cards
    (views.reminders)."""
    if request.method != "POST":
        return profile_page(request)
    instance, _ = Profile.objects.get_or_create(user=request.user)
    prefs = preferences.preferences_of(request.user)
    form = ProfileForm(request.POST, instance=instance, today=today(), units=prefs.units)
    units_form = UnitsForm(request.POST)
    if not (form.is_valid() and units_form.is_valid()):
        return profile_page(request, form=form, units_form=units_form)
    zone_before = instance.timezone
    services.save_profile(request.user, form.cleaned_data)
    units = units_form.cleaned_data["units"]
    if units and units != prefs.units:  # a POST without it (an outside tool) keeps the choice
        preferences.save_preferences(request.user, {"units": units})
    if form.cleaned_data["timezone"] != zone_before:
        preferences.reschedule(request.user)  # the reminder emails' hour, in the new zone
    messages.success(request, "Profile saved.")
    return redirect("journal:profile")


@require_GET
def guidance(request: HttpRequest) -> HttpResponse:
    # Each source article with its publisher and address (title, publisher, address).
    sources = [(title, *(d.source_address(title) or ("", ""))) for title in d.SOURCE_TITLES]
    ctx = {"rules": list(RULES.values()), "areas": AREAS, "sources": sources}
    return render(request, "journal/guidance.html", ctx)
