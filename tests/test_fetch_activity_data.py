"""fetch_activity_data against a local stand-in for Zenodo (tests/zenodo_stand_in.py), serving
fixture files in the published layout (tests/published_data.py); then init_data_gcamp
imports what was fetched. Every connection but to the stand-in is refused."""

import hashlib
import io
import json
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from activity.fetch import transfer
from activity.fetch.papers import ARCHIVE, DATASETS, LABELS
from activity.importers.cepnem import CEPNEM_FILES
from activity.models import GCaMPDataset, GCaMPNeuron, trace_array
from core.cache import data_version
from tests.activity_fixtures import label, matched, recording_arrays, write_h5, write_tree
from tests.published_data import (
    JULIA_EXAMPLE,
    JULIA_EXPECTED,
    THETA,
    h5_archive,
    label_file,
    random_cepnem,
    write_cepnem,
)
from tests.zenodo_stand_in import ZenodoStandIn

PAPER = "atanas_kim_2023"
RECORD = "19388374"  # the record id papers.json gives for the paper
NEWEST = "19388999"  # the stand-in's newest version of it
U1, U2, U3 = "2023-01-01-01", "2023-01-01-02", "2023-01-01-03"  # U3 has no CePNEM fit


@dataclass
class Published:
    server: ZenodoStandIn
    root: Path  # the data folder
    recordings: dict
    files: dict[str, bytes]
    checksums: dict[str, str]  # uid -> sha256 of its h5 file
    cepnem: dict

    @property
    def folder(self) -> Path:
        return self.root / PAPER


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """No test may reach the internet: a connection to anything but this machine fails."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"a test tried to connect to {address}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def waits(monkeypatch) -> list:
    """The waits between attempts, recorded instead of slept."""
    waited = []
    monkeypatch.setattr(transfer, "wait", waited.append)
    return waited


@pytest.fixture
def published(tmp_path):
    recordings = {
        U1: recording_arrays(seed=1, n_neuron=2, n_t=20),
        U2: recording_arrays(seed=2, n_neuron=6, n_t=20),
        U3: recording_arrays(seed=3, n_neuron=5, n_t=20),
    }
    build = tmp_path / "record"
    build.mkdir()
    # U1's two labels name their NeuroPAL ROIs, and its h5 file holds the match that confirms
    # them (one left/right pair is too few for the import's label check on its own).
    u1_labels, u1_match = matched({"1": label("AVAL", "AVA", "L"), "2": label("AVAR", "AVA", "R")})
    checksums = h5_archive(build / ARCHIVE, recordings, roi_matches={U1: u1_match})
    cepnem = {U1: JULIA_EXAMPLE, U2: random_cepnem(6, seed=2)}
    write_cepnem(build, cepnem)
    files = {ARCHIVE: (build / ARCHIVE).read_bytes()}
    files |= {f"{name}.h5.bz2": (build / f"{name}.h5.bz2").read_bytes() for name in CEPNEM_FILES}
    files[LABELS] = label_file({U1: u1_labels})
    server = ZenodoStandIn()
    server.publish(NEWEST, files, older=(RECORD,))
    rows = [{"uid": uid, "checksum": checksums[uid], "type": "baseline,neuropal", "label": uid == U1}
            for uid in recordings]
    root = write_tree(tmp_path / "data", rows, paper=PAPER)
    yield Published(server, root, recordings, files, checksums, cepnem)
    server.stop()


def fetch(published: Published, *args: str) -> str:
    out = io.StringIO()
    call_command("fetch_activity_data", "--data-dir", str(published.root), "--base-url", published.server.url,
                 *args, stdout=out, stderr=out)
    return out.getvalue()


def fetch_failing(published: Published, *args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="error"):
        call_command("fetch_activity_data", "--data-dir", str(published.root), "--base-url", published.server.url,
                     *args, stdout=out, stderr=out)
    return out.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Partial files left behind."""
    return sorted(p.name for p in folder.rglob(".*") if p.is_file())


def test_fetches_verifies_and_extracts_everything_from_the_newest_version(published):
    output = fetch(published)
    folder = published.folder
    for key, content in published.files.items():
        assert (folder / key).read_bytes() == content
    for uid, checksum in published.checksums.items():
        assert sha256(folder / DATASETS / f"{uid}-data.h5") == checksum
    assert leftovers(folder) == []
    assert f"Zenodo record {RECORD} (newest version {NEWEST})" in output
    assert f"{PAPER}: 8 downloaded" in output and "3 of 3 recordings verified (3 extracted now), 0 errors" in output
    downloaded = [path for path, _, status in published.server.file_requests() if status == 200]
    assert len(downloaded) == 8 and all(f"/api/records/{NEWEST}/files/" in p for p in downloaded)


@pytest.mark.django_db
def test_fetched_data_import_with_labels_and_per_recording_encoding(published, client):
    fetch(published)
    bundled = write_h5(published.folder / "h5" / f"{U3}-data.h5", recording_arrays(seed=9, n_neuron=5, n_t=20))
    out = io.StringIO()
    call_command("init_data_gcamp", "--data-dir", str(published.root), stdout=out)
    for command in ("update_encoding_dict", "update_neuron_match_dict"):
        call_command(command, "--data-dir", str(published.root), stdout=io.StringIO())
    data_version.cache_clear()
    summary = out.getvalue()
    assert f"{PAPER}: 3 listed, 3 found, 3 imported, 0 refused; 1 other file(s) left for the published ones" in summary
    assert "2 with per-recording encoding" in out.getvalue()
    assert bundled.exists()  # a bundled copy of U3, superseded by the published file

    for uid, arrays in published.recordings.items():
        stored = np.vstack([trace_array(t) for t in GCaMPNeuron.objects.filter(dataset__dataset_name=uid)
                            .order_by("idx_neuron").values_list("trace", flat=True)])
        np.testing.assert_allclose(stored, arrays["traces"], atol=1e-6)
        assert GCaMPDataset.objects.get(dataset_name=uid).source_file == f"{PAPER}/{DATASETS}/{uid}-data.h5"
    labels = GCaMPNeuron.objects.filter(dataset__dataset_name=U1).values_list("neuron_name", "lr")
    assert list(labels) == [("AVAL", "l"), ("AVAR", "r")]

    answer = client.get(f"/activity/api/data/{PAPER}-{U1}/encoding/").json()
    for key, expected in JULIA_EXPECTED.items():
        if key != "ranges":
            assert answer[key] == pytest.approx(expected), key
    assert answer["neuron_categorization"]["2"]["v"]["rev"] == [2]
    assert GCaMPDataset.objects.get(dataset_name=U1).encoding["ranges"] == JULIA_EXPECTED["ranges"]
    assert GCaMPDataset.objects.get(dataset_name=U1).meta["blake3_fit_ranges"]  # the files' provenance

    answer = client.get(f"/activity/api/data/{PAPER}-{U2}/encoding/").json()
    for key, expected in expected_encoding(published.cepnem[U2], n_neuron=6).items():
        assert answer[key] == pytest.approx(expected), key
    assert client.get(f"/activity/api/data/{PAPER}-{U3}/encoding/").status_code == 404

    listing = {d["dataset_name"]: d["has_encoding"] for d in client.get("/activity/api/data/datasets/").json()}
    assert listing == {U1: True, U2: True, U3: False}
    dictionary = client.get("/activity/api/data/atanas_kim_2023_encoding/").json()
    assert list(dictionary) == [f"{PAPER}-{U1}"]  # the only labelled recording with encoding
    assert dictionary[f"{PAPER}-{U1}"]["neuron"]["1"]["label"] == "AVAL"


def expected_encoding(entries: dict, n_neuron: int) -> dict:
    """The encoding rules of the original's pipeline, applied to the fixture's input values
    (not to the files), neuron by neuron."""
    tau = np.asarray(entries["sampled_tau_vals_median"])  # Julia (n_range, n_neuron)
    strength = {b: np.asarray(m) for b, m in entries["relative_encoding_strength_median"].items()}  # Julia (n, n_range)
    categories = entries["neuron_categorization"]
    tuning = (("v", ("fwd", "rev"), "v_fwd", "forwardness"), (THETA, ("dorsal", "ventral"), "θh_dorsal", "dorsalness"),
              ("P", ("act", "inh"), "P_pos", "feedingness"))
    names = ("tau_vals", "rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P", *(t[3] for t in tuning))
    expected = {k: [] for k in names}
    for n in range(1, n_neuron + 1):
        ranges = [int(r) for r, c in categories.items() if n in c["all"]]
        expected["tau_vals"].append(float(np.median([tau[r - 1, n - 1] for r in ranges])) if ranges else 0.0)
        for b in ("v", THETA, "P"):
            values = [strength[b][n - 1, r - 1] for r in ranges]
            expected[f"rel_enc_str_{b}"].append(float(np.median(values)) if ranges else 0.0)
        for b, pair, key, name in tuning:
            tuned = [r for r, c in categories.items() if n in c[b][pair[0]] or n in c[b][pair[1]]]
            values = [entries["tuning_strength"][r][str(n)][key] for r in tuned]
            expected[name].append(float(np.median(values)) if values else 0.0)
    changes = entries["encoding_changes_corrected"].values()
    expected["encoding_changing_neurons"] = sorted({i for c in changes for i in c["all"]})
    return expected


def test_a_second_run_downloads_nothing(published):
    fetch(published)
    published.server.requests.clear()
    output = fetch(published)
    assert published.server.file_requests() == []
    assert f"{PAPER}: 8 already present and verified, 3 of 3 recordings verified, 0 errors" in output
    assert "Nothing downloaded" in output


def test_without_the_archive_the_extracted_recordings_are_enough(published):
    fetch(published)
    (published.folder / ARCHIVE).unlink()
    published.server.requests.clear()
    output = fetch(published)
    assert published.server.file_requests() == []
    assert "not needed, all 3 recordings are present and verified" in output


def test_a_transfer_cut_short_is_resumed_with_range(published, waits):
    published.server.truncated = 1  # the first file transfer (the archive) stops half-way
    output = fetch(published)
    size = len(published.files[ARCHIVE])
    archive_requests = [(r, s) for p, r, s in published.server.file_requests() if p.endswith(f"/{ARCHIVE}/content")]
    assert archive_requests == [(None, 200), (f"bytes={size // 2}-", 206)]
    assert (published.folder / ARCHIVE).read_bytes() == published.files[ARCHIVE]
    assert "the transfer stopped after" in output and waits == [1]
    assert leftovers(published.folder) == []


def test_a_download_interrupted_in_an_earlier_run_resumes_where_it_stopped(published):
    content = published.files[ARCHIVE]
    md5 = hashlib.md5(content).hexdigest()
    published.folder.mkdir(exist_ok=True)
    (published.folder / f".{ARCHIVE}.{md5[:12]}.part").write_bytes(content[:1000])
    output = fetch(published)
    assert ("bytes=1000-", 206) in [(r, s) for p, r, s in published.server.file_requests() if ARCHIVE in p]
    assert (published.folder / ARCHIVE).read_bytes() == content
    assert "resuming after 1.0 kB" in output


def test_a_wrong_md5_is_an_error_naming_the_file_and_nothing_stays(published):
    published.server.wrong_md5 = {LABELS}
    output = fetch_failing(published)
    assert f"{LABELS}: md5" in output and "does not match the record's" in output
    assert not (published.folder / LABELS).exists()
    assert leftovers(published.folder) == []
    assert (published.folder / ARCHIVE).read_bytes() == published.files[ARCHIVE]  # the others are fetched


def test_a_recording_with_a_wrong_sha256_is_not_kept(published):
    manifest = published.root / f"wormwideweb-data/activity/raw/{PAPER}.csv"
    manifest.write_text(manifest.read_text().replace(published.checksums[U2], "0" * 64))
    output = fetch_failing(published)
    assert f"{U2}-data.h5: sha256 {published.checksums[U2]} does not match {'0' * 64}" in output
    assert not (published.folder / DATASETS / f"{U2}-data.h5").exists()
    assert (published.folder / DATASETS / f"{U1}-data.h5").exists()
    assert leftovers(published.folder) == []


def test_a_file_missing_from_the_record_is_an_error_and_the_rest_is_fetched(published):
    published.server.hidden = {"fit_ranges.h5.bz2"}
    output = fetch_failing(published)
    assert f"fit_ranges.h5.bz2 is not in Zenodo record {RECORD} (newest version {NEWEST})" in output
    assert (published.folder / LABELS).exists() and (published.folder / DATASETS / f"{U3}-data.h5").exists()


def test_a_recording_missing_from_the_archive_is_an_error(published):
    manifest = published.root / f"wormwideweb-data/activity/raw/{PAPER}.csv"
    row = f"2023-09-09-09-data.h5,{'1' * 64},2023-09-09-09,true,false,baseline,,\n"
    manifest.write_text(manifest.read_text() + row)
    output = fetch_failing(published)
    assert f"2023-09-09-09-data.h5 (raw/{PAPER}.csv, line 5 (2023-09-09-09)) is not in {ARCHIVE}" in output
    assert "3 of 4 recordings verified" in output


def test_too_many_requests_waits_as_the_server_says_then_succeeds(published, waits):
    published.server.rate_limited = 2
    output = fetch(published)
    assert waits == [1, 1]  # Retry-After: 1, twice
    assert [s for _, _, s in published.server.file_requests()][:3] == [429, 429, 200]
    assert "HTTP 429 Too Many Requests" in output and "0 errors" in output


def test_gives_up_after_five_attempts(published, waits):
    published.server.rate_limited = 100
    output = fetch_failing(published)
    assert "gave up after 5 attempts" in output and waits == [1, 1, 1, 1] * 8


def test_dry_run_lists_sizes_and_writes_nothing(published):
    output = fetch(published, "--dry-run")
    assert f"{ARCHIVE}: would download {len(published.files[ARCHIVE]) / 1000:.1f} kB" in output
    assert "would extract 3 recording(s)" in output
    assert f"Would download 8 file(s), {sum(map(len, published.files.values())) / 1000:.1f} kB." in output
    assert not published.folder.exists() or list(published.folder.iterdir()) == []
    assert published.server.file_requests() == []


def test_a_mirror_with_zenodo_links_is_used_for_every_request(published):
    published.server.links_on_zenodo = True  # the record's links name zenodo.org, the stand-in serves them
    fetch(published)
    assert len(published.server.file_requests()) == 8


def test_only_the_papers_asked_for_and_unknown_ones_named(published):
    with pytest.raises(CommandError, match=r"Unknown paper\(s\) nope; the Zenodo papers are atanas_kim_2023"):
        fetch(published, "--paper", "nope")
    assert "8 downloaded" in fetch(published, "--paper", PAPER)


def test_the_real_papers_json_lists_the_zenodo_records():
    """Every paper of the bundled papers.json is fetched from Zenodo (no network used)."""
    from django.conf import settings

    from activity.fetch.papers import zenodo_papers

    papers, notes = zenodo_papers(settings.DATA_DIR, [])
    assert {p.paper_id: (p.record_id, p.keys()[0], len(p.keys()), len(p.rows)) for p in papers} == {
        "atanas_kim_2023": ("19388374", ARCHIVE, 8, 68),
        "dag_nwabudike_kang_2023": ("19414639", ARCHIVE, 2, 15),
        "pradhan_madan_2025": ("19511989", ARCHIVE, 2, 8),
    }
    raw = json.loads((settings.DATA_DIR / "wormwideweb-data/activity/papers.json").read_text())
    assert all(p["repository"]["type"] == "zenodo" for p in raw) and notes == []


def test_progress_lines_give_bytes_rate_and_time_left():
    lines, now = [], [0.0]
    progress = transfer.Progress("    archive", lines.append, already=100_000_000, clock=lambda: now[0])
    now[0] = 10.0
    progress(200_000_000, 500_000_000)  # 100 MB in 10 s this run, 300 MB to go
    assert lines == ["    archive: 200.0 MB of 500.0 MB (40 %), 10.0 MB/s, 30 s left"]
    now[0] = 11.0
    progress(210_000_000, 500_000_000)  # within 2 s of the last line: no line
    assert len(lines) == 1
    assert progress.finish() == "110.0 MB in 11 s (10.0 MB/s)"


def test_the_build_hashes_what_it_imports_not_the_archives(published):
    """populate_db --if-needed rebuilds when the imported files change, not when an archive
    or a partial download comes or goes."""
    from activity.importers import inputs_sha256

    fetch(published)
    fetched = inputs_sha256(published.root)
    (published.folder / ARCHIVE).unlink()
    (published.folder / f".{LABELS}.0123456789ab.part").write_bytes(b"half")
    assert inputs_sha256(published.root) == fetched
    (published.folder / DATASETS / f"{U3}-data.h5").unlink()
    assert inputs_sha256(published.root) != fetched
