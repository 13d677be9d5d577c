import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, task_postrun, task_prerun
from django.conf import settings

from emulation import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings.local")

app = Celery("emulation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Logs of the worker carry the request id of the web request that queued the task (its `request_id` kwarg,
# see reports.tasks), and the task id and name; LOG_FORMAT=json makes them JSON lines (emulation.logs).
def _log_format():
    return getattr(settings, "LOG_FORMAT", "text")


@task_prerun.connect
def bind_task_log_context(task_id=None, task=None, kwargs=None, **_):
    logs.bind_task(task_id, getattr(task, "name", None), (kwargs or {}).get("request_id") or None)


@task_postrun.connect
def unbind_task_log_context(task_id=None, **_):
    logs.unbind_task(task_id)


@after_setup_logger.connect
def format_worker_logs(logger=None, **_):
    logs.install_on_logger(logger, _log_format())


@after_setup_task_logger.connect
def format_task_logs(logger=None, **_):
    logs.install_on_logger(logger, _log_format(), task=True)
