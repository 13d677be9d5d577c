"""Liveness and readiness probes for the load balancer and docker-compose healthchecks.

They answer before every other middleware: a probe comes from inside the container (host 127.0.0.1, plain
HTTP), so neither ALLOWED_HOSTS nor the HTTPS redirect must turn it away, and it needs no session or login.
/healthz says the process is up and touches nothing; /readyz checks what a request needs: the database,
Redis (when configured) and the file storage.
"""
import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)
PROBE_DIRECTORY = "health"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return None


def check_storage():
    """Write, read back and delete a probe file: a full or read-only volume fails here, not in a report."""
    name = default_storage.save(f"{PROBE_DIRECTORY}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise OSError("the probe file read back differently")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "redis": check_redis, "storage": check_storage}


def readiness():
    """({check: "ok" | note | "error: …"}, all ok)."""
    results, ready = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            note = check()
        except Exception as exc:  # any failure means not ready; the probe must answer, never raise
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name], ready = f"error: {type(exc).__name__}", False
        else:
            results[name] = note or "ok"
        results[f"{name}_ms"] = round((time.monotonic() - started) * 1000, 1)
    return results, ready


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            results, ready = readiness()
            return JsonResponse({"status": "ok" if ready else "unavailable", **results},
                                status=200 if ready else 503)
        return self.get_response(request)
