"""What each paper needs from its Zenodo record, and getting it into <dest>/<paper_id>/.

The layout is the original's (WormWideWebData.jl, `generate_download_manifest`):

    <paper_id>/processed_h5.tar.bz2       every recording: a flat tar of <uid>-data.h5 files
    <paper_id>/datasets/<uid>-data.h5     the recordings the manifest lists, extracted from it
    <paper_id>/neuropal_label.json.bz2    NeuroPAL labels (papers with `neuropal_label`)
    <paper_id>/<name>.h5.bz2              the six CePNEM files (papers with `encoding_data`)

A download goes into `.<key>.<md5>.part` beside its final name and is renamed only once its
md5 matches the record's; an interrupted download resumes from that file. A recording is
extracted into `.partial-<name>` and renamed only once its sha256 matches the manifest's. So
a bad or half-written file never has its final name. Files already present and verified are
not fetched again, and the archive is not needed at all when every recording it holds is
already extracted and verified (it may then be deleted to save space).
"""

import hashlib
import os
import shutil
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from core.datafiles import sha256_file
from core.importing import load_json

from ..importers.cepnem import CEPNEM_FILES
from ..importers.errors import Problem
from ..importers.manifest import ManifestRow, read_manifest, read_papers
from .transfer import PROGRESS_EVERY, FetchError, Progress, Transfer, size_text
from .zenodo import RemoteFile, fetch_record

ARCHIVE = "processed_h5.tar.bz2"
LABELS = "neuropal_label.json.bz2"
DATASETS = "datasets"  # where the recordings are extracted
CHUNK = 1 << 20


@dataclass
class Paper:
    paper_id: str
    record_id: str
    neuropal_label: bool
    encoding_data: bool
    rows: list[ManifestRow]  # the recordings of raw/<paper_id>.csv

    def keys(self) -> list[str]:
        """The record's files this paper needs, in the original's order."""
        keys = [ARCHIVE]
        if self.encoding_data:
            keys += [f"{name}.h5.bz2" for name in CEPNEM_FILES]
        if self.neuropal_label:
            keys.append(LABELS)
        return keys


@dataclass
class PaperSummary:
    paper_id: str
    source: str = ""  # which record and version
    downloaded: list[tuple[str, int]] = field(default_factory=list)  # (key, bytes fetched by this run)
    present: list[str] = field(default_factory=list)  # keys already present and verified
    planned: list[tuple[str, int | None]] = field(default_factory=list)  # dry run: (key, size) to download
    listed: int = 0  # recordings in the manifest
    verified: int = 0  # recordings in datasets/ whose sha256 matches the manifest
    extracted: int = 0  # ... of which extracted by this run
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = []
        if self.downloaded:
            parts.append(f"{len(self.downloaded)} downloaded ({size_text(sum(n for _, n in self.downloaded))})")
        if self.planned:
            known = sum(n or 0 for _, n in self.planned)
            parts.append(f"{len(self.planned)} to download ({size_text(known)})")
        if self.present:
            parts.append(f"{len(self.present)} already present and verified")
        recordings = f"{self.verified} of {self.listed} recordings verified"
        if self.extracted:
            recordings += f" ({self.extracted} extracted now)"
        parts.append(recordings)
        parts.append(f"{len(self.errors)} error{'' if len(self.errors) == 1 else 's'}")
        return f"{self.paper_id}: " + ", ".join(parts)


def zenodo_papers(data_dir: Path, problems: list[Problem]) -> tuple[list[Paper], list[str]]:
    """The papers of papers.json kept in Zenodo, with their manifests; and a note for each
    paper kept elsewhere (those are not fetched)."""
    shared = Path(data_dir) / "wormwideweb-data/activity"
    raw = {p.get("paper_id"): p for p in load_json(shared / "papers.json") if isinstance(p, dict)}
    papers, notes = [], []
    for paper in read_papers(shared / "papers.json"):
        paper_id = paper["paper_id"]
        repository = raw[paper_id].get("repository") or {}
        if repository.get("type") != "zenodo" or not repository.get("record_id"):
            where = repository.get("type") or "no repository"
            notes.append(f"{paper_id}: its data are in {where}, not Zenodo; not fetched")
            continue
        papers.append(Paper(
            paper_id=paper_id,
            record_id=str(repository["record_id"]),
            neuropal_label=paper["neuropal_label"],
            encoding_data=paper["encoding_data"],
            rows=read_manifest(shared / f"raw/{paper_id}.csv", paper_id, problems),
        ))
    return papers, notes


def fetch_paper(paper: Paper, dest: Path, transfer: Transfer, base_url: str,
                log: Callable[[str], None], dry_run: bool = False) -> PaperSummary:
    """Fetch, verify and extract what `paper` needs into dest/<paper_id>/; never raises for a
    file that fails: the summary lists the errors, each naming its file."""
    summary = PaperSummary(paper.paper_id, listed=len(paper.rows))
    folder = Path(dest) / paper.paper_id
    missing = [row for row in paper.rows if not recording_verified(folder, row)]
    summary.verified = len(paper.rows) - len(missing)
    try:
        record = fetch_record(transfer, paper.record_id, base_url)
    except FetchError as e:
        summary.errors.append(str(e))
        return summary
    summary.source = record.describe()
    log(f"{paper.paper_id}: {summary.source}")
    for key in paper.keys():
        if key == ARCHIVE and not missing:
            log(f"  {ARCHIVE}: not needed, all {len(paper.rows)} recordings are present and verified (sha256)")
            summary.present.append(key)
            continue
        remote = record.files.get(key)
        if remote is None:
            has = ", ".join(sorted(record.files)) or "no files"
            summary.errors.append(f"{key} is not in {record.describe()} (it has {has})")
            log(f"  {key}: ERROR, not in the record")
            continue
        target = folder / key
        if download_verified(target, remote):
            log(f"  {key}: present and verified (md5), not downloaded again")
            summary.present.append(key)
        elif dry_run:
            log(f"  {key}: would download {size_text(remote.size) if remote.size is not None else 'unknown size'}")
            summary.planned.append((key, remote.size))
        else:
            try:
                summary.downloaded.append((key, download(transfer, remote, target, log)))
            except FetchError as e:
                summary.errors.append(str(e))
                log(f"  {key}: ERROR, {e}")
                continue
        if key == ARCHIVE:
            if dry_run:
                log(f"  {DATASETS}/: would extract {len(missing)} recording(s), each checked against the manifest")
            else:
                extracted, errors = extract_recordings(target, folder / DATASETS, missing, log)
                summary.extracted = extracted
                summary.verified += extracted
                summary.errors += errors
    return summary


def recording_verified(folder: Path, row: ManifestRow) -> bool:
    """Is the recording in datasets/ with the manifest's sha256?"""
    path = folder / DATASETS / row.filename
    return path.is_file() and (not row.checksum or sha256_file(path) == row.checksum)


def download_verified(path: Path, remote: RemoteFile) -> bool:
    """Is the file there with the record's md5 (or, if the record gives none, its size)?"""
    if not path.is_file():
        return False
    if remote.md5:
        return md5_file(path) == remote.md5
    return remote.size is not None and path.stat().st_size == remote.size


def download(transfer: Transfer, remote: RemoteFile, target: Path, log) -> int:
    """Download `remote` to `target` through a partial file, checked against the record's
    md5; return the bytes fetched by this run. A resumed download whose md5 is wrong is
    fetched once more from the start; a fresh one that is wrong is an error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{(remote.md5 or 'unknown')[:12]}.part")
    for stale in target.parent.glob(f".{target.name}.*.part"):
        if stale != partial:
            stale.unlink()  # another version of the file
    already = partial.stat().st_size if partial.exists() else 0
    if remote.size is not None and shutil.disk_usage(target.parent).free < remote.size - already:
        raise FetchError(f"{remote.key}: needs {size_text(remote.size - already)}, only "
                         f"{size_text(shutil.disk_usage(target.parent).free)} free in {target.parent}")
    size = size_text(remote.size) if remote.size is not None else "unknown size"
    log(f"  {remote.key}: downloading {size}" + (f", resuming after {size_text(already)}" if already else ""))
    fetched = 0
    while True:
        progress = Progress(f"    {remote.key}", log, already)
        transfer.download(remote.url, partial, remote.size, progress)
        fetched += progress.done - progress.first
        digest = md5_file(partial)
        if remote.md5 is None or digest == remote.md5:
            os.replace(partial, target)
            log(f"  {remote.key}: {progress.finish()}, md5 verified")
            return fetched
        partial.unlink()
        if not already:
            raise FetchError(f"{remote.key}: md5 {digest} does not match the record's {remote.md5}; "
                             "the download was deleted")
        log(f"  {remote.key}: md5 of the resumed download is wrong; downloading it again from the start")
        already = 0


def extract_recordings(archive: Path, datasets: Path, rows: list[ManifestRow], log) -> tuple[int, list[str]]:
    """Extract the recordings of `rows` from the archive into datasets/, each checked against
    the manifest's sha256; return how many were extracted and the errors. A file that fails
    is deleted, and so is an older file of that name that fails the check."""
    wanted = {row.filename: row for row in rows}
    datasets.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        (datasets / name).unlink(missing_ok=True)  # not verified: replaced below, or gone
    log(f"  {DATASETS}/: extracting {len(wanted)} recording(s) from {archive.name}")
    seen, errors, extracted, last = set(), [], 0, time.monotonic()
    try:
        with tarfile.open(archive, "r|bz2") as tar:
            for member in tar:
                name = PurePosixPath(member.name).name
                if not member.isfile() or name not in wanted or name in seen:
                    continue
                seen.add(name)
                error = _extract_one(tar.extractfile(member), datasets / name, wanted[name])
                if error:
                    errors.append(error)
                    log(f"    ERROR: {error}")
                else:
                    extracted += 1
                if time.monotonic() - last >= PROGRESS_EVERY:
                    last = time.monotonic()
                    log(f"    {len(seen)} of {len(wanted)} recordings extracted")
                if len(seen) == len(wanted):
                    break
    except (tarfile.TarError, EOFError, OSError, ValueError) as e:
        errors.append(f"{archive.name}: cannot be read as a .tar.bz2 archive ({e})")
    for name in sorted(set(wanted) - seen):
        if not any(archive.name in e for e in errors):
            errors.append(f"{name} ({wanted[name].where}) is not in {archive.name}")
    log(f"  {DATASETS}/: {extracted} recording(s) extracted, sha256 verified")
    return extracted, errors


def _extract_one(source, target: Path, row: ManifestRow) -> str | None:
    partial = target.with_name(f".partial-{target.name}")
    digest = hashlib.sha256()
    try:
        with open(partial, "wb") as f:
            while block := source.read(CHUNK):
                f.write(block)
                digest.update(block)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if row.checksum and digest.hexdigest() != row.checksum:
        partial.unlink()
        return (f"{target.name}: sha256 {digest.hexdigest()} does not match {row.checksum} in "
                f"{row.where}; not kept")
    os.replace(partial, target)
    return None


def md5_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "md5").hexdigest()

