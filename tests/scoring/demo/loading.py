"""Loading the demo once per test module: a load scores two past years (a few seconds on PostgreSQL)."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def load_demo():
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module (3–4 s on PostgreSQL) and rolled back after it; each test still
    runs in its own savepoint (the `db` fixture), so what a test writes is undone before the next."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        output = load_demo()
        yield output
        transaction.set_rollback(True)
