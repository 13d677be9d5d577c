from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://emulation:emulation@127.0.0.1:5432/emulation"
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests set DEMO_ALLOWED explicitly; DEBUG stays off to mirror production.
AXES_ENABLED = True

WHITENOISE_USE_FINDERS = True

# Tests run tasks in-process unless a test starts a real worker (REDIS_URL only says where Redis is).
CELERY_TASK_ALWAYS_EAGER = True
