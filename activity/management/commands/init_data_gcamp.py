from django.core.management.base import CommandError

from activity.importers import DataImportError, read_activity, write_activity
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Import the whole-brain GCaMP recordings listed in the manifests of "
        "<data-dir>/wormwideweb-data/activity/raw/ (papers, dataset types and event styles "
        "from the same folder). Each recording is looked for under <data-dir>/<paper_id>*/ as "
        "an HDF5 file (<uid>-data.h5), a published per-recording JSON or a labelled-trace JSON "
        "(see data/README.md). Rows without a file are reported and skipped; a checksum that "
        "differs from the manifest is a warning; a malformed or inconsistent file is refused "
        "with a message naming it, and the others go on. The activity tables are then replaced "
        "in one transaction. Needs the connectome (init_data_connectome) and DJ_DB_BUILD=1."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--strict",
            action="store_true",
            help="fail, writing nothing, if any recording is refused or any manifest row is malformed",
        )

    def handle(self, *args, **options):
        self.stdout.write(f"Reading the activity inputs in {options['data_dir']} ...")
        try:
            data = read_activity(options["data_dir"], self.progress)
        except DataImportError as e:
            raise CommandError(f"Import stopped, database unchanged: {e}") from e
        errors = [p for p in data.problems if p.level == "error"]
        for problem in sorted(data.problems, key=lambda p: p.level == "error"):
            if problem.level == "error" or self.verbosity >= 1:
                style = self.style.ERROR if problem.level == "error" else self.style.WARNING
                self.stdout.write(style(f"  {problem.level}: {problem}"))
        if errors and options["strict"]:
            raise CommandError(f"Import stopped (--strict), database unchanged: {len(errors)} error(s) above.")
        self.stdout.write("Writing the database ...")
        summary = write_activity(data, options["data_dir"], self.progress)
        for report in data.reports:
            missing = f"; missing: {', '.join(report.missing)}" if report.missing and self.verbosity >= 2 else ""
            self.stdout.write(
                f"  {report.paper_id}: {report.listed} listed, {report.found} found, "
                f"{report.imported} imported, {report.refused} refused{missing}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(summary)} recordings ({sum(r['neurons'] for r in summary)} neurons, "
                f"{sum(r['labelled'] for r in summary)} labelled; "
                f"{sum(not r['behaviour'] for r in summary)} without behaviour) of {len(data.papers)} papers, "
                f"with {len(errors)} refused and "
                f"{sum(p.level == 'warning' for p in data.problems)} warning(s), in {self.elapsed()}."
            )
        )
