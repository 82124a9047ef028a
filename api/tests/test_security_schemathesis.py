"""Property-based fuzzing of every API operation from the OpenAPI schema: no 5xx, ever.

Runs in-process against the WSGI app with a bounded number of examples per operation.
"""

from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from api.services import create_api_token
from smartregion.wsgi import application

from .authz_world import build_world

EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def _keep_test_connection():
    """The real WSGI handler closes DB connections after each request; inside the test's
    transaction that would end it (PostgreSQL). Django's test client disconnects the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db, settings, provider_user, provider_org, _keep_test_connection):
    settings.API_RATE_LIMITS = {"ip": 1_000_000, "token": 1_000_000}
    build_world(SimpleNamespace())
    return create_api_token(actor=provider_user, organisation=provider_org, name="fuzz")[1]


def _fuzz(operation, token):
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def fuzz(case):
        for headers in ({"Authorization": f"Bearer {token}"}, {}):
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.as_curl_command(), response.text)
            # Errors are JSON with a stable code.
            if response.status_code >= 400:
                assert "code" in response.json(), (operation.label, response.text)

    fuzz()


def test_api_never_answers_with_a_server_error(fuzz_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3
    for operation in operations:
        _fuzz(operation, fuzz_token)
