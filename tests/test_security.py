"""Production security: deploy checks, HTTPS behind the proxy, the Content Security Policy."""

import ipaddress
import re

import pytest
from django.test import Client, override_settings

from tests.conftest import run_manage

PRODUCTION = {
    "DJ_DEBUG": "0",
    "DJ_SECRET_KEY": "a-production-like-secret-key-with-more-than-fifty-characters-0123456789",
    "DJ_ALLOWED_HOSTS": "wormwideweb.org",
}
HTTPS = {
    "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
}


def test_deploy_checks_report_nothing_with_production_settings(built_database):
    env = {**PRODUCTION, "DJ_DB_PATH": str(built_database)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


def test_production_sends_https_only_cookies_and_trusts_the_proxy():
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)"
    )
    out = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION).stdout.strip()
    assert out == "True True True ('HTTP_X_FORWARDED_PROTO', 'https') ['https://wormwideweb.org']"
    plain = run_manage("shell", "--no-imports", "-c", code, env={**PRODUCTION, "DJ_HTTPS": "0"}).stdout
    assert plain.startswith("False False False")


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_plain_http_is_redirected_to_https():
    response = Client().get("/connectome/api/available-neurons/?datasets=cook_2020")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_https_from_the_proxy_is_served_with_hsts():
    response = Client().get("/connectome/api/available-neurons/?datasets=cook_2020",
                            headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(**HTTPS)
@pytest.mark.parametrize("remote, trusted", [
    ("127.0.0.1", True), ("::1", True), ("10.1.2.3", False), ("203.0.113.9", False), ("not-an-address", False),
])
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(remote, trusted):
    """DJ_TRUSTED_PROXIES defaults to loopback: a client elsewhere claiming HTTPS is redirected."""
    response = Client(REMOTE_ADDR=remote).get("/connectome/api/available-neurons/?datasets=cook_2020",
                                              headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == (200 if trusted else 301)


@pytest.mark.django_db
@override_settings(**HTTPS, TRUSTED_PROXY_NETWORKS=[ipaddress.ip_network("10.0.0.0/8")])
def test_configured_proxy_networks_are_trusted_and_loopback_no_longer():
    url = "/connectome/api/available-neurons/?datasets=cook_2020"
    headers = {"X-Forwarded-Proto": "https"}
    assert Client(REMOTE_ADDR="10.1.2.3").get(url, headers=headers).status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get(url, headers=headers).status_code == 301


def test_dj_trusted_proxies_and_hsts_preload_settings():
    code = "from django.conf import settings as s\nprint(s.TRUSTED_PROXY_NETWORKS, s.SECURE_HSTS_PRELOAD)"
    out = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION).stdout.strip()
    assert out == "[IPv4Network('127.0.0.0/8'), IPv6Network('::1/128')] False"
    env = {**PRODUCTION, "DJ_TRUSTED_PROXIES": "10.0.0.0/8 192.168.1.7", "DJ_HSTS_PRELOAD": "1"}
    out = run_manage("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    assert out == "[IPv4Network('10.0.0.0/8'), IPv4Network('192.168.1.7/32')] True"
    bad = run_manage("check", env={**PRODUCTION, "DJ_TRUSTED_PROXIES": "proxy.example"}, check=False)
    assert bad.returncode != 0 and "DJ_TRUSTED_PROXIES must be IP addresses or networks" in bad.stderr


@pytest.mark.django_db
@override_settings(**{**HTTPS, "SECURE_HSTS_PRELOAD": False})
def test_hsts_without_preload_by_default():
    response = Client().get("/is_healthy/", headers={"X-Forwarded-Proto": "https"})
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_health_checks_over_plain_http_are_not_redirected():
    assert Client().get("/is_healthy/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/no/such/page/", "/is_healthy/",
                                 "/connectome/api/available-neurons/?datasets=cook_2020"])
def test_every_answer_carries_a_policy_without_inline_scripts(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/no/such/page/"])
def test_pages_have_no_inline_script(client, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
