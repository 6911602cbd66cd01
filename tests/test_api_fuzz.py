"""A short fuzz of every API operation on the test database: schemathesis generates valid and
invalid requests from the OpenAPI schema (tests/api_fuzzing.py); no answer may be a 5xx or
differ from the documented status codes, content types and schemas, a valid request is never
refused with a 400, and a share of the valid ones are answered 2xx. bench/fuzz.py runs the
long version against gunicorn."""

import dataclasses

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from tests.api_fuzzing import Realistic, fuzz_operation
from wormwideweb.api import api

EXAMPLES = 15  # per operation and mode: about 500 requests in all
# Valid requests answered 2xx, at least: a fuzz answered only 400/404 would test nothing but the
# error paths. No bundled recording has a per-recording encoding (tested on a fixture below).
MIN_2XX_SHARE = 0.3
NO_2XX_IN_BUNDLED_DATA = {"GET /activity/api/data/{dataset_id}/encoding/"}

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=""))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(scope="module")
def app():
    return WSGIHandler()


def call(app):
    """Send a generated request to the app. Unlike an HTTP client, the WSGI call does not
    unzip answers, so it asks for them plain (tests/test_compression.py covers gzip)."""
    return lambda case: case.call(app=app, headers={"Accept-Encoding": "identity"})


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_generated_requests_get_documented_answers(operation, app):
    report = fuzz_operation(operation, call(app), Realistic.from_database(), EXAMPLES)
    definition = operation.definition.raw
    has_input = bool(definition.get("parameters") or definition.get("requestBody"))
    assert report.requests >= (EXAMPLES if has_input else 1)  # without input there is one request
    print(report.label, report.requests, dict(report.statuses), dict(report.positive), len(report.failures))
    assert not report.failures, "\n\n".join(report.failures[:5])
    if operation.label not in NO_2XX_IN_BUNDLED_DATA:
        answered = sum(n for code, n in report.positive.items() if 200 <= code < 300)
        assert answered >= MIN_2XX_SHARE * report.positive.total(), report.positive


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/activity/api/data/{dataset_id}/encoding/", "/activity/api/data/atanas_kim_2023_encoding/"]
)
def test_encoding_answers_match_their_schema(path, app, tmp_path):
    """No bundled recording has a per-recording encoding: fuzz with a fixture one that has."""
    from tests.activity_fixtures import PAPER, encoding_block, import_tree, json_document, paired, recording_arrays
    from tests.test_import_activity_json import json_tree

    arrays, labels = paired(recording_arrays(n_neuron=8), [(1, 2), (3, 4), (5, 6)])
    import_tree(json_tree(tmp_path, {"u1": json_document(arrays, "u1", labels=labels, encoding=encoding_block(8))}))
    realistic = dataclasses.replace(Realistic.from_database(), recordings={f"{PAPER}-u1": 8})
    report = fuzz_operation(SCHEMA[path]["GET"], call(app), realistic, EXAMPLES)
    assert report.statuses[200] >= 1
    assert not report.failures, "\n\n".join(report.failures[:5])
