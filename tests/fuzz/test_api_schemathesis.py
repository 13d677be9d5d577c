"""Schemathesis against the API, role by role: requests generated from the OpenAPI schema, run with every
default check (no 5xx, responses conform to the schema, bad input rejected, authentication enforced)."""
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token

from emulation.wsgi import application

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", application)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
ROLES = ["board", "far_board", "secretariat", "officer", "leader", "other_officer"]
# Checks a single operation cannot pass for a reason the schema cannot say. Obtaining a token: a
# well-formed username and password that match no account are refused (400), as they must be.
EXCLUDED = {"POST /api/v1/auth/token/": [schemathesis.checks.positive_data_acceptance]}
CURRENT = {"token": None}
# The suite replays the same examples (derandomized) so a red run can be reproduced; FUZZ_EXAMPLES=200
# FUZZ_RANDOM=1 explores further by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


@SCHEMA.auth()
class RoleToken:
    """The token of the role under test, given through schemathesis so its auth checks know what to drop."""

    def get(self, case, context):
        return CURRENT["token"]

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@pytest.fixture
def in_test_transaction():
    # As Django's test client does: a request must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation(label, role, world, in_test_transaction):
    CURRENT["token"] = Token.objects.get_or_create(user=getattr(world, role))[0].key

    @given(case=OPERATIONS[label].as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, derandomize=not RANDOM, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(excluded_checks=EXCLUDED.get(label, []))

    run()
