from connectome.catalog import catalog
from core.management.warm import WarmCommand


class Command(WarmCommand):
    help = (
        "Warm the cache with the connectome answers every visitor starts from: "
        "available-neurons of each dataset and of all datasets together. Reads the database "
        "only (no DJ_DB_BUILD needed); worth running after a deploy with DJ_USE_REDIS=1."
    )

    def handle(self, *args, **options):
        datasets = list(catalog().datasets)
        path = "/connectome/api/available-neurons/"
        requests = [(path, {"datasets": d}) for d in datasets] + [(path, {"datasets": ",".join(datasets)})]
        self.stdout.write(f"Warming {len(requests)} connectome answers ...")
        self.warm(requests)
