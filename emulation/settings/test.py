from .base import *  # noqa: F401,F403
from .base import database_from_env, env

DEBUG = False
DATABASES = {"default": database_from_env("postgres://emulation:emulation@127.0.0.1:5432/emulation")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests set DEMO_ALLOWED explicitly; DEBUG stays off to mirror production.
AXES_ENABLED = True

WHITENOISE_USE_FINDERS = True

# Tests run tasks in-process; CELERY_EAGER=0 is for the real worker that tests/reports/worker start (it takes
# its jobs from REDIS_URL, which otherwise only says where Redis is).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=True)
# Faults the worker tests inject into the renderer (reports.domain.rendering honours them only where these
# settings exist, i.e. here): a pause before the file is written, so a test can kill the worker mid-render;
# an OSError raised once, when the file named by the flag exists (it is removed as the error is raised).
REPORTS_TEST_RENDER_DELAY = env.float("REPORTS_TEST_RENDER_DELAY", default=0.0)
REPORTS_TEST_FAIL_ONCE_FLAG = env("REPORTS_TEST_FAIL_ONCE_FLAG", default="")
# A document kind whose template raises, for the worker tests (tests/reports/worker/templates).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "reports" / "worker" / "templates"]  # noqa: F405
