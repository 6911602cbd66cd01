"""HTTP, retries, the data version, the disk cache and provenance: what every method uses.

The topic modules (connectome.py, activity.py) add one method per question on top of
`BaseClient`; each method names the API route(s) it calls with `@endpoint`, so a test can
check that every operation of the server's OpenAPI schema has a client method.
"""

import json
import math
import os
import platform
import re
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from ._cache import DiskCache
from ._version import __version__
from .errors import WormWideWebError

DEFAULT_URL = "https://wormwideweb.org"
USER_AGENT = f"wormwideweb-python/{__version__} (requests/{requests.__version__}; Python/{platform.python_version()})"
RETRY_STATUSES = (429, 502, 503, 504)  # a busy or restarting server; a 500 is a bug and is not retried
VERSION_ROUTE = "GET /api/version/"


def endpoint(*routes: str) -> Callable:
    """Mark a method as the client of API routes, written as in the OpenAPI schema:
    ``@endpoint("GET /activity/api/data/{dataset_id}/traces/")``."""

    def mark(method: Callable) -> Callable:
        method.endpoints = routes
        return method

    return mark


def client_endpoints(cls: type) -> dict[str, list[str]]:
    """Route -> names of the methods of cls marked with @endpoint for it."""
    found: dict[str, list[str]] = {}
    for name in dir(cls):
        for route in getattr(getattr(cls, name), "endpoints", ()):
            found.setdefault(route, []).append(name)
    return found


def as_list(values: str | Iterable[str] | None) -> list[str]:
    """A name or names as a list without repeats: "a,b", "a" and ["a", "b"] are all accepted."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def flag(value: bool) -> str:
    return "true" if value else "false"


class BaseClient:
    """The connection to one WormWideWeb server.

    Parameters
    ----------
    base_url:
        The server, ``https://wormwideweb.org`` by default (``http://127.0.0.1:8000`` for
        ``make run``).
    cache_dir:
        A folder for the optional disk cache (None: no disk cache). Answers are kept per server
        and per data version, so a new import on the server invalidates them.
    timeout:
        Seconds to wait for the server to answer a request.
    retries, backoff:
        A network error (refused or dropped connection, timeout) or a 429/502/503/504 answer is
        retried up to ``retries`` times, waiting ``backoff * 2**(n - 1)`` seconds before the
        n-th retry (after the first, which is immediate), and any ``Retry-After`` the server sends.
    version_ttl:
        Seconds between checks of the server's data version (GET /api/version/).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        cache_dir: str | os.PathLike | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        version_ttl: float = 300.0,
    ):
        if not re.match(r"https?://[^/]", base_url):
            raise ValueError(f"base_url must start with http:// or https://, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries, self.version_ttl = timeout, retries, version_ttl
        self.session = requests.Session()
        retry = Retry(
            total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "POST"}),  # our POSTs change nothing
            raise_on_status=False, respect_retry_after_header=True,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self.cache = DiskCache(cache_dir, self.base_url) if cache_dir is not None else None
        self._version: str | None = None
        self._cache_version: str | None = None  # the data version, and the code version when the server has one
        self._version_checked = -math.inf
        self._warned_no_version = False
        self._memo: dict[Any, Any] = {}
        self._fetched: dict[str, None] = {}  # datasets and recordings fetched, in order (cite())

    def __repr__(self) -> str:
        cache = f", cache_dir={str(self.cache.root)!r}" if self.cache else ""
        return f"Client({self.base_url!r}{cache})"

    # The data version -------------------------------------------------------------------

    @property
    def data_version(self) -> str | None:
        """The server's data version (it changes with every import of new data), checked at
        most every ``version_ttl`` seconds; None for a server without GET /api/version/."""
        if time.monotonic() - self._version_checked >= self.version_ttl:
            self._check_version()
        return self._version

    def _check_version(self) -> dict | None:
        try:
            response = self._request("GET", "/api/version/")
            answer = response.json()
            if not (isinstance(answer, dict) and isinstance(answer.get("data_version"), str)):
                raise ValueError
        except ValueError:
            raise WormWideWebError("The answer is not a data version.", response.status_code, response.url) from None
        except WormWideWebError as e:
            if e.status != 404:
                raise
            answer = None
            if not self._warned_no_version:
                self._warned_no_version = True
                warnings.warn(f"{self.base_url} has no /api/version/: answers carry no data version and are not "
                              "cached on disk.", stacklevel=4)
        version = answer["data_version"] if answer else None
        # A server that also says which code made its answers (a code version) keys the cache by
        # both, so a deploy that changes answers does not serve the old ones either.
        cache_version = "+".join(str(answer[k]) for k in ("data_version", "code_version") if k in answer) \
            if answer else None
        if cache_version != self._cache_version:
            self._memo.clear()
        self._version, self._cache_version, self._version_checked = version, cache_version, time.monotonic()
        if self.cache and cache_version:
            self.cache.keep_only(cache_version)
        return answer

    def clear_cache(self) -> None:
        """Forget every answer kept, on disk (this server's) and in memory.

        >>> ww = Client(cache_dir="~/.cache/wormwideweb")
        >>> ww.clear_cache()
        """
        if self.cache:
            self.cache.clear()
        self._memo.clear()

    # Requests ---------------------------------------------------------------------------

    def _url(self, route: str, path: dict | None = None) -> str:
        """The URL of a route ("/activity/api/data/{dataset_id}/traces/") with its path parameters."""
        quoted = {name: quote(str(value), safe="") for name, value in (path or {}).items()}
        return self.base_url + route.format(**quoted)

    def _request(self, method: str, route: str, *, path: dict | None = None, params: dict | None = None,
                 body: Any = None, stream: bool = False) -> requests.Response:
        """One request, retried as configured; an answer of 400 or more raises WormWideWebError."""
        url = self._url(route, path)
        try:
            response = self.session.request(method, url, params=params, json=body, timeout=self.timeout,
                                            stream=stream)
        except requests.RequestException as e:
            raise WormWideWebError(
                f"Could not reach {self.base_url} ({_reason(e)}); gave up after {self.retries} retries.", None, url
            ) from e
        if response.status_code >= 400:
            raise _api_error(response)
        return response

    def _json(self, method: str, route: str, *, path: dict | None = None, params: dict | None = None,
              body: Any = None) -> tuple[Any, dict]:
        """The JSON answer of a request (from the disk cache when it holds it) and its provenance:
        {"url", "data_version"} and, for a POST, "body"."""
        url = requests.Request(method, self._url(route, path), params=params).prepare().url
        version = self.data_version
        folder = self._cache_version
        cache = self.cache if folder else None
        key = json.dumps([method, url, body], sort_keys=True)
        content = cache.get(folder, key) if cache else None
        if content is None:
            content = self._request(method, route, path=path, params=params, body=body).content
            if cache:
                cache.put(folder, key, content)
        provenance = {"url": url, "data_version": version}
        if body is not None:
            provenance["body"] = body
        return json.loads(content), provenance

    def _memoized(self, key: Any, build: Callable[[], Any]) -> Any:
        """build()'s value, kept in memory until the data version changes."""
        self.data_version  # noqa: B018 (checks the version, which empties the memo when it changed)
        key = (self._cache_version, key)
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    # Answers ----------------------------------------------------------------------------

    def _used(self, datasets: Sequence[str]) -> None:
        self._fetched.update(dict.fromkeys(datasets))

    def _frame(self, frame: pd.DataFrame, provenance: dict, datasets: Sequence[str], **extra: Any) -> pd.DataFrame:
        """frame with its provenance in attrs: url, datasets, data_version (and body, extra)."""
        self._used(datasets)
        frame.attrs.update({**provenance, "datasets": list(datasets), **extra})
        return frame


def _api_error(response: requests.Response) -> WormWideWebError:
    """The API's {"error": "..."} (or the start of a body that is not one) with the status."""
    try:
        message = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        message = " ".join(response.text.split())[:300] or response.reason
    return WormWideWebError(str(message), response.status_code, response.url)


def _reason(error: requests.RequestException) -> str:
    """Why a request failed, without urllib3's object addresses."""
    cause = error.args[0] if error.args else error
    if isinstance(cause, MaxRetryError) and cause.reason is not None:
        cause = cause.reason
    return re.sub(r"<[^>]*>: ", "", str(cause)) or type(error).__name__
