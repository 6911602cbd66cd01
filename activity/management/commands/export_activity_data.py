from pathlib import Path

from activity import downloads
from activity.models import GCaMPDataset, GCaMPPaper
from core.management.base import ProgressCommand


class Command(ProgressCommand):
    help = (
        "Write every download into a folder, with the object names the bucket of "
        "ACTIVITY_DATA_GCS_BUCKET must hold: activity/<paper_id>/<uid>.json for each recording "
        "(the published per-recording JSON layout) and activity/<paper_id>.tar.bz2 for each "
        "paper with recordings. Copy the folder to the bucket (e.g. gcloud storage rsync). "
        "Reads the database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="folder to write into (created if needed)")

    def handle(self, *args, **options):
        out: Path = options["out"]
        datasets = list(GCaMPDataset.objects.select_related("paper").order_by("order"))
        self.stdout.write(f"Writing {len(datasets)} recordings into {out} ...")
        written = 0
        for dataset in datasets:
            path = out / downloads.recording_object(dataset.paper.paper_id, dataset.dataset_name)
            downloads.write_file(path, downloads.recording_bytes(dataset))
            written += path.stat().st_size
            self.progress(f"{path.relative_to(out)}")
        for paper in GCaMPPaper.objects.order_by("order"):
            recordings = [d for d in datasets if d.paper_id == paper.pk]
            if recordings:
                path = out / downloads.paper_object(paper.paper_id)
                downloads.write_file(path, downloads.paper_archive_bytes(recordings))
                written += path.stat().st_size
                self.progress(f"{path.relative_to(out)} ({len(recordings)} recordings)")
        self.stdout.write(self.style.SUCCESS(f"Wrote {written / 1e6:.1f} MB into {out} in {self.elapsed()}."))
