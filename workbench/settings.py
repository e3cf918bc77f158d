"""Settings for the translation workbench.

Everything a deployment changes is read from the environment:

- ``DATABASE_URL``: PostgreSQL (``postgres://user:pass@host/db``) when set,
  otherwise the embedded SQLite file ``var/workbench.sqlite3``.
- ``SECRET_KEY``: required when ``DEBUG`` is off.
- ``DEBUG``: ``1``/``true`` to enable (default on for local use).
- ``ALLOWED_HOSTS``: comma-separated host names.
- ``WORKBENCH_LANGUAGES``: comma-separated language codes; the first is the
  default source language. Adding a language changes the per-language model
  fields, so it needs ``makemigrations`` (see README, "Adding a language").
- ``WORKBENCH_FONT_DIRS``: colon-separated font directories for PDF editions
  (default: Debian's Noto directories).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "translations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several requests may write at once; wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# --- Languages -------------------------------------------------------------
# Names for every language we know how to label; WORKBENCH_LANGUAGES picks.
KNOWN_LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
    "zh-hans": "Simplified Chinese",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "hi": "Hindi",
    "ja": "Japanese",
    "fa": "Persian",
    "he": "Hebrew",
    "nl": "Dutch",
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
LOCALE_PATHS = [BASE_DIR / "locale"]

# modeltranslation: never fall back to another language. An empty German
# field must read as empty, or an untranslated segment would look translated.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(WORKBENCH_LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ()
MODELTRANSLATION_ENABLE_FALLBACKS = False

# --- Static files ----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

LOGIN_URL = "admin:login"

# Largest upload or import file accepted, in bytes.
WORKBENCH_MAX_IMPORT_BYTES = int(os.environ.get("WORKBENCH_MAX_IMPORT_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = WORKBENCH_MAX_IMPORT_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = WORKBENCH_MAX_IMPORT_BYTES

# Fonts for PDF editions (colon-separated directories; only these are used, so
# every printed font is one we chose and embed). Debian: fonts-noto-core, fonts-noto-cjk.
WORKBENCH_FONT_DIRS = [
    directory
    for directory in os.environ.get(
        "WORKBENCH_FONT_DIRS", "/usr/share/fonts/truetype/noto:/usr/share/fonts/opentype/noto"
    ).split(":")
    if directory
]
