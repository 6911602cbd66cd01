"""Request plumbing every answer shares: proxy trust, HEAD like GET, a 503 when the database
cannot serve, and the Content-Security-Policy header."""

import ipaddress
import logging

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render

from .api import json_error
from .cache import DataUnavailable, data_version, follows_file

logger = logging.getLogger(__name__)

# Answered without the data: the health check says ERROR itself, the rest needs no database.
NO_DATA_PATHS = ("/is_healthy/", "/robots.txt", "/api/schema/", "/api/docs/")


def trusted_proxy(address: str) -> bool:
    """Whether a request from `address` (REMOTE_ADDR) comes from a proxy in DJ_TRUSTED_PROXIES."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXY_NETWORKS)


class TrustedProxyMiddleware:
    """X-Forwarded-Proto says the request came over HTTPS (SECURE_PROXY_SSL_HEADER) only when a
    trusted proxy sent it; from anyone else the header is dropped, so a client cannot claim
    HTTPS it did not use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META and not trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


class HeadAsGetMiddleware:
    """HEAD is answered as GET would be, headers and all, without the body (RFC 9110 9.3.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        if response.streaming:
            if hasattr(response, "close"):
                response.close()
            response.streaming_content = []
        else:
            response["Content-Length"] = str(len(response.content))  # what GET would send
            response.content = b""
        return response


class DataVersionMiddleware:
    """Answer 503 (JSON {"error": ...} for the API, a page otherwise) while the database cannot
    serve: missing, broken, or replaced during the request. Looking at the data version also
    notices a replaced database file (core.cache.data_version). Only at runtime: while building
    (DJ_DB_BUILD=1, the tests) the database is the one being written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if follows_file() and not request.path.startswith(NO_DATA_PATHS):
            try:
                data_version()
            except DataUnavailable as e:
                return unavailable(request, str(e))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataUnavailable):
            return unavailable(request, str(exception))
        if isinstance(exception, DatabaseError) and follows_file():
            try:
                data_version()
            except DataUnavailable as e:  # the file went away or broke while answering
                return unavailable(request, str(e))
        return None


def unavailable(request, reason: str):
    logger.warning("503 for %s: %s", request.path, reason)
    if "/api/" in request.path:
        response = json_error(f"The data is unavailable: {reason}", 503)
    else:
        response = render(request, "503.html", {"reason": reason}, status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the policy built once per process instead of twice per
    request when the answer changes nothing in it (no nonce, no per-view policy: every answer
    here); otherwise django-csp builds it as usual."""

    OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro",
                 "_csp_exempt", "_csp_exempt_ro")

    def __init__(self, get_response):
        super().__init__(get_response)
        self.policy = csp.utils.build_policy()
        self.policy_ro = csp.utils.build_policy(report_only=True)

    def process_response(self, request, response):
        plain = (
            getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in self.OVERRIDES)
            and not (settings.DEBUG and response.status_code in (404, 500))
            and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            and not self.policy_ro
        )
        if not plain:
            return super().process_response(request, response)
        if self.policy and csp.constants.HEADER not in response:
            response[csp.constants.HEADER] = self.policy
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
