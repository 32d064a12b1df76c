"""Schemathesis against the API's own OpenAPI schema: every operation gets generated requests (with a real
token of a client that may read and write requests), answered in-process through the WSGI application.
Zero server errors, and every answer has a documented status code, content type and body shape."""

import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 90  # 12 operations: 1 080 cases
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def in_process():
    """As Django's test client: the requests share the test's transaction (no closing of connections)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_schema_holds_for_generated_requests(world, sw, keys, settings, in_process):
    settings.API_RATE = "1000000/m"
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", in_process)
    auth = {"Authorization": f"Bearer {keys.whole_token}"}
    cases: dict[str, int] = {}
    started = time.perf_counter()
    def run(operation) -> None:
        label = operation.label

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call(headers=auth)
            case.validate_response(response, checks=CHECKS)
            cases[label] = cases.get(label, 0) + 1

        call()

    for result in schema.get_all_operations():
        run(result.ok())
    elapsed = time.perf_counter() - started
    total = sum(cases.values())
    print(f"\nschemathesis: {total} cases over {len(cases)} operations in {elapsed:.1f} s: {cases}")
    assert len(cases) == 13
    assert total >= 1000
