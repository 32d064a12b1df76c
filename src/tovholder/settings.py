"""Settings for Tovholder, read from the environment; SQLite (WAL) is the embedded default."""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("TOVHOLDER_VAR_DIR", PROJECT_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("TOVHOLDER_DEBUG")
SECRET_KEY = os.environ.get("TOVHOLDER_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and _flag("TOVHOLDER_PRODUCTION"):
        raise RuntimeError("TOVHOLDER_SECRET_KEY skal være sat i produktion.")
    SECRET_KEY = "local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = os.environ.get("TOVHOLDER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "template_partials",
    "tovholder.layout",
    "tovholder.tenancy",
    "tovholder.accounts",
    "tovholder.audit",
    "tovholder.offers",
    "tovholder.citizens",
    "tovholder.retention",
    "tovholder.activities",
    "tovholder.visitation",
    "tovholder.plans",
    "tovholder.support",
    "tovholder.journal",
    "tovholder.outcomes",
    "tovholder.forecast",
    "tovholder.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tovholder.accounts.middleware.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "tovholder.citizens.middleware.BreakGlassMiddleware",
]

ROOT_URLCONF = "tovholder.urls"
WSGI_APPLICATION = "tovholder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # ids in URLs and form values: {{ x.pk|unlocalize }}; Danish numbers: {{ x|hours }}, {{ x|amount }}
            "builtins": ["django.templatetags.l10n", "tovholder.layout.templatetags.danish"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tovholder.accounts.context_processors.staff",
                "tovholder.layout.context_processors.main_menu",
                "tovholder.tenancy.context_processors.page_municipality",
            ],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'tovholder.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TOVHOLDER_TEST_SQLITE")}  # None → in memory

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (forecasts): the database backend, run by `tovholder db_worker` beside the web server.
# The immediate backend runs a task at once: under pytest and when TOVHOLDER_TASKS_IMMEDIATE=1.
_IMMEDIATE_TASKS = _flag("TOVHOLDER_TASKS_IMMEDIATE") or "pytest" in sys.modules
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if _IMMEDIATE_TASKS
                     else "django_tasks_db.DatabaseBackend"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "tovholder.accounts.backends.RoleBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without activity (to the minute) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("TOVHOLDER_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = False  # the session is renewed at most once a minute (accounts.middleware)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _flag("TOVHOLDER_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling: five failed attempts lock the username+address for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("TOVHOLDER_AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve straight from the apps when collectstatic has not run
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# A break-the-glass grant lasts this long before a new reason is needed.
BREAK_GLASS_MINUTES = 60
# Citizen lists are paged so every read stays small and is logged.
PAGE_SIZE = 50

FFB_CODESYSTEM = BASE_DIR / "offers" / "data" / "CodeSystem-FFB.json"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING"}},
}
