"""Sign-up and account deletion (Django's own views do log-in, log-out and passwords)."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import charts, services, trends
from ..derived import slot


def _forget_cached(user) -> None:
    """Every cache entry computed from the person's journal (derived values, chart images)."""
    keys = [slot(user, what) for what in ("derived", "changes", "quick-fields")]
    keys += [slot(user, "svg", name, r) for name in charts.CHARTS for r in trends.RANGES]
    cache.delete_many(keys)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("journal:dashboard")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_account(form)
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
