import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from activity.fetch.papers import fetch_paper, zenodo_papers
from activity.fetch.transfer import Transfer, duration_text, size_text
from activity.fetch.zenodo import DEFAULT_BASE_URL
from activity.importers import DataImportError
from core.management.base import ProgressCommand


class Command(ProgressCommand):
    help = (
        "Download the published activity data of every paper of "
        "<data-dir>/wormwideweb-data/activity/papers.json whose repository is Zenodo: the "
        "record's newest version is read from Zenodo's REST API, then the files the original's "
        "pipeline uses are downloaded into <dest>/<paper_id>/: processed_h5.tar.bz2 (its "
        "<uid>-data.h5 recordings extracted into datasets/), neuropal_label.json.bz2 and the six "
        "CePNEM .h5.bz2 files where the paper has them. Each download is checked against the "
        "record's md5 and each recording against the manifest's sha256; a file that fails is "
        "never left under its final name. Interrupted downloads resume, transient failures are "
        "retried, files already present and verified are skipped. Then run init_data_gcamp "
        "(or make run) to import them. Writes no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--paper", action="append", default=[], metavar="PAPER_ID",
            help="fetch only this paper (repeat the option, or join ids with commas); default: every Zenodo paper",
        )
        parser.add_argument(
            "--data-dir", default=settings.DATA_DIR,
            help="folder holding wormwideweb-data/ (papers.json and the manifests) (default: %(default)s)",
        )
        parser.add_argument("--dest", help="where the <paper_id>/ folders go (default: the data folder)")
        parser.add_argument(
            "--base-url", default=DEFAULT_BASE_URL,
            help="Zenodo, or a mirror that answers like Zenodo's REST API (default: %(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be fetched, with sizes; download nothing"
        )

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"])
        dest = Path(options["dest"] or data_dir)
        problems = []
        try:
            papers, notes = zenodo_papers(data_dir, problems)
        except DataImportError as e:
            raise CommandError(str(e)) from None
        for note in notes + [str(p) for p in problems]:
            self.stdout.write(self.style.WARNING(f"  {note}"))
        chosen = [p.strip() for value in options["paper"] for p in value.split(",") if p.strip()]
        known = [p.paper_id for p in papers]
        unknown = [p for p in chosen if p not in known]
        if unknown:
            raise CommandError(f"Unknown paper(s) {', '.join(unknown)}; the Zenodo papers are {', '.join(known)}.")
        papers = [p for p in papers if not chosen or p.paper_id in chosen]
        what = "Listing what would be fetched" if options["dry_run"] else "Fetching the published activity data"
        self.stdout.write(f"{what} into {dest}/ from {options['base_url']} ...")
        transfer = Transfer(log=lambda line: self.progress(f"    {line}"))
        summaries = [
            fetch_paper(paper, dest, transfer, options["base_url"], self.progress, dry_run=options["dry_run"])
            for paper in papers
        ]
        self.stdout.write("Summary:")
        for summary in summaries:
            style = self.style.ERROR if summary.errors else self.style.SUCCESS
            self.stdout.write(style(f"  {summary.line()}"))
            for error in summary.errors:
                self.stdout.write(self.style.ERROR(f"    error: {error}"))
        errors = sum(len(s.errors) for s in summaries)
        if options["dry_run"]:
            planned = [size for s in summaries for _, size in s.planned]
            self.stdout.write(f"Would download {len(planned)} file(s), {size_text(sum(n or 0 for n in planned))}.")
        else:
            fetched = sum(n for s in summaries for _, n in s.downloaded)
            took = duration_text(time.perf_counter() - self.started)
            self.stdout.write(
                f"Downloaded {size_text(fetched)} in {took}." if fetched else f"Nothing downloaded ({took}).",
            )
        if errors:
            raise CommandError(f"{errors} error(s) above; what was verified is kept, run the command again to retry.")
        if not options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(
                "Everything is verified. `make run` (or populate_db) rebuilds the database with it."
            ))
