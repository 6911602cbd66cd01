from django.db import transaction

from activity.find_neuron import build_neuron_match
from activity.models import GCaMPDataset, GCaMPNeuron
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Build the find-neuron index: for every recording, the trace indices of each NeuroPAL "
        "label, keyed by class, side and dorsal/ventral position (e.g. AVA_l_x). "
        "/activity/api/data/find_neuron/ serves it. Run after init_data_gcamp. "
        "Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        self.stdout.write("Indexing the labelled neurons of every recording ...")
        with transaction.atomic():
            rows = build_neuron_match()
        labelled = GCaMPNeuron.objects.exclude(neuron_class="").count()
        recordings = GCaMPDataset.objects.filter(n_labeled__gt=0).count()
        classes = GCaMPNeuron.objects.exclude(neuron_class="").values("neuron_class").distinct().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {labelled} labelled neurons of {recordings} recordings ({classes} classes, "
                f"{rows} index rows) in {self.elapsed()}."
            )
        )
