"""The bases of the data commands: progress lines and timing; build mode check for writers."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class ProgressCommand(BaseCommand):
    """A long-running command that reports progress and its duration."""

    def execute(self, *args, **options):
        self.started = time.perf_counter()
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)

    def progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {message}")

    def elapsed(self) -> str:
        return f"{time.perf_counter() - self.started:.2f} s"


class DataCommand(ProgressCommand):
    """A command that writes the database; it refuses to run unless DJ_DB_BUILD=1.

    The system checks (URLs, deploy settings, the runtime database) concern the server, not
    a build, so these commands skip them and start faster.
    """

    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=settings.DATA_DIR,
            help="folder holding the published data (default: %(default)s)",
        )

    def execute(self, *args, **options):
        if not settings.DB_BUILD:
            raise CommandError(
                "This command writes the database, which is read-only at runtime: "
                "run it with DJ_DB_BUILD=1."
            )
        return super().execute(*args, **options)
