import numpy as np
from django.core.management.base import CommandError

from atlas.importer import atlas_path, read_atlas, write_atlas
from connectome.models import Neuron
from core.importing import DataImportError
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Import the signal propagation atlas of Randi et al. 2023 (<data-dir>/wormneuroatlas/"
        "funatlas.h5): for every pair of its 300 neurons observed at least once, in wild type "
        "and in unc-31, the responder's mean dF/F, the q-value, the equivalence-test q-value "
        "and the number of observations. Entry [i, j] of the file is i's response when j was "
        "stimulated (j -> i). Names are matched to the connectome's (AS1 -> AS01); the summary "
        "lists those that match no cell. Run after init_data_connectome. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        known = dict(Neuron.objects.values_list("name", "neuron_class__name"))
        if not known:
            raise CommandError("The connectome is not imported: run init_data_connectome first.")
        self.stdout.write(f"Reading {atlas_path(options['data_dir'])} ...")
        try:
            data = read_atlas(options["data_dir"], known)
        except DataImportError as e:
            raise CommandError(f"Import stopped, database unchanged: {e}") from e
        if data.missing:
            self.stdout.write(self.style.WARNING(f"  no atlas ({data.missing}): nothing imported"))
        for s in data.strains:
            self.progress(f"{s.strain}: {len(s)} observed pairs, {int(np.isfinite(s.dff).sum())} with a mean dF/F, "
                          f"{int((s.q < 0.05).sum())} with q < 0.05")
        if data.unmatched:
            self.stdout.write(self.style.WARNING(
                f"  {len(data.unmatched)} atlas name(s) match no connectome cell and are kept as they are: "
                f"{', '.join(data.unmatched)} (AWCON/AWCOF: the AWC that is ON or OFF, either AWCL or AWCR)"))
        self.stdout.write("Writing the database ...")
        write_atlas(data)
        self.stdout.write(self.style.SUCCESS(
            f"Imported {len(data.neurons)} atlas neurons and {sum(len(s) for s in data.strains)} observed pairs "
            f"({', '.join(f'{s.strain} {len(s)}' for s in data.strains)}) in {self.elapsed()}."
        ))
