"""Django settings of the portal: SQLite in the instance folder, PostgreSQL by DATABASE_URL.

Environment: `CENSUS_INSTANCE` / `CENSUS_CONFIG` (see census.web.instance), `DATABASE_URL`
(postgres://user:password@host:port/name), `CENSUS_SECRET_KEY`, `CENSUS_ALLOWED_HOSTS`
(comma-separated), `CENSUS_HTTPS=1` behind an HTTPS web server (secure cookies, HSTS),
`CENSUS_CSRF_ORIGINS` (e.g. https://sensus.dinsos.example), `CENSUS_UPLOAD_LIMIT_MB`,
`CENSUS_WEB_DEBUG=1` (development only).
"""

from __future__ import annotations

import os
from datetime import timedelta

import dj_database_url

from census.resources import templates_dir
from census.web.instance import locate

INSTANCE = locate()
INSTANCE.create()
_CONFIG = INSTANCE.config()

SECRET_KEY = INSTANCE.secret_key()
DEBUG = os.environ.get("CENSUS_WEB_DEBUG") == "1"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("CENSUS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "census.web.apps.PortalConfig",
    "census.web.apps.PortalAdmin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "census.web.middleware.PortalLanguage",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "census.web.middleware.ContentSecurityPolicy",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "census.web.urls"
WSGI_APPLICATION = "census.web.wsgi.application"

#: The templates folder (reports and the portal's pages): in the package, or the checkout's.
TEMPLATE_ROOT = templates_dir()
TEMPLATES = [
    {
        # The portal's pages: Jinja2 like the reports, one typed context per page.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [TEMPLATE_ROOT],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "census.web.jinja_env.environment"},
    },
    {
        # Django's admin keeps its own (translated) templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(INSTANCE.database),
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked"; WAL lets pages
                # read while an upload is being recorded.
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.Account"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock it there for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "census.web.views_account.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = int(_CONFIG.portal.session_hours * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "census.web.views_account.csrf_failure"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CENSUS_CSRF_ORIGINS", "").split(",")
    if origin.strip()
]
if os.environ.get("CENSUS_HTTPS") == "1":
    # Behind the office's HTTPS web server (nginx, Apache, IIS) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_SSL_REDIRECT = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = INSTANCE.root / "static"
# A handful of files served straight from the package (no collectstatic step on a laptop).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

#: The largest workbook or export accepted, in bytes (checked before the upload is read).
CENSUS_UPLOAD_LIMIT = int(
    float(os.environ.get("CENSUS_UPLOAD_LIMIT_MB") or _CONFIG.portal.upload_limit_mb) * (1 << 20)
)
#: Closed rounds older than this (days from the census date) may be purged of personal data.
CENSUS_RETENTION_DAYS = int(os.environ.get("CENSUS_RETENTION_DAYS") or _CONFIG.portal.retention_days)
# Reminders by e-mail when the office has a mail server (EMAIL_HOST etc. in the environment);
# otherwise, as in the demo, the messages are printed on the console.
EMAIL_BACKEND = os.environ.get("CENSUS_EMAIL_BACKEND",
                               "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("CENSUS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CENSUS_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("CENSUS_EMAIL_FROM", "sensus@localhost")

FILE_UPLOAD_HANDLERS = [
    "census.web.blobstore.LimitedUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(INSTANCE.tmp)
FILE_UPLOAD_PERMISSIONS = 0o600

# Census runs outside the request: a queue in a SQLite file of the instance. `census serve`
# works it in a thread; with gunicorn, run `census manage run_huey` beside it.
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "census",
    "filename": str(INSTANCE.queue),
    "results": False,
    "immediate": os.environ.get("CENSUS_TASKS_IMMEDIATE") == "1",
    "consumer": {"workers": 1, "worker_type": "thread"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Warnings and errors only: request lines could carry nothing personal, but keep it quiet.
    "root": {"handlers": ["console"], "level": "WARNING"},
}
