"""HEAD on every GET endpoint of the schema answers as GET does, without the body."""

import pytest

from tests.api_examples import example_get_urls, openapi_schema

pytestmark = pytest.mark.django_db
PAGES = ["/", "/about/", "/connectome/path/", "/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/",
         "/is_healthy/", "/robots.txt", "/api/schema/"]


def get_urls() -> list[str]:
    return example_get_urls(openapi_schema())


def test_the_schema_gives_an_example_of_every_get_operation():
    urls = get_urls()
    gets = [path for path, item in openapi_schema()["paths"].items() if "get" in item]
    assert len(gets) >= 20 and len(urls) == len(gets)  # 20 GET operations when /api/citations/ came
    assert "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/1/" in urls
    assert any(url.startswith("/api/citations/?") for url in urls)


@pytest.mark.parametrize("url", get_urls() + PAGES)
def test_head_answers_like_get_without_a_body(client, url):
    get, head = client.get(url), client.head(url)
    body = get.getvalue() if get.streaming else get.content
    assert head.status_code == get.status_code != 405
    assert head["Content-Type"] == get["Content-Type"]
    assert int(head["Content-Length"]) == len(body) > 0
    assert head.get("ETag") == get.get("ETag") and head.get("Cache-Control") == get.get("Cache-Control")
    assert (head.getvalue() if head.streaming else head.content) == b""


def test_head_on_a_post_only_endpoint_is_405(client):
    response = client.head("/connectome/api/get-edges/")
    assert response.status_code == 405 and response["Allow"] == "POST"
