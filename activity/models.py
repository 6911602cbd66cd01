"""Activity data: papers, whole-brain GCaMP recordings, their neurons, and derived indexes.

Imported by `init_data_gcamp` (recordings) and the `update_*` commands (derived tables);
read-only after. Connectome neurons and classes are referred to by name, so the connectome
and the activity data can be re-imported independently; the import checks every name.
"""

import numpy as np
from django.db import models

TRACE_DTYPE = np.dtype("<f4")  # traces are stored as little-endian float32 bytes


class GCaMPPaper(models.Model):
    """A publication whose recordings we serve (papers.json)."""

    paper_id = models.CharField(max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(default=0)  # position in papers.json
    title_full = models.CharField(max_length=300)
    title_short = models.CharField(max_length=100)
    repository_url = models.CharField(max_length=300, blank=True)  # where the raw data lives
    neuropal_label = models.BooleanField(default=False)  # the paper has NeuroPAL identities
    encoding_data = models.BooleanField(default=False)  # the paper has CePNEM encoding

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.paper_id


class GCaMPDatasetType(models.Model):
    """A tag of recordings: "<paper_id>-<id>", or "common-<id>" when `paper` is null."""

    type_id = models.CharField(max_length=80, unique=True)
    paper = models.ForeignKey(GCaMPPaper, models.CASCADE, null=True, related_name="dataset_types")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    color_background = models.CharField(max_length=50)  # a CSS colour

    class Meta:
        ordering = ["type_id"]

    def __str__(self):
        return self.type_id


class GCaMPEventStyle(models.Model):
    """How plots draw one kind of event (e.g. the heat stimulus: a red line of width 2)."""

    event_id = models.CharField(max_length=50)
    paper = models.ForeignKey(GCaMPPaper, models.CASCADE, null=True, related_name="event_styles")
    color = models.CharField(max_length=50, default="rgba(255,0,0,1)")
    width = models.FloatField(default=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "event_id"], name="one_style_per_paper_event"),
            models.UniqueConstraint(
                fields=["event_id"], condition=models.Q(paper=None), name="one_common_style_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.paper_id or 'common'}:{self.event_id}"


class GCaMPDataset(models.Model):
    """One whole-brain recording of one animal.

    Units and counting rules (also in the README):
    - frames are numbered from 1; `max_t` frames, `n_neuron` traces;
    - `avg_timestep` is in **minutes** per frame (as the original served it): the mean
      interval between volumes, with segment gaps (> 1.2 x median) left out;
    - `timestamp_confocal` is in seconds from the first volume;
    - `behavior` is null when the recording has no behaviour data (never zeros). Otherwise
      it holds `velocity` (mm/s, forward positive), `head_angle` (rad) and
      `angular_velocity` (rad/s), both positive = dorsal after the sign correction,
      `pumping` (pumps/s, or null when not measured) and `reversal_events` ([start, end]
      frame pairs, inclusive);
    - `encoding` is the CePNEM block of the published JSON layout, or null.
    """

    H5, JSON, LABELED_TRACES = "h5", "json", "labeled_traces"
    FORMATS = [(H5, "HDF5 (ANTSUN export)"), (JSON, "published JSON"), (LABELED_TRACES, "labelled-trace JSON")]

    dataset_id = models.CharField(max_length=100, unique=True)  # "<paper_id>-<uid>"
    paper = models.ForeignKey(GCaMPPaper, models.CASCADE, related_name="datasets")
    dataset_name = models.CharField(max_length=50)  # the uid, e.g. 2022-07-26-31
    order = models.PositiveIntegerField(default=0)  # position in the manifests
    dataset_types = models.ManyToManyField(GCaMPDatasetType, related_name="datasets")
    meta = models.JSONField(default=dict)  # the published `metadata` block; `note` is shown
    source_file = models.CharField(max_length=300)  # relative to the data folder
    source_format = models.CharField(max_length=20, choices=FORMATS)
    dataset_sha256 = models.CharField(max_length=64)  # of the imported file
    avg_timestep = models.FloatField()  # minutes per frame
    max_t = models.PositiveIntegerField()
    n_neuron = models.PositiveIntegerField()
    n_labeled = models.PositiveIntegerField()
    timestamp_confocal = models.JSONField()  # seconds from the first volume
    behavior = models.JSONField(null=True)
    events = models.JSONField(default=dict)  # {event name: [frames]}
    encoding = models.JSONField(null=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.dataset_id


class GCaMPNeuron(models.Model):
    """One trace of a recording, and its NeuroPAL identity if it has one.

    `lr` and `dv` are l/r (d/v), "x" (not applicable), "?" (uncertain) or "n" (unlabelled).
    `neuron_name` may contain "?" (e.g. "RMD?L") when the side was uncertain.
    """

    dataset = models.ForeignKey(GCaMPDataset, models.CASCADE, related_name="neurons")
    idx_neuron = models.PositiveIntegerField()  # 1-based trace index
    neuron_name = models.CharField(max_length=20, blank=True)  # "" when unlabelled
    neuron_class = models.CharField(max_length=20, blank=True)  # connectome class name or ""
    lr = models.CharField(max_length=1, default="n")
    dv = models.CharField(max_length=1, default="n")
    label = models.JSONField(null=True)  # the label record as published (best confidence)
    trace = models.BinaryField()  # z-scored, float32 bytes (see trace_array())
    trace_original = models.BinaryField(null=True)  # un-normalised ratio, float32 bytes

    class Meta:
        ordering = ["dataset", "idx_neuron"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "idx_neuron"], name="one_neuron_per_index")
        ]

    def __str__(self):
        return f"{self.dataset.dataset_id} #{self.idx_neuron} {self.neuron_name}".rstrip()


def trace_bytes(values) -> bytes:
    """A trace as the bytes stored in GCaMPNeuron.trace."""
    return np.asarray(values, dtype=TRACE_DTYPE).tobytes()


def trace_array(data: bytes) -> np.ndarray:
    """A stored trace as a float64 array."""
    return np.frombuffer(data, dtype=TRACE_DTYPE).astype(np.float64)


class NeuronMatch(models.Model):
    """Find-neuron index: the traces of one recording labelled with one class, side and
    dorsal/ventral position (built by `update_neuron_match_dict`)."""

    dataset = models.ForeignKey(GCaMPDataset, models.CASCADE, related_name="matches")
    neuron_class = models.CharField(max_length=20)
    lr = models.CharField(max_length=1)
    dv = models.CharField(max_length=1)
    idx_neurons = models.JSONField()  # sorted 1-based indices

    class Meta:
        ordering = ["neuron_class", "lr", "dv", "dataset"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "neuron_class", "lr", "dv"], name="one_match_row")
        ]


class EncodingClass(models.Model):
    """One row of the class-level CePNEM summary of Atanas & Kim 2023 (encoding_table.json).

    Strengths and tuning values are medians over the neurons of the class; `fractions` are
    the 24 fractions of neurons with each tuning, in the order of `ENCODING_COLUMNS`.
    Values absent from the table are null.
    """

    name = models.CharField(max_length=20, unique=True)
    order = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()  # neurons of the class in the analysis
    enc_strength_v = models.FloatField(null=True)
    enc_strength_hc = models.FloatField(null=True)
    enc_strength_pumping = models.FloatField(null=True)
    enc_v = models.FloatField(null=True)  # forwardness
    enc_hc = models.FloatField(null=True)  # dorsalness
    enc_pumping = models.FloatField(null=True)  # feedingness
    tau = models.FloatField(null=True)  # EWMA timescale, seconds
    encoding_variability = models.FloatField(null=True)
    fractions = models.JSONField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class EncodingNeuronMatch(models.Model):
    """Which encoding-table class describes a connectome neuron (AVAL -> AVA, RMDDL -> none)."""

    neuron = models.CharField(max_length=20, unique=True)  # connectome neuron name
    encoding_class = models.CharField(max_length=20)

    class Meta:
        ordering = ["neuron"]

    def __str__(self):
        return f"{self.neuron} -> {self.encoding_class}"
