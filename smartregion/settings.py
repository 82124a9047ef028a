"""Settings for Smart Region Marktplatz.

Everything comes from environment variables (see README, "Configuration"); the defaults are
safe for local development only.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")  # public https when DEBUG=0 (api/checks.py)
# Open data (DCAT-AP.de, docs/api.md): GovData's contributor ID for this platform, a contact
# e-mail for the datasets, and the date this instance first published them (YYYY-MM-DD).
OPENDATA_CONTRIBUTOR_ID = env_str("OPENDATA_CONTRIBUTOR_ID", "")
OPENDATA_CONTACT_EMAIL = env_str("OPENDATA_CONTACT_EMAIL", "")
OPENDATA_ISSUED = env_str("OPENDATA_ISSUED", "")

INSTALLED_APPS = [
    "core.admin_apps.AdminConfig",  # Django admin whose login goes through allauth (throttle, MFA)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_filters",
    "ninja",  # serves Swagger UI assets locally for /api/v1/docs (no CDN)
    "django_tasks",
    "django_tasks_db",
    # Our apps, one per domain (core and accounts first: their templates override allauth's).
    "core",
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "municipalities",
    "catalog",
    "matching",
    "events",
    "partnerships",
    "api",
    "legal",
    "explorations",
    "office",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "smartregion.urls"
WSGI_APPLICATION = "smartregion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side (runserver, task worker).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:dashboard"

# django-allauth: e-mail login, mandatory verification, rate limits on login and sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# One product name in every e-mail subject (ours, allauth's and the admins' error mails).
EMAIL_SUBJECT_PREFIX = "[Smart Region Marktplatz] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Unproven claims on an address never block its owner's sign-up (accounts/signup.py).
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Smart Region Marktplatz"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads are served only through permission-checked views, never from a public media URL.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# What one provider organisation may store in uploads (logo, solution images and PDFs).
PROVIDER_UPLOAD_QUOTA_BYTES = env_int("PROVIDER_UPLOAD_QUOTA_BYTES", 100 * 1024 * 1024)

# E-mail: console in development, SMTP via EMAIL_URL (smtp://user:pass@host:587/?tls=1).
EMAIL_URL = env_str("EMAIL_URL", "console://")
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Smart Region Marktplatz <noreply@smarte-region.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_URL.startswith("smtp"):
    from urllib.parse import parse_qs, unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    _query = parse_qs(_mail.query)
    EMAIL_USE_TLS = _query.get("tls", ["0"])[0] in {"1", "true"}
    EMAIL_USE_SSL = EMAIL_URL.startswith("smtps") or _query.get("ssl", ["0"])[0] in {"1", "true"}
elif EMAIL_URL.startswith("file"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
elif EMAIL_URL.startswith("locmem"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds before an SMTP connection or reply counts as failed (the send task is then retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# Reverse proxies in front of the app that append the client address to X-Forwarded-For
# (core.net.client_ip: login throttles, API rate limits). 0 = none, REMOTE_ADDR is the client;
# 1 behind one TLS proxy (docs/operations.md). Too high a value lets clients pick their address.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)

# A task RUNNING for longer lost its worker (killed, out of memory) and counts as failed;
# idempotent ones run again (core.worker, `manage.py task_worker` sweeps every minute).
TASK_STALE_MINUTES = env_int("TASK_STALE_MINUTES", 15)

# Background work: the database backend by default; tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Matching of needs: hybrid ranking with multilingual sentence embeddings (matching.semantic).
# Off: lexical ranking only, and no embeddings are computed when solutions are indexed.
MATCHING_SEMANTIC = env_bool("MATCHING_SEMANTIC", True)

# The search state (matching.index, docs/search.md "Index ownership and versions"): the task
# worker builds each published version once and stores it here; web processes load it. Shared
# storage when several machines serve the site. A burst of catalog changes within
# SEARCH_PUBLISH_DELAY seconds becomes one new version. SEARCH_WARM_START: gunicorn loads the
# index and the sentence encoder before the first request (docs/operations.md, "Warm start").
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR", str(VAR_DIR / "cache" / "index")))
SEARCH_PUBLISH_DELAY = env_int("SEARCH_PUBLISH_DELAY", 2)
SEARCH_WARM_START = env_bool("SEARCH_WARM_START", True)
# A market exploration record holds at most this many solutions (else: narrow the search).
EXPLORATION_MAX_ENTRIES = env_int("EXPLORATION_MAX_ENTRIES", 30)

# Storage limitation (Art. 5 (1) e GDPR): how long personal data is kept before the daily
# retention task (`manage.py apply_retention`) reduces or deletes it. The privacy notice
# (/datenschutz/) states these values, so changing one changes the page.
RETENTION_SEARCH_LOG_DAYS = env_int("RETENTION_SEARCH_LOG_DAYS", 90)
RETENTION_CONTACT_MONTHS = env_int("RETENTION_CONTACT_MONTHS", 24)
RETENTION_UNCONFIRMED_ACCOUNT_DAYS = env_int("RETENTION_UNCONFIRMED_ACCOUNT_DAYS", 30)
RETENTION_INACTIVE_ACCOUNT_YEARS = env_int("RETENTION_INACTIVE_ACCOUNT_YEARS", 3)
RETENTION_INACTIVE_GRACE_DAYS = env_int("RETENTION_INACTIVE_GRACE_DAYS", 60)
RETENTION_NOTIFICATION_MONTHS = env_int("RETENTION_NOTIFICATION_MONTHS", 12)
RETENTION_BARRIER_REPORT_MONTHS = env_int("RETENTION_BARRIER_REPORT_MONTHS", 12)

# Results of the browser suite's axe-core and HTML checks (written by e2e/, read by the
# accessibility statement /barrierefreiheit/).
ACCESSIBILITY_RESULTS_FILE = Path(
    env_str("ACCESSIBILITY_RESULTS_FILE", str(VAR_DIR / "accessibility-results.json"))
)

# Security. Production (DEBUG off) must pass `manage.py check --deploy`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_bool("LOG_JSON", not DEBUG) else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

FORM_RENDERER = "core.forms.FormRenderer"
