"""Bone Journal settings: one module, read from the environment.

Works with no configuration at all (SQLite file under var/, a generated secret key kept in var/);
every production knob is an environment variable documented in the README.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting: true/false, yes/no, on/off or 1/0; anything else is a mistake that must
    stop the server (BEHIND_HTTPS=ture silently meaning false would serve cookies over HTTP)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use true or false "
        f"(also accepted: {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))})."
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting, at least `minimum`; anything else stops the server with a message."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    # ASCII digits only: int() would also take "1_0", "١٢" or full-width digits.
    if not re.fullmatch(r"-?[0-9]+", value) or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number of at least {minimum}."
        )
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _owned_by_me(path: Path) -> bool:
    return path.stat().st_uid == os.getuid()


def private_dir(path: Path) -> Path:
    """A folder only its owner may enter (0700): var/ holds the database, its backups and the
    secret key. An older var/ made 0755 is tightened."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077 and _owned_by_me(path):
        path.chmod(0o700)
    return path


def private_file(path: Path, create: bool = False) -> None:
    """A file only its owner may read (0600), created empty that way if `create`; an older one
    left 0644 is tightened."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.suppress(FileNotFoundError):
        if path.stat().st_mode & 0o077 and _owned_by_me(path):
            path.chmod(0o600)


def _read_key(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/ (not committed).

    The first start writes the key to a temporary file and renames it into place, under a lock:
    a process starting at the same moment (gunicorn's workers, a migrate) finds no file or the
    whole key, never an empty one, and every process agrees on one key. A file left empty by an
    interrupted older version is replaced (nothing was ever signed with an empty key).
    """
    if key := env_str("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    private_file(key_file)
    if key := _read_key(key_file):
        return key
    lock_file = VAR_DIR / ".secret_key.lock"
    lock = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key := _read_key(key_file):  # another process wrote it while this one waited
            return key
        key = secrets.token_urlsafe(50)
        partial = VAR_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, key_file)
        return key
    finally:
        os.close(lock)  # releases the lock


# var/: the SQLite database, its backups, the secret key, collected static files. Its owner's only.
private_dir(VAR_DIR)
SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "journal",
]

MIDDLEWARE = [
    # Outermost, so that every response carries the security headers and the CSP: whitenoise's
    # static files (answered below without the rest of the stack) and the 400 for a bad Host
    # (raised inside SecurityMiddleware and CommonMiddleware) included.
    "journal.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every page, fragment and chart the journal renders is gzip'd when the browser asks (an HTML
    # page of 18-25 KiB becomes 4-6 KiB). Inside the header middleware, which only set headers, and
    # above everything that writes a body. Static files are whitenoise's own, above: compressed
    # once at collectstatic (gzip and Brotli) and served with a name that never changes content.
    # BREACH (README, Security): Django adds random bytes to each gzip'd response, and the CSRF
    # token in a page is masked afresh for every response, so no secret repeats for a guess to
    # be measured against.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "journal.sessions.RenewDailyMiddleware",  # a session lasts while used (at most a write a day)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "journal.middleware.HtmxLoginRedirectMiddleware",
    # After the header middleware, so its refusal carries every security header too.
    "journal.middleware.RequestSizeLimitMiddleware",
    # Then a body the journal cannot read as sent (not UTF-8, chunked, too slow) is refused
    # before any form reads it (CSRF's check, in process_view, comes after every __call__).
    "journal.bodies.StrictBodyMiddleware",
    "journal.middleware.UserTimezoneMiddleware",
    "journal.derived.FlushMiddleware",  # stores what a request derived from the journal, once
    # Last: axes must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bonejournal.urls"
WSGI_APPLICATION = "bonejournal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "journal.context_processors.units",  # metric or imperial, for lists and forms
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (or any) when DATABASE_URL is set.
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    SQLITE_PATH = Path(env_str("SQLITE_PATH") or VAR_DIR / "bonejournal.sqlite3")
    # Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database
    # file's own mode, so none of the three is readable by another account on the machine.
    private_file(SQLITE_PATH, create=SQLITE_PATH.parent.is_dir())
    for suffix in ("-wal", "-shm", "-journal"):
        private_file(SQLITE_PATH.with_name(SQLITE_PATH.name + suffix))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # A web server has several writers: take the write lock at BEGIN and wait for it
                # (busy timeout) instead of failing mid-transaction with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # synchronous=FULL: in WAL mode NORMAL may lose the last commits to a power cut,
                # and an entry the journal has acknowledged must survive one.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: what is computed from a journal (journal.derived) and the chart images, shared by
# every gunicorn worker so each is computed once: files under VAR_DIR by default (the folder
# 0700, each file 0600: Django's file cache makes them so), Redis when REDIS_URL is set.
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            # Django's file cache, renamed into a free name (journal/cache.py: a cheaper write).
            "BACKEND": "journal.cache.FileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # About 30 entries a person (derived values, and each chart and range drawn).
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 3000, minimum=100)},
        }
    }

# --- Auth
AUTH_USER_MODEL = "auth.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "journal:dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # through journal.throttle.LoginThrottle: only its own failures
AXES_HANDLER = "journal.throttle.LoginThrottle"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address; TRUSTED_PROXY_COUNT (the
# number of proxies in front) makes the throttle read the person's own address from
# X-Forwarded-For instead, so one attacker cannot lock everybody out.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "journal.middleware.client_ip"
AXES_USERNAME_CALLABLE = "journal.middleware.login_username"  # cut to a username's length
# New accounts from one address in an hour (journal.throttle); 0 turns the limit off.
SIGNUP_LIMIT_PER_HOUR = env_int("SIGNUP_LIMIT_PER_HOUR", 10)

# Sessions in the database, each row naming its person (journal.sessions), so that deleting an
# account finds its sessions without decoding everyone's. Prune expired ones with clearsessions.
SESSION_ENGINE = "journal.sessions"
# A session ends after this long unused: journal.sessions.RenewDailyMiddleware moves its expiry on
# (once a day at most) while the journal is used, so a daily user is never logged out.
SESSION_COOKIE_AGE = env_int("SESSION_DAYS", 14, minimum=1) * 24 * 60 * 60

# --- Time: stored in UTC; a person's dates belong to their profile's time zone.
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
LANGUAGE_CODE = "en-gb"
USE_I18N = True

# --- Static files, served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)  # whitenoise warns if it is missing
# Files the journal writes (collectstatic's copies; it takes no uploads) are its owner's only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STATICFILES_DIRS = [BASE_DIR / "static"]
# The web app manifest's own type (whitenoise does not know the extension: it would send
# application/octet-stream).
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# Hashed, compressed file names need `collectstatic` first (make run does it); the unit tests
# (in-process, under pytest) and DEBUG serve files by their plain names instead.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG and "pytest" not in sys.modules)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security. HTTPS switch: BEHIND_HTTPS=true when served over TLS (directly or via a proxy).
# `manage.py check --deploy` reports nothing with DEBUG=false, a real SECRET_KEY and this switch on
# (tests/test_security.py runs it).
BEHIND_HTTPS = env_bool("BEHIND_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: a link to the journal from a mail keeps you in
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), never the cookie
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = BEHIND_HTTPS
CSRF_COOKIE_SECURE = BEHIND_HTTPS
if BEHIND_HTTPS:
    # __Host- cookies: the browser keeps them only if Secure, for this exact host, Path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = BEHIND_HTTPS
SECURE_HSTS_SECONDS = 31536000 if BEHIND_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = BEHIND_HTTPS
SECURE_HSTS_PRELOAD = BEHIND_HTTPS
if BEHIND_HTTPS and env_bool("TRUST_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every powerful browser feature the journal does not use, denied to the page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Request size: a journal form is a few KB. Anything over 1 MB is refused before it is read, with
# a page that says so (journal.middleware.RequestSizeLimitMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = (
    DATA_UPLOAD_MAX_MEMORY_SIZE  # a bigger upload (an import) is spooled to a temporary file
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# The one exception: /import/ takes a file of up to IMPORT_MAX_MB (a ten-year journal's JSON is
# about 1.3 MB) holding at most IMPORT_MAX_ROWS rows; RequestSizeLimitMiddleware lets that path
# alone send this much.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000, minimum=1)
# Seconds a client has to send a request's whole body (bonejournal.wsgi, under gunicorn): a
# slow or stalled sender is answered 408 and stops holding one of the server's threads.
REQUEST_BODY_TIMEOUT = env_int("REQUEST_BODY_TIMEOUT", 10, minimum=1)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Pages load nothing from elsewhere; tests/test_security.py reads this on every page.
        **({"upgrade-insecure-requests": True} if BEHIND_HTTPS else {}),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- What the journal says when a PHQ-9 shows thoughts of death or self-harm (mood.safety): one
# or two sentences naming where to get help at once. Crisis lines differ by country; set this to
# yours (README, "Settings"). The default names the local emergency number.
DEFAULT_CRISIS_LINE = (
    "If you are thinking of ending your life or harming yourself, or you feel unsafe, call your "
    "local emergency number now (112 in most of Europe, 911 in North America, 999 in the UK, 000 "
    "in Australia) or go to the nearest emergency department. If you are not in immediate "
    "danger, talk to a crisis line or your doctor today."
)
CRISIS_LINE = env_str("CRISIS_LINE").strip() or DEFAULT_CRISIS_LINE

# --- Email (journal.mail): off until the host configures it. With no EMAIL_HOST (and no
# EMAIL_BACKEND) Django's console backend prints what would be sent and the pages say that this
# server sends no email; with EMAIL_HOST, SMTP (STARTTLS on 587 by default).
EMAIL_HOST = env_str("EMAIL_HOST").strip()
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured(
        "EMAIL_USE_SSL and EMAIL_USE_TLS are both true: choose one (SSL for port 465, TLS "
        "(STARTTLS) for port 587)."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_BACKEND = env_str("EMAIL_BACKEND").strip() or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")  # the file backend's folder
EMAIL_ENABLED = EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL").strip() or "Bone Journal <bonejournal@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The journal's address as people reach it, for the links in reminder emails (the sender runs
# outside any request, so it cannot tell).
SITE_URL = env_str("SITE_URL").strip().rstrip("/") or f"http://127.0.0.1:{env_str('PORT', '8000')}"
if not re.fullmatch(r"https?://[^/\s]+(/[^\s]*)?", SITE_URL):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} is not an http:// or https:// address.")
# Password-reset requests from one address (and emails to one account) within
# AXES_COOLOFF_MINUTES: the same limit as failed log-ins.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", AXES_FAILURE_LIMIT, minimum=1)
PASSWORD_RESET_TIMEOUT = 3 * 3600  # seconds a reset link works
