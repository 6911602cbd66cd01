"""Shared plumbing of the JSON APIs: errors as {"error": "..."}, method checks, cached bodies."""

import functools
import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse


class ApiError(Exception):
    """Bad input: answered with `status` and {"error": message}."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def api_view(*methods: str):
    """Allow only `methods` (405 otherwise) and turn ApiError into a JSON error answer."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = json_error(
                    f"Method {request.method} is not allowed here; use {' or '.join(methods)}.", 405
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except ApiError as e:
                return json_error(e.message, e.status)

        return wrapper

    return decorator


def cached_json(key_parts: tuple, build: Callable[[], dict], max_age: int | None = None) -> HttpResponse:
    """Answer with build()'s JSON, kept in the shared cache under a key made of key_parts."""
    key = hashlib.sha256(json.dumps(key_parts).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = json.dumps(build(), separators=(",", ":")).encode()
        cache.set(key, body)
    response = HttpResponse(body, content_type="application/json")
    if max_age is not None:
        response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def parse_bool(value: str | None, name: str, default: bool) -> bool:
    """A query-string boolean: true/false, 1/0, yes/no or on/off (any case); missing means default."""
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise ApiError(f"Parameter '{name}' must be true or false, not {value!r}.")


def parse_int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    """A query-string integer within [low, high]; missing means default."""
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ApiError(f"Parameter '{name}' must be an integer, not {value!r}.")
    if not low <= number <= high:
        raise ApiError(f"Parameter '{name}' must be between {low} and {high}, not {number}.")
    return number


def json_body(request, max_bytes: int):
    """The request's JSON body; 400 if it is too large, of unknown size or not JSON."""
    length = request.headers.get("Content-Length") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > max_bytes:
        raise ApiError(f"Request body too large or of unknown size (limit {max_bytes} bytes).")
    try:
        return json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ApiError(f"Request body is not valid JSON: {e}.")


def unique(items: list) -> list:
    """The items without repeats, in their first order."""
    return list(dict.fromkeys(items))
