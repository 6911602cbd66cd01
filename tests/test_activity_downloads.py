"""Downloads: a recording as bzip2 of its published JSON, a paper as .tar.bz2, a zip of chosen
recordings, checked against the raw files; the build-time export; V4 signed GCS URLs."""

import bz2
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings as django_settings
from django.core.management import call_command

from activity import downloads
from activity.models import GCaMPDataset
from core.cache import data_version
from core.code_version import code_version
from tests.raw_recordings import ATANAS, DAG, assert_published_layout

pytestmark = pytest.mark.django_db
DATASET = "dag_nwabudike_kang_2023-2022-07-26-38"


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.ACTIVITY_DATA_CACHE_DIR = tmp_path / "downloads"
    settings.ACTIVITY_DATA_GCS_BUCKET = ""
    return settings.ACTIVITY_DATA_CACHE_DIR


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def recording_ids() -> list[tuple[str, str]]:
    return list(GCaMPDataset.objects.order_by("order").values_list("paper__paper_id", "dataset_name"))


@pytest.mark.parametrize("paper_id, uid", [(DAG, "2022-07-26-38"), (DAG, "2022-01-16-01"), (ATANAS, "2022-08-02-01")])
def test_recording_download_is_bzip2_of_the_published_layout(client, cache_dir, paper_id, uid):
    response = client.get(f"/activity/api/data/download/{paper_id}-{uid}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-bzip2"
    assert response["Content-Disposition"] == f'attachment; filename="{paper_id}_{uid}.json.bz2"'
    document = json.loads(bz2.decompress(content(response)))
    assert_published_layout(document, paper_id, uid)
    cached = [p.relative_to(cache_dir).parts[1:] for p in cache_dir.rglob("*.json.bz2")]
    assert cached == [("activity", paper_id, f"{uid}.json.bz2")]


def test_paper_archive_is_a_tar_bz2_of_plain_json_named_as_the_site_names_them(client):
    response = client.get(f"/activity/api/data/download/paper/{DAG}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-bzip2"
    assert response["Content-Disposition"] == f'attachment; filename="{DAG}.tar.bz2"'
    body = content(response)
    uids = sorted(uid for paper_id, uid in recording_ids() if paper_id == DAG)
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:bz2") as archive:
        assert archive.getnames() == [f"{DAG}_{uid}.json" for uid in uids]
        for uid in uids:
            member = archive.getmember(f"{DAG}_{uid}.json")
            assert member.isfile() and member.mode == 0o644
            assert_published_layout(json.loads(archive.extractfile(member).read()), DAG, uid)
    # bunzip2 reads it as one file, the way `tar xjf` does
    plain = subprocess.run(["bunzip2", "-c"], input=body, capture_output=True, check=True).stdout
    assert tarfile.open(fileobj=io.BytesIO(plain)).getnames() == [f"{DAG}_{uid}.json" for uid in uids]


def test_a_second_download_reads_the_cached_file(client, monkeypatch):
    client.get(f"/activity/api/data/download/{DATASET}/")
    monkeypatch.setattr(downloads, "write_recording", lambda dataset, f: pytest.fail("rebuilt"))
    assert client.get(f"/activity/api/data/download/{DATASET}/").status_code == 200


def test_concurrent_first_requests_wait_for_one_build(cache_dir, monkeypatch):
    """Threads asking at once for an archive not yet built: one builds it, the others wait for
    its file (an exclusive lock on a lock file, which worker processes share the same way)."""
    builds, original = [], downloads.write_paper

    def slow_write_paper(members, f):
        builds.append(threading.get_ident())
        time.sleep(0.5)
        original(members, f)

    monkeypatch.setattr(downloads, "write_paper", slow_write_paper)
    results = []

    def ask():
        path = downloads.paper_file(DAG)
        results.append((path, path.stat().st_size))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(results) == 4 and len(set(results)) == 1 and results[0][1] > 0
    assert not list(cache_dir.rglob("*.partial"))


def test_a_failed_build_leaves_no_file_and_the_next_request_builds_it(client, cache_dir, monkeypatch):
    def broken(dataset, f):
        f.write(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(downloads, "write_recording", broken)
    response = client.get(f"/activity/api/data/download/{DATASET}/")
    assert response.status_code == 503 and "No space left on device" in response.json()["error"]
    assert [p.name for p in cache_dir.rglob("*") if p.is_file() and not p.name.endswith(".lock")] == []
    monkeypatch.undo()
    assert client.get(f"/activity/api/data/download/{DATASET}/").status_code == 200


def test_a_cache_folder_that_cannot_be_written_answers_503(client, settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.ACTIVITY_DATA_CACHE_DIR = tmp_path / "a-file" / "downloads"
    for url in (f"/activity/api/data/download/{DATASET}/", f"/activity/api/data/download/paper/{DAG}/",
                f"/activity/api/data/download/zip/?d={DATASET}"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "export_activity_data" in response.json()["error"]


def test_zip_of_chosen_recordings_streams_their_downloads_with_its_length(client):
    ids = [f"{DAG}-2022-07-26-38", f"{ATANAS}-2022-08-02-01"]
    response = client.get(f"/activity/api/data/download/zip/?d={','.join(ids)}")
    assert response.status_code == 200 and response.streaming and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="wormwideweb-recordings.zip"'
    body = content(response)
    assert int(response["Content-Length"]) == len(body)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        names = [f"{DAG}_2022-07-26-38.json.bz2", f"{ATANAS}_2022-08-02-01.json.bz2"]
        assert archive.namelist() == names
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
        for dataset_id, name in zip(ids, names, strict=True):
            single = content(client.get(f"/activity/api/data/download/{dataset_id}/"))
            assert archive.read(name) == single
        assert_published_layout(json.loads(bz2.decompress(archive.read(names[1]))), ATANAS, "2022-08-02-01")


@pytest.mark.parametrize("query, status, fragment", [
    ("d=", 400, "Give recording ids"),
    ("d=nope", 404, "Unknown recording 'nope'"),
    ("d=" + ",".join(f"x{i}" for i in range(21)), 400, "At most 20 recordings per zip (21 given)"),
])
def test_zip_refuses_bad_selections(client, query, status, fragment):
    response = client.get(f"/activity/api/data/download/zip/?{query}")
    assert response.status_code == status and fragment in response.json()["error"]


@pytest.mark.parametrize("url, fragment", [
    ("/activity/api/data/download/nope/", "Unknown recording 'nope'"),
    ("/activity/api/data/download/dag_nwabudike_kang_2023-2022-05-02-01/", "Unknown recording"),
    ("/activity/api/data/download/paper/nope/", "Unknown paper 'nope'"),
    ("/activity/api/data/download/paper/pradhan_madan_2025/", "No recording of pradhan_madan_2025"),
])
def test_unknown_downloads_are_404(client, url, fragment):
    response = client.get(url)
    assert response.status_code == 404 and fragment in response.json()["error"]


# Signed URLs, checked offline with a key made here


@pytest.fixture
def service_account(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    info = {"type": "service_account", "client_email": "signer@test-project.iam.gserviceaccount.com",
            "private_key": pem.decode(), "project_id": "test-project"}
    settings.ACTIVITY_DATA_GCS_BUCKET = "test-bucket"
    settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON = json.dumps(info)
    settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH = ""
    settings.ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS = 900
    return key.public_key(), info


def verify_v4_signature(url: str, public_key) -> dict:
    """Rebuild the V4 string to sign (GOOG4-RSA-SHA256) and check the signature with the key."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    signature = bytes.fromhex(params.pop("X-Goog-Signature"))
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in sorted(params.items()))
    canonical = "\n".join(["GET", parts.path, query, f"host:{parts.netloc}", "", "host", "UNSIGNED-PAYLOAD"])
    scope = params["X-Goog-Credential"].split("/", 1)[1]
    to_sign = "\n".join(
        ["GOOG4-RSA-SHA256", params["X-Goog-Date"], scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    public_key.verify(signature, to_sign.encode(), padding.PKCS1v15(), hashes.SHA256())  # raises if wrong
    return params


def test_recording_download_redirects_to_a_signed_url(client, service_account):
    public_key, info = service_account
    response = client.get(f"/activity/api/data/download/{DATASET}/")
    assert response.status_code == 302 and response["Cache-Control"] == "no-store"
    url = response["Location"]
    assert url.startswith("https://storage.googleapis.com/test-bucket/activity/dag_nwabudike_kang_2023/2022-07-26-38.json.bz2?")
    params = verify_v4_signature(url, public_key)
    assert params["X-Goog-Algorithm"] == "GOOG4-RSA-SHA256"
    credential = params["X-Goog-Credential"]
    assert credential.startswith(f"{info['client_email']}/") and credential.endswith("/auto/storage/goog4_request")
    assert params["X-Goog-Expires"] == "900" and params["X-Goog-SignedHeaders"] == "host"


def test_paper_download_redirects_to_a_signed_url(client, service_account, tmp_path, settings):
    public_key, info = service_account
    key_file = tmp_path / "key.json"
    key_file.write_text(settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON)
    settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON = ""
    settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH = str(key_file)
    response = client.get("/activity/api/data/download/paper/dag_nwabudike_kang_2023/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/test-bucket/activity/dag_nwabudike_kang_2023.tar.bz2"
    verify_v4_signature(response["Location"], public_key)


def test_signed_urls_are_not_made_for_unknown_recordings(client, service_account):
    assert client.get("/activity/api/data/download/nope/").status_code == 404


# Start-up checks of the settings


def start(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJ_DEBUG": "1", **env}
    return subprocess.run([sys.executable, "-c", "import wormwideweb.settings"], env=environment,
                          capture_output=True, text=True, cwd=django_settings.BASE_DIR)


@pytest.mark.parametrize("value", ["0", "604801", "ten", "-5"])
def test_expiration_out_of_range_stops_start_up(value):
    result = start(ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS=value)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "WormWideWeb configuration error: ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS must be a whole "
        f"number of seconds from 1 to 604800, not {value!r}."
    )


def test_bucket_without_service_account_stops_start_up(tmp_path):
    result = start(
        ACTIVITY_DATA_GCS_BUCKET="b", ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH=str(tmp_path / "missing.json")
    )
    assert result.returncode != 0 and "must hold a service-account key" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_valid_settings_start(tmp_path):
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"client_email": "a@b.c", "private_key": "x"}))
    result = start(ACTIVITY_DATA_GCS_BUCKET="b", ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH=str(key),
                   ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS="604800")
    assert result.returncode == 0, result.stderr


def test_export_writes_the_bucket_layout_checked_against_the_raw_files(tmp_path):
    out = io.StringIO()
    call_command("export_activity_data", out=tmp_path / "out", stdout=out)
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    ids = recording_ids()
    assert written == sorted(
        [f"activity/{paper_id}/{uid}.json.bz2" for paper_id, uid in ids] + [f"activity/{ATANAS}.tar.bz2",
                                                                             f"activity/{DAG}.tar.bz2"]
    )
    assert f"Wrote {len(written)} files" in out.getvalue()
    for paper_id, uid in ids:
        document = json.loads(bz2.decompress((tmp_path / f"out/activity/{paper_id}/{uid}.json.bz2").read_bytes()))
        assert_published_layout(document, paper_id, uid)
    with tarfile.open(tmp_path / f"out/activity/{DAG}.tar.bz2", "r:bz2") as archive:
        for paper_id, uid in ids:
            if paper_id == DAG:
                single = bz2.decompress((tmp_path / f"out/activity/{DAG}/{uid}.json.bz2").read_bytes())
                assert archive.extractfile(f"{DAG}_{uid}.json").read() == single


def test_populate_db_builds_the_downloads_of_the_new_database(tmp_path):
    """The build writes every download into the serving folder of its data version, so no
    request compresses one; a second run (the database up to date) writes nothing new."""
    from tests.conftest import run_manage

    env = {"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(tmp_path / "db.sqlite3"),
           "ACTIVITY_DATA_CACHE_DIR": str(tmp_path / "downloads")}
    result = run_manage("populate_db", env=env)
    folders = list((tmp_path / "downloads").iterdir())
    versions = f"{django_settings.CACHE_VERSION_LABEL}-{data_version()}-{code_version()}"
    assert len(folders) == 1 and folders[0].name == versions and ":" not in versions
    files = sorted(str(p.relative_to(folders[0])) for p in folders[0].rglob("*") if not p.name.startswith("."))
    assert [f for f in files if f.endswith((".bz2"))] == sorted(
        [f"activity/{paper_id}/{uid}.json.bz2" for paper_id, uid in recording_ids()]
        + [f"activity/{ATANAS}.tar.bz2", f"activity/{DAG}.tar.bz2"]
    )
    assert "Wrote 11 files (those missing)" in result.stdout
    again = run_manage("populate_db", "--if-needed", env=env)
    assert "is up to date" in again.stdout and "Wrote 0 files (those missing)" in again.stdout
