"""What the published metadata says about each connectome cell (imported by init_data_neurons).

Cells are referred to by their connectome name, as the activity app does, so the connectome
and the metadata can be re-imported independently. A fact no source gives is null (the page
says "not measured"), never an empty string or zero.
"""

from django.db import models


class NeuronFacts(models.Model):
    """The facts of one connectome cell, each from one source (see neurons/importer.py)."""

    name = models.CharField(max_length=50, unique=True)  # connectome name
    full_name = models.CharField(max_length=200, null=True)  # "Anterior DEirid Neuron Left" (WormAtlas)
    description = models.CharField(max_length=300, null=True)  # "Anterior deirid, sensory neuron"
    wormatlas_type = models.CharField(max_length=100, null=True)  # "Mechanosensory" (all_cell_info.csv)
    lineage = models.CharField(max_length=100, null=True)  # "AB plapaaaapa"
    # Wang et al. 2024: each identity as written ("ACh", "Glu; tyramine (synthesis + uptake) - NEW"
    # is two), and which table it comes from ("hermaphrodite" or "male").
    transmitters = models.JSONField(null=True)
    transmitter_table = models.CharField(max_length=20, null=True)
    receptors = models.JSONField(null=True)  # receptor genes (OpenWorm owmeta); [] = none listed
    body_segment = models.CharField(max_length=50, null=True)  # "Head", "Midbody", "Tail" (Ripoll-Sánchez 2023)
    # Skuhersky et al. 2022 whole-worm atlas, micrometres: x anterior -> posterior (0-800),
    # z > 0 on the left; y the atlas's third axis.
    x_um = models.FloatField(null=True)
    y_um = models.FloatField(null=True)
    z_um = models.FloatField(null=True)
    neuropal_rgb = models.JSONField(null=True)  # [r, g, b] in 0-1; [0, 0, 0] = pan-neuronal marker only

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "neuron facts"

    def __str__(self):
        return self.name
