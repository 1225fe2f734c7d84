"""Small request/response middleware that Django does not ship, and the two request helpers the
log-in throttle (django-axes) is configured with."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect


class SecurityHeadersMiddleware:
    """The security headers on every response, whatever answered it: placed outermost, it sees
    whitenoise's static files and the 400 for a bad Host, which the inner middleware never do.
    (Each header is only filled in where the response has none of its own.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
        headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HtmxLoginRedirectMiddleware:
    """When a session has ended, an htmx request's redirect to the log-in page becomes a whole-page
    navigation (HX-Redirect); else htmx would follow it and draw the log-in form inside a panel."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            location = response.get("Location", "")
            if location.startswith(resolve_url(settings.LOGIN_URL)):
                return HttpResponseClientRedirect(location)
        return response


class UserTimezoneMiddleware:
    """Activate the person's own time zone, so 'today' is their local day. The same indexed read
    gives their journal's version (`request.journal_version`), the key of everything cached from
    their journal (journal.derived)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .models import Profile

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = Profile.objects.filter(user=user).only("timezone", "version").first()
            if profile is not None:
                timezone.activate(profile.zone)
                request.journal_version = profile.version
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RequestSizeLimitMiddleware:
    """Refuse a request body over DATA_UPLOAD_MAX_MEMORY_SIZE before reading it, with a page that
    says what happened and what to do (Django alone answers a bare 400 once it has read it).

    The import page alone takes a file, up to IMPORT_MAX_BYTES (and a little for the form around
    it); uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file, not memory."""

    FORM_MARGIN = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        importing = request.path == reverse("journal:import")
        if importing:
            limit = settings.IMPORT_MAX_BYTES + self.FORM_MARGIN
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as no body at all
        if limit is not None and length > limit:
            if importing:
                title = "That file is too big to import"
                message = (
                    f"The file was {length / 1_048_576:.1f} MB; the journal imports files of up "
                    f"to {settings.IMPORT_MAX_BYTES / 1_048_576:.0f} MB. Nothing was imported. "
                    "Split it into smaller files (by year, for example) and import each."
                )
            else:
                title = "Too much to save"
                message = (
                    f"That was more than the journal accepts at once ({length / 1_048_576:.1f} "
                    f"MB; the limit is {limit / 1_048_576:.0f} MB, and an entry is a few KB). "
                    "Nothing was saved. If you pasted a long text into a note, shorten it to "
                    "2,000 characters or fewer and save again."
                )
            _discard_body(request, length)
            return refusal(request, 413, title, message)
        return self.get_response(request)


def refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A request the journal will not take: a plain page that says what happened and what to do."""
    html = render_to_string("400.html", {"title": title, "message": message}, request=request)
    return HttpResponse(html, status=status)


DISCARD_MAX = 32 * 1024 * 1024


def _discard_body(request: HttpRequest, length: int) -> None:
    """Read what the browser is still sending, up to 32 MB, and throw it away: answering before
    the upload ends makes the server close a socket with unread data, which the browser reports
    as a reset connection instead of showing the page that explains it."""
    remaining = min(length, DISCARD_MAX)
    try:
        while remaining > 0:
            chunk = request.read(min(remaining, 64 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    except OSError:
        pass  # the browser gave up; nobody is waiting for the page


def client_ip(request: HttpRequest) -> str | None:
    """The person's own address for the log-in throttle (settings.AXES_CLIENT_IP_CALLABLE).

    Served directly, that is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies, it is the address the
    outermost of them saw, which each proxy appends to X-Forwarded-For; anything to its left came
    from the client and could be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


USERNAME_MAX = 150  # django.contrib.auth's username column


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username the log-in throttle records (settings.AXES_USERNAME_CALLABLE): as typed, cut
    to the longest a username can be. The log-in form does not limit its length, and the throttle
    stores it in a 255-character column that PostgreSQL enforces (a server error) and SQLite not."""
    source = credentials or getattr(request, "POST", None) or {}
    username = source.get("username")
    return None if username is None else str(username)[:USERNAME_MAX]
