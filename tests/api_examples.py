"""One example request per GET operation of the OpenAPI schema, from the examples it documents."""

import urllib.parse


def example_get_urls(schema: dict) -> list[str]:
    """`path?query` of every GET operation, with each documented example filled in (a path
    parameter without one gets 1) and optional parameters without one left out."""
    urls = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        query = {}
        for parameter in operation.get("parameters", []):
            example = parameter.get("example", parameter.get("schema", {}).get("example"))
            if parameter["in"] == "path":
                path = path.replace("{" + parameter["name"] + "}", urllib.parse.quote(str(example or 1)))
            elif example is not None:
                query[parameter["name"]] = example
        urls.append(path + (f"?{urllib.parse.urlencode(query)}" if query else ""))
    return urls


def openapi_schema() -> dict:
    from wormwideweb.api import api

    return api.get_openapi_schema()
