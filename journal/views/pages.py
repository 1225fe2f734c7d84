"""The profile and the guidance page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import domain as d
from .. import services
from ..forms import ProfileForm
from ..models import Profile
from ..rules import AREAS, RULES
from .common import today


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance, today=today())
    if request.method == "POST" and form.is_valid():
        services.save_profile(request.user, form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("journal:profile")
    return render(request, "journal/profile.html", {"form": form})


@require_GET
def guidance(request: HttpRequest) -> HttpResponse:
    # Each source article with its publisher and address (title, publisher, address).
    sources = [(title, *(d.source_address(title) or ("", ""))) for title in d.SOURCE_TITLES]
    ctx = {"rules": list(RULES.values()), "areas": AREAS, "sources": sources}
    return render(request, "journal/guidance.html", ctx)
