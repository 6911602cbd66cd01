"""The JSON API as one django-ninja API: the connectome, neurons and activity routers, our error
answers, the OpenAPI schema at /api/schema/ and its docs page at /api/docs/.

Every operation keeps the original URL (the routers' prefixes below plus each operation's
path). Errors are {"error": "..."}: 400 for malformed input (including pydantic validation,
which ninja would answer 422), 404 for an unknown id or name, 405 with an Allow header for a
wrong method.
"""

import functools

from django.core.exceptions import RequestDataTooBig
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from activity.api import router as activity_router
from connectome.api import router as connectome_router
from connectome.layers_api import router as layers_router
from core.api import ApiError, JsonParser, json_error, validation_message
from core.citations import router as citations_router
from core.version import API_VERSION
from core.version import router as version_router
from neurons.api import router as neurons_router

DESCRIPTION = """\
C. elegans connectomes and whole-brain activity recordings, as JSON.

Bad input never gives a 500: the answer is 400 (malformed or missing input), 404 (unknown
dataset, recording, neuron or class) or 405 (wrong method, with an `Allow` header), with a
body `{"error": "..."}` that says what was wrong. Answers are cached server-side; most carry
a `Cache-Control: public, max-age=...` header.
"""

# Said by the server itself (gunicorn), before the app, for a request line over 4094 bytes.
URI_TOO_LONG = {"description": "URI Too Long: the request line is over 4094 bytes (the server's limit).",
                "content": {"text/html": {"schema": {"type": "string"}}}}


class WormWideWebAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """ninja's schema, plus the 414 that the server may answer to any operation."""
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                operation["responses"]["414"] = URI_TOO_LONG
        return schema


api = WormWideWebAPI(
    title="WormWideWeb API",
    version=API_VERSION,
    description=DESCRIPTION,
    openapi_url="/api/schema/",
    docs_url="/api/docs/",
    urls_namespace="api",
    parser=JsonParser(),
    docs_decorator=require_GET,
)
api.add_router("/connectome/api/", connectome_router)
api.add_router("/connectome/api/", neurons_router)
api.add_router("/connectome/api/", layers_router)
api.add_router("/activity/", activity_router)
api.add_router("/api/", version_router)
api.add_router("/api/", citations_router)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return json_error(exc.message, exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return json_error(validation_message(exc.errors), 400)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # ninja turns a body the parser refused into HttpError(400); keep the parser's message.
    cause = exc.__cause__
    return json_error(cause.message if isinstance(cause, ApiError) else exc.message, exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc: RequestDataTooBig):
    return json_error(f"Request body too large (limit {JsonParser.max_bytes} bytes).", 400)


def _json_405(view):
    """ninja answers a wrong method with a text 405; answer {"error": ...} with the Allow header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            allowed = response["Allow"]
            response = json_error(f"Method {request.method} is not allowed here; use {allowed}.", 405)
            response["Allow"] = allowed
        return response

    return wrapper


def urls() -> tuple:
    """The API's URL patterns (schema and docs included) for include(), each answering a wrong
    method with a JSON error."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_405(pattern.callback)
    return patterns, app_name, namespace
