"""A short fuzz of every API operation on the test database: schemathesis generates valid and
invalid requests from the OpenAPI schema (tests/api_fuzzing.py); no answer may be a 5xx or
differ from the documented status codes, content types and schemas. bench/fuzz.py runs the
long version against gunicorn."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from tests.api_fuzzing import Realistic, fuzz_operation
from wormwideweb.api import api

EXAMPLES = 15  # per operation and mode: about 500 requests in all

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=""))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(scope="module")
def app():
    return WSGIHandler()


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_generated_requests_get_documented_answers(operation, app):
    report = fuzz_operation(operation, lambda case: case.call(app=app), Realistic.from_database(), EXAMPLES)
    definition = operation.definition.raw
    has_input = bool(definition.get("parameters") or definition.get("requestBody"))
    assert report.requests >= (EXAMPLES if has_input else 1)  # without input there is one request
    print(report.label, report.requests, dict(report.statuses), len(report.failures))
    assert not report.failures, "\n\n".join(report.failures[:5])
