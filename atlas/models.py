"""The signal propagation atlas of Randi et al. 2023 (funatlas.h5), imported by init_data_atlas.

Direction: a pair (stimulated j, responder i) is row [i, j] of the file's matrices, i's
response when j was optogenetically stimulated: the signal goes j -> i. Only observed pairs
(at least one trial) are stored; a pair without a row was never measured, which is not
evidence that the neurons are unconnected.
"""

from django.db import models

WILD_TYPE, UNC31 = "wt", "unc31"
STRAINS = [(WILD_TYPE, "wild type"), (UNC31, "unc-31 (no dense-core-vesicle release)")]


class AtlasNeuron(models.Model):
    """One of the atlas's 300 neurons, in the order of the file's matrices."""

    index = models.PositiveSmallIntegerField(unique=True)  # row/column of the matrices
    atlas_name = models.CharField(max_length=20)  # as in funatlas.h5 ("AS1", "AWCON")
    # The connectome name ("AS01"), or the atlas name when it is no single connectome cell
    # (AWCON and AWCOF: the AWC neuron that is ON or OFF, either AWCL or AWCR).
    name = models.CharField(max_length=20, unique=True)
    is_cell = models.BooleanField()  # whether `name` is a connectome cell
    neuron_class = models.CharField(max_length=20)  # its connectome class ("AWC" for AWCON)

    class Meta:
        ordering = ["index"]

    def __str__(self):
        return self.name


class AtlasPair(models.Model):
    """What was measured for one pair in one strain: `responder` after stimulating `stimulated`."""

    strain = models.CharField(max_length=10, choices=STRAINS)
    stimulated = models.ForeignKey(AtlasNeuron, models.CASCADE, related_name="+")
    responder = models.ForeignKey(AtlasNeuron, models.CASCADE, related_name="+")
    dff = models.FloatField(null=True)  # mean ΔF/F of the responder (null: observed, no finite mean)
    q = models.FloatField(null=True)  # q-value that the responder responds (small = significant)
    q_eq = models.FloatField(null=True)  # equivalence-test q-value (small = evidence of no response)
    n_observations = models.PositiveIntegerField()  # trials (occ1), at least 1

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strain", "stimulated", "responder"], name="one_row_per_atlas_pair")
        ]

    def __str__(self):
        return f"{self.stimulated} -> {self.responder} ({self.strain})"


class AtlasMatrices(models.Model):
    """One strain's pairs as the runtime reads them (atlas/funatlas.py): four dense (responder x
    stimulated) matrices in AtlasNeuron index order, written by the import beside AtlasPair, so
    a server loads the atlas in one query instead of fetching its 36,000 pair rows."""

    strain = models.CharField(max_length=10, choices=STRAINS, unique=True)
    n_observations = models.BinaryField()  # int32; 0 = never measured
    dff = models.BinaryField()  # float64, NaN where no value
    q = models.BinaryField()
    q_eq = models.BinaryField()

    def __str__(self):
        return f"atlas matrices ({self.strain})"
