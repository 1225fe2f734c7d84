"""The session store: Django's database sessions, each row naming its person (models.Session).

Django's documented way to extend its database session engine ("Extending database-backed
session engines"): the same store, a model with one more column. settings.SESSION_ENGINE names
this module; `manage.py clearsessions` prunes expired rows through it. RenewDailyMiddleware
moves a session's expiry on at most once a day while it is used.
"""

from __future__ import annotations

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        row.user_id = int(user_id) if str(user_id or "").isdigit() else None
        return row


RENEWED = "_renewed"  # the session's own key: when its expiry was last moved on (Unix seconds)
RENEW_EVERY = 24 * 60 * 60


class RenewDailyMiddleware:
    """A session that lasts while the journal is used: SESSION_COOKIE_AGE (14 days) from the last
    day it was used, not from the log-in. SESSION_SAVE_EVERY_REQUEST would write the session row
    on every request; this writes it at most once a day, when the request finds the last renewal
    a day old (saving a modified session sets its expiry and cookie afresh). Placed after
    SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            renewed = request.session.get(RENEWED)
            if not isinstance(renewed, int) or not 0 <= now - renewed < RENEW_EVERY:
                request.session[RENEWED] = now
        return self.get_response(request)


def _renewed_at_log_in(sender, request, user, **kwargs) -> None:
    """A log-in's new session starts renewed, so its first day of use writes it no more."""
    if hasattr(request, "session"):
        request.session[RENEWED] = int(time.time())


# Connected when this module is first imported: it is the session engine, and its middleware is
# loaded with the others, both before any log-in.
user_logged_in.connect(_renewed_at_log_in, dispatch_uid="journal.sessions.renewed_at_log_in")
