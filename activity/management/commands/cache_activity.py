from activity.catalog import recordings
from connectome.catalog import catalog as connectome_catalog
from core.management.warm import WarmCommand

DEFAULT_CONNECTOME = "cook_jarrell_2019_h"


class Command(WarmCommand):
    help = (
        "Warm the cache with the activity answers: the recording list, find-neuron, the "
        "encoding tables, and for every recording each trace, its behaviour and encoding "
        "(when it has them) and its replay on the chosen connectome datasets. Reads the "
        "database only (no DJ_DB_BUILD needed); worth running after a deploy with DJ_USE_REDIS=1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replay-connectome",
            default=DEFAULT_CONNECTOME,
            help="comma-separated connectome datasets to warm replays for, or '' for none "
            "(default: %(default)s)",
        )

    def handle(self, *args, **options):
        api = "/activity/api/data"
        requests = [
            (f"{api}/{name}/", {}) for name in ("datasets", "find_neuron", "encoding_table", "atanas_kim_2023_encoding")
        ]
        connectomes = [c for c in options["replay_connectome"].split(",") if c]
        unknown = [c for c in connectomes if c not in connectome_catalog().datasets]
        if unknown:
            self.stdout.write(self.style.WARNING(f"Unknown connectome dataset(s) skipped: {', '.join(unknown)}"))
        for info in recordings().values():
            base = f"{api}/{info.dataset_id}"
            requests += [(f"{base}/{i}/", {}) for i in range(1, info.n_neuron + 1)]
            if info.has_behavior:
                requests.append((f"{base}/behavior/", {}))
            if info.has_encoding:
                requests.append((f"{base}/encoding/", {}))
            if info.n_labeled:
                requests += [
                    (f"{api}/replay/", {"activity_dataset": info.dataset_id, "connectome_dataset": c})
                    for c in connectomes
                    if c not in unknown
                ]
        self.stdout.write(f"Warming {len(requests)} activity answers of {len(recordings())} recordings ...")
        self.warm(requests)
