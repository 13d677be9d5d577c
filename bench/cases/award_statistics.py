"""Award statistics on a province of 15 blocs x 12 members x 10 years of award history (rows "[15x12]") and of
2 blocs x 3 members (rows "[2x3]"); see bench/generate_history.py. Targets (issue 7): the statistics page p95
<= 200 ms with the same number of queries at both sizes; a history import of 5,000 rows <= 5 s (timed through
the Board's import page, each run rolled back so every run imports the same rows into the same history)."""
import time
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from awards.importers import HEADERS
from awards.models import Award
from bench.generate import FULL
from bench.generate_history import history_world, import_rows
from bench.registry import Measurement, case
from bench.timing import BadResponse, measure_get

IMPORT_RUNS = 5


@case("award_statistics.page", target=200.0)
def statistics_page(world, options):
    history_world(world)
    return measure_get(user=world.users["board"], url=reverse("decisions:statistics"), options=options)


@case("award_statistics.page_filtered", target=200.0)
def statistics_page_filtered(world, options):
    history_world(world)
    url = reverse("decisions:statistics") + f"?year_from=2018&year_to=2024&bloc={world.bloc_years[0].bloc_id}"
    return measure_get(user=world.users["officer"], url=url, options=options)


@case("award_statistics.export_csv", target=500.0)
def export_csv(world, options):
    history_world(world)
    return measure_get(user=world.users["board"], url=reverse("decisions:statistics_csv"), options=options)


@case("award_statistics.department_timeline", target=200.0)
def department_timeline(world, options):
    """The renamed third member of the first bloc: ten years across two unit names."""
    history = history_world(world)
    url = reverse("decisions:department_timeline", args=[history.departments[2]])
    return measure_get(user=world.users["leader"], url=url, options=options)


@case("award_history.import_5000_rows", unit="ms", target=5000.0, sizes=(FULL.label,))
def history_import(world, options):
    history_world(world)
    content = _workbook(import_rows(world))
    client = Client()
    client.force_login(world.users["board"])
    url = reverse("decisions:history_import", args=[world.province.pk])
    samples, queries = [], 0
    for _ in range(min(options.repeat, IMPORT_RUNS)):
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            start = time.perf_counter()
            response = client.post(url, {"file": SimpleUploadedFile("lich-su.xlsx", content)})
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 302:
                raise BadResponse(f"POST {url} answered {response.status_code}")
            if Award.objects.filter(department__province=world.province, year__lt=2016).count() != 5000:
                raise BadResponse("the import did not write 5,000 awards")
            transaction.set_rollback(True)
        queries = len(captured.captured_queries) - 1  # the check's count
    return Measurement(samples=samples, queries=queries)


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append([label for _key, label in HEADERS])
    for row in rows:
        sheet.append(list(row))
    output = BytesIO()
    book.save(output)
    return output.getvalue()
