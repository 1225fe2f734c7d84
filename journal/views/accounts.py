"""Sign-up and account deletion (Django's own views do log-in, log-out and passwords)."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import charts, services, throttle, trends
from ..derived import slot
from ..forms import SignupForm
from ..models import TreatmentCourse


def _forget_cached(user) -> None:
    """Every cache entry computed from the person's journal (derived values, chart images)."""
    keys = [slot(user, what) for what in ("derived", "changes", "quick-fields")]
    keys += [slot(user, "svg", name, r) for name in charts.CHARTS for r in trends.RANGES]
    keys += [
        slot(user, "svg", name, r, size)
        for name in charts.CHARTS
        for r in trends.RANGES
        for size in charts.SIZES
        if size != "wide"
    ]
    courses = TreatmentCourse.objects.filter(user=user).values_list("pk", flat=True)
    keys += [slot(user, "svg", "course", str(pk)) for pk in courses]
    cache.delete_many(keys)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("journal:dashboard")
    address = throttle.address_of(request)
    if request.method == "POST" and not throttle.signup_allowed(address, timezone.now()):
        return render(request, "registration/signup_limited.html", status=429)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(form, address)
        except services.UsernameTaken:
            # Another sign-up took the name between the form's check and the insert.
            taken = form.instance.unique_error_message(type(form.instance), ["username"])
            form.add_error("username", taken)
        else:
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
            _forget_cached(user)
            services.delete_account(user)
            return redirect("login")
        error = "That password is not right; nothing was deleted."
    return render(request, "registration/account_delete.html", {"error": error})
