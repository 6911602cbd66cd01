"""The code version: which code computed an answer, beside the data version in every cache key.

`code_version()` is the package version, the git commit when the code is a git checkout, and a
hash of the Python source and templates of the apps, computed once per process (a few ms at
start). A deploy that changes an answer's shape changes the hash, so a shared Redis never
serves an answer the old code computed, even when the data did not change.
"""

import functools
import hashlib
import importlib.metadata
import subprocess

from django.conf import settings

SOURCE_FOLDERS = ("wormwideweb", "core", "connectome", "activity", "neurons", "atlas", "templates")
SOURCE_SUFFIXES = (".py", ".html")


@functools.cache
def code_version() -> str:
    """`<package version>[-g<commit>]-s<source hash>`, e.g. `0.1.0-g1a2b3c4d5e6f-s0f9e8d7c6b5a`:
    letters, digits, '.' and '-' only (it names download folders too)."""
    parts = [_package_version()]
    commit = _git_commit()
    if commit:
        parts.append(f"g{commit[:12]}")
    parts.append(f"s{source_hash()[:12]}")
    return "-".join(parts)


def source_hash() -> str:
    """sha256 of every source file's relative path and content, in path order."""
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    files = sorted(
        path for folder in SOURCE_FOLDERS for path in (base / folder).rglob("*")
        if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    )
    for path in files:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _package_version() -> str:
    try:
        return importlib.metadata.version("wormwideweb")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _git_commit() -> str | None:
    """The checked-out commit, or None without git or outside a checkout (the Docker image)."""
    if not (settings.BASE_DIR / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True,
                              timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit.isalnum() else None
