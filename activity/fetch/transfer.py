"""HTTP for the fetch, with the standard library (urllib): JSON documents and file downloads.

A transient failure (connection refused or reset, a timeout, a body cut short, HTTP 5xx) is
tried again after RETRY_DELAYS; a 429 (Too Many Requests) waits as long as its Retry-After
says (at most MAX_RETRY_AFTER s). Any other answer (404, 403 ...) fails at once. A download
goes into a partial file and is resumed with `Range: bytes=<size>-` where the last attempt,
or the last run, stopped; a server that ignores the range sends the whole file, which is then
written from the start.
"""

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

CHUNK = 1 << 20
RETRY_DELAYS = (1, 2, 4, 8)  # seconds before the 2nd, 3rd, 4th and 5th attempt
MAX_RETRY_AFTER = 300  # seconds: a longer Retry-After is cut to this
TIMEOUT = 60  # seconds without a byte before a connection counts as failed
PROGRESS_EVERY = 2.0  # seconds between progress lines
USER_AGENT = "WormWideWeb-fetch_activity_data (Python urllib)"


class FetchError(Exception):
    """A request failed for good; the message names the URL and why."""


class _Transient(Exception):
    """A failure worth another attempt, after `wait` seconds if the server said how long."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


def wait(seconds: float) -> None:
    """Wait before another attempt (tests replace it, so that no test waits for real)."""
    time.sleep(seconds)


class Transfer:
    """Requests with retries; `log` receives one line per retry."""

    def __init__(self, log: Callable[[str], None] = print, timeout: float = TIMEOUT):
        self.log, self.timeout = log, timeout

    def get_json(self, url: str) -> tuple[str, object]:
        """(the URL that answered, after redirects; the decoded JSON document)."""

        def once():
            with self._open(url) as response:
                body = response.read()
                final_url = response.geturl()
            try:
                return final_url, json.loads(body)
            except ValueError as e:
                raise FetchError(f"{url}: the answer is not JSON ({e})") from None

        return self._retry(url, once)

    def download(self, url: str, partial: Path, size: int | None, progress: Callable[[int, int | None], None]) -> None:
        """Bring `partial` to the whole file at `url` (of `size` bytes, when known), resuming
        from the bytes it already holds. `progress(done, total)` follows every chunk."""
        self._retry(url, lambda: self._download_once(url, partial, size, progress))

    def _download_once(self, url: str, partial: Path, size: int | None, progress) -> None:
        start = partial.stat().st_size if partial.exists() else 0
        if size is not None and start > size:
            partial.unlink()
            start = 0
        if size is not None and start == size:
            return
        try:
            response = self._open(url, {"Range": f"bytes={start}-"} if start else {})
        except _RangeRefused:
            partial.unlink()
            raise _Transient("the server refused to resume this file (HTTP 416); starting it again") from None
        with response:
            if response.status == 206:
                if _range_start(response.headers.get("Content-Range", "")) != start:
                    partial.unlink()
                    raise _Transient("the server resumed at another byte than asked; starting the file again")
                mode = "ab"
            else:  # 200: the whole file, whatever was asked
                start, mode = 0, "wb"
            length = response.headers.get("Content-Length")
            total = size if size is not None else (start + int(length) if length and length.isdigit() else None)
            done = start
            with open(partial, mode) as f:
                try:
                    while chunk := response.read(CHUNK):
                        f.write(chunk)
                        done += len(chunk)
                        progress(done, total)
                except (OSError, http.client.HTTPException) as e:
                    raise _Transient(f"the transfer stopped after {done:,} bytes ({_reason(e)})") from e
        if total is not None and done < total:
            raise _Transient(f"the transfer stopped after {done:,} of {total:,} bytes")

    def _open(self, url: str, headers: dict | None = None):
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            e.close()
            if e.code == 416 and "Range" in request.headers:
                raise _RangeRefused() from None
            if e.code == 429:
                wait = retry_after(e.headers)
                raise _Transient("the server asks to slow down (HTTP 429 Too Many Requests)", wait) from None
            if e.code >= 500:
                raise _Transient(f"HTTP {e.code} {e.reason}") from None
            raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            raise _Transient(f"no answer ({_reason(e)})") from e

    def _retry(self, url: str, attempt: Callable):
        attempts = len(RETRY_DELAYS) + 1
        for i in range(attempts):
            try:
                return attempt()
            except _Transient as e:
                if i == attempts - 1:
                    raise FetchError(f"{url}: {e}; gave up after {attempts} attempts") from None
                seconds = RETRY_DELAYS[i] if e.wait is None else e.wait
                self.log(f"{e}; trying again in {seconds:g} s (attempt {i + 2} of {attempts})")
                wait(seconds)


class _RangeRefused(Exception):
    """HTTP 416: the server will not send the asked range."""


def retry_after(headers) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), within 0..MAX_RETRY_AFTER."""
    value = (headers.get("Retry-After") or "").strip() if headers else ""
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = (email.utils.parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _range_start(content_range: str) -> int | None:
    """The first byte of `Content-Range: bytes 100-199/200`."""
    unit, _, span = content_range.partition(" ")
    first = span.partition("-")[0]
    return int(first) if unit == "bytes" and first.isdigit() else None


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or error or type(error).__name__)


class Progress:
    """Progress lines of one download: bytes, rate and time left, at most every PROGRESS_EVERY s."""

    def __init__(self, name: str, log: Callable[[str], None], already: int = 0,
                 clock: Callable[[], float] = time.monotonic):
        self.name, self.log, self.clock = name, log, clock
        self.started = self.last = clock()
        self.first = self.done = already  # bytes already there (a resumed download)
        self.total: int | None = None

    def __call__(self, done: int, total: int | None) -> None:
        self.first = min(self.first, done)  # a server that ignored the range started again
        self.done, self.total = done, total
        now = self.clock()
        if now - self.last >= PROGRESS_EVERY:
            self.last = now
            self.log(f"{self.name}: {self._status(now)}")

    def _status(self, now: float) -> str:
        seconds = max(now - self.started, 1e-6)
        rate = (self.done - self.first) / seconds
        text = size_text(self.done)
        if self.total:
            text += f" of {size_text(self.total)} ({100 * self.done / self.total:.0f} %)"
        text += f", {size_text(rate)}/s"
        if self.total and rate > 0:
            text += f", {duration_text((self.total - self.done) / rate)} left"
        return text

    def finish(self) -> str:
        """A line for the end of the download: how much, how long, how fast."""
        seconds = max(self.clock() - self.started, 1e-6)
        fetched = self.done - self.first
        return f"{size_text(fetched)} in {duration_text(seconds)} ({size_text(fetched / seconds)}/s)"


def size_text(n: float) -> str:
    """Bytes in decimal units, as Zenodo shows them: 512.3 MB."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
