"""The OpenAPI schema (/api/schema/) and its docs page (/api/docs/)."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders

# Every JSON endpoint at its original URL (spec 5), with its method.
ENDPOINTS = {
    ("get", "/connectome/api/available-neurons/"),
    ("post", "/connectome/api/get-edges/"),
    ("get", "/connectome/api/find-paths/"),
    ("get", "/connectome/api/find-paths-multi/"),  # new: paths across datasets
    ("get", "/connectome/api/path-matrix/"),
    ("get", "/connectome/api/neuron/{name}/"),  # new: the neuron pages
    ("get", "/connectome/api/neuron-search/"),
    ("get", "/connectome/api/matrix/"),  # new: matrices and the edge-by-edge difference
    ("get", "/connectome/api/edge-diff/"),
    ("post", "/connectome/api/extrasynaptic/"),  # new: the explorer's layers
    ("post", "/connectome/api/functional/"),
    ("get", "/connectome/api/neurotransmitters/"),
    ("post", "/activity/plot-multiple-data/"),
    ("get", "/activity/api/data/datasets/"),
    ("get", "/activity/api/data/find_neuron/"),
    ("get", "/activity/api/data/atanas_kim_2023_encoding/"),
    ("get", "/activity/api/data/encoding_table/"),
    ("get", "/activity/api/data/replay/"),
    ("get", "/activity/api/aligned/"),
    ("get", "/activity/api/data/download/paper/{paper_id}/"),
    ("get", "/activity/api/data/download/zip/"),
    ("get", "/activity/api/data/download/{dataset_id}/"),
    ("get", "/activity/api/data/{dataset_id}/behavior/"),
    ("get", "/activity/api/data/{dataset_id}/encoding/"),
    ("get", "/activity/api/data/{dataset_id}/traces/"),
    ("get", "/activity/api/data/{dataset_id}/correlation/"),
    ("get", "/activity/api/data/{dataset_id}/{idx_neuron}/"),
    ("get", "/api/version/"),
    ("get", "/api/citations/"),  # new: references as JSON, BibTeX, RIS
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return response.json()


def operations(schema):
    return [(method, path, op) for path, item in schema["paths"].items() for method, op in item.items()]


def test_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(schema).validate()  # raises on any violation of the OpenAPI schema


def test_schema_lists_every_endpoint_at_its_original_url(schema):
    assert {(method, path) for method, path, _ in operations(schema)} == ENDPOINTS


def test_every_operation_documents_its_answers_and_errors(schema):
    for _method, path, op in operations(schema):
        assert op["summary"] and op["description"], path
        assert {"200", "400", "404", "405"} <= set(op["responses"]), path
        error = op["responses"]["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}, path
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), path


def test_json_answers_have_exact_schemas(schema):
    """Documented answers list every key: an undocumented one fails the fuzz tests."""
    for name, component in schema["components"]["schemas"].items():
        if name.endswith("Out"):
            assert component["additionalProperties"] is False, name


def test_parameters_keep_their_names_and_types(schema):
    find_paths = schema["paths"]["/connectome/api/find-paths/"]["get"]
    parameters = {p["name"]: p for p in find_paths["parameters"]}
    assert set(parameters) == {"dataset", "start", "end", "weighted", "gap_junction", "class"}
    assert parameters["class"]["schema"]["type"] == "boolean" and parameters["class"]["schema"]["default"] is False
    assert all(parameters[name]["required"] for name in ("dataset", "start", "end"))
    top = next(p for p in schema["paths"]["/activity/api/data/{dataset_id}/correlation/"]["get"]["parameters"]
               if p["name"] == "top")
    assert (top["schema"]["minimum"], top["schema"]["maximum"], top["schema"]["default"]) == (0, 20, 3)
    edges = schema["components"]["schemas"]["EdgesIn"]
    assert edges["required"] == ["datasets"]


def test_aligned_parameters_document_what_the_server_enforces(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/activity/api/aligned/"]["get"]["parameters"]}
    assert parameters["neuron"]["required"] and parameters["neuron"]["schema"]["pattern"] == "^[A-Za-z0-9_]{1,40}$"
    window = parameters["window"]["schema"]
    assert window["default"] == "-10,20" and "-60 to 60" in window["description"]
    pattern = re.compile(window["pattern"])
    # the windows around the event (start <= 0, end >= 0.5); other start < end the server also takes
    assert all(pattern.search(w) for w in ("-10,20", "-60,60", "0,0.5", "-0.5, 1", "-59.25,+5"))
    assert not any(pattern.search(w) for w in ("-61,0", "0,60.5", "1e1,2", "10", "a,b", "", "0.5, 1", "+5,-59.25"))
    assert parameters["lr"]["schema"]["enum"] == ["together", "split"]
    assert parameters["behavior"]["schema"]["enum"] == ["v", "hc", "av", "f"]
    assert parameters["event"]["schema"]["default"] == "reversal_start"


def test_keys_that_are_python_keywords_keep_their_json_names(schema):
    components = schema["components"]["schemas"]
    assert "class" in components["FindNeuronOut"]["properties"]
    assert "class" in components["EncodingTableOut"]["properties"]
    assert "background-color" in components["DatasetTypeOut"]["properties"]


def test_docs_page_uses_local_files_and_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources and "/static/ninja/swagger-ui-init.js" in sources
    assert all(s.startswith("/static/") for s in sources), sources  # no CDN
    assert "cdn" not in html.lower()
    # Content-Security-Policy script-src 'self': the only inline block is JSON data.
    for attributes, _code in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert '"url": "/api/schema/"' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_schema_and_docs_answer_get_only(client):
    response = client.post("/api/schema/")
    assert response.status_code == 405 and "error" in response.json()
