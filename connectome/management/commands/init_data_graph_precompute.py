from django.db import transaction

from connectome.graph import precompute_path_graphs
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Build the path-finding graphs of every imported connectome dataset (neuron and class "
        "level, chemical synapse and gap-junction counts per ordered pair) and store them in "
        "the database, from where any server process loads them on first use. Run after "
        "init_data_connectome. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        self.stdout.write("Precomputing path-finding graphs ...")
        with transaction.atomic():
            summary = precompute_path_graphs(self.progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored graphs for {len(summary)} datasets "
                f"({sum(r['neuron_edges'] for r in summary)} neuron-level, "
                f"{sum(r['class_edges'] for r in summary)} class-level edges) in {self.elapsed()}."
            )
        )
