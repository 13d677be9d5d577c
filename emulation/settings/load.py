"""Settings of the load test (make load, scripts/load.sh): the test settings (DEBUG off, PostgreSQL from
DATABASE_URL, the fast password hasher the generated accounts were made with) with real Celery workers behind
REDIS_URL, and the URLs of emulation.urls_load (the normal ones plus the framework's "ok" view)."""
from .test import *  # noqa: F401,F403
from .test import REDIS_URL, env

ROOT_URLCONF = "emulation.urls_load"
# Reports are rendered by the two Celery workers the script starts, never in the web request.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=not REDIS_URL)
LOAD_TEST_OK_VIEW = True
