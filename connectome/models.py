"""Connectome data: datasets, neuron classes, neurons, synapses and path-finding graphs.

Imported once by `init_data_connectome` and `init_data_graph_precompute`; read-only after.
"""

import numpy as np
from django.db import models


class NeuronClass(models.Model):
    """A class of neurons (AVA = AVAL + AVAR) and how it splits into left/right, dorsal/ventral.

    The split flags come from config/connectome_neuron_class_split.csv (1 True, 0 False,
    -1 None = not applicable).
    """

    name = models.CharField(max_length=50, unique=True)
    split_lr = models.BooleanField(null=True)
    split_dv = models.BooleanField(null=True)
    split_d_lr = models.BooleanField(null=True)
    split_v_lr = models.BooleanField(null=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "neuron classes"

    def __str__(self):
        return self.name


class Neuron(models.Model):
    """One cell of the neuron table (neurons, muscles and end organs)."""

    name = models.CharField(max_length=50, unique=True)
    neuron_class = models.ForeignKey(NeuronClass, models.PROTECT, related_name="neurons")
    lr = models.CharField(max_length=1, blank=True)  # "l", "r" or ""
    dv = models.CharField(max_length=1, blank=True)  # "d", "v" or ""
    cell_category = models.CharField(max_length=20)  # shared / male / hermaphrodite / pharynx
    cell_type_desc = models.CharField(max_length=50)  # e.g. "interneuron"
    cell_type = models.CharField(max_length=5)  # type code letters: s i m n b u

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Dataset(models.Model):
    """One published connectome (White 1986, Cook 2019, Witvliet 2021 stages, ...)."""

    dataset_id = models.CharField(max_length=25, unique=True)
    order = models.PositiveSmallIntegerField(default=0)  # position in connectome_datasets.json
    dataset_sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    dataset_type = models.CharField(max_length=20)  # complete / head / tail / pharynx
    animal_time = models.DecimalField(max_digits=4, decimal_places=1)  # hours
    animal_visual_time = models.DecimalField(max_digits=4, decimal_places=1)
    description = models.TextField(blank=True)
    citation = models.JSONField(default=list)  # list of citation strings
    # The data's configuration marks datasets whose gap junctions are not imported.
    skip_gap_junction = models.BooleanField(default=False)
    available_neurons = models.ManyToManyField(Neuron, related_name="datasets")
    available_classes = models.ManyToManyField(NeuronClass, related_name="datasets")

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.dataset_id


class Synapse(models.Model):
    """The total count of one kind of connection between two neurons in one dataset.

    Chemical synapses ("c") are directed: one row per (pre, post). Gap junctions ("e") are
    undirected: one row per pair, with pre.name <= post.name, whatever direction the input
    file listed them in.
    """

    CHEMICAL = "c"
    ELECTRICAL = "e"
    TYPES = [(CHEMICAL, "chemical"), (ELECTRICAL, "electrical (gap junction)")]

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="synapses")
    pre = models.ForeignKey(Neuron, models.PROTECT, related_name="+")
    post = models.ForeignKey(Neuron, models.PROTECT, related_name="+")
    synapse_type = models.CharField(max_length=1, choices=TYPES)
    synapse_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "pre", "post", "synapse_type"], name="one_row_per_connection"
            )
        ]
        indexes = [models.Index(fields=["dataset", "post"])]

    def __str__(self):
        arrow = "->" if self.synapse_type == self.CHEMICAL else "<->"
        return f"{self.pre.name} {arrow} {self.post.name} x{self.synapse_count}"


class PathGraph(models.Model):
    """The precomputed graph that path finding loads for one dataset and level.

    `nodes` lists the node names (neurons, or classes at class level) in name order.
    `edges` holds an int32 array of shape (n, 4), one row per ordered pair of distinct nodes
    joined by a synapse, sorted: [from index, to index, chemical count, gap-junction count].
    Gap junctions appear in both directions. At class level the counts are sums over the
    member neurons.
    """

    NEURON = "neuron"
    CLASS = "class"

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="path_graphs")
    level = models.CharField(max_length=6, choices=[(NEURON, "neuron"), (CLASS, "class")])
    nodes = models.JSONField()
    edges = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "level"], name="one_graph_per_level")
        ]

    def __str__(self):
        return f"{self.dataset.dataset_id} ({self.level})"

    @classmethod
    def from_pair_counts(cls, dataset: Dataset, level: str, pairs: dict) -> "PathGraph":
        """The graph of {(from, to): [chemical, gap junction]} counts."""
        nodes = sorted({name for pair in pairs for name in pair})
        index = {name: i for i, name in enumerate(nodes)}
        rows = sorted([index[a], index[b], chemical, gap] for (a, b), (chemical, gap) in pairs.items())
        edges = np.array(rows, dtype=np.int32).reshape(-1, 4)
        return cls(dataset=dataset, level=level, nodes=nodes, edges=edges.tobytes())

    def edge_array(self) -> np.ndarray:
        """`edges` as an (n, 4) int32 array."""
        return np.frombuffer(self.edges, dtype=np.int32).reshape(-1, 4)


class NeuronMetrics(models.Model):
    """Whole-connectome measures of one neuron in one dataset, computed at import (centrality.py)."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="neuron_metrics")
    neuron = models.ForeignKey(Neuron, models.PROTECT, related_name="+")
    degree_in = models.PositiveIntegerField()  # synapses received; gap junctions count both ways
    degree_out = models.PositiveIntegerField()
    pagerank = models.FloatField()
    eigenvector = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "neuron"], name="one_row_per_neuron")]
        verbose_name_plural = "neuron metrics"

    def __str__(self):
        return f"{self.neuron.name} in {self.dataset.dataset_id}"



class ExtrasynapticEdge(models.Model):
    """One extrasynaptic (wireless) connection of one network model, imported by
    init_data_extrasynaptic (models: connectome/extrasynaptic_sources.py).

    Ripoll-Sánchez 2023 matrices: one row per (pre, post) whose `pathways` is the number of
    ligand-receptor pathways from pre (releasing) to post (receiving); ligand and receptor are
    blank, the file does not name them. Bentley 2016 lists: one row per (pre, post, ligand,
    receptor), one pathway each.
    """

    model = models.CharField(max_length=30)  # a key of extrasynaptic_sources.MODELS
    kind = models.CharField(max_length=12)  # "neuropeptide" or "monoamine"
    pre = models.ForeignKey(Neuron, models.PROTECT, related_name="+")
    post = models.ForeignKey(Neuron, models.PROTECT, related_name="+")
    ligand = models.CharField(max_length=30, blank=True)  # "flp-1", "tyramine"; "" when not named
    receptor = models.CharField(max_length=30, blank=True)  # "npr-11", "lgc-55"
    pathways = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "pre", "post", "ligand", "receptor"],
                                    name="one_row_per_extrasynaptic_pathway")
        ]

    def __str__(self):
        via = f" ({self.ligand} -> {self.receptor})" if self.ligand else ""
        return f"{self.pre.name} ~> {self.post.name}{via} x{self.pathways} [{self.model}]"
