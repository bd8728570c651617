"""The one settings module. Everything that differs between machines comes from the environment.

Every setting read with an ``env*`` helper also accepts ``<NAME>_FILE``: the path of a file that
holds the value (Docker/Kubernetes secrets), which wins over the plain variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = envstr(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = envstr(name, "")
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


# Off unless asked for: a forgotten variable on a server must not show tracebacks with minors'
# data. `make run`, scripts/run-dev.sh and the tests (tests/support/env.py) turn it on.
DEBUG = envbool("DEBUG", False)

# A development key is only acceptable while DEBUG is on; production must provide a strong one.
DEV_SECRET_KEY = "dev-only-stageplein-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = envstr("SECRET_KEY", "")
if not DEBUG:
    if not SECRET_KEY:
        raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    # Django's own check (security.W009) only warns; a guessable key forges sessions and
    # sign-in links, so production refuses to start with one.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
        or SECRET_KEY == DEV_SECRET_KEY
    ):
        raise RuntimeError(
            "SECRET_KEY is weak: use at least 50 random characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "stageplein.core.errors.csrf_failure"
SITE_ROOT = envstr("SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Stageplein"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # School single sign-on: OpenID Connect, one SocialApp per identity provider, linked to
    # schools by signin.SchoolSignOn (docs/signin.md).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # The sessions page: one's signed-in devices, "sign out everywhere" (docs/signin.md).
    "allauth.usersessions",
    "axes",
    "auditlog",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "stageplein.core",
    "stageplein.geo",
    "stageplein.accounts",
    "stageplein.organisations",
    "stageplein.students",
    "stageplein.signin",
    "stageplein.internships",
    "stageplein.notifications",
    "stageplein.imports",
    "stageplein.reminders",
    "stageplein.mailings",
    "stageplein.documents",
    "stageplein.dashboards",
    "stageplein.demo",
    "stageplein.simulation",
    "stageplein.placements",
    "stageplein.applications",
    "stageplein.planning",
    "stageplein.matching",
    "stageplein.mediation",
    "stageplein.events",
    "stageplein.exports",
    "stageplein.funding",
    "stageplein.api",
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
    # Adds the schools' identity providers to form-action on the sign-in pages (docs/signin.md).
    "stageplein.signin.middleware.SignOnFormActionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "stageplein.core.middleware.PrivacyHeadersMiddleware",  # issue 13: no-store, noindex
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, once a minute per session (docs/deployment.md).
    "stageplein.signin.middleware.SessionActivityMiddleware",
    # Staff without a second factor see no personal data after the grace period (docs/signin.md).
    "stageplein.signin.middleware.SecondFactorMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last so that it sees the outcome of the authentication attempt.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves its own static files (no CDN); development uses runserver's.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "stageplein.urls"
WSGI_APPLICATION = "stageplein.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stageplein" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stageplein.core.context_processors.platform",
                "stageplein.accounts.context_processors.scope",
                "stageplein.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

# SQLite is only the zero-setup default of the run command; production and CI use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Production keeps connections (a new one costs a few ms of every request); health
        # checks replace a connection the server closed before it is used.
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo server and the task worker write concurrently; WAL and a busy timeout keep
    # SQLite from answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
elif not envbool("DB_JIT", False):
    # PostgreSQL's JIT compiles a query whose estimated cost is high; the per-student
    # subqueries of the queue and the overviews are costed in the millions although they run
    # in well under a second, and compiling took 3-4 s of each (issue 12, bench/matching_queue.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff see many minors' data: a longer password for them (issue 13, finding 9).
    {"NAME": "stageplein.accounts.passwords.StaffPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: staff sign in with e-mail and password; there is no public sign-up, because
# accounts come from the school's administration, the provider's registration or the broker.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "stageplein.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
# "E-mail me a sign-in code" (allauth) for parents, organisations and supervisors; staff only
# with a second factor after it (accounts/access.py: may_sign_in_by_code, docs/signin.md).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# A passkey signs in on its own (docs/signin.md): a student without e-mail adds one after their
# first sign-in with a card or class code.
MFA_PASSKEY_LOGIN_ENABLED = True
# Browsers allow WebAuthn on http://localhost only; production runs on https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# School single sign-on (docs/signin.md): accounts are never made from an identity provider's
# claims, and never linked by e-mail alone (SOCIALACCOUNT_EMAIL_AUTHENTICATION would let any
# provider that asserts an address take over that account). The adapter links a first sign-in
# to an imported student by school + student number (or verified e-mail, if the school says so);
# staff link their school account themselves while signed in (allauth's "connect").
SOCIALACCOUNT_ADAPTER = "stageplein.signin.sso.SchoolSignOnAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# PKCE on every school's provider, whatever its SocialApp says (RFC 9700).
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# Identity providers over https only (signin/oidc.py); plain http only in development and the
# tests (a provider on loopback). Deliberately no environment variable: production cannot opt out.
SCHOOL_SIGN_ON_ALLOW_HTTP = DEBUG

# Sign-in without e-mail (stageplein/signin, docs/signin.md): a printed card works once within
# this many days; a class sign-in is open this many minutes and gives each name this many tries.
SIGNIN_CARD_DAYS = envint("SIGNIN_CARD_DAYS", 14)
CLASS_SIGNIN_MINUTES = envint("CLASS_SIGNIN_MINUTES", 60)
CLASS_SIGNIN_TRIES = 3
# Two-step sign-in is required for staff roles (stageplein/signin/second_factor.py): this many
# days after getting the role, and never counted from before STAFF_MFA_SINCE (the rule's start).
STAFF_MFA_GRACE_DAYS = envint("STAFF_MFA_GRACE_DAYS", 14)
STAFF_MFA_SINCE = envstr("STAFF_MFA_SINCE", "2026-12-07")
# Staff sessions end sooner than students' (SESSION_COOKIE_AGE): after this many hours from
# the sign-in, whatever the activity, they sign in again (with their second factor).
STAFF_SESSION_HOURS = envint("STAFF_SESSION_HOURS", 10)
USERSESSIONS_TRACK_ACTIVITY = True

# One-time sign-in links for people who come twice a year (providers, supervisors, parents).
SIGNIN_LINK_MAX_AGE = envint("SIGNIN_LINK_MAX_AGE", 30 * 60)

# --- Sign-in hardening (issue 13) ------------------------------------------------------------
# The number of reverse proxies of our own in front of the application. Each appends the address
# it saw to X-Forwarded-For; entries before theirs are whatever the client sent. 0: no proxy,
# REMOTE_ADDR is the client. The lockout and every rate limit key on this address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# allauth's limits. A whole class signs in together from one school address, so the per-address
# limits are high; guessing is limited per account *and* address (the key, see
# accounts/adapter.py), so nobody elsewhere can lock a staff member out.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "60/m/ip,300/h/ip,5/5m/key",
    "reset_password": "20/m/ip,3/15m/key",
    # "Mail me a sign-in link" (accounts/views.py): per client and per address asked for.
    "signin_link": "10/m/ip,60/h/ip,3/15m/key",
    # Cards and class codes (stageplein/signin): every try counts. A class of 30 signs in from
    # one school address within minutes; a 12-character card code (59 bits) or an 8-character
    # class code open for an hour (40 bits) cannot be guessed at 600 tries an hour.
    "signin_code": "60/m/ip,600/h/ip",
    # allauth's sign-in code: per client, and per address asked for (the key).
    "request_login_code": "10/m/ip,60/h/ip,3/15m/key",
}
# django-axes: after repeated failures lock out one account from one address (not the address:
# see accounts/lockout.py). The admin signs in through allauth, so this covers it too.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "stageplein.accounts.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "stageplein.accounts.lockout.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", True)
# --- end sign-in hardening ---------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "stageplein" / "locale"]
# Dates are written one way per language: stageplein/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["stageplein.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "stageplein" / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# User uploads (reports, documents) are served through permission-checked views, never as
# public files.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content Security Policy (Django's own middleware), with a nonce for the few inline scripts.
MAP_TILE_URL = envstr("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = envstr("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if "://" in MAP_TILE_URL else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_tile_origin] if _tile_origin else [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The vacancy bank (placements, reactions): see docs/capacity.md.
PLACEMENT_STALE_AFTER_DAYS = envint("PLACEMENT_STALE_AFTER_DAYS", 365)  # R-PLACE-7
PLACEMENT_LEAD_WEEKS = envint("PLACEMENT_LEAD_WEEKS", 6)  # clubs and associations (R-PLACE-6)
APPLICATION_MAX_OPEN = envint("APPLICATION_MAX_OPEN", 3)  # open reactions per student
# R-PLACE-8: how long a waiting-list offer holds its seat before it goes to the next student.
WAITING_LIST_OFFER_HOURS = envint("WAITING_LIST_OFFER_HOURS", 48)
# Overviews (docs/reporting.md): a student falls behind when below a steady pace to the norm by
# the end of this year group; national figures are kept this many seconds.
MAS_NORM_BY_YEAR = envint("MAS_NORM_BY_YEAR", 3)
DASHBOARD_CACHE_SECONDS = envint("DASHBOARD_CACHE_SECONDS", 300)
# A person's scope (what they may see) is kept this long in the cache; every change to it
# through the models drops it at once (stageplein.accounts.access.get_scope). 0: never kept.
SCOPE_CACHE_SECONDS = envint("SCOPE_CACHE_SECONDS", 60)
# A session's "last seen" (the sessions page) is written at most this often. 0: every request.
SESSION_ACTIVITY_SECONDS = envint("SESSION_ACTIVITY_SECONDS", 60)

# E-mail (Django 6.1 MAILERS). Console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = envstr("EMAIL_HOST")
if not DEBUG and not EMAIL_HOST and not envstr("EMAIL_BACKEND"):
    # Sign-in links, contracts and hour confirmations travel by e-mail: without a mail server
    # production silently locks people out, so refuse to start (as for SECRET_KEY).
    raise RuntimeError("EMAIL_HOST (or an explicit EMAIL_BACKEND) must be set when DEBUG is off")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envstr("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
            },
        }
        if EMAIL_HOST
        else {"BACKEND": envstr("EMAIL_BACKEND", "stageplein.core.mail.ConsoleEmailBackend")}
    )
}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Stageplein <noreply@stageplein.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks framework on the database backend. The demo can run tasks
# immediately instead (TASKS_BACKEND=immediate) so that it needs no worker. A season simulation
# runs for minutes in its own queue, served by its own worker (scripts/serve.sh), so that it
# never holds the worker that sends sign-in codes and runs the brokers' rounds.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if envstr("TASKS_BACKEND", "db") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "email", "push", "webhooks", "simulation"],
    }
}

# --- Tasks that survive a crash (issue 13, reminders/workers.py) ------------------------------
# Run workers with ``manage.py worker``: each renews a lease every TASK_HEARTBEAT_SECONDS; a task
# whose worker has been silent for TASK_LEASE_SECONDS is queued again, at most TASK_MAX_ATTEMPTS
# claims in all, then it is marked failed (and its export, import or round with it).
TASK_LEASE_SECONDS = envint("TASK_LEASE_SECONDS", 120)
TASK_HEARTBEAT_SECONDS = envint("TASK_HEARTBEAT_SECONDS", 15)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)
# --- end tasks -----------------------------------------------------------------------------

# --- Push messages (issue 19, notifications/vapid.py) -------------------------------------------
# Without a key (and with DEBUG off) push is off and notifications go by e-mail only.
VAPID_PRIVATE_KEY = envstr("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = envstr("VAPID_SUBJECT", "mailto:privacy@stageplein.nl")
# The worker sends only to these push services (https, the host or a sub-domain of it): a
# subscription cannot make it post to an address of the operator's own network.
PUSH_SERVICE_HOSTS = envlist(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,push.services.mozilla.com,web.push.apple.com,notify.windows.com",
)

# --- The API (issue 17, docs/api.md) -------------------------------------------------------
REST_FRAMEWORK = {
    # Systems and scripts send "Authorization: Bearer …" (an OAuth2 access token or a personal
    # access token); a signed-in person may also read the API in the browser (session).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "stageplein.api.auth.BearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["stageplein.api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "stageplein.api.schema.ProblemAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "stageplein.api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["stageplein.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "stageplein.api.problems.problem_handler",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stageplein API",
    "DESCRIPTION": "Students, placements, reactions, internships, hours and figures of the "
    "Stageplein platform for the maatschappelijke stage. See docs/api.md.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "stageplein.api.schema.add_links",
    ],
    # The webhooks section of the OpenAPI 3.1 document: what a receiver gets per event.
    "WEBHOOKS": [
        f"stageplein.api.webhooks.schema.{name}"
        for name in (
            "hours_verified",
            "certificate_issued",
            "internship_completed",
            "placement_published",
            "placement_closed",
            "reaction_decided",
            "test_event",
        )
    ],
}
OAUTH2_PROVIDER = {
    "SCOPES": {
        "students:read": "read students",
        "students:write": "create, update and mark students as left",
        "hours:read": "read verified hours",
        "hours:write": "submit hours on behalf of students",
        "placements:read": "read placements and free seats",
        "reactions:read": "read reactions and their state",
        "internships:read": "read internships",
        "aggregates:read": "read figures (never a person)",
        "webhooks:manage": "manage webhook subscriptions",
    },
    "OAUTH2_VALIDATOR_CLASS": "stageplein.api.oauth.ClientValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": envint("API_TOKEN_SECONDS", 3600),
    # Access tokens are kept as their SHA-256 only (RFC 9700), like the client secret.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    # Only client credentials are used; the grants and shortcuts RFC 9700 advises against are
    # switched off rather than merely unused (and check --deploy stays silent).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# django-oauth-toolkit's own models; named so that our migrations can refer to them.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "oauth2_provider.DeviceGrant"
# Requests per minute for anonymous callers of the public endpoints, per address.
API_ANONYMOUS_RATE = envint("API_ANONYMOUS_RATE", 120)
# A JSON body above this many bytes is refused with 413 before it is parsed.
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 2 * 1024 * 1024)
# Webhooks (api/webhooks/): deliveries go to https addresses only (plain http too while DEBUG);
# an address that resolves to a private, loopback, link-local or reserved address is refused,
# so that a subscription cannot make the worker call into the operator's own network. Tests
# (a receiver on 127.0.0.1) switch that off with WEBHOOK_ALLOW_PRIVATE_ADDRESSES.
WEBHOOK_ALLOW_HTTP = envbool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = envbool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", 10)
# Attempts per delivery (back-off 30 s, 1, 2, 4 … minutes, at most 6 hours between two).
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", 10)
# Failed attempts in a row after which a subscription is disabled and its owner e-mailed.
WEBHOOK_DISABLE_AFTER_FAILURES = envint("WEBHOOK_DISABLE_AFTER_FAILURES", 25)
# --- end API -------------------------------------------------------------------------------

# The demo data comes from the twenty pilots of 2008-2009; the file lives beside the project
# in development and can be pointed elsewhere.
PILOTS_CSV = Path(
    envstr("PILOTS_CSV", str(BASE_DIR / "stageplein" / "demo" / "data" / "pilots.csv"))
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# --- Going live (issue 12, docs/deployment.md): cache, sessions, replica, metrics, logs ---------

# One cache for every app server when REDIS_URL is set: sessions, sign-in rate limits and the
# dashboards' figures are then the same whichever server answers. Memory otherwise (one process).
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions are written to the database and read from the cache: a Redis restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Heavy overview pages may read from a streaming replica (stageplein.core.replica); a user who
# has just written reads from the primary for REPLICA_STICKY_SECONDS, so the replica's lag never
# hides their own change.
if envstr("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        envstr("DATABASE_REPLICA_URL"),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["stageplein.core.replica.ReplicaRouter"]
REPLICA_STICKY_SECONDS = envint("REPLICA_STICKY_SECONDS", 15)

MIDDLEWARE.insert(0, "stageplein.core.observability.RequestMetricsMiddleware")
MIDDLEWARE.append("stageplein.core.replica.StickyPrimaryMiddleware")
# /metrics answers the machine itself, or anyone presenting this bearer token.
METRICS_TOKEN = envstr("METRICS_TOKEN")
# /health/ready/ fails when a due task has waited this long (seconds): the worker is not keeping up.
TASK_QUEUE_MAX_AGE = envint("TASK_QUEUE_MAX_AGE", 300)

# JSON lines in production (LOG_FORMAT=json), for the log collector; plain text in development.
if envstr("LOG_FORMAT", "text" if DEBUG else "json") == "json":
    LOGGING["formatters"] = {"json": {"()": "stageplein.core.observability.JsonFormatter"}}
    LOGGING["handlers"] = {"console": {"class": "logging.StreamHandler", "formatter": "json"}}
# One line per request (view, status, milliseconds) when LOG_REQUESTS is on.
LOGGING["loggers"] = {
    "stageplein.request": {"level": "INFO" if envbool("LOG_REQUESTS", False) else "WARNING"}
}

# Plain HTTP on loopback only (the load test, the serve smoke test): no TLS redirect, no secure
# cookies. Never in front of real users: there nginx terminates TLS.
if not DEBUG and envbool("SERVE_PLAIN_HTTP", False):
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
# The load test signs in hundreds of simulated people from 127.0.0.1, which the per-address
# sign-in rate limits rightly refuse; it turns them off with this. Never in production.
if envbool("LOAD_TEST_NO_RATE_LIMITS", False):
    ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]  # allauth: False turns them off
