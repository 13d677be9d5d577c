"""Measuring helpers shared by the cases: time a page through Django's test client."""
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.registry import Measurement


class BadResponse(Exception):
    pass


def measure_get(*, user, url, options):
    """GET `url` as `user`: warm up, time `options.repeat` requests (ms), then count one request's queries."""
    client = Client()
    client.force_login(user)
    for _ in range(options.warmup):
        _get(client, url)
    samples = []
    for _ in range(options.repeat):
        start = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return Measurement(samples=samples, queries=len(captured.captured_queries))


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise BadResponse(f"GET {url} answered {response.status_code}")
    return response
