"""Settings from environment variables, with safe defaults for one machine.

GOVSOCIAL_DATA_DIR      where the SQLite database, secret key and uploads live (./var)
GOVSOCIAL_DEBUG         "1" for Django's debug pages (never in production)
GOVSOCIAL_PRODUCTION    "1" behind HTTPS: secure cookies, HSTS, SSL redirect
GOVSOCIAL_ALLOWED_HOSTS comma-separated host names (127.0.0.1,localhost)
GOVSOCIAL_SECRET_KEY    overrides the key generated into the data folder
GOVSOCIAL_SECRET_KEY_FALLBACKS comma-separated earlier keys, still accepted after a change
DATABASE_URL            e.g. postgres://user@host:5432/govsocial; SQLite when unset
GOVSOCIAL_TRUSTED_PROXIES  comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed
GOVSOCIAL_MAX_REQUEST_BYTES largest request body accepted (10 MB)
GOVSOCIAL_MAX_ARCHIVE_BYTES largest export uploaded to the archive (2 GB)
GOVSOCIAL_MAX_IMPORT_BYTES largest channel register (CSV) imported (2 MB)
GOVSOCIAL_SIGN_IN_RETENTION_DAYS days a removed person's sign-in record is kept (90)
GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR  anonymous self-assessments per client address and hour (20)
GOVSOCIAL_HOST_TWO_FACTOR "1": the installation's host always signs in with a second factor
GOVSOCIAL_OIDC_LOCAL_PROVIDERS "1": single sign-on may use an http:// or private-network provider
GOVSOCIAL_SYNC_LOCAL_HOSTS "1": the archive's API sync may reach http:// or private-network hosts
GOVSOCIAL_SYNC_TIMEOUT_SECONDS / GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES / GOVSOCIAL_SYNC_MAX_WAIT_SECONDS
GOVSOCIAL_SYNC_MAX_PAGES  pages of one listing a sync reads before it stops, said so (2000)
GOVSOCIAL_BLUESKY_PLC_URL  the PLC directory that finds a Bluesky author's server (https://plc.directory)
GOVSOCIAL_TASK_BACKEND  "db" (default) or "rq" (Redis at GOVSOCIAL_REDIS_URL), or a dotted path
GOVSOCIAL_STORAGE_BACKEND / _OPTIONS  where media files are kept (the data folder's media/)
GOVSOCIAL_MAX_MEDIA_BYTES  largest media file of an export that is kept (200 MB)
EMAIL_BACKEND / EMAIL_HOST etc. below; README's configuration table lists every variable.
"""

import json
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from govsocial.core.client_address import parse_networks

PACKAGE_DIR = Path(__file__).resolve().parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# What this process creates (the data folder, the SQLite database and its journal,
# the secret key, uploads) is for the account running GovSocial only: 0700 / 0600.
# Exports written with core.files.write_atomically set their own mode.
os.umask(0o077)
DATA_DIR = Path(os.environ.get("GOVSOCIAL_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("GOVSOCIAL_SECRET_KEY"):
        return os.environ["GOVSOCIAL_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written whole beside it, then linked into place: processes starting at the
        # same moment all read the one key that won, never a half-written file.
        handle, temp_name = tempfile.mkstemp(dir=DATA_DIR, prefix=".secret_key.")
        try:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_urlsafe(64))
            os.chmod(temp_name, 0o600)
            os.link(temp_name, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temp_name)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Earlier keys after a change: sessions and stored secrets (core.encryption) stay readable.
SECRET_KEY_FALLBACKS = [
    k.strip() for k in os.environ.get("GOVSOCIAL_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
]
DEBUG = env_flag("GOVSOCIAL_DEBUG")
PRODUCTION = env_flag("GOVSOCIAL_PRODUCTION")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GOVSOCIAL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
# The address people reach GovSocial at, for links in e-mails (e.g. https://govsocial.example.org).
SITE_URL = os.environ.get("GOVSOCIAL_SITE_URL", "").rstrip("/")
GOVSOCIAL_SITE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GOVSOCIAL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "govsocial.core",
    "govsocial.documents",
    "govsocial.policies",
    "govsocial.maturity",
    "govsocial.channels",
    "govsocial.training",
    "govsocial.archive",
    "govsocial.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "govsocial.core.middleware.PersonLanguageMiddleware",
    "govsocial.core.middleware.OrganisationMiddleware",
    # Someone who must give a second factor sees nothing else until they have.
    "govsocial.core.middleware.TwoFactorMiddleware",
    "govsocial.core.middleware.PrivateResponseMiddleware",
    # Refuses an oversized body before anything reads it (the CSRF check parses
    # the form only later, in process_view), in the person's language.
    "govsocial.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govsocial.urls"
WSGI_APPLICATION = "govsocial.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govsocial.core.context_processors.shell",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "govsocial.sqlite3",
            # Keep each thread's connection: opening one (and its PRAGMAs) costs more than a query.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server and the task worker read while one writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.Person"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Axes first: a locked-out person is refused before a password is checked. Then a
# user name or an e-mail address; the attempts count under the account's user name.
# Single sign-on last: it answers only the return from an organisation's provider.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "govsocial.core.backends.UsernameOrEmailBackend",
    "govsocial.core.sso.OrganisationOIDCBackend",
]
AXES_USERNAME_CALLABLE = "govsocial.core.backends.lockout_username"
# The return from an identity provider carries no user name: the provider counts its own
# failures, and counting these per address would lock out a whole office behind one NAT.
AXES_WHITELIST_CALLABLE = "govsocial.core.backends.single_sign_on_return"
# A mistyped second-factor or recovery code is no more kept in the lockout record than a password.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# A password reset link works once and for a day.
PASSWORD_RESET_TIMEOUT = 24 * 3600
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout: five failed sign-ins for one account from one address lock that account
# for that address for an hour; an attacker elsewhere cannot lock the person out.
AXES_FAILURE_LIMIT = int(os.environ.get("GOVSOCIAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Tries during a lock are refused without counting: the hour does not start again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client behind a reverse proxy: X-Forwarded-For only from these addresses (none by default).
GOVSOCIAL_TRUSTED_PROXIES = [
    str(n) for n in parse_networks(os.environ.get("GOVSOCIAL_TRUSTED_PROXIES", ""))
]
AXES_CLIENT_IP_CALLABLE = "govsocial.core.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# How long a removed person's sign-in record (and everyone's sign-in log) is kept.
GOVSOCIAL_SIGN_IN_RETENTION_DAYS = int(os.environ.get("GOVSOCIAL_SIGN_IN_RETENTION_DAYS", "90"))

# Two-factor sign-in (django-otp): the name authenticator apps show, and whether the
# installation's host must always use it (else only when an organisation of theirs says so).
OTP_TOTP_ISSUER = "GovSocial"
GOVSOCIAL_HOST_TWO_FACTOR = env_flag("GOVSOCIAL_HOST_TWO_FACTOR")
# Single sign-on (OpenID Connect, per organisation in core.sso). A lead's provider must be
# https:// on a public address, unless this says the installation trusts local ones too.
GOVSOCIAL_OIDC_LOCAL_PROVIDERS = env_flag("GOVSOCIAL_OIDC_LOCAL_PROVIDERS")
OIDC_TIMEOUT = 10
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "core:sso_callback"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LANGUAGE_COOKIE_NAME = "govsocial_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("GOVSOCIAL_TIME_ZONE", "Europe/Amsterdam")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["govsocial.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"
# Where files are kept (the archive's media from exports): the data folder, or
# any Django storage backend, e.g. an object store (django-storages' S3Storage
# with its options as JSON), so that several machines share one store.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "GOVSOCIAL_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("GOVSOCIAL_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One media file of an export larger than this is listed with its item but not kept.
GOVSOCIAL_MAX_MEDIA_BYTES = int(os.environ.get("GOVSOCIAL_MAX_MEDIA_BYTES", 200 * 1024 * 1024))
# No request body over this size is read at all (core.middleware.RequestSizeLimitMiddleware):
# the largest upload, a Word house template, is at most 5 MB.
GOVSOCIAL_MAX_REQUEST_BYTES = int(os.environ.get("GOVSOCIAL_MAX_REQUEST_BYTES", 10 * 1024 * 1024))
# The archive's upload of a whole platform export (its view names this setting) may be larger.
GOVSOCIAL_MAX_ARCHIVE_BYTES = int(
    os.environ.get("GOVSOCIAL_MAX_ARCHIVE_BYTES", 2 * 1024 * 1024 * 1024)
)
# The archive's API sync (archive/sync/): the platforms' hosts must be https:// on a public
# address unless this says local ones may be reached (the tests' own server); each
# response is capped and timed out; a rate limit's Retry-After is waited at most this long.
GOVSOCIAL_SYNC_LOCAL_HOSTS = env_flag("GOVSOCIAL_SYNC_LOCAL_HOSTS")
GOVSOCIAL_SYNC_TIMEOUT_SECONDS = float(os.environ.get("GOVSOCIAL_SYNC_TIMEOUT_SECONDS", 20))
GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES = int(
    os.environ.get("GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES", 16 * 1024 * 1024)
)
GOVSOCIAL_SYNC_MAX_WAIT_SECONDS = float(os.environ.get("GOVSOCIAL_SYNC_MAX_WAIT_SECONDS", 120))
# A runaway `next` chain stops here; the spool a sync writes is at most this many answers.
GOVSOCIAL_SYNC_MAX_PAGES = int(os.environ.get("GOVSOCIAL_SYNC_MAX_PAGES", 2000))
# Where a did:plc author's DID document is read, to find the server holding their videos.
GOVSOCIAL_BLUESKY_PLC_URL = os.environ.get(
    "GOVSOCIAL_BLUESKY_PLC_URL", "https://plc.directory"
).rstrip("/")
# A channel register import (CSV) is read whole to check every row first: capped before reading.
GOVSOCIAL_MAX_IMPORT_BYTES = int(os.environ.get("GOVSOCIAL_MAX_IMPORT_BYTES", 2 * 1024 * 1024))
# Uploads over 2.5 MB go to a temporary file instead of memory; form fields
# (everything but files) together stay under 2.5 MB and 1,000 fields.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Sentiment of the public's comments: a transformer model from a local folder (what
# save_pretrained writes) instead of the word lists, for both languages, or per language
# (a Dutch RobBERT, an English RoBERTa); a language without a folder keeps its word list.
# Loaded with the hub switched off: never downloaded (insights.services.model).
GOVSOCIAL_SENTIMENT_MODEL = os.environ.get("GOVSOCIAL_SENTIMENT_MODEL", "").strip()
GOVSOCIAL_SENTIMENT_MODEL_EN = os.environ.get("GOVSOCIAL_SENTIMENT_MODEL_EN", "").strip()
GOVSOCIAL_SENTIMENT_MODEL_NL = os.environ.get("GOVSOCIAL_SENTIMENT_MODEL_NL", "").strip()

# Background tasks: the database worker on one machine; `rq` (or the backend's
# dotted path) puts them in Redis for `govsocial rqworker` on any number of machines.
_TASK_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
_task_backend = os.environ.get("GOVSOCIAL_TASK_BACKEND") or "db"
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
GOVSOCIAL_REDIS_URL = os.environ.get("GOVSOCIAL_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": GOVSOCIAL_REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
if TASKS["default"]["BACKEND"] == _TASK_BACKENDS["rq"]:
    INSTALLED_APPS.append("django_rq")

# Anonymous maturity self-assessments one client address may start per hour (0: no limit).
GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR = int(
    os.environ.get("GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR", "20")
)

EMAIL_BACKEND = os.environ.get(
    "GOVSOCIAL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("GOVSOCIAL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GOVSOCIAL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GOVSOCIAL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GOVSOCIAL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("GOVSOCIAL_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("GOVSOCIAL_FROM_EMAIL", "govsocial@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): a safety net should a page ever echo
# something unescaped; only our own scripts and stylesheets run, nothing inline.
# A page with a generated <style> block marks it with request.csp_nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # the design system's icons are data: SVGs
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_flag("GOVSOCIAL_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GOVSOCIAL_LOG_LEVEL", "WARNING")},
}
