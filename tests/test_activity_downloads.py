"""Downloads: a recording as published JSON, a paper as .tar.bz2, and V4 signed GCS URLs."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings as django_settings

from activity import downloads
from activity.models import GCaMPDataset

pytestmark = pytest.mark.django_db
DATASET = "dag_nwabudike_kang_2023-2022-07-26-38"


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.ACTIVITY_DATA_CACHE_DIR = tmp_path / "downloads"
    settings.ACTIVITY_DATA_GCS_BUCKET = ""
    return settings.ACTIVITY_DATA_CACHE_DIR


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_recording_download_is_the_published_layout(client, cache_dir):
    response = client.get(f"/activity/api/data/download/{DATASET}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dag_nwabudike_kang_2023_2022-07-26-38.json"'
    document = json.loads(content(response))
    dataset = GCaMPDataset.objects.get(dataset_id=DATASET)
    assert set(document) == {"metadata", "timing", "behavior", "gcamp", "label"}
    assert document["metadata"]["uid"] == "2022-07-26-38" and document["metadata"]["n_neuron"] == dataset.n_neuron
    assert document["timing"]["max_t"] == dataset.max_t
    assert document["timing"]["mean_timestep"] == pytest.approx(dataset.avg_timestep * 60)
    assert len(document["gcamp"]["trace_array"]) == dataset.n_neuron
    assert {len(t) for t in document["gcamp"]["trace_array"]} == {dataset.max_t}
    assert len(document["label"]) == dataset.n_labeled
    assert document["behavior"]["velocity"] == dataset.behavior["velocity"]  # mm/s, as published
    cached = list(cache_dir.rglob("*.json"))
    assert [p.relative_to(cache_dir).parts[1:] for p in cached] == [
        ("activity", "dag_nwabudike_kang_2023", "2022-07-26-38.json")
    ]


def test_recording_without_behaviour_downloads_null_behaviour(client):
    document = json.loads(content(client.get("/activity/api/data/download/atanas_kim_2023-2022-08-02-01/")))
    assert document["behavior"] is None and document["gcamp"]["trace_array_original"] is None


def test_paper_archive_holds_every_recording(client):
    response = client.get("/activity/api/data/download/paper/dag_nwabudike_kang_2023/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dag_nwabudike_kang_2023.tar.bz2"'
    with tarfile.open(fileobj=io.BytesIO(content(response)), mode="r:bz2") as archive:
        names = archive.getnames()
        uids = list(
            GCaMPDataset.objects.filter(paper__paper_id="dag_nwabudike_kang_2023")
            .order_by("order")
            .values_list("dataset_name", flat=True)
        )
        assert names == [f"dag_nwabudike_kang_2023/dag_nwabudike_kang_2023_{uid}.json" for uid in uids]
        first = json.loads(archive.extractfile(names[0]).read())
    assert first["metadata"]["uid"] == uids[0]


def test_a_second_download_reads_the_cached_file(client, monkeypatch):
    client.get(f"/activity/api/data/download/{DATASET}/")
    monkeypatch.setattr(downloads, "recording_bytes", lambda dataset: pytest.fail("rebuilt"))
    assert client.get(f"/activity/api/data/download/{DATASET}/").status_code == 200


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
    assert url.startswith("https://storage.googleapis.com/test-bucket/activity/dag_nwabudike_kang_2023/2022-07-26-38.json?")
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


def test_export_writes_the_bucket_layout(tmp_path):
    from django.core.management import call_command

    call_command("export_activity_data", out=tmp_path / "out", stdout=io.StringIO())
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    expected = [
        f"activity/{d.paper.paper_id}/{d.dataset_name}.json" for d in GCaMPDataset.objects.select_related("paper")
    ]
    expected += ["activity/atanas_kim_2023.tar.bz2", "activity/dag_nwabudike_kang_2023.tar.bz2"]
    assert written == sorted(expected)
    dataset = GCaMPDataset.objects.select_related("paper").get(dataset_id=DATASET)
    assert json.loads(
        (tmp_path / "out" / downloads.recording_object(dataset.paper.paper_id, dataset.dataset_name)).read_text()
    ) == downloads.recording_document(dataset)
