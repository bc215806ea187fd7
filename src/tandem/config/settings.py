"""Tandem settings, read from the environment (12-factor) with safe local defaults.

Variables: DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL, DEBUG,
TANDEM_DATA_DIR, TANDEM_DEMO, TANDEM_DEMO_MODE, TANDEM_WEBHOOK_ALLOW_PRIVATE.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TANDEM_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", False)
TESTING = _env_bool("TANDEM_TESTING", False)  # set by tandem.config.test_settings
# TANDEM_DEMO=1 (``make run`` sets it): ``tandem up`` loads the demo organisation into an
# empty database, and the built-in development key is accepted. Demo mode (the demo logins
# on the login page, only while the demo users exist) follows it unless set on its own.
DEMO = _env_bool("TANDEM_DEMO", False)
DEMO_MODE = _env_bool("TANDEM_DEMO_MODE", DEMO)

INSECURE_DEV_KEY = "tandem-local-development-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",  # serves Swagger UI's assets from our static files, not a CDN
    "huey.contrib.djhuey",
    "tandem.core",
    "tandem.accounts",
    "tandem.people",
    "tandem.web",
    "tandem.programs",
    "tandem.matchmaking",
    "tandem.relationships",
    "tandem.engagement",
    "tandem.surveys",
    "tandem.insights",
    "tandem.learning",
    "tandem.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tandem.core.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "tandem.config.urls"
WSGI_APPLICATION = "tandem.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.web.context_processors.navigation",
            ],
        },
    }
]

# busy_timeout first: switching a fresh file to WAL takes a lock that other connections
# opening at the same moment must wait for rather than fail on.
_SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tandem.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = _SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": ""}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploads: a request over the limit is refused by its Content-Length before it is read
# (tandem.core.request_limits); files above 2.5 MB stream to a temporary file on disk.
TANDEM_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = TANDEM_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, docs/decisions/0025): only our own scripts and styles,
# no inline script or style attribute, no framing (Swagger UI at /api/v1/docs included).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _env_bool("TANDEM_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _email_settings(url: str) -> dict[str, object]:
    """Translate EMAIL_URL (console://, smtp://user:pass@host:port?tls=1) to Django settings."""
    parsed = urlparse(url)
    if parsed.scheme in {"", "console"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path,
        }
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
    }


_email = _email_settings(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = str(_email.pop("EMAIL_BACKEND"))
globals().update(_email)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "tandem",
        "url": REDIS_URL,
        "immediate": TESTING,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "tandem",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": TESTING,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

TANDEM_BASE_URL = os.environ.get("TANDEM_BASE_URL", "http://127.0.0.1:8000")
TANDEM_DEMO_PASSWORD = "tandem-demo"  # noqa: S105 — documented demo login, demo mode only
# Chat and webhook receivers on private, loopback or link-local addresses, and plain http:
# off by default (SSRF); on for tests and on-premise receivers (docs/engagement.md).
TANDEM_WEBHOOK_ALLOW_PRIVATE = _env_bool("TANDEM_WEBHOOK_ALLOW_PRIVATE", False)

# Single sign-on (docs/single-sign-on.md). OpenID Connect: discovery from the issuer.
TANDEM_OIDC_ISSUER = os.environ.get("TANDEM_OIDC_ISSUER", "").rstrip("/")
TANDEM_OIDC_CLIENT_ID = os.environ.get("TANDEM_OIDC_CLIENT_ID", "")
TANDEM_OIDC_CLIENT_SECRET = os.environ.get("TANDEM_OIDC_CLIENT_SECRET", "")
TANDEM_OIDC_NAME = os.environ.get("TANDEM_OIDC_NAME", "single sign-on")
TANDEM_OIDC_SCOPES = os.environ.get("TANDEM_OIDC_SCOPES", "openid email profile")
# SAML 2.0: the IdP's metadata as a URL or a file path.
TANDEM_SAML_IDP_METADATA = os.environ.get("TANDEM_SAML_IDP_METADATA", "")
TANDEM_SAML_NAME = os.environ.get("TANDEM_SAML_NAME", "SAML single sign-on")
TANDEM_SAML_NAMEID_FORMAT = os.environ.get("TANDEM_SAML_NAMEID_FORMAT", "persistent")
TANDEM_SAML_ATTRIBUTES = os.environ.get("TANDEM_SAML_ATTRIBUTES", "")  # JSON, see docs
TANDEM_SAML_CLOCK_SKEW_SECONDS = int(os.environ.get("TANDEM_SAML_CLOCK_SKEW_SECONDS", "180"))
TANDEM_XMLSEC_BINARY = os.environ.get("TANDEM_XMLSEC_BINARY", "")
# How a signed-in identity finds its person: "email" (verified) or "employee_id" (a claim).
TANDEM_SSO_MATCH_BY = os.environ.get("TANDEM_SSO_MATCH_BY", "email")
TANDEM_SSO_EMPLOYEE_ID_CLAIM = os.environ.get("TANDEM_SSO_EMPLOYEE_ID_CLAIM", "employee_id")
TANDEM_SSO_JIT = _env_bool("TANDEM_SSO_JIT", False)  # create unknown people on sign-in
AUTHENTICATION_BACKENDS = ["tandem.accounts.backends.PasswordPolicyBackend"]

# Sign-in throttling (tandem.accounts.throttle, docs/operations.md): failed password
# sign-ins per account (the email typed) and per client address within the window; past the
# limit, that key is locked for the lockout. TANDEM_CLIENT_IP_HEADER: behind a reverse proxy,
# the META key it sets (e.g. HTTP_X_FORWARDED_FOR; its last entry is used).
TANDEM_SIGNIN_MAX_FAILURES = int(os.environ.get("TANDEM_SIGNIN_MAX_FAILURES", "5"))
TANDEM_SIGNIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("TANDEM_SIGNIN_MAX_FAILURES_PER_ADDRESS", "20")
)
TANDEM_SIGNIN_WINDOW_SECONDS = int(os.environ.get("TANDEM_SIGNIN_WINDOW_SECONDS", "900"))
TANDEM_SIGNIN_LOCKOUT_SECONDS = int(os.environ.get("TANDEM_SIGNIN_LOCKOUT_SECONDS", "900"))
TANDEM_CLIENT_IP_HEADER = os.environ.get("TANDEM_CLIENT_IP_HEADER", "")
