from pathlib import Path

from activity import downloads
from core.management.base import ProgressCommand


class Command(ProgressCommand):
    help = (
        "Write every activity download: activity/<paper_id>/<uid>.json.bz2 for each recording "
        "(bzip2 of the published per-recording JSON layout) and activity/<paper_id>.tar.bz2 for "
        "each paper with recordings (a tar of its plain <paper_id>_<uid>.json files), as "
        "wormwideweb.org serves them. Without --out, into the folder the server serves them from "
        "(ACTIVITY_DATA_CACHE_DIR/<data version>/), building only what is missing; populate_db "
        "runs it so that no request has to build an archive. With --out D, every file into D, "
        "with the object names the bucket of ACTIVITY_DATA_GCS_BUCKET must hold: copy D to the "
        "bucket (e.g. gcloud storage rsync). Reads the database only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path,
            help="write every file into this folder (created if needed), for the bucket, instead of the serving cache",
        )

    def handle(self, *args, **options):
        out: Path | None = options["out"]
        folder = out or downloads.cache_folder()
        self.stdout.write(f"Writing the activity downloads into {folder} ...")
        written = downloads.export(folder, replace=out is not None, progress=self.progress)
        size = sum(p.stat().st_size for p in written)
        which = "" if out else " (those missing)"
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {len(written)} files{which}, {size / 1e6:.1f} MB, into {folder} in {self.elapsed()}."
        ))
