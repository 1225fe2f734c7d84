"""Small request/response middleware that Django does not ship."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone


class PermissionsPolicyMiddleware:
    """Deny the browser features the journal never uses (camera, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class UserTimezoneMiddleware:
    """Activate the person's own time zone, so 'today' is their local day."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .models import Profile

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = Profile.objects.filter(user=user).only("timezone").first()
            if profile is not None:
                timezone.activate(profile.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
