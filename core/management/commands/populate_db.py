import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from activity.importers import inputs_sha256 as activity_inputs_sha256
from atlas.importer import inputs_sha256 as atlas_inputs_sha256
from connectome.extrasynaptic_import import inputs_sha256 as extrasynaptic_inputs_sha256
from connectome.importer import inputs_sha256 as connectome_inputs_sha256
from core.cache import data_version
from core.management.base import DataCommand
from core.models import ImportedData
from neurons.importer import inputs_sha256 as neurons_inputs_sha256

# The build, in order. Each step is a management command with its own --help.
STEPS = [
    "migrate",
    "init_data_connectome",
    "init_data_graph_precompute",
    "init_data_gcamp",
    "update_encoding_dict_neuron_match",
    "update_encoding_dict",
    "update_neuron_match_dict",
    "init_data_neurons",
    "init_data_atlas",
    "init_data_extrasynaptic",
]
# Data source -> the hash of its bundled input files, compared with ImportedData.
SOURCES = {
    "connectome": connectome_inputs_sha256,
    "activity": activity_inputs_sha256,
    "neurons": neurons_inputs_sha256,
    "atlas": atlas_inputs_sha256,
    "extrasynaptic": extrasynaptic_inputs_sha256,
}


class Command(DataCommand):
    help = (
        "Build the whole database from the bundled data: "
        + " -> ".join(STEPS)
        + ". The build goes into a temporary file next to the database, which replaces the "
        "database only when every step succeeded: a failed or interrupted build leaves the "
        "previous database untouched. Then export_activity_data writes the activity downloads "
        "the server serves (only those missing), so no request has to build one. Needs DJ_DB_BUILD=1."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="do nothing if the database exists, is migrated and was built from the "
            "same input files (make run uses this)",
        )

    def handle(self, *args, **options):
        target = settings.DB_PATH
        data_dir = Path(options["data_dir"])
        if options["if_needed"]:
            reason = self.rebuild_reason(target, data_dir)
            if reason is None:
                self.stdout.write(f"Database {target} is up to date with {data_dir}.")
                self.prepare_downloads()
                return
            self.stdout.write(f"Building the database: {reason}.")
        building = target.with_name(target.name + ".building")
        building.unlink(missing_ok=True)
        self.use_database(building)
        try:
            for i, step in enumerate(STEPS, 1):
                self.stdout.write(self.style.MIGRATE_HEADING(f"[{i}/{len(STEPS)}] {step}"))
                step_options = {"verbosity": 0} if step == "migrate" else {"data_dir": data_dir}
                started = time.perf_counter()
                call_command(step, stdout=self.stdout, stderr=self.stderr, **step_options)
                if step == "migrate":
                    self.stdout.write(f"  migrated in {time.perf_counter() - started:.2f} s")
            self.use_database(target)
            building.replace(target)
        except BaseException as e:
            self.use_database(target)
            building.unlink(missing_ok=True)
            if isinstance(e, CommandError):
                raise
            if isinstance(e, KeyboardInterrupt):
                raise CommandError("Interrupted; the previous database is untouched.") from None
            raise
        data_version.cache_clear()
        self.stdout.write(self.style.SUCCESS(f"Built {target} in {self.elapsed()}."))
        self.prepare_downloads()

    def prepare_downloads(self) -> None:
        """The activity downloads of the database in place (those missing), built now rather than
        by a request. They are a cache: if they cannot be written, requests build them instead."""
        self.stdout.write(self.style.MIGRATE_HEADING("Activity downloads (export_activity_data)"))
        try:
            call_command("export_activity_data", stdout=self.stdout, stderr=self.stderr)
        except OSError as e:
            self.stdout.write(self.style.WARNING(
                f"  warning: the downloads could not be written ({e}); each is built on its first request instead."
            ))

    def use_database(self, path: Path) -> None:
        """Point the default connection at another SQLite file."""
        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = str(path)

    def rebuild_reason(self, target: Path, data_dir: Path) -> str | None:
        """Why the database must be (re)built, or None when it is up to date."""
        if not target.exists():
            return f"{target} does not exist"
        connection = connections["default"]
        try:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "the code has new migrations"
            built_from = dict(ImportedData.objects.values_list("source", "sha256"))
        except DatabaseError as e:
            return f"the database cannot be read ({e})"
        for source, current_sha256 in SOURCES.items():
            if built_from.get(source) != current_sha256(data_dir):
                return f"the {source} data changed since the last build"
        return None
