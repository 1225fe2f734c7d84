"""Bone Journal settings: one module, read from the environment.

Works with no configuration at all (SQLite file under var/, a generated secret key kept in var/);
every production knob is an environment variable documented in the README.
"""

from __future__ import annotations

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


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/ (not committed)."""
    if key := env_str("SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        # O_EXCL: two gunicorn workers starting together must agree on one key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "journal.middleware.PermissionsPolicyMiddleware",
    "journal.middleware.HtmxLoginRedirectMiddleware",
    # After the header middleware, so its refusal carries every security header too.
    "journal.middleware.RequestSizeLimitMiddleware",
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
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (or any) when DATABASE_URL is set.
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH") or str(VAR_DIR / "bonejournal.sqlite3"),
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
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
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
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address; TRUSTED_PROXY_COUNT (the
# number of proxies in front) makes the throttle read the person's own address from
# X-Forwarded-For instead, so one attacker cannot lock everybody out.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "journal.middleware.client_ip"
AXES_USERNAME_CALLABLE = "journal.middleware.login_username"  # cut to a username's length

# --- Time: stored in UTC; a person's dates belong to their profile's time zone.
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
LANGUAGE_CODE = "en-gb"
USE_I18N = True

# --- Static files, served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
STATICFILES_DIRS = [BASE_DIR / "static"]
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
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE  # the journal takes no uploads
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

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
