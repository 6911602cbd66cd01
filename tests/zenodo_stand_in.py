"""A local stand-in for Zenodo's REST API, started by the tests, so no test reaches the internet.

    GET /api/records/<id>                        the record: id, links (self, latest, html), files
    GET /api/records/<id>/versions/latest        302 to the newest version of the record
    GET /api/records/<id>/files/<key>/content    the file; `Range: bytes=<first>-[<last>]` answers
                                                 206 with Content-Range, or 416 past the end

Each file entry has `key`, `size`, `checksum` ("md5:<hex>") and `links.self` (its content),
as Zenodo's records API answers. Switches a test may set:
- `rate_limited`: the next N file requests answer 429 with `Retry-After: 1`;
- `truncated`: the next N file transfers stop after half of their bytes (the connection closes);
- `wrong_md5`: keys whose checksum in the record is wrong;
- `hidden`: keys left out of the record;
- `links_on_zenodo`: the record's links point to https://zenodo.org, as Zenodo's own answers do
  (a client given this server as a mirror must rewrite them).
`requests` logs every request as (path, Range header or None, status).
"""

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

ZENODO = "https://zenodo.org"


class ZenodoStandIn:
    def __init__(self):
        self.records: dict[str, dict[str, bytes]] = {}  # record id -> {key: content}
        self.newest: dict[str, str] = {}  # record id -> id of its newest version
        self.rate_limited = 0
        self.truncated = 0
        self.wrong_md5: set[str] = set()
        self.hidden: set[str] = set()
        self.links_on_zenodo = False
        self.requests: list[tuple[str, str | None, int]] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(_Handler):
            server_state = stand_in

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def publish(self, record_id: str, files: dict[str, bytes], older: tuple[str, ...] = ()) -> None:
        """Serve `files` as record `record_id`, the newest version of the `older` ids (which
        are served with no files)."""
        self.records[record_id] = dict(files)
        self.newest[record_id] = record_id
        for old in older:
            self.records.setdefault(old, {})
            self.newest[old] = record_id

    def file_requests(self) -> list[tuple[str, str | None, int]]:
        return [r for r in self.requests if r[0].endswith("/content")]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def take(self, switch: str) -> bool:
        """Use up one of the next N requests of a counting switch."""
        with self._lock:
            if getattr(self, switch) > 0:
                setattr(self, switch, getattr(self, switch) - 1)
                return True
            return False

    def record_document(self, record_id: str) -> dict:
        base = ZENODO if self.links_on_zenodo else self.url
        files = []
        for key, content in self.records[record_id].items():
            if key in self.hidden:
                continue
            md5 = hashlib.md5(content + (b"changed" if key in self.wrong_md5 else b"")).hexdigest()
            files.append({
                "id": hashlib.sha1(key.encode()).hexdigest(), "key": key, "size": len(content),
                "checksum": f"md5:{md5}",
                "links": {"self": f"{base}/api/records/{record_id}/files/{quote(key)}/content"},
            })
        return {
            "id": int(record_id), "recid": record_id,
            "metadata": {"title": f"Fixture record {record_id}"},
            "links": {"self": f"{base}/api/records/{record_id}", "html": f"{base}/records/{record_id}",
                      "latest": f"{base}/api/records/{record_id}/versions/latest"},
            "files": files,
        }


class _Handler(BaseHTTPRequestHandler):
    server_state: ZenodoStandIn

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        state = self.server_state
        path = self.path.split("?")[0]
        if match := re.fullmatch(r"/api/records/(\d+)", path):
            record_id = match.group(1)
            if record_id not in state.records:
                return self._answer(404, b'{"status": 404, "message": "PID does not exist."}')
            return self._answer(200, json.dumps(state.record_document(record_id)).encode())
        if match := re.fullmatch(r"/api/records/(\d+)/versions/latest", path):
            newest = state.newest.get(match.group(1))
            if newest is None:
                return self._answer(404, b'{"status": 404}')
            return self._answer(302, b"", {"Location": f"{state.url}/api/records/{newest}"})
        if match := re.fullmatch(r"/api/records/(\d+)/files/([^/]+)/content", path):
            content = state.records.get(match.group(1), {}).get(unquote(match.group(2)))
            if content is None:
                return self._answer(404, b'{"status": 404}')
            return self._file(content)
        return self._answer(404, b'{"status": 404}')

    def _file(self, content: bytes):
        state = self.server_state
        if state.take("rate_limited"):
            return self._answer(429, b'{"status": 429}', {"Retry-After": "1"})
        first, last, status, headers = 0, len(content) - 1, 200, {"Accept-Ranges": "bytes"}
        asked = self.headers.get("Range")
        if asked:
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", asked.strip())
            if not match or int(match.group(1)) >= len(content):
                return self._answer(416, b"", {"Content-Range": f"bytes */{len(content)}"})
            first = int(match.group(1))
            last = min(int(match.group(2)), last) if match.group(2) else last
            status, headers["Content-Range"] = 206, f"bytes {first}-{last}/{len(content)}"
        body = content[first:last + 1]
        if state.take("truncated"):
            self._log(status)
            self.send_response(status)
            self._headers({**headers, "Content-Length": str(len(body)), "Content-Type": "application/octet-stream"})
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        return self._answer(status, body, {**headers, "Content-Type": "application/octet-stream"})

    def _answer(self, status: int, body: bytes, headers: dict | None = None):
        self._log(status)
        self.send_response(status)
        self._headers({"Content-Type": "application/json", **(headers or {}), "Content-Length": str(len(body))})
        self.wfile.write(body)

    def _headers(self, headers: dict):
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _log(self, status: int):
        self.server_state.requests.append((self.path, self.headers.get("Range"), status))
