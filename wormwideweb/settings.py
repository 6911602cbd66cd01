"""Settings for WormWideWeb, read from DJ_* environment variables.

Every variable has a safe local default except where production needs a real value:
with DJ_DEBUG=0, DJ_SECRET_KEY and DJ_ALLOWED_HOSTS must be set, or start-up stops with
one line saying which. The README's "Configuration" section lists every variable.
"""

import ipaddress
import json
import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """Read a 0/1 (or true/false) environment variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str) -> list[str]:
    """Read a space- or comma-separated environment variable as a list."""
    return os.environ.get(name, "").replace(",", " ").split()


def stop(message: str) -> None:
    """Stop start-up with one clear line instead of a traceback."""
    sys.exit(f"WormWideWeb configuration error: {message}")


DEBUG = env_flag("DJ_DEBUG", False)

SECRET_KEY = os.environ.get("DJ_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        stop("DJ_SECRET_KEY must be set when DJ_DEBUG=0.")
    SECRET_KEY = "local-development-only-not-secret"
SECRET_KEY_FALLBACKS = env_list("DJ_SECRET_KEY_BACKUP")

ALLOWED_HOSTS = env_list("DJ_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        stop("DJ_ALLOWED_HOSTS must be set when DJ_DEBUG=0 (space-separated host names).")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# Full origins with scheme; derived from the allowed hosts when unset.
CSRF_TRUSTED_ORIGINS = env_list("DJ_CSRF_TRUSTED_ORIGINS") or [
    f"https://{'*' + host if host.startswith('.') else host}"
    for host in ALLOWED_HOSTS
    if host not in ("*", "testserver")
]
# Behind a TLS-terminating proxy the original scheme arrives in X-Forwarded-Proto. It is
# believed only from the proxies of DJ_TRUSTED_PROXIES (addresses or networks, default
# loopback): core.middleware.TrustedProxyMiddleware drops it from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXIES = env_list("DJ_TRUSTED_PROXIES") or ["127.0.0.1/8", "::1"]
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(p, strict=False) for p in TRUSTED_PROXIES]
except ValueError as _error:
    stop(f"DJ_TRUSTED_PROXIES must be IP addresses or networks (e.g. 10.0.0.0/8), space-separated: {_error}.")

# HTTPS (DJ_HTTPS, default 1 when DJ_DEBUG=0): plain-HTTP requests are redirected, browsers
# are told to use HTTPS only (HSTS, a year, subdomains; the preload list only with
# DJ_HSTS_PRELOAD=1, a commitment hard to undo) and cookies travel over HTTPS
# only. DJ_HTTPS=0 serves plain HTTP: loopback (`make serve`) or a private network.
HTTPS = env_flag("DJ_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^is_healthy/$"]  # load-balancer probes come over plain HTTP
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_flag("DJ_HSTS_PRELOAD", False)
# Not asking for the preload list is a choice (DJ_HSTS_PRELOAD), not an oversight to warn about.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or not HTTPS else ["security.W021"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS

# Content Security Policy on every response (django-csp): scripts only from our own static
# files, never inline; inline styles are allowed because Plotly, Cytoscape and Tom Select
# set them; pictures may be data: or blob: URLs (exported images, icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The Django admin is mounted only when DJ_ADMIN=1 (wormwideweb/urls.py). Its apps are always
# installed, so every database has the same tables whichever way it was built.
ADMIN_ENABLED = env_flag("DJ_ADMIN", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "core",
    "connectome",
    "activity",
    "neurons",
    "atlas",
    "ninja",  # the API docs page (/api/docs/) uses ninja's bundled Swagger UI files, no CDN
]
MIDDLEWARE = [
    "core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.HeadAsGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.DataVersionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.CSPMiddleware",  # django-csp's, with the policy built once
]
if ADMIN_ENABLED:
    # Sessions, users and messages serve the admin only; they live in signed cookies (the
    # runtime database is read-only).
    MIDDLEWARE[5:5] = ["django.contrib.sessions.middleware.SessionMiddleware"]
    MIDDLEWARE[-2:-2] = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ]
else:
    # Without the admin mounted, its middleware would be work on every request for nothing.
    SILENCED_SYSTEM_CHECKS += ["admin.E408", "admin.E409", "admin.E410"]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

ROOT_URLCONF = "wormwideweb.urls"
WSGI_APPLICATION = "wormwideweb.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite, built once by `manage.py populate_db` (DJ_DB_BUILD=1) and opened
# read-only at runtime (DJ_DB_BUILD=0), so a request can never change the file.
DB_BUILD = env_flag("DJ_DB_BUILD", False)
DB_PATH = Path(os.environ.get("DJ_DB_PATH", BASE_DIR / "db.sqlite3")).resolve()
if DB_BUILD:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB_PATH}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": f"file:{DB_PATH}?mode=ro",
            "OPTIONS": {
                "uri": True,
                "init_command": "PRAGMA query_only=ON; PRAGMA temp_store=MEMORY;",
            },
            # Tests build their own writable database in memory.
            "TEST": {"NAME": None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The published data that the import commands read (see data/README.md).
DATA_DIR = Path(os.environ.get("DJ_DATA_DIR", BASE_DIR / "data")).resolve()

# Activity downloads. By default they are built from the database on first request and kept
# as files in ACTIVITY_DATA_CACHE_DIR (outside the read-only database). With a GCS bucket and
# a service account, they redirect to V4 signed URLs of the bucket's copies instead.
ACTIVITY_DATA_CACHE_DIR = Path(
    os.environ.get("ACTIVITY_DATA_CACHE_DIR") or Path(tempfile.gettempdir()) / "wormwideweb-downloads"
).resolve()
ACTIVITY_DATA_GCS_BUCKET = os.environ.get("ACTIVITY_DATA_GCS_BUCKET", "").strip()
ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH = os.environ.get("ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH", "").strip()
ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON = os.environ.get("ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON", "").strip()
_expiration = os.environ.get("ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS", "").strip() or "600"
if not _expiration.isdigit() or not 1 <= int(_expiration) <= 604800:
    stop(
        "ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS must be a whole number of seconds from 1 to 604800, "
        f"not {_expiration!r}."
    )
ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS = int(_expiration)
if ACTIVITY_DATA_GCS_BUCKET:
    try:
        _account = json.loads(
            ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON or Path(ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH).read_text()
        )
    except (OSError, ValueError):
        _account = None
    if not isinstance(_account, dict) or not (_account.get("client_email") and _account.get("private_key")):
        stop(
            "ACTIVITY_DATA_GCS_BUCKET is set, so ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH (a file) or "
            "ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON must hold a service-account key with client_email "
            "and private_key."
        )

# Cache: in-memory by default, Redis (shared by every worker and replica) with DJ_USE_REDIS=1.
# Every key carries DJ_CACHE_VERSION, the hash of the imported data and the code version
# (core.cache.make_key), so answers cached before a new import or deploy are never served after it.
CACHE_VERSION_LABEL = os.environ.get("DJ_CACHE_VERSION", "v1")
USE_REDIS = env_flag("DJ_USE_REDIS", False)
REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": os.environ.get("DJ_REDIS_URI", "redis://127.0.0.1:6379/0"),
    "KEY_FUNCTION": "core.cache.make_key",
    "TIMEOUT": None,
    "OPTIONS": {
        # If Redis goes away the app answers from the database instead of failing.
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
    },
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
_memory_mb = os.environ.get("DJ_MEMORY_CACHE_MB", "").strip() or "64"
if not _memory_mb.isdigit() or not 1 <= int(_memory_mb) <= 65536:
    stop(f"DJ_MEMORY_CACHE_MB must be a whole number of megabytes from 1 to 65536, not {_memory_mb!r}.")
MEMORY_CACHE = {
    "BACKEND": "core.cache.BoundedMemoryCache",
    "LOCATION": "wormwideweb",
    "KEY_FUNCTION": "core.cache.make_key",
    "TIMEOUT": None,
    # Per worker: at most DJ_MEMORY_CACHE_MB of answers (least recently used out first).
    "OPTIONS": {"MAX_ENTRIES": 100_000, "MAX_BYTES": int(_memory_mb) * 1024 * 1024},
}
# How long a browser may reuse an API answer before it asks again (with If-None-Match, which
# is answered 304 while the data and code versions are the same; core.api.cached_json).
_browser_seconds = os.environ.get("DJ_BROWSER_CACHE_SECONDS", "").strip() or "300"
if not _browser_seconds.isdigit():
    stop(f"DJ_BROWSER_CACHE_SECONDS must be a whole number of seconds, not {_browser_seconds!r}.")
BROWSER_CACHE_SECONDS = int(_browser_seconds)
CACHES = {"default": REDIS_CACHE if USE_REDIS else MEMORY_CACHE}
# The JSON bodies the API reads are small (get-edges, plot-multiple-data: under 64 KB); refuse
# larger ones before reading them into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` gathers the hashed, compressed files served when DJ_DEBUG=0.
STATIC_ROOT = Path(os.environ.get("DJ_STATIC_ROOT", BASE_DIR / "staticfiles")).resolve()
# static/vendor: the browser libraries copied from node_modules by `make static`.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticFilesStorage"  # hashed, compressed (collectstatic)
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redis_outage": {"()": "core.cache.RedisOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django_redis.cache": {"filters": ["redis_outage"]}},
}
