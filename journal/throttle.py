"""Throttles: the log-in throttle's handler (django-axes) and the sign-up limit per address.

The address is journal.middleware.client_ip's (TRUSTED_PROXY_COUNT decides whether to read it
from X-Forwarded-For), the same for both.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest

from .middleware import client_ip
from .models import SignupRecord
from .models.accounts import ADDRESS_MAX

SIGNUP_WINDOW = dt.timedelta(hours=1)


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, but a successful log-in forgives only its own failures.

    With lock-out by username and by address, axes' reset on success deletes every failure
    record that matches the account's name *or* the address: anyone could log in to an account
    of their own between guesses at someone else's, from the same address, and wipe the
    victim's count. Here a success deletes the records of its own account from its own address
    (a person's own typos) and nothing else.
    """

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def address_of(request: HttpRequest) -> str:
    return (client_ip(request) or "unknown")[:ADDRESS_MAX]


def signup_allowed(address: str, now: dt.datetime) -> bool:
    """Whether another account may be created from `address` (SIGNUP_LIMIT_PER_HOUR; 0 = no
    limit)."""
    limit = settings.SIGNUP_LIMIT_PER_HOUR
    if not limit:
        return True
    recent = SignupRecord.objects.filter(address=address, created__gt=now - SIGNUP_WINDOW)
    return recent.count() < limit
