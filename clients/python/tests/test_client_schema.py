"""The client and the server's OpenAPI schema stay in step: every operation has a client
method, every method's route exists, and every method documents itself with an example."""

import inspect

import requests
from wormwideweb_client import Client
from wormwideweb_client._base import client_endpoints


def schema_routes(url: str) -> set[str]:
    schema = requests.get(f"{url}/api/schema/", timeout=30).json()
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}


def missing_methods(routes: set[str]) -> str:
    """'' when every route has a client method, else the message listing those without."""
    missing = sorted(routes - set(client_endpoints(Client)))
    return ("These API operations have no Client method (add one marked @endpoint(...), see "
            "clients/python/README.md, 'Adding an endpoint'):\n  " + "\n  ".join(missing)) if missing else ""


def test_every_operation_of_the_schema_has_a_client_method(live_url):
    message = missing_methods(schema_routes(live_url))
    assert not message, message


def test_a_new_operation_without_a_method_is_listed(live_url):
    routes = schema_routes(live_url) | {"GET /connectome/api/not-yet/{name}/", "POST /connectome/api/not-yet/"}
    message = missing_methods(routes)
    assert message.endswith("\n  GET /connectome/api/not-yet/{name}/\n  POST /connectome/api/not-yet/")


def test_every_client_route_is_in_the_schema(live_url):
    stale = {route: names for route, names in client_endpoints(Client).items() if route not in schema_routes(live_url)}
    assert not stale, f"Client methods for routes the server does not have: {stale}"


def test_public_methods_have_docstrings_examples_and_type_hints():
    public = [name for name, _ in inspect.getmembers(Client, inspect.isfunction) if not name.startswith("_")]
    assert {"edges", "graph", "paths", "traces", "cite"} <= set(public)
    for name in public:
        method = getattr(Client, name)
        assert method.__doc__ and ">>>" in method.__doc__, f"Client.{name} has no example in its docstring"
        hints = inspect.signature(method)
        assert hints.return_annotation is not inspect.Signature.empty, f"Client.{name} has no return type"
        for parameter in list(hints.parameters.values())[1:]:
            if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                assert parameter.annotation is not inspect.Parameter.empty, f"Client.{name}({parameter.name})"
