"""Downloads: a recording as JSON in the published layout, and a paper as a .tar.bz2.

Both are built from the database (`recording_document`, `paper_archive_bytes`). The site
serves them from files kept in settings.ACTIVITY_DATA_CACHE_DIR (built on first request,
one folder per data version), or, when a GCS bucket and a signing service account are
configured, redirects to a V4 signed URL of the bucket's copy, made with Google's client
library. Object names, the same in the bucket and in the cache folder:

    activity/<paper_id>/<uid>.json        one recording
    activity/<paper_id>.tar.bz2           every recording of a paper, as <paper_id>/<paper_id>_<uid>.json

A zip of chosen recordings (`recordings_zip`) is built per request from the cached files.

`manage.py export_activity_data --out D` writes that tree, ready to copy to the bucket.
"""

import datetime
import functools
import io
import json
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings

from core.cache import data_version

from .behavior import rounded
from .catalog import RecordingInfo
from .models import GCaMPDataset, GCaMPNeuron, trace_array
from .traces import TRACE_DECIMALS

ORIGINAL_DECIMALS = 6


def recording_object(paper_id: str, dataset_name: str) -> str:
    return f"activity/{paper_id}/{dataset_name}.json"


def paper_object(paper_id: str) -> str:
    return f"activity/{paper_id}.tar.bz2"


def recording_filename(paper_id: str, dataset_name: str) -> str:
    """The file name a browser saves, also its name inside a paper archive."""
    return f"{paper_id}_{dataset_name}.json"


def recording_document(dataset: GCaMPDataset) -> dict:
    """The recording in the published per-recording JSON layout (spec 4.4), which
    init_data_gcamp reads back."""
    neurons = list(
        GCaMPNeuron.objects.filter(dataset=dataset)
        .order_by("idx_neuron")
        .values_list("idx_neuron", "label", "trace", "trace_original")
    )
    has_original = all(original is not None for *_, original in neurons)
    document = {
        "metadata": {**dataset.meta, "n_neuron": dataset.n_neuron},
        "timing": {
            "mean_timestep": round(dataset.avg_timestep * 60, 9),
            "max_t": dataset.max_t,
            "timestamp_confocal": dataset.timestamp_confocal,
            "event": dataset.events,
        },
        "behavior": dataset.behavior,
        "gcamp": {
            "trace_array": [rounded(trace_array(trace), TRACE_DECIMALS) for _, _, trace, _ in neurons],
            "trace_array_original": (
                [rounded(trace_array(original), ORIGINAL_DECIMALS) for *_, original in neurons]
                if has_original
                else None
            ),
        },
        "label": {str(idx): label for idx, label, _, _ in neurons if label is not None},
    }
    if dataset.encoding is not None:
        document["encoding"] = dataset.encoding
    return document


def recording_bytes(dataset: GCaMPDataset) -> bytes:
    return json.dumps(recording_document(dataset), ensure_ascii=False, separators=(",", ":")).encode()


def paper_archive_bytes(datasets: list[GCaMPDataset]) -> bytes:
    """A .tar.bz2 holding <paper_id>/<paper_id>_<uid>.json for each recording."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:bz2") as archive:
        for dataset in datasets:
            content = recording_bytes(dataset)
            member = tarfile.TarInfo(
                f"{dataset.paper.paper_id}/{recording_filename(dataset.paper.paper_id, dataset.dataset_name)}"
            )
            member.size = len(content)
            member.mode = 0o644
            archive.addfile(member, io.BytesIO(content))
    return buffer.getvalue()


def recordings_zip(infos: list[RecordingInfo]):
    """A zip (DEFLATE, level 5) of the recordings' JSON files, named as single downloads, as a
    file object at its start. Each recording is read from the cache folder (built if absent);
    the zip is built per request, in memory up to 32 MB and on disk beyond."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=32 * 2**20)
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        for info in infos:
            path = cached_file(recording_object(info.paper_id, info.dataset_name), lambda pk=info.pk: recording_bytes(
                GCaMPDataset.objects.select_related("paper").get(pk=pk)))
            archive.write(path, recording_filename(info.paper_id, info.dataset_name))
    archive_file.seek(0)
    return archive_file


def cached_file(object_name: str, build) -> Path:
    """The cache folder's file for `object_name`, written from build() if absent.

    Files live under a folder named after DJ_CACHE_VERSION and the data version, so a new
    import (or a new label) never serves an old file; a file is written under a temporary
    name and renamed, so a reader never sees half a file.
    """
    folder = f"{settings.CACHE_VERSION_LABEL}-{data_version()}"
    path = Path(settings.ACTIVITY_DATA_CACHE_DIR) / folder / object_name
    if not path.is_file():
        write_file(path, build())
    return path


def write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with os.fdopen(descriptor, "wb") as f:
            f.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def signing_enabled() -> bool:
    return bool(settings.ACTIVITY_DATA_GCS_BUCKET)


def signed_url(object_name: str) -> str:
    """A V4 signed GET URL of the bucket's object, valid for the configured time."""
    blob = _bucket(
        settings.ACTIVITY_DATA_GCS_BUCKET,
        settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_PATH,
        settings.ACTIVITY_DATA_SIGNING_SERVICE_ACCOUNT_JSON,
    ).blob(object_name)
    return blob.generate_signed_url(
        version="v4",
        method="GET",
        expiration=datetime.timedelta(seconds=settings.ACTIVITY_DATA_SIGNED_URL_EXPIRATION_SECONDS),
    )


@functools.lru_cache(maxsize=4)
def _bucket(name: str, key_path: str, key_json: str):
    """The bucket, through a client made once per process with the service account's key."""
    from google.cloud import storage

    credentials, project = _credentials(key_path, key_json)
    return storage.Client(project=project, credentials=credentials).bucket(name)


def _credentials(path: str, text: str):
    """Service-account credentials from the key's JSON text, else from the key file."""
    from google.oauth2 import service_account

    info = json.loads(text or Path(path).read_text())
    info.setdefault("token_uri", "https://oauth2.googleapis.com/token")
    credentials = service_account.Credentials.from_service_account_info(info)
    return credentials, info.get("project_id") or "wormwideweb"
