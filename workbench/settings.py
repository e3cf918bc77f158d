"""Settings for the translation workbench.

Everything a deployment changes is read from the environment:

- ``DATABASE_URL``: PostgreSQL (``postgres://user:pass@host/db``) when set,
  otherwise the embedded SQLite file ``var/workbench.sqlite3``.
- ``SECRET_KEY``: required when ``DEBUG`` is off.
- ``DEBUG``: ``1``/``true`` to enable (default on for local use).
- ``ALLOWED_HOSTS``: comma-separated host names (required when ``DEBUG`` is off).
- ``CONN_MAX_AGE``: seconds a worker keeps its database connection (0 = per request).
- With ``DEBUG`` off the site is HTTPS only: secure cookies, HSTS and a redirect
  to HTTPS, each adjustable (``SECURE_SSL_REDIRECT``, ``SECURE_HSTS_SECONDS``,
  ``SECURE_HSTS_INCLUDE_SUBDOMAINS``, ``SECURE_HSTS_PRELOAD``). Behind a proxy
  that terminates TLS, ``SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto`` (see
  docs/deployment.md); ``CSRF_TRUSTED_ORIGINS`` for extra origins.
- ``WORKBENCH_MAX_IMPORT_BYTES``: largest upload or import file (default 10 MiB).
- ``WORKBENCH_BACKGROUND_IMPORT_BYTES``: uploads larger than this are imported
  by a background job (default 512 KiB).
- ``MEDIA_ROOT``: where background jobs keep their files (default ``var/media``;
  every web server and worker must see the same directory).
- ``WORKBENCH_LANGUAGES``: comma-separated language codes; the first is the
  default source language. Adding a language changes the per-language model
  fields, so it needs ``makemigrations`` (see README, "Adding a language").
- ``WORKBENCH_FONT_DIRS``: colon-separated font directories for PDF editions
  (default: Debian's Noto directories).
- ``WORKBENCH_REPEATS``: what saving a sentence does for its repetitions that
  are still untranslated: ``needs_review`` (default; pre-fill them as *needs
  review*), ``suggestion`` (offer it among the memory matches) or ``off``.
  Each document may choose otherwise (its *repeated sentences* field).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WORKBENCH_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"
if not DEBUG and not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (e.g. ALLOWED_HOSTS=workbench.example.org).")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

# --- HTTPS (production) -----------------------------------------------------
# With DEBUG off the workbench is served over HTTPS only: cookies never travel
# in clear text and browsers are told (HSTS) never to try plain HTTP again.
# `manage.py check --deploy` is clean with these defaults.
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS, Django sees plain HTTP and would
# redirect forever; the proxy's header says the original request was HTTPS.
# Only set this when the proxy always sets (and so overwrites) that header.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Background jobs: Django's tasks API (backport) and its database queue (see TASKS).
    "django_tasks",
    "django_tasks_db",
    # The REST API under /api/v1/ (translations/api/), its tokens and its schema page.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "translations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files from gunicorn workers, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"
ASGI_APPLICATION = "workbench.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workbench" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'workbench.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection the server dropped is replaced instead of failing a request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several requests may write at once; wait for the lock instead of failing.
    # IMMEDIATE: a transaction takes the write lock when it starts, so two
    # saves never both read and then fail to upgrade to writing ("database is
    # locked"); they queue instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# --- Languages -------------------------------------------------------------
# Names for every language we know how to label; WORKBENCH_LANGUAGES picks.
# The names stay English here (files and exports use them); gettext_noop marks
# them for the interface catalogs, and ``languages.display_name`` shows them
# in the reader's language.
KNOWN_LANGUAGES = {
    "en": gettext_noop("English"),
    "de": gettext_noop("German"),
    "fr": gettext_noop("French"),
    "es": gettext_noop("Spanish"),
    "ru": gettext_noop("Russian"),
    "ar": gettext_noop("Arabic"),
    "zh-hans": gettext_noop("Simplified Chinese"),
    "it": gettext_noop("Italian"),
    "pt": gettext_noop("Portuguese"),
    "pl": gettext_noop("Polish"),
    "uk": gettext_noop("Ukrainian"),
    "tr": gettext_noop("Turkish"),
    "hi": gettext_noop("Hindi"),
    "ja": gettext_noop("Japanese"),
    "fa": gettext_noop("Persian"),
    "he": gettext_noop("Hebrew"),
    "nl": gettext_noop("Dutch"),
}
WORKBENCH_LANGUAGES = _env_list("WORKBENCH_LANGUAGES", "en,de,fr,es,ru,ar,zh-hans")
_unknown = [code for code in WORKBENCH_LANGUAGES if code not in KNOWN_LANGUAGES]
if _unknown:
    raise ImproperlyConfigured(
        f"WORKBENCH_LANGUAGES has unknown codes {_unknown}; add a name for each to "
        "KNOWN_LANGUAGES in workbench/settings.py."
    )
LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in WORKBENCH_LANGUAGES]
LANGUAGE_CODE = WORKBENCH_LANGUAGES[0]
WORKBENCH_SOURCE_LANGUAGE = WORKBENCH_LANGUAGES[0]

USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The interface catalogs (django.po, djangojs.po; see translations/interface_catalogs.py)
# live here beside the exported essay catalogs (<slug>.po), which Django never loads.
LOCALE_PATHS = [BASE_DIR / "locale"]

# modeltranslation: never fall back to another language. An empty German
# field must read as empty, or an untranslated segment would look translated.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(WORKBENCH_LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ()
MODELTRANSLATION_ENABLE_FALLBACKS = False
# The language tabs need jQuery UI; modeltranslation loads it from a CDN by
# default, which an offline workbench cannot reach. A vendored copy (MIT, from
# the npm package jquery-ui) is served with the app's static files.
JQUERY_UI_URL = "translations/vendor/jquery-ui/jquery-ui-1.13.3.min.js"

# --- Static files ----------------------------------------------------------
STATIC_URL = "static/"
# `manage.py collectstatic` copies every app's static files here; WhiteNoise
# serves them. In production they get content-hashed names (cached for a
# year) and gzip/brotli copies, so collectstatic must run after each deploy.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if DEBUG:
    # WhiteNoise warns about a missing STATIC_ROOT; in development the files
    # come from the apps' static folders and this one stays empty.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Errors reach the server's log (gunicorn's stderr) in production too; Django's
# default only prints them with DEBUG on.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 403/404 answers are expected refusals: logged in one line, without a traceback. On the
    # logger, not a handler, so that every handler (Django's own console one too) sees it so.
    "filters": {"expected_refusals": {"()": "translations.log_filters.ExpectedRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["expected_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

LOGIN_URL = "admin:login"

# Largest upload or import file accepted, in bytes: every import path refuses
# a bigger file before reading it (tests/test_scale_bad_input.py).
WORKBENCH_MAX_IMPORT_BYTES = int(os.environ.get("WORKBENCH_MAX_IMPORT_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = WORKBENCH_MAX_IMPORT_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = WORKBENCH_MAX_IMPORT_BYTES

# --- Background jobs ---------------------------------------------------------
# Long work started in the admin (editions, alignment, big imports and exports)
# runs in `manage.py db_worker` processes (`make run` starts one). The queue is
# a table in the same database: nothing else to run; on PostgreSQL any number
# of workers on any number of machines share it (docs/deployment.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Job files (uploaded inputs, results) live under MEDIA_ROOT/jobs/. There is no
# MEDIA_URL on purpose: they are served only by the admin's download view,
# which checks who may read them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# An uploaded PO/XLIFF file larger than this is imported by a background job
# (its report arrives on the job's page); smaller ones are imported at once.
WORKBENCH_BACKGROUND_IMPORT_BYTES = int(os.environ.get("WORKBENCH_BACKGROUND_IMPORT_BYTES", 512 * 1024))

# --- Quality checks --------------------------------------------------------
# The checks run on every save and by `manage.py check_translations`, as
# dotted paths to classes (see translations/checks/base.py); loaded lazily,
# keyed by check id. Remove a line to switch a check off.
WORKBENCH_CHECKS = [
    "translations.checks.quotes.UnbalancedQuotesSourceCheck",
    "translations.checks.numbers.NumbersCheck",
    "translations.checks.quotes.UnbalancedQuotesCheck",
    "translations.checks.quotes.QuoteStyleCheck",
    "translations.checks.punctuation.FinalPunctuationCheck",
    "translations.checks.punctuation.EllipsisCheck",
    "translations.checks.punctuation.EditorialMarksCheck",
    "translations.checks.consistency.SameAsSourceCheck",
    "translations.checks.consistency.LengthRatioCheck",
    "translations.checks.punctuation.DoubleSpaceCheck",
    "translations.checks.glossary.GlossaryCheck",
    "translations.checks.quotations.QuotationCheck",
]

# Reasons for "flagged" on the review page (translations.flags): open
# comments, a low alignment confidence, open check findings.
WORKBENCH_REVIEW_FLAGS = [
    "translations.flags.OpenComments",
    "translations.flags.LowConfidence",
    "translations.checks.flags.FailedChecks",
]

# Repeated sentences (translations.services.repeats): the default for
# documents that do not choose; never approves anything.
WORKBENCH_REPEATS = os.environ.get("WORKBENCH_REPEATS", "needs_review")
if WORKBENCH_REPEATS not in ("needs_review", "suggestion", "off"):
    raise ImproperlyConfigured(
        f"WORKBENCH_REPEATS is {WORKBENCH_REPEATS!r}; use needs_review, suggestion or off"
    )

# Fonts for PDF editions (colon-separated directories; only these are used, so
# every printed font is one we chose and embed). Debian: fonts-noto-core, fonts-noto-cjk.
WORKBENCH_FONT_DIRS = [
    directory
    for directory in os.environ.get(
        "WORKBENCH_FONT_DIRS", "/usr/share/fonts/truetype/noto:/usr/share/fonts/opentype/noto"
    ).split(":")
    if directory
]


# --- The REST API (/api/v1/, translations/api/, docs/api.md) -----------------
# Scripts authenticate with a token (``manage.py api_token USER``, or the
# admin); the browsable pages use the admin's session, with CSRF checked.
# Reading and writing pass the same gate as the admin (translations/permissions.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["translations.api.permissions.CanRead"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "translations.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Requests per client; counted in the default cache (per process: with
    # several gunicorn workers, configure a shared cache to make them exact).
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("WORKBENCH_API_ANON_RATE", "30/minute"),
        "user": os.environ.get("WORKBENCH_API_USER_RATE", "2000/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "translations.api.pagination.Pages",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Translation workbench API",
    "DESCRIPTION": "Documents, segments, translations, comments, progress and exports. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
