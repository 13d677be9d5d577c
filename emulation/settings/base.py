"""Settings shared by every environment; values come from the environment (django-environ)."""
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
    DJANGO_ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    REDIS_URL=(str, ""),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env("DJANGO_DEBUG")
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "audit",
    "blocs",
    "accounts",
    "scoring",
    "awards",
    "voting",
    "notifications",
    "reports",
    "decisions",
]

MIDDLEWARE = [
    "emulation.health.HealthCheckMiddleware",  # first: probes come as http://127.0.0.1, need no session
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database down: a 503 saying whether the change was saved. Outside sessions: a failed session save too.
    "emulation.database.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation.sessions.SessionIdleRefreshMiddleware",  # inside sessions: marks the session to save first
    "emulation.middleware.CookieOrDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation.middleware.PagesLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "emulation.security.SessionLifetimeMiddleware",  # after messages: it leaves a notice when it logs out
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "emulation.logs.RequestLogMiddleware",  # right inside the request id: one log line per request
    "emulation.security.DeniedRequestLogMiddleware",  # inside the request id, outside the axes lockout answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation.urls"
WSGI_APPLICATION = "emulation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emulation.context_processors.site",
                "notifications.context_processors.unread",
            ],
        },
    },
]

FORM_RENDERER = "emulation.forms.FormRenderer"  # one template per select instead of two includes per option


def database_from_env(default):
    """DATABASE_URL (`?conn_max_age=60` keeps connections open). A kept connection that a database restart
    broke is noticed and replaced by the next request instead of failing it."""
    config = env.db("DATABASE_URL", default=default)
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.AdminModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.SessionBoundTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "emulation.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khối thi đua API",
    "DESCRIPTION": "API của hệ thống quản lý khối thi đua (emulation blocs).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "emulation.api_schema.add_error_responses"],
}

# Celery: without REDIS_URL the tasks run in-process, so `make run` needs no broker.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A job whose worker died without answering is handed out again after the visibility timeout (a killed pool
# *process* is answered at once by reject_on_worker_lost). It must exceed the longest task, so the hard time
# limit kills a stuck rendering before Redis hands the same job to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT * 4 // 5)
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Celery: need 0 < soft time limit < time limit < visibility timeout.")
CELERY_BROKER_CONNECTION_TIMEOUT = 1  # seconds; Redis is on the local network
CELERY_BEAT_SCHEDULE = {
    # Jobs queued while Redis was down are handed to the broker again once it is back.
    "reports-redispatch-waiting": {"task": "reports.redispatch_waiting", "schedule": 60.0},
    # E-mails of notifications made while Redis was down.
    "notifications-send-pending": {"task": "notifications.send_pending_emails", "schedule": 300.0},
}
CELERY_TIMEZONE = TIME_ZONE

# django-axes: lock by username and IP together so colleagues behind one NAT are not locked out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "emulation.security.client_ip"  # the address behind TRUSTED_PROXY_COUNT proxies
TRUSTED_PROXY_COUNT = 0  # production: the proxies in front of gunicorn (DJANGO_TRUSTED_PROXY_COUNT)
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # a Vietnamese page rather than axes' English text

# Content-Security-Policy: no inline script or style, every asset from this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Sessions: 30 minutes idle (the cookie and the stored expiry slide forward, at most once a minute: between 29
# and 30 minutes after the last request, emulation/sessions.py), 12 hours in all
# from the login (emulation.security.SessionLifetimeMiddleware). API tokens are not bound by either.
SESSION_COOKIE_AGE = 30 * 60
SESSION_ENGINE = "emulation.sessions"  # pushes the idle expiry forward at most once a minute
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"  # not HttpOnly: static/scoring/grid.js reads the token from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DEMO_DATA_DIR = BASE_DIR / "blocs" / "demo"
DEMO_PASSWORD = "khoithidua2026"

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id, user_id and the extra
# fields), for a log collector; production sets LOG_FORMAT=json in its environment. Anything else ("text",
# the default): readable lines that carry the request id. The Celery worker follows it too (emulation.celery).
LOG_FORMAT = env("LOG_FORMAT", default="text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "emulation.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "emulation.logs.JsonFormatter"},
        "text": {"()": "emulation.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        # Denied requests and axes lockouts (emulation.security.log_denied).
        "emulation.security": {"handlers": ["console"], "level": "WARNING"},
        # One line per request (emulation.logs.RequestLogMiddleware).
        "emulation.requests": {"handlers": ["console"], "level": "INFO"},
        # Requests answered 503 because the database could not be reached (emulation.database).
        "emulation.database": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Signing certificates (PKCS#12) are stored encrypted with this key (Fernet, urlsafe base64 of 32 bytes).
# Empty: derived from SECRET_KEY, which is fine for development; production sets its own (see docs/deploy.md).
SIGNING_CERTIFICATE_KEY = env("SIGNING_CERTIFICATE_KEY", default="")
REPORT_UPLOAD_MAX_BYTES = env.int("REPORT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
