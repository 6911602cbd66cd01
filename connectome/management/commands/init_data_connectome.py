from django.core.management.base import CommandError

from connectome.importer import DataImportError, read_connectome, write_connectome
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Import the 15 published connectomes, the neuron table, the class-split table and the "
        "rename table from <data-dir>/wormwideweb-data. Every input is validated (sha256 "
        "against connectome_checksum.csv, columns, names, synapse types) before anything is "
        "written; the connectome tables are then replaced in one transaction, so a failed "
        "import leaves the database as it was. When <data-dir>/yim2024_dauer/ holds the dauer "
        "sheet (Yim et al. 2024), it becomes one more dataset, yim_2024_dauer, weighted by "
        "active-zone volume; the summary lists the names it renamed and any it could not match. "
        "Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Reading the connectome inputs in {options['data_dir']} ...")
        try:
            data = read_connectome(options["data_dir"], self.progress)
        except DataImportError as e:
            raise CommandError(f"Import stopped, database unchanged: {e}") from e
        self.stdout.write("Writing the database ...")
        summary = write_connectome(data, self.progress)
        for row in summary:
            for name, n in row["dropped"].items():
                self.stdout.write(
                    self.style.WARNING(
                        f"  {row['dataset']}: dropped {n} record(s) naming {name!r}, which is not a cell"
                    )
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(summary)} datasets, {len(data.neurons)} neurons in "
                f"{len(data.classes)} classes, {sum(r['synapses'] for r in summary)} synapses "
                f"({sum(r['chemical'] for r in summary)} chemical connections, "
                f"{sum(r['gap_junction_pairs'] for r in summary)} gap-junction pairs) in {self.elapsed()}."
            )
        )
        if data.dauer:
            dauer = data.dauer
            renamed = ", ".join(f"{a} -> {b}" for a, b in list(dauer.renamed.items())[:4])
            self.stdout.write(self.style.SUCCESS(
                f"Imported the dauer connectome (yim_2024_dauer): {len(dauer.volumes)} of "
                f"{dauer.n_pairs_in_sheet} chemical pairs, weighted by active-zone volume (not synapse counts); "
                f"{len(dauer.renamed)} names renamed ({renamed}, ...); unmatched names: "
                f"{', '.join(dauer.unmatched) or 'none'}."
            ))
            for name in dauer.unmatched:
                self.stdout.write(self.style.WARNING(f"  dauer: {name!r} is no connectome cell, pairs left out"))
