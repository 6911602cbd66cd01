"""A Zenodo record's files, from Zenodo's REST API.

`GET <base>/api/records/<record_id>` answers the record. Its `links.latest` leads to the
newest version of the record (Zenodo redirects it there), which is read instead, once, as
the original's pipeline does (WormWideWebData.jl, `get_zenodo_metadata`). Each entry of the
record's `files` has a `key` (the file name), a `size` in bytes, a `checksum` "md5:<hex>"
and `links` to its content.

With a mirror (`--base-url`), links to zenodo.org are rewritten to the mirror, so a mirror
that copies Zenodo's answers verbatim works as well as one that names itself.
"""

import urllib.parse
from dataclasses import dataclass

from .transfer import FetchError, Transfer

DEFAULT_BASE_URL = "https://zenodo.org"


@dataclass(frozen=True)
class RemoteFile:
    key: str  # the file name in the record, e.g. processed_h5.tar.bz2
    size: int | None  # bytes
    md5: str | None  # hex digest, from checksum "md5:<hex>"
    url: str  # where its content is


@dataclass(frozen=True)
class Record:
    asked: str  # the record id papers.json names
    record_id: str  # the id of the version read: the newest
    files: dict[str, RemoteFile]  # by key

    def describe(self) -> str:
        newest = "the newest version" if self.record_id == self.asked else f"newest version {self.record_id}"
        return f"Zenodo record {self.asked} ({newest})"


def fetch_record(transfer: Transfer, record_id: str, base_url: str = DEFAULT_BASE_URL) -> Record:
    """The files of the newest version of the record."""
    base = base_url.rstrip("/")
    url = f"{base}/api/records/{urllib.parse.quote(str(record_id))}"
    answered, data = transfer.get_json(url)
    latest = _links(data).get("latest")
    if isinstance(latest, str) and latest:
        latest = rebase(latest, base)
        if latest not in (url, answered):
            answered, data = transfer.get_json(latest)
    return parse_record(data, str(record_id), base, answered)


def parse_record(data, asked: str, base: str, where: str) -> Record:
    """A record document -> Record; FetchError if it does not look like Zenodo's."""
    if not isinstance(data, dict):
        raise FetchError(f"{where}: not a Zenodo record (expected a JSON object)")
    record_id = str(data.get("id") or data.get("recid") or asked)
    entries = data.get("files")
    if isinstance(entries, dict):  # the newer layout: {"enabled": true, "entries": {key: entry}}
        entries = entries.get("entries") or {}
        entries = list(entries.values()) if isinstance(entries, dict) else entries
    if not isinstance(entries, list):
        raise FetchError(f"{where}: the record lists no files")
    files = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise FetchError(f"{where}: a file entry has no 'key'")
        key = entry["key"]
        algorithm, _, digest = str(entry.get("checksum") or "").partition(":")
        links = _links(entry)
        link = next((links[k] for k in ("content", "download", "self") if isinstance(links.get(k), str)), None)
        size = entry.get("size")
        default = f"{base}/api/records/{record_id}/files/{urllib.parse.quote(key)}/content"
        files[key] = RemoteFile(
            key=key,
            size=size if isinstance(size, int) and not isinstance(size, bool) else None,
            md5=digest.lower() if algorithm == "md5" and digest else None,
            url=rebase(link, base) if link else default,
        )
    return Record(asked=asked, record_id=record_id, files=files)


def rebase(url: str, base: str) -> str:
    """`url` made absolute against `base`, and moved onto it if it points to zenodo.org."""
    if url.startswith(DEFAULT_BASE_URL + "/") and base != DEFAULT_BASE_URL:
        return base + url[len(DEFAULT_BASE_URL):]
    return urllib.parse.urljoin(base + "/", url)


def _links(document: dict) -> dict:
    links = document.get("links") if isinstance(document, dict) else None
    return links if isinstance(links, dict) else {}
