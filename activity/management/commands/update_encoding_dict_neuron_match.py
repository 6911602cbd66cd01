from django.core.management.base import CommandError
from django.db import transaction

from activity.encoding import build_neuron_match, match_neurons, read_encoding_table, table_path
from activity.importers import DataImportError
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Match every class of the CePNEM encoding table (<data-dir>/wormwideweb-data/activity/"
        "encoding_table.json) to connectome neurons (AVA -> AVAL, AVAR; RID -> RID; SMBD -> "
        "SMBDL, SMBDR; RMD and RME -> only their L and R members) and store the match, which "
        "colours connectome nodes by encoding. Names that match nothing, and members of a "
        "matched class left without an encoding class, are reported. Run after "
        "init_data_connectome. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        path = table_path(options["data_dir"])
        self.stdout.write(f"Matching the classes of {path} to connectome neurons ...")
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"  warning: {path} is missing: no encoding classes"))
        try:
            classes = [row["name"] for row in read_encoding_table(path)] if path.exists() else []
        except DataImportError as e:
            raise CommandError(f"Stopped, database unchanged: {e}") from e
        match, problems = match_neurons(classes)
        with transaction.atomic():
            stored = build_neuron_match(match)
        for problem in problems:
            self.stdout.write(self.style.WARNING(f"  warning: {problem}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Matched {len(classes)} encoding classes to {stored} connectome neurons, "
                f"with {len(problems)} warning(s), in {self.elapsed()}."
            )
        )
