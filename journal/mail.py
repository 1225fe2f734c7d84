"""Email: whether this server sends any, and sending a message without the page waiting for it.

Email is off until the host sets `EMAIL_HOST` (or an `EMAIL_BACKEND`): Django's console backend
then only prints what would be sent. `enabled()` says which; the pages that need email (password
reset, reminder emails, confirming an address) say so when it is off.

A password-reset request is answered at once whether or not the address belongs to anyone, and
the message (if any) goes out from a thread: a reply that waited on the mail server would take
longer for a known address, and tell a stranger which addresses have accounts.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.mail import EmailMessage

log = logging.getLogger(__name__)
_THREADS: list[threading.Thread] = []
_LOCK = threading.Lock()


def enabled() -> bool:
    return settings.EMAIL_ENABLED


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # the page has answered already; the host reads the log
        log.exception("sending an email to %s failed", message.to)


def send_soon(message: EmailMessage) -> None:
    """Send `message` from a thread of its own (failures are logged, never raised)."""
    thread = threading.Thread(target=_send, args=(message,), daemon=True, name="bj-mail")
    with _LOCK:
        _THREADS[:] = [t for t in _THREADS if t.is_alive()]
        _THREADS.append(thread)
    thread.start()


def wait_for_sent(timeout: float = 10) -> None:
    """Wait for the messages given to `send_soon` to go (tests, and a command about to exit)."""
    with _LOCK:
        threads = list(_THREADS)
    for thread in threads:
        thread.join(timeout)


def within_limit(kind: str, who: str) -> bool:
    """Count one more `kind` of email request from `who` (an address, an account) and say
    whether it is within PASSWORD_RESET_LIMIT in the log-in throttle's cool-off window."""
    import hashlib

    from django.core.cache import cache

    window = int(settings.AXES_COOLOFF_TIME * 3600) or 900
    key = "bj:mail-limit:" + hashlib.sha256(f"{kind}:{who}".encode()).hexdigest()[:32]
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)
        count = 1
    return count <= settings.PASSWORD_RESET_LIMIT
