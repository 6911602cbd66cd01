"""Shared plumbing of the JSON APIs: typed parameters with readable errors, {"error": "..."}
answers and cached, pre-serialised bodies.

The endpoints are django-ninja operations (wormwideweb/api.py assembles them into the one
OpenAPI schema). Their parameters are typed with the annotations below, so the schema says
what each one accepts while the API keeps its contract: a bad value is a 400 whose message
names the parameter (`validation_message`), never ninja's 422 {"detail": ...}.
"""

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from ninja import Query, Schema
from ninja.parser import Parser
from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, StrictStr, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError, PydanticUseDefault

from .cache import data_version
from .code_version import code_version

# ninja wraps each documented answer of each operation (200, 400, 404, 405) in a model of its own,
# a subclass of ninja.Schema, as are our answer schemas: about 120 models used only to write the
# OpenAPI schema, since every view answers an HttpResponse that ninja sends as it is. pydantic
# builds their validators when first used (defer_build) instead of at import: 6 % fewer
# instructions to start (counted with callgrind, bench/README.md), the same schema.
Schema.model_config["defer_build"] = True

GZIP_MIN_BYTES = 1024  # smaller answers are cached and sent as they are
# Compressed once, when the answer is computed: level 1 takes less than half the time of level 5 for
# answers about 15 % larger (available-neurons of every dataset: 65 kB, gzipped 9.4 kB in 1.0 ms
# against 8.2 kB in 2.4 ms at level 5, on the loaded 2-core machine).
GZIP_LEVEL = 1
# Larger answers (e.g. the traces of a whole recording at once) are sent, not kept: with the
# in-memory cache's entry limit (settings.MEMORY_CACHE) this bounds what a worker can hold.
CACHE_MAX_BYTES = 512 * 1024
GZIP_MAGIC = b"\x1f\x8b"  # a JSON text never starts with these bytes
MESSAGE = "wormwideweb"  # pydantic error type of the messages written here (validation_message)
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


class ApiError(Exception):
    """Bad input: answered with `status` and {"error": message}."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


class Out(Schema):
    """An answer's documented shape: no key besides those listed (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Out):
    """Every error answer: 400 malformed input, 404 unknown name or id, 405 wrong method."""

    error: str = Field(description="What was wrong, in one or two sentences.")


ERRORS = {400: ErrorOut, 404: ErrorOut, 405: ErrorOut}


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def cached_json(
    request, key_parts: tuple, build: Callable[[], Any], max_age: int | None = None
) -> HttpResponse:
    """Answer with build()'s JSON, kept in the shared cache under a key made of key_parts.

    Answers over GZIP_MIN_BYTES are cached gzipped (3 to 8 times smaller in the cache and on
    the wire) and sent as they are to clients that accept gzip, as browsers do; answers still
    over CACHE_MAX_BYTES once gzipped are not cached. The ETag follows the data and code
    versions and the request (`etag`): a browser asking again with If-None-Match gets a 304
    while they are the same. Browsers may reuse an answer for at most max_age seconds, capped
    by DJ_BROWSER_CACHE_SECONDS, then must ask again.
    """
    key = hashlib.sha256(json.dumps(key_parts).encode()).hexdigest()
    tag = etag(key)
    if max_age is not None:
        max_age = min(max_age, settings.BROWSER_CACHE_SECONDS)
    if not_modified(request, tag):
        response = HttpResponse(status=304)
        _cache_headers(response, tag, max_age)
        response["Vary"] = "Accept-Encoding"
        return response
    body = cache.get(key)
    if body is None:
        body = to_json(build())
        if len(body) > GZIP_MIN_BYTES:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        if len(body) <= CACHE_MAX_BYTES:
            cache.set(key, body)
    response = HttpResponse(content_type="application/json")
    if body[:2] == GZIP_MAGIC:
        response["Vary"] = "Accept-Encoding"
        if accepts_gzip(request):
            response["Content-Encoding"] = "gzip"
        else:
            body = gzip.decompress(body)
    response.content = body
    _cache_headers(response, tag, max_age)
    return response


def to_json(answer) -> bytes:
    """Compact JSON of an answer, in UTF-8, by orjson (several times faster than json.dumps, the
    same values). A NaN or infinity would be written null, never the invalid `NaN` of json.dumps."""
    return orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS)


def etag(key: str) -> str:
    """A weak ETag (the gzipped and plain bodies are the same answer) of the data version, the
    code version and the request's cache key."""
    digest = hashlib.sha256(f"{data_version()}|{code_version()}|{key}".encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def not_modified(request, tag: str) -> bool:
    """Whether If-None-Match lists the ETag (weak comparison, RFC 9110 13.1.2) or is "*"."""
    listed = [t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")]
    return "*" in listed or tag.removeprefix("W/") in listed


def _cache_headers(response: HttpResponse, tag: str, max_age: int | None) -> None:
    response["ETag"] = tag
    if max_age is not None:
        response["Cache-Control"] = f"public, max-age={max_age}, must-revalidate"


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding lists gzip (without q=0)."""
    for coding in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def message(text: str, **context) -> PydanticCustomError:
    return PydanticCustomError(MESSAGE, text, context)


# Query and path parameters --------------------------------------------------------------


def parse_bool(value: str) -> bool:
    """A query-string boolean: true/false, 1/0, yes/no or on/off (any case). Empty is refused,
    as the schema's boolean says (leave the parameter out for its default)."""
    lowered = str(value).lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise message("must be true or false, not {value}", value=repr(value))


def parse_int(low: int, high: int) -> Callable[[str], int]:
    """A query-string integer within [low, high]; empty is refused, as the schema's integer says."""

    def parse(value: str) -> int:
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise message("must be an integer, not {value}", value=repr(value))
        if len(text) > 18 or not low <= int(text) <= high:  # int() of thousands of digits fails
            raise message("must be between {low} and {high}, not {value}", low=low, high=high, value=text[:20])
        return int(text)

    return parse


def parse_float(low: float, high: float) -> Callable[[str], float]:
    """A query-string number within [low, high]; empty is refused, as the schema's number says."""

    def parse(value: str) -> float:
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?", text[:40]):
            raise message("must be a number, not {value}", value=repr(value)[:40])
        if not low <= float(text) <= high:
            raise message("must be between {low} and {high}, not {value}", low=low, high=high, value=text[:20])
        return float(text)

    return parse


# What the schema declares of each parameter (json_schema_extra): exactly what the checks below and
# the views accept, so a request the schema calls valid is never refused with a 400. The views keep
# checking themselves, with their own messages; these only document.
MAX_INDEX = 10**18 - 1  # at most 18 digits (within a signed 64-bit integer)
INDEX_SCHEMA = {"minimum": 1, "maximum": MAX_INDEX, "format": "int64"}
NON_BLANK = {"minLength": 1, "pattern": r"\S"}  # stripped, it is not empty
_DIGITS = "|".join(f"0{{{k}}}[1-9][0-9]{{0,{17 - k}}}" for k in range(18))  # 1 to MAX_INDEX, zeros in front


def declared(param, **schema):
    """The ninja Query/Path/Body `param`, its schema extended by `schema` (not enforced by pydantic)."""
    param.json_schema_extra = {**(param.json_schema_extra or {}), **schema}
    param._attributes_set["json_schema_extra"] = param.json_schema_extra  # what pydantic merges into Annotated
    return param


def list_schema(max_items: int) -> dict:
    """A comma-separated list of at most max_items items, at least one of them not blank."""
    blank, anything, item = r"\s*", "[^,]*", r"\s*[^,\s][^,]*"
    first_item_at = [f"(?:{blank},){{{k}}}{item}(?:,{anything}){{0,{max_items - 1 - k}}}" for k in range(max_items)]
    return {"minLength": 1, "pattern": f"^(?:{'|'.join(first_item_at)})$"}


def index_list_schema(max_items: int) -> dict:
    """1 to max_items neuron indices (1 to MAX_INDEX, spaces around them allowed) joined by ',' or '-'."""
    index = rf"\s*(?:{_DIGITS})\s*"
    return {"minLength": 1, "pattern": rf"^{index}(?:[,-]{index}){{0,{max_items - 1}}}$"}


def as_index(value) -> int | None:
    """A 1-based index written in at most 18 ASCII digits, as an int; None if it is not one."""
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,18}", text) or int(text) < 1:
        return None
    return int(text)


def positive_index(value) -> int:
    index = as_index(value)
    if index is None:
        raise message("is not a positive integer (indices start at 1): {value}", value=repr(value)[:40])
    return index


def checked_by(check: Callable[[str], Any]) -> BeforeValidator:
    """A parameter validator from `check(text)`, which returns the value or raises ValueError
    with a message of ours ("must be ..."); the text is stripped, and empty means the default."""

    def validate(value):
        text = str(value).strip()
        if text == "":
            raise PydanticUseDefault()
        try:
            return check(text)
        except ValueError as e:
            raise message("{reason}", reason=str(e)) from None

    return BeforeValidator(validate)


QueryBool = Annotated[bool, BeforeValidator(parse_bool)]  # true/false, 1/0, yes/no, on/off


def matching(pattern: str, what: str) -> Callable[[str], str]:
    """A check for `checked_by`: the text must match `pattern` in full ("must be <what>, not ...")."""

    def check(text: str) -> str:
        if not re.fullmatch(pattern, text):
            raise ValueError(f"must be {what}, not {text[:40]!r}")
        return text

    return check


def query_int(default: int, low: int, high: int, description: str):
    """An integer query parameter in [low, high], for `name: int = query_int(...)`."""
    param = Query(default, ge=low, le=high, description=description)
    param.metadata.append(BeforeValidator(parse_int(low, high)))  # as Annotated[int, BeforeValidator] would
    return param


def query_float(default: float, low: float, high: float, description: str):
    """A number query parameter in [low, high], for `name: float = query_float(...)`."""
    param = Query(default, ge=low, le=high, description=description)
    param.metadata.append(BeforeValidator(parse_float(low, high)))
    return param


NeuronIndex = Annotated[int, BeforeValidator(positive_index)]  # with Path(ge=1, ...)


# JSON body fields -----------------------------------------------------------------------


def _or_message(text: str) -> WrapValidator:
    """Replace pydantic's errors for a field by one message of ours."""

    def validate(value, handler):
        try:
            return handler(value)
        except ValidationError:
            raise message(text) from None

    return WrapValidator(validate)


StringList = Annotated[list[StrictStr], _or_message("must be a list of strings")]
Flag = Annotated[StrictBool, _or_message("must be true or false")]


class JsonParser(Parser):
    """ninja's JSON body parser, with our messages (see validation_message). Django refuses a
    body over DATA_UPLOAD_MAX_MEMORY_SIZE before reading it; this also refuses one whose size
    is not declared."""

    max_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def parse_body(self, request):
        length = request.headers.get("Content-Length") or "0"
        if not (length.isascii() and length.isdigit()) or int(length) > self.max_bytes:
            raise ApiError(f"Request body too large or of unknown size (limit {self.max_bytes} bytes).")
        try:
            return json.loads(request.body)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ApiError(f"Request body is not valid JSON: {e}.") from e


def validation_message(errors: list[dict]) -> str:
    """One sentence per invalid parameter, from django-ninja's validation errors; the missing
    ones are named together."""
    sentences, missing = [], []
    for error in errors:
        source, *path = error["loc"]
        ours, msg = error["type"] == MESSAGE, error["msg"]
        if source == "body":
            path = path[1:]  # the view's argument name
            if not path:
                sentences.append("Request body is missing: send a JSON object." if error["type"] == "missing" else
                                 f"{msg}." if ours else "Request body must be a JSON object.")
                continue
            name = f"'{path[0]}'"
        else:
            name = f"Parameter '{path[0]}'"
        if error["type"] == "missing":
            missing.append(f"'{path[0]}'")
        elif ours:
            sentences.append(f"{name} {msg}.")
        else:
            sentences.append(f"{name}: {msg}.")
    if missing:
        names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        sentences.insert(0, f"Missing required parameter{'s' if len(missing) > 1 else ''} {names}.")
    return " ".join(dict.fromkeys(sentences))


def unique(items: Iterable) -> list:
    """The items without repeats, in their first order."""
    return list(dict.fromkeys(items))
