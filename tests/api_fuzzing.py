"""Fuzzing the JSON API against its own OpenAPI schema with schemathesis.

Used by tests/test_api_fuzz.py (a short run on the test client) and bench/fuzz.py (10,000+
requests against gunicorn). For each operation, schemathesis generates requests from the
schema, valid ones (positive) and invalid ones (negative); each answer must pass every check
of schemathesis: no server error; a documented status code, content type and body schema; a
valid request accepted (2xx, or 404 for an unknown id or name: never 400); an invalid one
refused (4xx); a wrong method answered 405 with `Allow`. Random strings rarely name a real
dataset, so in valid requests three in four generated ids and names are swapped for real ones
(`Realistic`), which reaches the answers themselves; `Report.positive` counts what valid
requests got, so a test can require that many were answered 2xx.
"""

import collections
import dataclasses
import random
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup

# Three in four generated ids and names become real ones in valid requests, so most reach an answer.
SWAP_SHARE = 0.75


@dataclasses.dataclass
class Realistic:
    """Real ids and names of the database the server answers from."""

    connectome: list[str]  # connectome dataset ids
    recordings: dict[str, int]  # activity recording id -> number of neurons
    papers: list[str]
    neurons: list[str]  # the neurons of most connectome datasets, so paths are often found
    classes: list[str]
    labels: list[str] = dataclasses.field(default_factory=list)  # NeuroPAL names and classes of the recordings
    events: list[str] = dataclasses.field(default_factory=list)  # kinds of events that occur
    by_volume: frozenset[str] = frozenset()  # connectome datasets weighted by volume, not synapse counts

    @classmethod
    def from_database(cls) -> "Realistic":
        """Read them with the Django ORM (the settings must be configured)."""
        from django.db.models import Count

        from activity.aligned import identified
        from activity.models import GCaMPDataset, GCaMPPaper
        from connectome.dauer import VOLUME_DATASETS
        from connectome.models import Dataset, Neuron

        datasets = list(Dataset.objects.values_list("dataset_id", flat=True))
        common = Neuron.objects.annotate(n=Count("datasets")).filter(n__gte=len(datasets) // 2)
        return cls(
            connectome=datasets,
            recordings=dict(GCaMPDataset.objects.values_list("dataset_id", "n_neuron")),
            papers=list(GCaMPPaper.objects.values_list("paper_id", flat=True)),
            neurons=sorted(common.values_list("name", flat=True)),
            classes=sorted(set(common.values_list("neuron_class__name", flat=True))),
            labels=sorted({*identified().neurons, *identified().classes}),
            events=list(identified().events),
            by_volume=frozenset(VOLUME_DATASETS),
        )

    def apply(self, case, rng: random.Random) -> None:
        """Swap about SWAP_SHARE of the generated ids and names in `case` for real ones."""
        maybe = lambda: rng.random() < SWAP_SHARE  # noqa: E731 (a one-line helper)
        path, query, body = case.path_parameters or {}, case.query or {}, case.body
        recording = rng.choice(list(self.recordings))
        if "dataset_id" in path and maybe():
            path["dataset_id"] = recording
        if "name" in path and maybe():  # a neuron page
            path["name"] = rng.choice(self.neurons + self.classes)
        if "paper_id" in path and maybe():
            path["paper_id"] = rng.choice(self.papers)
        if "idx_neuron" in path and maybe():
            path["idx_neuron"] = rng.randint(1, self.recordings.get(path["dataset_id"], 200) + 2)
        if "n" in query and maybe():
            n_neuron = self.recordings.get(path.get("dataset_id"), 200)
            indices = [str(rng.randint(1, n_neuron + 2)) for _ in range(rng.randint(1, 6))]
            query["n"] = rng.choice(",-").join(indices)
        for key, choices in (("dataset", self.connectome), ("connectome_dataset", self.connectome),
                             ("a", self.connectome), ("b", self.connectome),
                             ("activity_dataset", list(self.recordings))):
            if key in query and maybe():
                query[key] = rng.choice(choices)
        for key, choices in (("neuron", self.labels), ("event", self.events)):
            if key in query and choices and maybe():
                query[key] = rng.choice(choices)
        if "d" in query and maybe():  # recordings to zip
            query["d"] = ",".join(rng.sample(list(self.recordings), rng.randint(1, 3)))
        if "datasets" in query and maybe():
            query["datasets"] = ",".join(rng.sample(self.connectome, rng.randint(1, 4)))
        for key, choices in (("neurons", self.neurons), ("classes", self.classes)):  # matrix, edge-diff
            if key in query and maybe():
                query[key] = ",".join(rng.sample(choices, rng.randint(0, 5)))
        for key in ("start", "end"):
            if key in query and maybe():
                query[key] = rng.choice(self.classes if query.get("class") in (True, "true") else self.neurons)
        if query.get("b") and (query.get("a") in self.by_volume) != (query["b"] in self.by_volume):
            # Datasets of different units compare only normalised: a rule joining two parameters.
            query["difference" if "matrix" in case.operation.path else "normalize"] = (
                "log2fold" if "matrix" in case.operation.path else "true")
        if "start" in query and query.get("start") == query.get("end"):  # start != end: a rule joining
            query["end"] = query["end"] + "_"  # two parameters, which a schema cannot say; now unknown (404)
        for key in ("sources", "targets"):  # path-matrix: neurons, or classes, or a cell type
            if key in query and maybe():
                names = self.classes if query.get("class") in (True, "true") else self.neurons
                query[key] = ",".join(rng.sample(names, rng.randint(1, 5)) + (["sensory"] if maybe() else []))
        if isinstance(body, dict) and "datasets" in body and maybe():
            body["datasets"] = rng.sample(self.connectome, rng.randint(1, 4))
            if isinstance(body.get("neurons"), list):
                body["neurons"] = rng.sample(self.neurons, rng.randint(0, 3))
            if isinstance(body.get("classes"), list):
                body["classes"] = rng.sample(self.classes, rng.randint(0, 6))
        elif isinstance(body, dict) and isinstance(body.get("nodes"), list):  # the layers
            if maybe():
                body["nodes"] = rng.sample(self.neurons + self.classes, rng.randint(0, 12))
        elif isinstance(body, dict) and "datasets" not in body and body and maybe():  # plot-multiple
            chosen = rng.sample(list(self.recordings), min(len(body), len(self.recordings)))
            case.body = {recording: [rng.randint(1, self.recordings[recording] + 2) for _ in range(rng.randint(1, 4))]
                         for recording in chosen}


@dataclasses.dataclass
class Report:
    """What happened to one operation's generated requests."""

    label: str
    requests: int = 0
    statuses: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    positive: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # of valid requests
    failures: list[str] = dataclasses.field(default_factory=list)


def fuzz_operation(operation, send: Callable, realistic: Realistic, examples: int, seed: int = 0) -> Report:
    """Send about `examples` positive and `examples` negative generated requests to one
    operation (no negative ones if none of its inputs can be invalid, e.g. no parameters);
    record every answer's status and every failed check of all of schemathesis's checks (with
    a curl command)."""
    report = Report(operation.label)
    rng = random.Random(seed)

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            positive = case.meta.generation.mode == GenerationMode.POSITIVE
            if positive:  # negative cases stay invalid
                realistic.apply(case, rng)
            response = send(case)
            report.requests += 1
            report.statuses[response.status_code] += 1
            if positive:
                report.positive[response.status_code] += 1
            try:
                case.validate_response(response)
            except (Failure, FailureGroup) as failure:
                report.failures.append(f"{failure}\n    {case.as_curl_command()}")

        try:
            run()
        except Unsatisfiable:  # negative mode: nothing in the schema can be made invalid
            pass
    return report
