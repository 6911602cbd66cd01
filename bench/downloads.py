"""Time and memory of the activity downloads, the largest archive above all (issue 10, defect 4).

1. On a fresh database of the bundled data (populate_db, which also prepares the downloads):
   `export_activity_data --out`, the largest paper archive (dag_nwabudike_kang_2023, 8
   recordings) built from nothing as a first request would build it, the same archive when
   its recordings' files exist, and the zip of 9 chosen recordings streamed whole.
2. At the size of the published data: a copy of that database with a clearly synthetic paper
   (`synthetic_bench`, never served) of 68 recordings of 1600 frames, as many as the largest
   published paper (atanas_kim_2023), each the largest bundled recording (146 neurons) played
   forwards then backwards. Its archive built from nothing (a first request), then from existing
   recording files; 20 of its recordings zipped; for comparison, the archive built the way the
   previous code did (the whole archive in memory); and the whole export (the build-time step).

Each measurement runs in its own process: time, and peak resident memory above the memory the
process had before the step (Django set up, the database open). Run `python bench/downloads.py`.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import ROOT, _base_env, build_database  # noqa: E402 (the bench folder is not a package)

SYNTHETIC = "synthetic_bench"
N_SYNTHETIC = 68

MEASURE = """
import json, os, resource, sys, time
import django
django.setup()
def rss_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024
from activity import downloads
from activity.catalog import recordings
from activity.models import GCaMPDataset
list(GCaMPDataset.objects.values_list("pk"))
before, started = rss_mb(), time.perf_counter()
{code}
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_above_mb": peak - before, "result": result}}))
"""


def measure(db: Path, cache: Path, code: str, build: bool = False) -> dict:
    env = {**_base_env(), "DJANGO_SETTINGS_MODULE": "wormwideweb.settings", "DJ_DEBUG": "1",
           "DJ_DB_PATH": str(db), "DJ_DB_BUILD": "1" if build else "0", "ACTIVITY_DATA_CACHE_DIR": str(cache)}
    script = MEASURE.format(code=textwrap.dedent(code).strip())
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, figures: dict) -> None:
    extra = f", {figures['result']}" if figures.get("result") else ""
    print(f"{label:<62} {figures['seconds']:7.2f} s   +{figures['peak_above_mb']:6.1f} MB{extra}")


def add_synthetic_paper(db: Path, cache: Path) -> None:
    code = f"""
    import numpy as np
    from django.db import transaction
    from activity.models import GCaMPNeuron, GCaMPPaper, trace_array, trace_bytes
    source = GCaMPDataset.objects.get(dataset_id="dag_nwabudike_kang_2023-2022-07-26-31")
    neurons = list(source.neurons.order_by("idx_neuron"))
    twice = lambda values: values + values[::-1]
    with transaction.atomic():
        paper = GCaMPPaper.objects.create(paper_id="{SYNTHETIC}", order=99, title_full="Synthetic (bench only)",
                                          title_short="Synthetic")
        step = source.timestamp_confocal[1]
        for i in range({N_SYNTHETIC}):
            dataset = GCaMPDataset.objects.create(
                dataset_id=f"{SYNTHETIC}-{{i:03d}}", paper=paper, dataset_name=f"{{i:03d}}", order=1000 + i,
                meta={{**source.meta, "uid": f"{{i:03d}}", "paper_id": "{SYNTHETIC}"}}, source_file="synthetic",
                source_format=source.source_format, dataset_sha256="0" * 64, avg_timestep=source.avg_timestep,
                max_t=2 * source.max_t, n_neuron=source.n_neuron, n_labeled=source.n_labeled,
                timestamp_confocal=[round(t * step, 6) for t in range(2 * source.max_t)],
                behavior={{k: twice(v) if k != "reversal_events" else v for k, v in source.behavior.items()
                          if v is not None}}, events={{}}, encoding=None)
            GCaMPNeuron.objects.bulk_create(GCaMPNeuron(
                dataset=dataset, idx_neuron=n.idx_neuron, neuron_name=n.neuron_name, neuron_class=n.neuron_class,
                lr=n.lr, dv=n.dv, label=n.label,
                trace=trace_bytes(np.concatenate([trace_array(n.trace), trace_array(n.trace)[::-1]])),
                trace_original=trace_bytes(np.concatenate([trace_array(n.trace_original),
                                                            trace_array(n.trace_original)[::-1]])),
            ) for n in neurons)
    result = ""
    """
    measure(db, cache, code, build=True)


PAPER_FROM_NOTHING = """
path = downloads.paper_file("{paper}")
result = f"{{path.stat().st_size / 1e6:.1f}} MB"
"""

PREVIOUS_IN_MEMORY = """
import io, tarfile
from activity.layout import recording_json
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w:bz2") as archive:
    for dataset in GCaMPDataset.objects.filter(paper__paper_id="{paper}").select_related("paper"):
        content = b"".join(recording_json(dataset))
        member = tarfile.TarInfo(f"{paper}_{{dataset.dataset_name}}.json")
        member.size = len(content)
        archive.addfile(member, io.BytesIO(content))
result = f"{{len(buffer.getvalue()) / 1e6:.1f}} MB"
"""

ZIP = """
infos = [info for info in recordings().values() if info.paper_id.startswith("{paper}")][:20]
archive = downloads.recordings_zip(infos)
size = len(archive)
streamed = sum(len(chunk) for chunk in archive)
assert streamed == size
result = f"{{len(infos)}} recordings, {{size / 1e6:.1f}} MB"
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = build_database(tmp)
        print("Bundled data (8 + 1 recordings):")
        report("export_activity_data --out (every download)", measure_export(db, tmp))
        report("largest archive, first request, nothing built (8 recordings)",
               measure(db, tmp / "c1", PAPER_FROM_NOTHING.format(paper="dag_nwabudike_kang_2023")))
        report("largest archive, its recordings' files already built",
               measure_archive_only(db, tmp / "c1", "dag_nwabudike_kang_2023"))
        report("zip of every recording, streamed whole", measure(db, tmp / "c1", ZIP.format(paper="")))
        report("previous code: largest archive built in memory",
               measure(db, tmp / "c1", PREVIOUS_IN_MEMORY.format(paper="dag_nwabudike_kang_2023")))

        synthetic_db = tmp / "synthetic.sqlite3"
        shutil.copy(db, synthetic_db)
        add_synthetic_paper(synthetic_db, tmp / "c2")
        print(f"Published size (synthetic paper: {N_SYNTHETIC} recordings x 146 neurons x 1600 frames):")
        report("archive, first request, nothing built",
               measure(synthetic_db, tmp / "c2", PAPER_FROM_NOTHING.format(paper=SYNTHETIC)))
        report("archive, its recordings' files already built",
               measure_archive_only(synthetic_db, tmp / "c2", SYNTHETIC))
        report("zip of 20 recordings (the most a zip takes), streamed whole",
               measure(synthetic_db, tmp / "c2", ZIP.format(paper=SYNTHETIC)))
        report("previous code: archive built in memory",
               measure(synthetic_db, tmp / "c2", PREVIOUS_IN_MEMORY.format(paper=SYNTHETIC)))
        report("export_activity_data --out (77 recordings, 3 archives)", measure_export(synthetic_db, tmp))


def measure_export(db: Path, tmp: Path) -> dict:
    shutil.rmtree(tmp / "out", ignore_errors=True)
    return measure(db, tmp / "c0", f"""
    from pathlib import Path
    written = downloads.export(Path("{tmp / 'out'}"), replace=True)
    result = f"{{len(written)}} files, {{sum(p.stat().st_size for p in written) / 1e6:.1f}} MB"
    """)


def measure_archive_only(db: Path, cache: Path, paper: str) -> dict:
    """The archive rebuilt from the recording files of an earlier step (file copies only)."""
    return measure(db, cache, f"""
    downloads.paper_file("{paper}").unlink()
    path = downloads.paper_file("{paper}")
    result = f"{{path.stat().st_size / 1e6:.1f}} MB"
    """)


if __name__ == "__main__":
    main()
