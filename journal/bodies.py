"""Request bodies the journal will not read as sent, refused before any form sees them.

Django would read each of these without a word: a form body that is not valid UTF-8 becomes
replacement characters (or, under a `charset=latin-1` label, other letters), and a chunked body
(no Content-Length) is read as no body at all, which the form shows as blank. A person is better
told, and nothing stored.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from .middleware import refusal

BODY_METHODS = {"POST", "PUT", "PATCH"}
FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}
UTF8 = {"utf-8"}  # exactly: Django refuses a urlencoded form labelled anything else
# Set in the WSGI environ by BodyDeadline: "late" (the deadline passed) or "cut" (the connection
# broke off) when the whole body did not arrive.
BROKEN_OFF = "bonejournal.body_broken_off"
NOTHING_SAVED = "Nothing was saved. Go back, reload the page, and send the form again."


class StrictBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        broken_off = request.META.get(BROKEN_OFF)
        if broken_off == "late":
            return refusal(
                request,
                408,
                "That took too long to arrive",
                f"The form did not arrive within {settings.REQUEST_BODY_TIMEOUT} seconds, so the "
                f"journal stopped waiting for it. {NOTHING_SAVED}",
            )
        if broken_off:
            return refusal(
                request,
                400,
                "That arrived incomplete",
                f"The connection broke off before the whole form arrived. {NOTHING_SAVED}",
            )
        if request.method in BODY_METHODS:
            try:
                problem = body_problem(request)
            except RequestDataTooBig:  # a form's own fields over Django's limit (a file may be big)
                problem = (
                    413,
                    "That was more than the journal takes",
                    "The form sent more text than any page of the journal takes at once (only an "
                    f"imported file may be that large). {NOTHING_SAVED}",
                )
            if problem is not None:
                return refusal(request, *problem)
        return self.get_response(request)


def body_problem(request: HttpRequest) -> tuple[int, str, str] | None:
    """(status, title, message) for a body the journal will not read, else None."""
    if request.META.get("HTTP_TRANSFER_ENCODING") and not request.META.get("CONTENT_LENGTH"):
        return (
            411,
            "The journal could not read that",
            "What was sent came in pieces (chunked) without saying its length, which the "
            f"journal does not accept. {NOTHING_SAVED}",
        )
    if request.content_type not in FORMS:
        return None
    charset = request.content_params.get("charset", "utf-8").strip().lower()
    if charset not in UTF8:
        return (
            415,
            "The journal could not read that",
            f"The form was sent in the {charset[:40]!r} character encoding; the journal reads "
            f"UTF-8 only. {NOTHING_SAVED}",
        )
    if not _valid_utf8(request):
        return (
            400,
            "The journal could not read that",
            "Some of the text sent is not valid UTF-8, so the journal cannot tell what was "
            f"meant. {NOTHING_SAVED}",
        )
    return None


def _valid_utf8(request: HttpRequest) -> bool:
    if request.content_type == "multipart/form-data":
        return _multipart_valid_utf8(request)
    for pair in request.body.split(b"&"):
        try:
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _multipart_valid_utf8(request: HttpRequest) -> bool:
    """Django decodes each part leniently, putting U+FFFD for each invalid byte. A field holding
    U+FFFD is genuine only if its UTF-8 form is in the body as sent (a browser sends a field's
    text as it is, never re-encoded)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0  # Django reads a malformed length as no body at all
    # Held in memory only within Django's own limit (a larger upload: any U+FFFD is refused).
    raw = request.body if limit is None or length <= limit else None
    for key, values in request.POST.lists():
        for text in (key, *values):
            if "\ufffd" in text and (raw is None or text.encode() not in raw):
                return False
    return True


class BodyDeadline:
    """WSGI middleware (bonejournal.wsgi): a request's whole body must arrive within `seconds`.

    Under gunicorn a request holds a worker thread while its body arrives, and a client that
    sends a few bytes and stalls would hold it as long as it liked: a handful of them starved the
    site. Here a body of up to `limit` bytes (larger ones are refused unread by
    RequestSizeLimitMiddleware) is read in full before Django runs, with a timer that shuts the
    socket's reading side when the time is up. A late sender's request reaches Django marked
    BROKEN_OFF with no body (StrictBodyMiddleware answers 408) and the thread moves on.

    Only under gunicorn (its `gunicorn.socket` in the environ); elsewhere this passes through.
    """

    def __init__(self, app, seconds: float, limit: int):
        self.app, self.seconds, self.limit = app, seconds, limit

    def __call__(self, environ, start_response):
        sock = environ.get("gunicorn.socket")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if sock is None or not 0 < length <= self.limit:
            return self.app(environ, start_response)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RD)  # a blocked read returns at once, empty

        timer = threading.Timer(self.seconds, expire)
        timer.daemon = True
        timer.start()
        body = io.BytesIO()
        try:
            stream = environ["wsgi.input"]
            while body.tell() < length:
                chunk = stream.read(min(64 * 1024, length - body.tell()))
                if not chunk:
                    break
                body.write(chunk)
        except OSError:
            pass  # the connection broke: the body is short, as below
        finally:
            timer.cancel()
        if body.tell() < length:
            # Never half a form: Django would read what came as if it were all of it.
            environ[BROKEN_OFF] = "late" if expired.is_set() else "cut"
            environ["CONTENT_LENGTH"] = "0"
            body = io.BytesIO()
        body.seek(0)
        environ["wsgi.input"] = body
        return self.app(environ, start_response)
