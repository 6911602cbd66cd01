"""Benchmark with every published recording at its real size, on synthetic data (run by hand).

    .venv/bin/python bench/scale.py [--requests N] [--starts N] [--keep DIR]

1. Data: a temporary data folder with the real shared inputs (connectome, papers, manifests)
   and, for each of the 91 manifest rows, a CLEARLY SYNTHETIC recording written for this
   benchmark only (random traces; never served, never committed): 100-180 neurons (the first
   180) x the real length (1600 frames for Atanas & Kim, 800 or 1600 for Dag, the t_range end
   for Pradhan), with the extra ANTSUN arrays so the files have the published sizes (about
   7 MB for 1600 frames), NeuroPAL labels on 60 % of the traces of the labelled rows, and the
   six CePNEM files for Atanas & Kim (tuning_strength with the 25 values per neuron and range
   that CePNEMAnalysis.jl stores), all in the layout fetch_activity_data leaves.
2. Import: populate_db into a temporary database; then init_data_gcamp alone, timed, with
   the peak memory of its process.
3. Serving: gunicorn (gunicorn.conf.py, one sync worker, DJ_DEBUG=0, read-only database,
   in-memory cache). Cold = the first request after a worker start and its warm-up, over
   --starts starts; warm = --requests repeats. Worker memory after the warm-up, after every
   recording was browsed (traces, correlations, behaviour, encoding, replay), and while
   each paper's .tar.bz2 archive is built.

Targets (issue 14): import of 91 recordings < 60 s; worker RSS < 300 MB after warm-up;
datasets API, find-neuron API and the dataset browser < 300 ms cold, < 5 ms warm; paper
archive build bounded in memory.
"""

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
from serving import ROOT, Server, _base_env, collect_static, percentile

sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PAPERS = {"atanas_kim_2023": 1600, "dag_nwabudike_kang_2023": 800, "pradhan_madan_2025": None}  # frames
STEP = 0.6  # seconds per frame
# The other values CePNEMAnalysis.jl keeps per neuron and range in tuning_strength.
TUNING_KEYS = [f"{b}_{k}" for b in ("v", "θh", "P") for k in ("rect_neg", "rect_pos", "neg", "pos")] + [
    f"{d}_{b}_encoding_{k}" for d in ("fwd", "rev") for b in ("θh", "P") for k in ("act", "inh")
] + ["v_fwd_slope", "v_rev_slope", "θh_ventral", "θh_rect_dorsal", "θh_rect_ventral"]
ENDPOINTS = {
    "datasets API": "/activity/api/data/datasets/",
    "find-neuron API": "/activity/api/data/find_neuron/",
    "dataset browser page": "/activity/dataset/",
}


def generate(root: Path) -> Path:
    """The synthetic data folder (see the module docstring); return it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wormwideweb.settings")
    os.environ.setdefault("DJ_DEBUG", "1")
    import django

    django.setup()
    from tests.published_data import label_file, random_cepnem, write_cepnem

    data = root / "data"
    shutil.copytree(ROOT / "data/wormwideweb-data", data / "wormwideweb-data")
    neurons = _head_neurons()
    rng = np.random.default_rng(14)
    total, first = 0, True
    for paper, frames in PAPERS.items():
        manifest = data / f"wormwideweb-data/activity/raw/{paper}.csv"
        with open(manifest, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        labels, cepnem = {}, {}
        for row in rows:
            n_neuron = 180 if first else int(rng.integers(100, 181))
            first = False
            n_t = frames or int(row["t_range"].split(":")[1])
            last_event = max([int(x) for x in re.findall(r"\d+", row["event"] or "")] or [0])
            if last_event >= n_t:
                n_t = 1600
            path = data / paper / "datasets" / row["filename"]
            names = _write_recording(path, rng, n_neuron, n_t, neurons if row["label"] == "true" else None)
            if names:
                labels[row["uid"]] = names
            if paper == "atanas_kim_2023":
                cepnem[row["uid"]] = random_cepnem(n_neuron, seed=int(rng.integers(1 << 30)))
                for per_neuron in cepnem[row["uid"]]["tuning_strength"].values():
                    for values in per_neuron.values():
                        values.update(zip(TUNING_KEYS, rng.normal(size=len(TUNING_KEYS)).tolist(), strict=True))
            row["checksum"] = _sha256(path)
            total += path.stat().st_size
        with open(manifest, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        (data / paper / "neuropal_label.json.bz2").write_bytes(label_file(labels))
        if cepnem:
            write_cepnem(data / paper, cepnem)
    print(f"Synthetic data: 91 recordings, {total / 1e6:.0f} MB of h5 files in {data}")
    return data


def _head_neurons() -> list[dict]:
    with open(ROOT / "data/wormwideweb-data/connectome/connectome_neurons.csv", newline="") as f:
        return [r for r in csv.DictReader(f) if r["category"] == "shared"]


def _write_recording(path: Path, rng, n_neuron: int, n_t: int, neurons: list[dict] | None) -> dict:
    """One synthetic <uid>-data.h5 (Julia orientation); its label block, if labelled: 60 % of the
    traces named, and each named left/right pair correlated, as real pairs are."""
    traces = rng.normal(size=(n_neuron, n_t)).cumsum(axis=1)
    labels = {}
    if neurons:
        chosen = rng.choice(len(neurons), size=min(len(neurons), int(0.6 * n_neuron)), replace=False)
        by_name = {}
        for idx, k in zip(rng.choice(np.arange(1, n_neuron + 1), size=len(chosen), replace=False), chosen, strict=True):
            neuron = neurons[k]
            by_name[neuron["name"]] = int(idx)
            labels[str(idx)] = {"label": neuron["name"], "neuron_class": neuron["class"],
                                "LR": neuron["lr"].upper() or "undefined", "DV": neuron["dv"].upper() or "undefined",
                                "region": "", "roi_id": int(idx), "confidence": 4}
        for name, idx in by_name.items():
            if name.endswith("L") and name[:-1] + "R" in by_name:
                partner = by_name[name[:-1] + "R"]
                traces[partner - 1] = traces[idx - 1] + 0.5 * traces[partner - 1]
    zscored = (traces - traces.mean(axis=1, keepdims=True)) / traces.std(axis=1, ddof=1, keepdims=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        f["gcamp/trace_array"] = zscored.T
        f["gcamp/trace_array_original"] = (1 + 0.1 * zscored).T
        f["gcamp/traces_array_F_F20"] = (1 + 0.2 * zscored).T
        f["timing/timestamp_confocal"] = 1000 + STEP * np.arange(n_t)
        f["timing/timestamp_nir"] = 1000 + STEP / 12.6 * np.arange(int(12.6 * n_t))
        for name in ("velocity", "head_angle", "angular_velocity", "pumping", "worm_curvature"):
            f[f"behavior/{name}"] = rng.normal(0, 0.1, n_t)
        for name, width in (("body_angle", 30), ("body_angle_all", 59), ("body_angle_absolute", 59)):
            f[f"behavior/{name}"] = rng.normal(size=(n_t, width))
        starts = np.arange(10, n_t - 20, 40)
        f["behavior/reversal_events"] = np.vstack([starts, starts + 5])
    return labels


def _sha256(path: Path) -> str:
    from core.datafiles import sha256_file

    return sha256_file(path)


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """(seconds, peak resident MB, output) of `manage.py <args>` in its own process."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env={**_base_env(), **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{output[-3000:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, output


def time_import(data: Path, db: Path) -> None:
    env = {"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)}
    seconds, peak, output = run(["populate_db", "--data-dir", str(data)], env)
    print(f"  populate_db (the whole build)            {seconds:6.1f} s, peak {peak:5.0f} MB")
    copy = db.with_name("import.sqlite3")
    shutil.copy(db, copy)
    seconds, peak, output = run(["init_data_gcamp", "--data-dir", str(data)], {**env, "DJ_DB_PATH": str(copy)})
    copy.unlink()
    summary = [line.strip() for line in output.splitlines() if line.strip().startswith(("Imported", *PAPERS))]
    print(f"  init_data_gcamp (91 recordings)          {seconds:6.1f} s, peak {peak:5.0f} MB   target < 60 s")
    for line in summary:
        print(f"      {line}")


def report(name: str, seconds: list[float], target_ms: float) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"  {name:<34} median {statistics.median(ms):8.2f} ms   p95 {percentile(ms, 95):8.2f} ms   "
          f"max {max(ms):8.2f} ms   n={len(ms):<4} target < {target_ms:g} ms")


def timed_get(server: Server, path: str) -> float:
    status, body, seconds = server.get(path)
    if status != 200:
        sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
    return seconds


def time_serving(db: Path, folder: Path, starts: int, repeats: int) -> None:
    env = {"ACTIVITY_DATA_CACHE_DIR": str(folder / "downloads"), "DJ_STATIC_ROOT": str(collect_static(folder))}
    print(f"Cold: the first request after a worker start and warm-up ({starts} starts each):")
    for name, path in ENDPOINTS.items():
        cold = []
        for _ in range(starts):
            server = Server(db, workers=1, **env)
            try:
                cold.append(timed_get(server, path))
            finally:
                server.stop()
        report(name, cold, 300)
    server = Server(db, workers=1, **env)
    try:
        print(f"Worker memory after start and warm-up: {server.worker_rss_mb():.0f} MB (target < 300 MB)")
        print(f"Warm ({repeats} requests each, after a first one):")
        for name, path in ENDPOINTS.items():
            timed_get(server, path)
            report(name, [timed_get(server, path) for _ in range(repeats)], 5)
        browse_everything(server)
        print(f"Worker memory after browsing every recording: {server.worker_rss_mb():.0f} MB "
              f"(peak {server.worker_rss_mb('VmHWM'):.0f} MB)")
    finally:
        server.stop()
    print("Paper archives (.tar.bz2), each in a fresh worker:")
    for paper in PAPERS:
        server = Server(db, workers=1, **env)
        try:
            before = server.worker_rss_mb()
            status, body, seconds = server.get(f"/activity/api/data/download/paper/{paper}/")
            if status != 200:
                sys.exit(f"archive of {paper} answered {status}")
            print(f"  {paper:<26} {len(body) / 1e6:6.1f} MB in {seconds:5.1f} s; worker {before:.0f} MB before, "
                  f"peak {server.worker_rss_mb('VmHWM'):.0f} MB, {server.worker_rss_mb():.0f} MB after")
        finally:
            server.stop()


def browse_everything(server: Server) -> None:
    """What a user may ask of every recording: traces, correlations, behaviour, encoding, replay."""
    api = "/activity/api/data"
    started, requests = time.perf_counter(), 0
    for d in server.get_json(f"{api}/datasets/"):
        paths = [f"{api}/{d['dataset_id']}/traces/?n={','.join(map(str, range(1, min(d['n_neuron'], 30) + 1)))}",
                 f"{api}/{d['dataset_id']}/correlation/?n=1,2,3&top=5"]
        if d["has_behavior"]:
            paths.append(f"{api}/{d['dataset_id']}/behavior/")
        if d["has_encoding"]:
            paths.append(f"{api}/{d['dataset_id']}/encoding/")
        if d["n_labeled"]:
            paths.append(f"{api}/replay/?activity_dataset={d['dataset_id']}&connectome_dataset=cook_jarrell_2019_h")
        for path in paths:
            timed_get(server, path)
            requests += 1
    timed_get(server, f"{api}/atanas_kim_2023_encoding/")
    print(f"Browsed every recording: {requests + 1} requests in {time.perf_counter() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="warm requests per endpoint (default 200)")
    parser.add_argument("--starts", type=int, default=5, help="worker starts per cold measurement (default 5)")
    parser.add_argument("--keep", type=Path, help="keep the synthetic data and database in this folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wormwideweb-scale-")) if not args.keep else args.keep
    try:
        data = generate(folder)
        db = folder / "db.sqlite3"
        print("Import:")
        time_import(data, db)
        time_serving(db, folder, args.starts, args.requests)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
