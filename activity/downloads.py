"""Downloads, as wormwideweb.org serves them: a recording as bzip2-compressed JSON, a paper as
a .tar.bz2, and a zip of chosen recordings.

Object names, the same in the bucket, in the serving cache folder and in an export:

    activity/<paper_id>/<uid>.json.bz2    one recording: bzip2 of its published JSON (layout.py);
                                          a browser saves it as <paper_id>_<uid>.json.bz2
    activity/<paper_id>.tar.bz2           the paper: a tar of plain <paper_id>_<uid>.json files,
                                          bzip2-compressed (as WormWideWebData.jl packs it)

The site serves them from files in settings.ACTIVITY_DATA_CACHE_DIR, one folder per data
and code version, which `export_activity_data` (the last step of populate_db) fills at build time, so
no request has to compress a paper. A file missing there (the folder was emptied) is built on
first request: streamed into a temporary file under an exclusive lock, so concurrent first
requests, from threads or worker processes, wait for one build and then read its file. With a
GCS bucket and a signing service account, the recording and paper downloads redirect to V4
signed URLs of the bucket's copies instead, made with Google's client library.

Every file is written one trace at a time (memory of one recording's largest trace, not of
the file) and renamed into place when complete, so a reader never sees half a file.
"""

import bz2
import datetime
import fcntl
import functools
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from django.conf import settings
from zipstream import ZIP_STORED, ZipStream

from core.cache import data_version
from core.code_version import code_version

from .catalog import RecordingInfo
from .layout import recording_json
from .models import GCaMPDataset

T = TypeVar("T")


def recording_object(paper_id: str, uid: str) -> str:
    return f"activity/{paper_id}/{uid}.json.bz2"


def paper_object(paper_id: str) -> str:
    return f"activity/{paper_id}.tar.bz2"


def recording_filename(paper_id: str, uid: str) -> str:
    """The file name a browser saves for one recording."""
    return f"{paper_id}_{uid}.json.bz2"


def archive_member(paper_id: str, uid: str) -> str:
    """The name of a recording's plain JSON inside its paper's archive."""
    return f"{paper_id}_{uid}.json"


# Serving from the cache folder


def cache_folder() -> Path:
    """The folder of this data and code version (`<DJ_CACHE_VERSION>-<data>-<code>`, no ':'): a
    new import, a deploy or DJ_CACHE_VERSION never serves old files."""
    return Path(settings.ACTIVITY_DATA_CACHE_DIR) / f"{settings.CACHE_VERSION_LABEL}-{data_version()}-{code_version()}"


def recording_file(info: RecordingInfo) -> Path:
    """The recording's .json.bz2 in the cache folder, built if absent."""
    return prepared(cache_folder(), recording_object(info.paper_id, info.dataset_name), _recording_writer(info.pk))


def paper_file(paper_id: str) -> Path:
    """The paper's .tar.bz2 in the cache folder, built if absent from its recordings' files
    (each built first if absent, and kept: a build cut short resumes where it stopped)."""
    folder = cache_folder()
    path = folder / paper_object(paper_id)
    if path.is_file():
        return path
    datasets = _listed(GCaMPDataset.objects.filter(paper__paper_id=paper_id))
    sizes = {}
    for dataset in datasets:
        name = recording_object(paper_id, dataset.dataset_name)
        if not (folder / name).is_file():
            sizes[name] = _build(folder / name, _recording_writer(dataset.pk))
    return prepared(folder, paper_object(paper_id), functools.partial(write_paper, _members(datasets, folder, sizes)))


def recordings_zip(infos: list[RecordingInfo]) -> ZipStream:
    """A zip of the recordings' .json.bz2 files, stored as they are (already compressed), named
    as single downloads. It streams from the cache files, and its size (len) is known before the
    first byte, for the Content-Length a page's progress bar needs."""
    archive = ZipStream(compress_type=ZIP_STORED, sized=True)
    for info in infos:
        archive.add_path(str(recording_file(info)), recording_filename(info.paper_id, info.dataset_name))
    return archive


def prepared(folder: Path, object_name: str, write: Callable[[BinaryIO], object]) -> Path:
    """folder/object_name, written by write(file) if absent.

    The build holds an exclusive lock on a hidden lock file beside the object: a second thread
    or process asking for the same object waits, then finds the file and reads it.
    """
    path = folder / object_name
    if not path.is_file():
        _build(path, write)
    return path


def _build(path: Path, write: Callable[[BinaryIO], T]) -> T | None:
    """Write path under its lock; None if another thread or process wrote it meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released on close, or by the system if the process dies
        return None if path.is_file() else _write_atomically(path, write)


def _write_atomically(path: Path, write: Callable[[BinaryIO], T]) -> T:
    """Write into a temporary file beside path, then rename it; nothing is left on failure.
    Returns what write() returned. Called under the object's lock (or alone, for an export), so
    leftovers of an earlier, killed build can be removed."""
    for leftover in path.parent.glob(f".{path.name}.*.partial"):
        leftover.unlink(missing_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as f:
            result = write(f)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result


# Writing the files

BLOCK, RECORD = tarfile.BLOCKSIZE, tarfile.RECORDSIZE  # 512-byte tar blocks, written in 10 KiB records


def write_recording(dataset: GCaMPDataset, f: BinaryIO) -> int:
    """bzip2 (level 9, the default of bzip2 and pbzip2) of the recording's published JSON;
    returns the size of the JSON."""
    compressor, size = bz2.BZ2Compressor(9), 0
    for piece in recording_json(dataset):
        size += len(piece)
        f.write(compressor.compress(piece))
    f.write(compressor.flush())
    return size


def write_paper(members: list[tuple[str, Path, int | None]], f: BinaryIO) -> None:
    """A .tar.bz2 of plain JSON files from (name in the archive, .json.bz2 file, JSON size or
    None if unknown), in the order given.

    Each recording's bzip2 stream is copied as it is, between small bzip2 streams holding the
    tar headers and padding: bzip2 decompresses concatenated streams as one file (bunzip2,
    tar xjf, Python's bz2 and tarfile "r:bz2"), and the site's own archives are such
    concatenations (pbzip2 writes one stream per block). So a paper costs a file copy per
    recording, not a second compression, and memory stays that of the copy buffer.
    """
    now, written, plain = int(time.time()), 0, b""
    for name, path, size in members:
        size = _json_size(path) if size is None else size
        member = tarfile.TarInfo(name)
        member.size, member.mode, member.mtime = size, 0o644, now
        plain += member.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
        f.write(bz2.compress(plain, 9))
        written += len(plain) + size
        with open(path, "rb") as recording:
            shutil.copyfileobj(recording, f)
        plain = b"\0" * (-size % BLOCK)
    plain += b"\0" * (2 * BLOCK)  # the end of the archive
    plain += b"\0" * (-(written + len(plain)) % RECORD)
    f.write(bz2.compress(plain, 9))


def _json_size(path: Path) -> int:
    size = 0
    with bz2.open(path, "rb") as f:
        while chunk := f.read(2**20):
            size += len(chunk)
    return size


def _listed(datasets) -> list[GCaMPDataset]:
    """Recordings with their names only: each writer loads its own, so a paper of any size is
    never held in memory at once."""
    return list(datasets.select_related("paper").only("pk", "dataset_name", "paper__paper_id").order_by("order"))


def _recording_writer(pk: int) -> Callable[[BinaryIO], int]:
    return lambda f: write_recording(GCaMPDataset.objects.select_related("paper").get(pk=pk), f)


def _members(datasets: list[GCaMPDataset], folder: Path, sizes: dict[str, int]) -> list[tuple[str, Path, int | None]]:
    """A paper's archive members in file-name order (as `tar -cf - *.json` in its folder)."""
    members = []
    for dataset in datasets:
        name = recording_object(dataset.paper.paper_id, dataset.dataset_name)
        members.append((archive_member(dataset.paper.paper_id, dataset.dataset_name), folder / name, sizes.get(name)))
    return sorted(members)


def export(folder: Path, replace: bool, progress: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Every download into folder: each recording's .json.bz2, then each paper's .tar.bz2.

    With `replace` (an export for the bucket) every file is rewritten and no lock file is left
    beside them; otherwise (the serving cache) files already there are kept and each missing
    one is built under its lock, as a request would. Returns the files written.
    """
    written, sizes = [], {}

    def write(name: str, writer: Callable[[BinaryIO], int | None], note: str = "") -> None:
        path = folder / name
        if replace:
            path.parent.mkdir(parents=True, exist_ok=True)
            sizes[name] = _write_atomically(path, writer)
        elif path.is_file():
            return
        else:
            sizes[name] = _build(path, writer)
        written.append(path)
        progress(f"{name} ({note}{path.stat().st_size / 1e6:.1f} MB)")

    datasets = _listed(GCaMPDataset.objects.all())
    for dataset in datasets:
        write(recording_object(dataset.paper.paper_id, dataset.dataset_name), _recording_writer(dataset.pk))
    for paper_id in dict.fromkeys(d.paper.paper_id for d in datasets):
        recordings = [d for d in datasets if d.paper.paper_id == paper_id]
        write(paper_object(paper_id), functools.partial(write_paper, _members(recordings, folder, sizes)),
              f"{len(recordings)} recording{'s' if len(recordings) > 1 else ''}, ")
    return written


# Signed URLs of the bucket's copies


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
