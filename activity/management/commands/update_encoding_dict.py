from django.core.management.base import CommandError
from django.db import transaction

from activity.encoding import (
    build_encoding_classes,
    dictionary_datasets,
    read_encoding_table,
    table_path,
)
from activity.importers import DataImportError
from activity.models import GCaMPDataset
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Import the class-level CePNEM encoding table of Atanas & Kim 2023 "
        "(<data-dir>/wormwideweb-data/activity/encoding_table.json: per class the neuron count, "
        "encoding strengths, forwardness/dorsalness/feedingness, timescale, variability and the "
        "24 tuning fractions), checking every list and value, and report which imported "
        "recordings carry per-recording encoding and feed the per-neuron encoding dictionary "
        "(atanas_kim_2023 recordings with labels and only baseline/NeuroPAL types). Run after "
        "init_data_gcamp. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        path = table_path(options["data_dir"])
        self.stdout.write(f"Importing the encoding table {path} ...")
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"  warning: {path} is missing: no encoding classes"))
        try:
            rows = read_encoding_table(path) if path.exists() else []
        except DataImportError as e:
            raise CommandError(f"Stopped, database unchanged: {e}") from e
        with transaction.atomic():
            n_classes = build_encoding_classes(rows)
        self.progress(f"{n_classes} classes, {sum(r['count'] for r in rows)} neurons in the analysis")
        with_encoding = GCaMPDataset.objects.filter(encoding__isnull=False).count()
        in_dictionary = dictionary_datasets()
        for dataset in in_dictionary:
            self.progress(f"encoding dictionary: {dataset.dataset_id} ({dataset.n_labeled} labelled neurons)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {n_classes} encoding classes; {with_encoding} recording(s) have per-recording "
                f"encoding, {len(in_dictionary)} feed the encoding dictionary; in {self.elapsed()}."
            )
        )
