from django.db import transaction

from connectome.centrality import precompute_metrics
from connectome.graph import precompute_path_graphs
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Precompute what is derived from the whole graph of every imported connectome dataset "
        "and store it in the database: the path-finding graphs (neuron and class level, "
        "chemical synapse and gap-junction counts per ordered pair), which any server process "
        "loads on first use, and each neuron's weighted degrees, PageRank and eigenvector "
        "centrality, which the circuit replay shows. Run after init_data_connectome. Needs "
        "DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        self.stdout.write("Precomputing path-finding graphs ...")
        with transaction.atomic():
            summary = precompute_path_graphs(self.progress)
            self.stdout.write("Computing degrees, PageRank and eigenvector centrality ...")
            n_metrics = precompute_metrics(self.progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored graphs for {len(summary)} datasets "
                f"({sum(r['neuron_edges'] for r in summary)} neuron-level, "
                f"{sum(r['class_edges'] for r in summary)} class-level edges) and the centralities "
                f"of {n_metrics} neurons in {self.elapsed()}."
            )
        )
