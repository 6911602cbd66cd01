from django.core.management.base import CommandError

from connectome.extrasynaptic_import import read_extrasynaptic, write_extrasynaptic
from connectome.extrasynaptic_sources import MODELS
from connectome.models import Neuron
from core.importing import DataImportError
from core.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Import the extrasynaptic networks: the Ripoll-Sánchez et al. 2023 neuropeptide networks "
        "(short-, mid- and long-range models) and monoamine network (<data-dir>/extra_connectomes/, "
        "302 x 302 matrices of ligand-receptor pathway counts), and the Bentley et al. 2016 monoamine "
        "and neuropeptide edge lists (<data-dir>/wormneuroatlas/esconnectome_*.csv, one row per "
        "pathway, named by ligand and receptor). Names are matched to the connectome's (DA1 -> DA01); "
        "the summary lists those that match no cell, whose entries are left out. Run after "
        "init_data_connectome. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        neuron_ids = dict(Neuron.objects.values_list("name", "id"))
        if not neuron_ids:
            raise CommandError("The connectome is not imported: run init_data_connectome first.")
        self.stdout.write(f"Reading the {len(MODELS)} extrasynaptic models ...")
        try:
            data = read_extrasynaptic(options["data_dir"], set(neuron_ids), progress=self.progress)
        except DataImportError as e:
            raise CommandError(f"Import stopped, database unchanged: {e}") from e
        if not data.models:
            self.stdout.write(self.style.WARNING("  no extrasynaptic files in the data folder: nothing imported"))
        for m in data.models:
            pairs = len({(pre, post) for _, pre, post, *_ in m.rows})
            renamed = f"; renamed {len(m.renamed)} name(s), e.g. {next(iter(m.renamed.items()))}" if m.renamed else ""
            self.progress(f"{m.model}: {pairs} connected pairs, {sum(r[-1] for r in m.rows)} pathways{renamed}")
            if m.unmatched:
                names = ", ".join(f"{name} ({n} entries)" for name, n in sorted(m.unmatched.items()))
                self.stdout.write(self.style.WARNING(f"  {m.model}: {len(m.unmatched)} name(s) match no connectome "
                                                     f"cell, their entries left out: {names}"))
        self.stdout.write("Writing the database ...")
        write_extrasynaptic(data, neuron_ids)
        self.stdout.write(self.style.SUCCESS(
            f"Imported {sum(len(m.rows) for m in data.models)} extrasynaptic rows of {len(data.models)} models "
            f"in {self.elapsed()}."))
