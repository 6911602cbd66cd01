from django.core.management.base import CommandError

from connectome.models import Neuron
from core.importing import DataImportError
from core.management.base import DataCommand
from neurons.importer import read_metadata, write_metadata


class Command(DataCommand):
    help = (
        "Import what the published metadata in <data-dir>/neuron_metadata says about each "
        "connectome cell: full name, description and lineage (WormAtlas), neurotransmitters "
        "(Wang et al. 2024), receptors (OpenWorm owmeta), body segment (Ripoll-Sanchez et al. "
        "2023), 3D position in micrometres (Skuhersky et al. 2022) and NeuroPAL colour (Yemini "
        "et al. 2021). Names are matched to the connectome's (DA1 -> DA01, MDL01 -> dBWML1, "
        "DX1/2 -> DX1 and DX2); the summary lists every name that matches no cell. Run after "
        "init_data_connectome. Needs DJ_DB_BUILD=1."
    )

    def handle(self, *args, **options):
        known = set(Neuron.objects.values_list("name", flat=True))
        if not known:
            raise CommandError("The connectome is not imported: run init_data_connectome first.")
        self.stdout.write(f"Reading the neuron metadata in {options['data_dir']}/neuron_metadata ...")
        try:
            data = read_metadata(options["data_dir"], known, self.progress)
        except DataImportError as e:
            raise CommandError(f"Import stopped, database unchanged: {e}") from e
        rows = write_metadata(data)
        if data.missing:
            self.stdout.write(self.style.WARNING(f"  no neuron metadata ({data.missing}): no facts imported"))
        for report in data.files:
            if report.unmatched:
                names = ", ".join(f"{name!r} (line {line})" for line, name in report.unmatched)
                self.stdout.write(self.style.WARNING(f"  {report.path}: {len(report.unmatched)} name(s) match no "
                                                     f"connectome cell, their rows are not imported: {names}"))
            for line, name, cells in report.partial:
                self.stdout.write(self.style.WARNING(
                    f"  {report.path}, line {line}: {name!r} names two cells, only {', '.join(cells)} is a "
                    "connectome cell: its facts go to that one"))
        for problem in data.ambiguous:
            self.stdout.write(self.style.WARNING(f"  ambiguous, left out: {problem}"))
        unmatched = sum(len(r.unmatched) for r in data.files)
        self.stdout.write(self.style.SUCCESS(
            f"Stored the facts of {rows} of {len(known)} cells from {len(data.files)} files "
            f"({sum(r.names for r in data.files)} names, {unmatched} unmatched, {len(data.ambiguous)} "
            f"ambiguous facts left out) in {self.elapsed()}."
        ))
