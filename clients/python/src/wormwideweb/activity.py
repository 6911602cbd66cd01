"""Activity questions: recordings, traces, behaviour, correlations, encoding, replay, activity
around events across recordings, downloads.

A recording is named by its id (``dag_nwabudike_kang_2023-2022-07-26-31``); a neuron of a
recording by its 1-based trace index (``89``) or its NeuroPAL label (``"AVAL"``). Time is in
seconds from the first frame: frame t is at (t - 1) x avg_timestep x 60 s.
"""

import difflib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import requests

from ._base import BaseClient, as_list, endpoint, flag
from .errors import WormWideWebError

Neuron = int | str
Neurons = Neuron | Iterable[Neuron]
MAX_INDICES_PER_REQUEST = 500  # joined by "-", well under the server's 4094-byte request line
TRACES = "/activity/api/data/{dataset_id}/traces/"
CORRELATION = "/activity/api/data/{dataset_id}/correlation/"
BEHAVIOR = "/activity/api/data/{dataset_id}/behavior/"
REPLAY = "/activity/api/data/replay/"
ALIGNED = "/activity/api/aligned/"
RECORDING_COLUMNS = ["dataset_id", "dataset_name", "paper_id", "dataset_type", "n_neuron", "n_labeled", "max_t",
                     "avg_timestep", "has_behavior", "has_encoding", "events"]
ENCODING_PER_NEURON = ["rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P", "forwardness", "dorsalness",
                       "feedingness", "tau_vals"]
ENCODING_CLASS_VALUES = ["count", "enc_strength_v", "enc_strength_hc", "enc_strength_pumping", "enc_v", "enc_hc",
                         "enc_pumping", "tau", "encoding_variability"]


@dataclass
class Replay:
    """A recording's labelled activity on a connectome (`Client.replay()`).

    - ``nodes``: index ``id`` (neuron name); ``has_activity``, ``variance``,
      ``mean_abs_activity``, ``cell_type``, ``degree_in``/``degree_out`` (among the nodes),
      ``degree_in_full``/``degree_out_full``/``degree_total_full`` (whole connectome, synapse
      counts), ``pagerank_centrality``, ``eigenvector_centrality``,
      ``representative_idx_neuron`` (the trace shown), and ``r_<channel>``: Pearson r with
      each behaviour channel (``r_v``, ``r_hc``, ...);
    - ``edges``: ``source``, ``target``, ``weight`` (synapses), ``edge_type`` (``chemical``,
      ``electrical``; a gap junction appears in both directions);
    - ``activity``: time (s) x node, each trace z-scored, clipped to ±3 and divided by 3
      (zeros for nodes without activity); ``global_signal``: mean |activity| per frame;
    - ``behavior``: time (s) x channel (as `Client.behavior()`), None without behaviour;
      ``reversals`` as `Client.reversals()`;
    - ``meta`` (the server's meta, e.g. ``n_nodes``, ``max_edge_weight``), ``warnings``,
      ``attrs`` (provenance).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    activity: pd.DataFrame
    global_signal: pd.Series
    behavior: pd.DataFrame | None
    reversals: pd.DataFrame
    meta: dict
    warnings: list[str]
    attrs: dict = field(default_factory=dict)


@dataclass
class Aligned:
    """Activity around events, averaged per recording then across recordings (`Client.aligned()`).

    - ``mean``: index ``time_s`` (seconds from the event, every ``attrs["step"]`` s); one
      column per series (the class, e.g. ``AVA``, or each member, ``AVAL`` and ``AVAR``, with
      ``lr="split"``; z-score) and one for the behaviour channel (its key, e.g. ``v``, in
      ``attrs["behavior_unit"]``) when a recording has it;
    - ``ci_low``, ``ci_high``: the 95 % t-interval over recordings, same columns (NaN where a
      series has a single recording);
    - ``per_recording``: index ``time_s``; columns (series, recording): each recording's mean
      over its events (and, for a class, its traces);
    - ``counts``: one row per (series, recording): ``n_events`` (kept), ``n_events_dropped``
      (window off the recording or across its gap; for the behaviour, kept events with a
      missing value), ``idx_neurons`` and ``labels`` of the traces averaged;
    - ``notes``: recordings and traces left out, and why; ``attrs``: provenance, ``method``,
      ``window``, ``step``, ``event``, ``lr``, ``members``.
    """

    mean: pd.DataFrame
    ci_low: pd.DataFrame
    ci_high: pd.DataFrame
    per_recording: pd.DataFrame
    counts: pd.DataFrame
    notes: list[str]
    attrs: dict = field(default_factory=dict)


def time_index(n_frames: int, avg_timestep: float) -> pd.Index:
    """Seconds from the first frame, for avg_timestep in minutes per frame."""
    return pd.Index(np.arange(n_frames) * avg_timestep * 60.0, name="time_s")


def series(values: Sequence[float | None]) -> np.ndarray:
    """A JSON series as floats, NaN where the value is null."""
    return np.asarray(values, dtype=float)


def column_names(neurons: Sequence[tuple[int, str]]) -> list[str]:
    """Names of (index, label) pairs: the label; the index ("7") for an unlabelled trace; and
    "LABEL (index)" for a label that names several of them."""
    counts = Counter(label for _, label in neurons if label)
    return [label if label and counts[label] == 1 else f"{label} ({idx})" if label else str(idx)
            for idx, label in neurons]


def suggestion(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def _reversal_frame(events: list[list[int]], avg_timestep: float) -> pd.DataFrame:
    frame = pd.DataFrame(events, columns=["start_frame", "end_frame"], dtype="int64")
    for end in ("start", "end"):
        frame[f"{end}_s"] = (frame[f"{end}_frame"] - 1) * avg_timestep * 60.0
    return frame


def _behavior_frame(traces: dict, n_frames: int, avg_timestep: float) -> pd.DataFrame:
    return pd.DataFrame({key: series(t["data"]) for key, t in traces.items()},
                        index=time_index(n_frames, avg_timestep))


class ActivityMethods(BaseClient):
    """Whole-brain GCaMP recordings with NeuroPAL identities and behaviour."""

    # Recordings and their neurons -------------------------------------------------------

    @endpoint("GET /activity/api/data/datasets/")
    def recordings(self) -> pd.DataFrame:
        """Every recording: index ``dataset_id``; ``dataset_name``, ``paper_id``,
        ``dataset_type`` (list of type ids), ``n_neuron`` (traces), ``n_labeled`` (traces with a
        NeuroPAL label), ``max_t`` (frames), ``avg_timestep`` (**minutes** per frame),
        ``has_behavior``, ``has_encoding`` and ``events`` ({name: [frame, ...]}).

        >>> ww.recordings().query("n_labeled > 100").index.tolist()
        """
        answer, provenance = self._json("GET", "/activity/api/data/datasets/")
        frame = pd.DataFrame(answer, columns=RECORDING_COLUMNS).set_index("dataset_id")
        return self._frame(frame, provenance, [])

    def _recording(self, recording: str) -> pd.Series:
        table = self._memoized("recordings", self.recordings)
        if recording not in table.index:
            raise WormWideWebError(f"Unknown recording {recording!r}.{suggestion(recording, table.index)} "
                                   "Client.recordings() lists them.", 404, table.attrs["url"])
        return table.loc[recording]

    def _traces_answer(self, recording: str, idxs: Sequence[int]) -> tuple[dict, dict]:
        """The traces answer for idxs, in as many requests as the URL length needs."""
        answers, urls = [], []
        for start in range(0, len(idxs), MAX_INDICES_PER_REQUEST):
            chunk = idxs[start:start + MAX_INDICES_PER_REQUEST]
            answer, provenance = self._json("GET", TRACES, path={"dataset_id": recording},
                                            params={"n": "-".join(map(str, chunk))})
            answers.append(answer)
            urls.append(provenance["url"])
        by_index = {n["idx_neuron"]: n for a in answers for n in a["neurons"]}  # the server sorts by index
        merged = {**answers[0], "neurons": [by_index[i] for i in dict.fromkeys(idxs) if i in by_index]}
        return merged, {**provenance, "url": urls[0] if len(urls) == 1 else urls}

    def _neuron_table(self, recording: str) -> pd.DataFrame:
        def build():
            n_neuron = int(self._recording(recording)["n_neuron"])
            answer, provenance = self._traces_answer(recording, list(range(1, n_neuron + 1)))
            frame = pd.DataFrame([(n["idx_neuron"], n["label"]) for n in answer["neurons"]],
                                 columns=["idx_neuron", "label"]).set_index("idx_neuron")
            frame.attrs.update(provenance)
            return frame

        return self._memoized(("neurons", recording), build)

    @endpoint(f"GET {TRACES}")
    def recording_neurons(self, recording: str) -> pd.DataFrame:
        """The traces of a recording: index ``idx_neuron`` (1-based), column ``label`` (the
        NeuroPAL label, ``""`` when unlabelled; ``?`` marks an uncertain one, ``RMDD?``).

        >>> n = ww.recording_neurons("dag_nwabudike_kang_2023-2022-07-26-31")
        >>> n.index[n.label == "AVAL"].tolist()
        [89]
        """
        frame = self._neuron_table(recording).copy()
        frame.attrs = {}
        return self._frame(frame, self._neuron_table(recording).attrs, [recording])

    def _indices(self, recording: str, neurons: Neurons | None) -> list[int]:
        """1-based indices of neurons given by index or label (None: every trace)."""
        if neurons is None:
            return list(range(1, int(self._recording(recording)["n_neuron"]) + 1))
        if isinstance(neurons, (str, int, np.integer)):
            neurons = [neurons]
        idxs: list[int] = []
        for neuron in neurons:
            if isinstance(neuron, (int, np.integer)) and not isinstance(neuron, bool):
                idxs.append(int(neuron))
            elif isinstance(neuron, str) and neuron.strip().isdigit():
                idxs.append(int(neuron))
            elif isinstance(neuron, str):
                idxs.extend(self._by_label(recording, neuron.strip()))
            else:
                raise TypeError(f"A neuron is a 1-based index or a label such as 'AVAL', not {neuron!r}")
        if not idxs:
            raise WormWideWebError("Give at least one neuron (an index or a label such as 'AVAL').", 400)
        return list(dict.fromkeys(idxs))

    def _by_label(self, recording: str, label: str) -> list[int]:
        table = self._neuron_table(recording)
        found = table.index[table.label == label].tolist()
        if not found:
            found = table.index[table.label.str.upper() == label.upper()].tolist()
        if not found:
            raise WormWideWebError(f"No trace of {recording} is labelled {label!r}."
                                   f"{suggestion(label, set(table.label) - {''})}", 404, table.attrs["url"])
        return found

    def _names(self, recording: str, idxs: Sequence[int]) -> list[str]:
        labels = self._neuron_table(recording).label
        return column_names([(i, labels.get(i, "")) for i in idxs])

    # Traces -----------------------------------------------------------------------------

    @endpoint(f"GET {TRACES}")
    def traces(self, recording: str, neurons: Neurons | None = None) -> pd.DataFrame:
        """Z-scored GCaMP traces: index ``time_s`` (seconds from the first frame), one column
        per neuron asked for (by label ``"AVAL"`` or index ``89``; None: every trace), named by
        its label, by its index (``"7"``) when unlabelled, ``"URADL (12)"`` when the label names
        several traces of the frame. NaN where a value is missing. ``attrs["idx_neuron"]``
        maps each column to its trace index; ``attrs["avg_timestep"]`` is in minutes/frame.

        >>> tr = ww.traces("dag_nwabudike_kang_2023-2022-07-26-31", neurons=["AVAL", "RIBL"])
        >>> tr.plot()  # doctest: +SKIP
        """
        idxs = self._indices(recording, neurons)
        answer, provenance = self._traces_answer(recording, idxs)
        got = answer["neurons"]
        names = column_names([(n["idx_neuron"], n["label"]) for n in got])
        frame = pd.DataFrame({name: series(n["trace"]) for name, n in zip(names, got, strict=True)},
                             index=time_index(answer["max_t"], answer["avg_timestep"]))
        return self._frame(frame, provenance, [recording], unit="z-score",
                           idx_neuron={name: n["idx_neuron"] for name, n in zip(names, got, strict=True)},
                           avg_timestep=answer["avg_timestep"])

    @endpoint("GET /activity/api/data/{dataset_id}/{idx_neuron}/")
    def trace(self, recording: str, neuron: Neuron) -> np.ndarray:
        """One z-scored trace as a numpy array (one value per frame, NaN where missing), by
        index or label. Its times are ``traces(...).index`` or ``np.arange(len(a)) *
        avg_timestep * 60``.

        >>> ww.trace("dag_nwabudike_kang_2023-2022-07-26-31", "AVAL").shape
        (800,)
        """
        idxs = self._indices(recording, [neuron])
        if len(idxs) > 1:
            raise WormWideWebError(f"{neuron!r} labels {len(idxs)} traces of {recording} "
                                   f"({', '.join(map(str, idxs))}); ask for one by its index.", 400)
        answer, _ = self._json("GET", "/activity/api/data/{dataset_id}/{idx_neuron}/",
                               path={"dataset_id": recording, "idx_neuron": idxs[0]})
        self._used([recording])
        return series(answer["trace"])

    # Behaviour --------------------------------------------------------------------------

    @endpoint(f"GET {BEHAVIOR}")
    def behavior(self, recording: str) -> pd.DataFrame:
        """Behaviour channels: index ``time_s``; columns ``v`` (velocity, 0.1 mm/s, forward
        positive), ``hc`` (head curvature, rad, positive = dorsal), ``av`` (angular velocity,
        rad/s) and, when measured, ``f`` (pumping, pumps/s). ``attrs["units"]`` and
        ``attrs["names"]`` describe each column; ``attrs["events"]`` is {name: [frame, ...]}.
        A recording without behaviour raises WormWideWebError (404).

        >>> ww.behavior("dag_nwabudike_kang_2023-2022-07-26-31").v.describe()
        """
        answer, provenance = self._json("GET", BEHAVIOR, path={"dataset_id": recording})
        traces = answer["data"]["behavior"]["traces"]
        frame = _behavior_frame(traces, answer["max_t"], answer["avg_timestep"])
        return self._frame(frame, provenance, [recording], units={k: t["unit"] for k, t in traces.items()},
                           names={k: t["name"] for k, t in traces.items()}, events=answer["data"]["events"],
                           avg_timestep=answer["avg_timestep"])

    @endpoint(f"GET {BEHAVIOR}")
    def reversals(self, recording: str) -> pd.DataFrame:
        """The reversals: ``start_frame``, ``end_frame`` (1-based, inclusive), ``start_s``,
        ``end_s`` (seconds from the first frame).

        >>> ww.reversals("dag_nwabudike_kang_2023-2022-07-26-31").head(2)
        """
        answer, provenance = self._json("GET", BEHAVIOR, path={"dataset_id": recording})
        frame = _reversal_frame(answer["data"]["behavior"]["reversal_events"], answer["avg_timestep"])
        return self._frame(frame, provenance, [recording])

    # Correlations -----------------------------------------------------------------------

    def _correlation(self, recording: str, neurons: Neurons, top: int) -> tuple[dict, dict, list[str]]:
        idxs = self._indices(recording, neurons)
        answer, provenance = self._json("GET", CORRELATION, path={"dataset_id": recording},
                                        params={"n": "-".join(map(str, idxs)), "top": top})
        answered = set(answer["neurons"])  # sorted by index: back to the order asked for
        answer["neurons"] = [i for i in dict.fromkeys(idxs) if i in answered]
        return answer, provenance, self._names(recording, answer["neurons"])

    @endpoint(f"GET {CORRELATION}")
    def correlations(self, recording: str, neurons: Neurons) -> pd.DataFrame:
        """Pearson r between the neurons asked for, as a symmetric matrix (index and columns
        named as in `traces()`, 1 on the diagonal, NaN where undefined).

        >>> ww.correlations("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL", "AVAR", "RIBL"]).round(2)
        """
        answer, provenance, names = self._correlation(recording, neurons, top=0)
        position = {idx: i for i, idx in enumerate(answer["neurons"])}
        matrix = np.eye(len(names))
        for pair in answer["pairs"]:
            a, b = position[pair["a"]], position[pair["b"]]
            matrix[a, b] = matrix[b, a] = np.nan if pair["r"] is None else pair["r"]
        frame = pd.DataFrame(matrix, index=pd.Index(names, name="neuron"), columns=names)
        return self._frame(frame, provenance, [recording], idx_neuron=dict(zip(names, answer["neurons"], strict=True)))

    @endpoint(f"GET {CORRELATION}")
    def top_partners(self, recording: str, neurons: Neurons, top: int = 3) -> pd.DataFrame:
        """Each neuron's `top` (0 to 20) best-correlated partners in the whole recording, by
        |r|: ``neuron``, ``idx_neuron``, ``rank`` (1 = best), ``partner`` (label, or index when
        unlabelled), ``partner_idx``, ``r``.

        >>> ww.top_partners("dag_nwabudike_kang_2023-2022-07-26-31", "AVAL", top=5)
        """
        answer, provenance, names = self._correlation(recording, neurons, top=top)
        rows = [
            (name, idx, rank, p["label"] or str(p["idx_neuron"]), p["idx_neuron"], p["r"])
            for name, idx in zip(names, answer["neurons"], strict=True)
            for rank, p in enumerate(answer["top"][str(idx)], 1)
        ]
        frame = pd.DataFrame(rows, columns=["neuron", "idx_neuron", "rank", "partner", "partner_idx", "r"])
        frame = frame.astype({"idx_neuron": "int64", "rank": "int64", "partner_idx": "int64", "r": "float64"})
        return self._frame(frame, provenance, [recording])

    @endpoint(f"GET {CORRELATION}")
    def behavior_correlations(self, recording: str, neurons: Neurons) -> pd.DataFrame:
        """Pearson r of each neuron with each behaviour channel: index ``neuron`` (named as in
        `traces()`), columns ``v``, ``hc``, ``av`` (and ``f``). A recording without behaviour
        raises WormWideWebError (404).

        >>> ww.behavior_correlations("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL", "RIBL"])
        """
        answer, provenance, names = self._correlation(recording, neurons, top=0)
        if answer["behavior"] is None:
            raise WormWideWebError(f"{recording} has no behaviour data; its neural traces are available.", 404,
                                   provenance["url"])
        rows = [answer["behavior"][str(idx)] for idx in answer["neurons"]]
        frame = pd.DataFrame(rows, index=pd.Index(names, name="neuron"), dtype="float64")
        return self._frame(frame, provenance, [recording], idx_neuron=dict(zip(names, answer["neurons"], strict=True)))

    # Encoding (CePNEM, Atanas & Kim 2023) -----------------------------------------------

    @endpoint("GET /activity/api/data/{dataset_id}/encoding/")
    def encoding(self, recording: str) -> pd.DataFrame:
        """A recording's per-neuron CePNEM encoding: index ``idx_neuron``; columns
        ``rel_enc_str_v``, ``rel_enc_str_θh``, ``rel_enc_str_P`` (relative encoding strength of
        velocity, head curvature, pumping), ``forwardness``, ``dorsalness``, ``feedingness``,
        ``tau_vals`` (s) and ``encoding_changing`` (bool). ``attrs["neuron_categorization"]``
        is the server's {time range: {behaviour: {category: [idx, ...]}}}. 404 for a recording
        without an encoding (`recordings().has_encoding`).

        >>> with_encoding = ww.recordings().query("has_encoding").index
        >>> ww.encoding(with_encoding[0]).sort_values("forwardness").tail()
        """
        answer, provenance = self._json("GET", "/activity/api/data/{dataset_id}/encoding/",
                                        path={"dataset_id": recording})
        index = pd.RangeIndex(1, answer["n_neuron"] + 1, name="idx_neuron")
        frame = pd.DataFrame({key: series(answer[key]) for key in ENCODING_PER_NEURON}, index=index)
        frame["encoding_changing"] = frame.index.isin(answer["encoding_changing_neurons"])
        return self._frame(frame, provenance, [recording], neuron_categorization=answer["neuron_categorization"])

    @endpoint("GET /activity/api/data/encoding_table/")
    def encoding_table(self) -> pd.DataFrame:
        """The class-level CePNEM summary of Atanas & Kim 2023: index ``neuron_class``;
        ``count`` (neurons), ``enc_strength_v``/``_hc``/``_pumping``, ``enc_v``/``_hc``/
        ``_pumping``, ``tau`` (s), ``encoding_variability``, then the 24 tuning fractions
        (``fwd``, ``rev``, ``dorsal``, ``act``, ...). ``attrs["neuron_match"]`` maps connectome
        neurons to their encoding class (``{"AVAL": "AVA"}``).

        >>> ww.encoding_table().loc["AVA", ["fwd", "rev"]]
        """
        answer, provenance = self._json("GET", "/activity/api/data/encoding_table/")
        index = pd.Index(answer["class"], name="neuron_class")
        values = pd.DataFrame({key: answer[key] for key in ENCODING_CLASS_VALUES}, index=index)
        values = values.astype({key: "float64" for key in ENCODING_CLASS_VALUES[1:]})
        fractions = pd.DataFrame(answer["encoding_table"], index=index, columns=answer["columns"], dtype="float64")
        frame = pd.concat([values, fractions], axis=1)
        return self._frame(frame, provenance, ["atanas_kim_2023"], neuron_match=answer["neuron_match"])

    @endpoint("GET /activity/api/data/atanas_kim_2023_encoding/")
    def encoding_dictionary(self) -> dict[str, Any]:
        """The per-neuron encoding of every labelled baseline/NeuroPAL Atanas & Kim 2023
        recording that has one, as the server's plain dict: {recording: {"neuron": {idx:
        {"name", "label", "class", "idx_neuron"}}, "encoding": {...}, "dataset_name"}}.

        >>> for recording, entry in ww.encoding_dictionary().items():
        ...     print(recording, entry["dataset_name"], len(entry["neuron"]))
        """
        answer, _ = self._json("GET", "/activity/api/data/atanas_kim_2023_encoding/")
        self._used(list(answer))
        return answer

    # Finding neurons --------------------------------------------------------------------

    @endpoint("GET /activity/api/data/find_neuron/")
    def find_neuron(self, classes: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Where NeuroPAL-labelled neurons were recorded: one row per (class, side,
        dorsal/ventral, recording) with ``neuron_class``, ``lr`` (``l``/``r``, ``x`` not
        applicable, ``?`` uncertain), ``dv`` (``d``/``v``, ``x``, ``?``), ``recording`` and
        ``idx_neurons`` (the trace indices). ``classes`` keeps only those classes.
        ``attrs["recordings"]`` describes the NeuroPAL recordings.

        >>> ww.find_neuron("AVA")
        """
        answer, provenance = self._json("GET", "/activity/api/data/find_neuron/")
        wanted = set(as_list(classes))
        rows = []
        for key, found in answer["match"].items():
            neuron_class, lr, dv = key.rsplit("_", 2)
            if wanted and neuron_class not in wanted:
                continue
            rows.extend((neuron_class, lr, dv, recording, idxs) for recording, idxs in found.items())
        frame = pd.DataFrame(rows, columns=["neuron_class", "lr", "dv", "recording", "idx_neurons"])
        return self._frame(frame, provenance, sorted(set(frame.recording)),
                           recordings=answer["neuropal_datasets_data"], papers=answer["papers"])

    # Replay -----------------------------------------------------------------------------

    @endpoint(f"GET {REPLAY}")
    def replay(self, recording: str, connectome_dataset: str = "cook_jarrell_2019_h", *,
               include_electrical: bool = True, show_connected: bool = False, min_synapse_chemical: int = 1,
               min_synapse_electrical: int = 1) -> Replay:
        """A recording's labelled activity on a connectome (the circuit replay page): see
        `Replay` for what it holds. 400 when fewer than 3 labelled neurons are in the connectome.

        >>> r = ww.replay("dag_nwabudike_kang_2023-2022-07-26-31", "cook_jarrell_2019_h")
        >>> r.nodes.sort_values("pagerank_centrality").tail(3)
        """
        params = {"activity_dataset": recording, "connectome_dataset": connectome_dataset,
                  "include_electrical": flag(include_electrical), "show_connected": flag(show_connected),
                  "min_synapse_chemical": min_synapse_chemical, "min_synapse_electrical": min_synapse_electrical}
        answer, provenance = self._json("GET", REPLAY, params=params)
        nodes = pd.DataFrame([
            {**{k: v for k, v in n.items() if k not in ("trace", "behavior_correlations")},
             **{f"r_{k}": v for k, v in n["behavior_correlations"].items()}}
            for n in answer["nodes"]
        ]).set_index("id")
        times = pd.Index(series(answer["timeline"]["time_minutes"]) * 60.0, name="time_s")
        activity = pd.DataFrame({n["id"]: series(n["trace"]) for n in answer["nodes"]}, index=times)
        behavior, meta = answer["behavior"], answer["meta"]
        behavior_frame = _behavior_frame(behavior["traces"], meta["trace_length"], meta["avg_timestep"]) if behavior \
            else None
        attrs = {**provenance, "datasets": [recording, connectome_dataset]}
        self._used(attrs["datasets"])
        return Replay(
            nodes=nodes,
            edges=pd.DataFrame(answer["edges"], columns=["source", "target", "weight", "edge_type"]),
            activity=activity,
            global_signal=pd.Series(series(answer["timeline"]["global_signal"]), index=times, name="global_signal"),
            behavior=behavior_frame,
            reversals=_reversal_frame(behavior["reversal_events"] if behavior else [], meta["avg_timestep"]),
            meta=meta,
            warnings=answer["warnings"],
            attrs=attrs,
        )

    # Across recordings ------------------------------------------------------------------

    @endpoint(f"GET {ALIGNED}")
    def aligned(self, neuron: str, event: str = "reversal_start", window: tuple[float, float] = (-10, 20), *,
                lr: str = "together", behavior: str = "v") -> Aligned:
        """A NeuroPAL-identified neuron's (``"AVAL"``) or class's (``"AVA"``) z-scored activity
        around every event of a kind (``reversal_start``, ``reversal_end`` or a manifest event
        such as ``patchEncounter``), `window` seconds around it (within -60 to 60), linearly
        resampled onto a 0.5 s grid, averaged per recording, then across recordings, with the
        `behavior` channel around the same events: see `Aligned`. ``lr="split"`` gives one
        series per member. 404 when no recording identifies the neuron or has the event.

        >>> a = ww.aligned("AVA", "reversal_start", (-10, 20))
        >>> a.mean.loc[0:5, ["AVA", "v"]].round(2)  # doctest: +SKIP
        """
        params = {"neuron": neuron, "event": event, "window": f"{window[0]:g},{window[1]:g}", "lr": lr,
                  "behavior": behavior}
        answer, provenance = self._json("GET", ALIGNED, params=params)
        time = pd.Index(answer["time"], name="time_s")
        blocks = [(s["name"], s) for s in answer["series"]]
        if answer["behavior"]:
            blocks.append((answer["behavior"]["key"], answer["behavior"]))
        frames = {key: pd.DataFrame({name: series(b[key] or [None] * len(time)) for name, b in blocks}, index=time)
                  for key in ("mean", "ci_low", "ci_high")}
        per_recording = pd.DataFrame(
            {(name, r["dataset_id"]): series(r["mean"]) for name, b in blocks for r in b["recordings"]}, index=time)
        per_recording.columns = pd.MultiIndex.from_tuples(per_recording.columns, names=["series", "recording"])
        counts = pd.DataFrame([
            (name, r["dataset_id"], r["n_events"], r["n_events_dropped"],
             [t["idx_neuron"] for t in r.get("traces", [])], [t["label"] for t in r.get("traces", [])])
            for name, b in blocks for r in b["recordings"]
        ], columns=["series", "recording", "n_events", "n_events_dropped", "idx_neurons", "labels"])
        recordings = sorted({r for _, b in blocks for r in (x["dataset_id"] for x in b["recordings"])})
        attrs = {**provenance, "datasets": recordings, "method": answer["method"], "window": answer["window"],
                 "step": answer["step"], "event": answer["event"], "lr": answer["lr"], "members": answer["members"],
                 "unit": answer["unit"], "behavior_unit": answer["behavior"]["unit"] if answer["behavior"] else None}
        self._used(recordings)
        for frame in (*frames.values(), per_recording, counts):
            frame.attrs.update(attrs)
        return Aligned(mean=frames["mean"], ci_low=frames["ci_low"], ci_high=frames["ci_high"],
                       per_recording=per_recording, counts=counts, notes=answer["notes"], attrs=attrs)

    # Plot-multiple links and downloads --------------------------------------------------

    @endpoint("POST /activity/plot-multiple-data/")
    def plot_multiple_url(self, selection: Mapping[str, Neurons]) -> str:
        """The link of the plot-multiple page for {recording: neurons} (indices or labels; an
        empty list plots the behaviour only), 1 to 50 recordings.

        >>> ww.plot_multiple_url({"dag_nwabudike_kang_2023-2022-07-26-31": ["AVAL", "RIBL"]})
        'https://wormwideweb.org/activity/plot-multiple/?d=dag_nwabudike_kang_2023-2022-07-26-31:89-...'
        """
        body = {recording: [] if isinstance(neurons, (list, tuple)) and not neurons
                else self._indices(recording, neurons) for recording, neurons in selection.items()}
        answer, _ = self._json("POST", "/activity/plot-multiple-data/", body=body)
        self._used(list(body))
        return self.base_url + answer["redirect"]

    @endpoint("GET /activity/api/data/download/{dataset_id}/")
    def download(self, recording: str, to: str | os.PathLike = ".") -> Path:
        """Save a recording as ``<paper_id>_<uid>.json.bz2`` (bzip2 of the published
        per-recording JSON layout: metadata, timing, behaviour in the files' units, traces,
        labels; ``json.loads(bz2.decompress(path.read_bytes()))`` reads it) into the folder `to`,
        or as the file `to`; returns its path.

        >>> ww.download("dag_nwabudike_kang_2023-2022-07-26-31", "data/")
        """
        return self._download("/activity/api/data/download/{dataset_id}/", {"dataset_id": recording}, None, to,
                              [recording])

    @endpoint("GET /activity/api/data/download/paper/{paper_id}/")
    def download_paper(self, paper_id: str, to: str | os.PathLike = ".") -> Path:
        """Save every recording of a paper as ``<paper_id>.tar.bz2`` (its recordings'
        published JSON files) into the folder `to` (or as the file `to`); returns its path.

        >>> ww.download_paper("dag_nwabudike_kang_2023", "data/")
        """
        return self._download("/activity/api/data/download/paper/{paper_id}/", {"paper_id": paper_id}, None, to,
                              [paper_id])

    @endpoint("GET /activity/api/data/download/zip/")
    def download_zip(self, recordings: str | Iterable[str], to: str | os.PathLike = ".") -> Path:
        """Save 1 to 20 recordings as one ``wormwideweb-recordings.zip`` of their
        ``.json.bz2`` downloads into the folder `to` (or as the file `to`); returns its path.

        >>> ww.download_zip(["dag_nwabudike_kang_2023-2022-07-26-31", "atanas_kim_2023-2022-08-02-01"], "data/")
        PosixPath('data/wormwideweb-recordings.zip')
        """
        ids = as_list(recordings)
        return self._download("/activity/api/data/download/zip/", None, {"d": ",".join(ids)}, to, ids)

    def _download(self, route: str, path: dict | None, params: dict | None, to: str | os.PathLike,
                  datasets: list[str]) -> Path:
        """Stream an answer into a file: written beside it, then renamed, so a failed download
        leaves nothing half-written."""
        response = self._request("GET", route, path=path, params=params, stream=True)
        with response:
            target = Path(to).expanduser()
            if target.is_dir():
                match = re.search(r'filename="?([^";]+)"?', response.headers.get("Content-Disposition", ""))
                target = target / Path(match.group(1) if match else response.url.rstrip("/").split("/")[-1]).name
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as f:
                    for chunk in response.iter_content(chunk_size=1 << 16):
                        f.write(chunk)
                os.replace(tmp, target)
            except requests.RequestException as e:
                Path(tmp).unlink(missing_ok=True)
                raise WormWideWebError(f"The download from {self.base_url} was interrupted ({e}).", None,
                                       response.url) from e
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        self._used(datasets)
        return target
