"""Production security: deploy checks, HTTPS behind the proxy, the Content Security Policy."""

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
