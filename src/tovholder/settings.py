"""Settings for Tovholder, read from the environment; SQLite (WAL) is the embedded default."""

import json
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("TOVHOLDER_VAR_DIR", PROJECT_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _local_secret_key(var_dir: Path) -> str:
    """The installation's own key outside production: made on first start, kept in var/secret_key (0600).
    Written to a temporary file and linked into place, so workers starting together agree on one key."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = var_dir / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    return path.read_text().strip()


PRODUCTION = _flag("TOVHOLDER_PRODUCTION")
DEBUG = _flag("TOVHOLDER_DEBUG")
SECRET_KEY = os.environ.get("TOVHOLDER_SECRET_KEY", "")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("TOVHOLDER_SECRET_KEY skal være sat i produktion (mindst 50 tegn, tilfældige).")
    if DEBUG:
        raise ImproperlyConfigured("TOVHOLDER_DEBUG kan ikke slås til i produktion.")
elif not SECRET_KEY:
    SECRET_KEY = _local_secret_key(VAR_DIR)

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "template_partials",
    "tovholder.layout",
    "tovholder.tenancy",
    "tovholder.accounts",
    "tovholder.audit",
    "tovholder.offers",
    "tovholder.citizens",
    "tovholder.retention",
    "tovholder.todo",
    "tovholder.activities",
    "tovholder.visitation",
    "tovholder.plans",
    "tovholder.support",
    "tovholder.journal",
    "tovholder.outcomes",
    "tovholder.transition",
    "tovholder.crosssector",
    "tovholder.courses",
    "tovholder.dropin",
    "tovholder.volunteers",
    "tovholder.housing",
    "tovholder.reporting",
    "tovholder.youth",
    "tovholder.forecast",
    "tovholder.figures",
    "tovholder.staffing",
    "tovholder.budget",
    "tovholder.actionplan",
    "tovholder.portal",
    "tovholder.committee",
    "tovholder.conversion",
    "tovholder.api",
    "tovholder.demo",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "ninja",  # its Swagger UI assets from its own static files (no CDN), see ADR 0027
]

MIDDLEWARE = [
    "tovholder.layout.errors.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "tovholder.layout.middleware.PageCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",  # the SAML login's own short session (citizens, ADR 0034)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tovholder.accounts.middleware.SlidingSessionMiddleware",
    "tovholder.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "tovholder.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "tovholder.citizens.middleware.BreakGlassMiddleware",
    "tovholder.portal.middleware.CitizenSessionMiddleware",  # a citizen's session stays in /min/ (ADR 0034)
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
    "tovholder.accounts.sso.MunicipalOIDCBackend",  # does nothing unless SSO is configured (below)
    "tovholder.portal.backends.CitizenBackend",  # citizens (Min Tovholder): a CitizenIdentity in, ADR 0034
]

# Two-factor login (TOTP, django-otp) for roles that break the glass or administer (accounts.roles):
# required in production, off in the demo (`make run`) unless TOVHOLDER_OTP_REQUIRED=1. Anyone may enrol;
# who has enrolled is always asked for a code.
TOVHOLDER_OTP_REQUIRED = _flag("TOVHOLDER_OTP_REQUIRED", default=_flag("TOVHOLDER_PRODUCTION"))
OTP_TOTP_ISSUER = "Tovholder"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Single sign-on through the municipality's identity provider (OpenID Connect, mozilla-django-oidc).
# On when TOVHOLDER_OIDC_CLIENT_ID is set; the endpoints are those of the provider's
# /.well-known/openid-configuration. README lists the variables; ADR 0015 tells how it is tested.
OIDC_RP_CLIENT_ID = os.environ.get("TOVHOLDER_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("TOVHOLDER_OIDC_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("TOVHOLDER_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("TOVHOLDER_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("TOVHOLDER_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("TOVHOLDER_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("TOVHOLDER_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("TOVHOLDER_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("TOVHOLDER_OIDC_SCOPES", "openid profile email")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
TOVHOLDER_OIDC_MUNICIPALITY = os.environ.get("TOVHOLDER_OIDC_MUNICIPALITY", "")  # the municipality's code
TOVHOLDER_OIDC_ROLES_CLAIM = os.environ.get("TOVHOLDER_OIDC_ROLES_CLAIM", "roles")
TOVHOLDER_OIDC_UNITS_CLAIM = os.environ.get("TOVHOLDER_OIDC_UNITS_CLAIM", "units")
# the provider's role names → Tovholder's roles, e.g. "SOC-PSYK-LEDER=Leder,SOC-PSYK-MEDARB=Medarbejder"
TOVHOLDER_OIDC_ROLE_MAP = dict(
    pair.split("=", 1) for pair in os.environ.get("TOVHOLDER_OIDC_ROLE_MAP", "").split(",") if "=" in pair)
TOVHOLDER_OIDC_LABEL = os.environ.get("TOVHOLDER_OIDC_LABEL", "Log ind med kommunens login")
LOGIN_REDIRECT_URL_FAILURE = "/login/"
# Min Tovholder (the citizen's own pages, ADR 0034). The demo's test login with fictitious test citizens is on
# outside production and can never be on in production.
TOVHOLDER_CITIZEN_TEST_LOGIN = _flag("TOVHOLDER_CITIZEN_TEST_LOGIN", default=not PRODUCTION)
if PRODUCTION and TOVHOLDER_CITIZEN_TEST_LOGIN:
    raise ImproperlyConfigured("Testlogin for borgere (TOVHOLDER_CITIZEN_TEST_LOGIN) kan ikke slås til i produktion.")
# The key of the hash under which a relative's CPR number is kept (the citizen types it when granting access; the
# relative's MitID login gives it). Empty: the SECRET_KEY. Changing it makes every relative's grant unreachable.
TOVHOLDER_RELATIVE_CPR_KEY = os.environ.get("TOVHOLDER_RELATIVE_CPR_KEY", "")
# Citizen login through national eID (NemLog-in/MitID, OIOSAML 3, djangosaml2): on when the IdP's metadata is
# given (a file path or an https URL). README lists the variables.
TOVHOLDER_CITIZEN_SAML_IDP_METADATA = os.environ.get("TOVHOLDER_CITIZEN_SAML_IDP_METADATA", "")
TOVHOLDER_CITIZEN_SAML_ENTITY_ID = os.environ.get("TOVHOLDER_CITIZEN_SAML_ENTITY_ID", "")
TOVHOLDER_CITIZEN_SAML_BASE_URL = os.environ.get("TOVHOLDER_CITIZEN_SAML_BASE_URL", "")
TOVHOLDER_CITIZEN_SAML_CERT = os.environ.get("TOVHOLDER_CITIZEN_SAML_CERT", "")
TOVHOLDER_CITIZEN_SAML_KEY = os.environ.get("TOVHOLDER_CITIZEN_SAML_KEY", "")
TOVHOLDER_CITIZEN_SAML_XMLSEC = os.environ.get("TOVHOLDER_CITIZEN_SAML_XMLSEC", "/usr/bin/xmlsec1")
SAML_CONFIG_LOADER = "tovholder.portal.saml.config_loader"
SAML_SESSION_COOKIE_NAME = "tovholder_saml"
ACS_DEFAULT_REDIRECT_URL = "/min/"
# Min log shows who looked by role and unit; staff names only where the municipality decides so.
TOVHOLDER_PORTAL_SHOW_STAFF_NAMES = _flag("TOVHOLDER_PORTAL_SHOW_STAFF_NAMES")
# Messages to the team in Min Tovholder are not read around the clock: the citizen is told to expect an answer
# within this many working days.
TOVHOLDER_PORTAL_ANSWER_DAYS = int(os.environ.get("TOVHOLDER_PORTAL_ANSWER_DAYS", 3))
# The acute-help notice on every page of Min Tovholder: 112, and the region's psychiatric emergency number.
TOVHOLDER_ACUTE_PSYCHIATRY_PHONE = os.environ.get("TOVHOLDER_ACUTE_PSYCHIATRY_PHONE", "1813")
TOVHOLDER_ACUTE_PSYCHIATRY_LABEL = os.environ.get("TOVHOLDER_ACUTE_PSYCHIATRY_LABEL",
                                                  "Psykiatrisk Akutmodtagelse via Akuttelefonen 1813")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-mail (password reset links): SMTP in production (TOVHOLDER_EMAIL_HOST …); elsewhere each mail is a file
# in var/mail/, to be opened by hand.
EMAIL_BACKEND = os.environ.get("TOVHOLDER_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
                               else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("TOVHOLDER_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TOVHOLDER_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("TOVHOLDER_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TOVHOLDER_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("TOVHOLDER_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("TOVHOLDER_EMAIL_FROM", "Tovholder <tovholder@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60  # the link in the e-mail works for an hour (and once)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without activity (to the minute) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("TOVHOLDER_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = False  # the session is renewed at most once a minute (accounts.middleware)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# HTTPS: in production (TOVHOLDER_PRODUCTION=1) Secure cookies, redirect to https and HSTS for a year are on
# by default; each can be set on its own (README, "Drift").
SESSION_COOKIE_SECURE = _flag("TOVHOLDER_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# NemLog-in posts the assertion from its own site: the SAML session cookie must travel cross-site (needs https)
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
SECURE_SSL_REDIRECT = _flag("TOVHOLDER_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("TOVHOLDER_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("TOVHOLDER_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("TOVHOLDER_HSTS_PRELOAD", PRODUCTION)
if _flag("TOVHOLDER_BEHIND_PROXY"):  # TLS ends at a reverse proxy, which sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): everything from our own origin, no inline scripts or styles
# (no nonces needed: the templates have none); data: only for images (DKFDS's icons in its CSS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the browser's devices and features are off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
    "usb", "xr-spatial-tracking")}

# Login throttling (accounts/throttling.py): five failed attempts lock the username for 30 minutes; 30 failed
# attempts from one network address (for any usernames) lock the address. One person's typos behind the
# municipality's NAT lock neither colleagues nor the address; guessing across usernames is stopped.
AXES_HANDLER = "tovholder.accounts.throttling.LoginThrottle"
AXES_FAILURE_LIMIT = int(os.environ.get("TOVHOLDER_AXES_FAILURE_LIMIT", 5))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("TOVHOLDER_LOGIN_IP_FAILURE_LIMIT", 30))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "SAMLResponse", "RelayState"]  # never a CPR in the table

# The REST API (ADR 0027): calls per token, counted in Django's cache (per process with the default cache).
API_RATE = os.environ.get("TOVHOLDER_API_RATE", "600/m")

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

# A calendar feed address stops working this many days after it was made (a new one can be made at once).
CALENDAR_TOKEN_DAYS = int(os.environ.get("TOVHOLDER_CALENDAR_TOKEN_DAYS", 365))
# A break-the-glass grant lasts this long before a new reason is needed.
BREAK_GLASS_MINUTES = 60
# Citizen lists are paged so every read stays small and is logged.
PAGE_SIZE = 50

# MedCom messages (HospitalNotification, CareCommunication) through a pluggable transport (crosssector.transport,
# ADR 0024): the adapter by name ("folder") or dotted path; the folder adapter reads <folder>/ind and writes
# <folder>/ud; a bundle larger than the limit is refused unread.
MEDCOM_TRANSPORT = os.environ.get("TOVHOLDER_MEDCOM_TRANSPORT", "folder")
MEDCOM_FOLDER = Path(os.environ.get("TOVHOLDER_MEDCOM_FOLDER", VAR_DIR / "medcom"))
# A copy of the citizen's data (Min Tovholder, GDPR art. 15): the ZIP files, kept for a limited time.
DATA_COPY_FOLDER = Path(os.environ.get("TOVHOLDER_DATA_COPY_FOLDER", VAR_DIR / "mine-data"))
MEDCOM_MAX_BYTES = int(os.environ.get("TOVHOLDER_MEDCOM_MAX_BYTES", 10 * 1024 * 1024))
# After a discharge the coordinator follows up within this many days (the task's due date).
DISCHARGE_FOLLOW_UP_DAYS = int(os.environ.get("TOVHOLDER_DISCHARGE_FOLLOW_UP_DAYS", 3))

# The letter outbox (visitation.outbox, ADR 0037): every letter sent is put in the outbox and handed to the
# transport named here ("file", or a dotted path to a class with `name`, `demo` and `deliver`; a Digital Post
# transport later). The file transport writes the PDF to the folder and marks the letter "demo: ikke sendt".
LETTER_TRANSPORT = os.environ.get("TOVHOLDER_LETTER_TRANSPORT", "file")
LETTER_FOLDER = Path(os.environ.get("TOVHOLDER_LETTER_FOLDER", VAR_DIR / "breve-ud"))

FFB_CODESYSTEM = BASE_DIR / "offers" / "data" / "CodeSystem-FFB.json"

# KL's daily FFB delivery (reporting, ADR 0029): the transport by name ("folder") or dotted path; the folder
# adapter writes <folder>/ud/<day>/. The municipality's organisation code (KOMBIT) per kommunekode, as JSON,
# e.g. {"151": "..."}; a municipality without one is reported with its kommunekode.
FFB_TRANSPORT = os.environ.get("TOVHOLDER_FFB_TRANSPORT", "folder")
FFB_FOLDER = Path(os.environ.get("TOVHOLDER_FFB_FOLDER", VAR_DIR / "ffb"))
FFB_ORGANISATION_CODES = json.loads(os.environ.get("TOVHOLDER_FFB_ORGANISATION_CODES", "{}") or "{}")

# Errors are logged to stderr with the request's id (layout.errors); the 500 page shows the same id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tovholder.layout.errors.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        # the SAML libraries log assertions (a citizen's CPR) below WARNING: never let those through
        "saml2": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "djangosaml2": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "tovholder": {"handlers": ["console"], "level": "INFO"},
    },
}
