"""The optional disk cache: answers kept per server and per data version.

Layout: ``<cache_dir>/<server>/<version>/<key[:2]>/<key>.json``, where ``<version>`` is the
server's data version (joined with its code version when it gives one), ``<server>`` names
the base URL and ``<key>`` is the sha256 of the request (method, URL with its query, body).
When the server announces another data version (GET /api/version/), the folders of every
other version of that server are deleted: an answer from before an import is never served
after it, and the cache holds one version per server.
"""

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

_SAFE = re.compile(r"[A-Za-z0-9._+-]{1,100}")


def _folder_name(text: str) -> str:
    """text as a folder name: itself when it is short and safe, else a readable part + its hash."""
    if _SAFE.fullmatch(text) and text not in (".", ".."):
        return text
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_.")[:60]
    return f"{readable}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


class DiskCache:
    """Answers of one server (base_url) under root, one folder per data version."""

    def __init__(self, root: str | os.PathLike, base_url: str):
        self.root = Path(root).expanduser()
        self.server = self.root / _folder_name(base_url.split("://", 1)[-1])

    def _path(self, version: str, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.server / _folder_name(version) / digest[:2] / f"{digest}.json"

    def get(self, version: str, key: str) -> bytes | None:
        try:
            return self._path(version, key).read_bytes()
        except OSError:
            return None

    def put(self, version: str, key: str, content: bytes) -> None:
        """Write atomically: a reader sees the whole answer or none."""
        path = self._path(version, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def keep_only(self, version: str) -> None:
        """Delete the answers of this server's other data versions."""
        keep = _folder_name(version)
        if self.server.is_dir():
            for folder in self.server.iterdir():
                if folder.name != keep:
                    shutil.rmtree(folder, ignore_errors=True)

    def clear(self) -> None:
        """Delete every answer of this server."""
        shutil.rmtree(self.server, ignore_errors=True)

    def versions(self) -> list[str]:
        """The data versions held (folder names), for inspection."""
        return sorted(p.name for p in self.server.iterdir()) if self.server.is_dir() else []
