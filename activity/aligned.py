"""Activity around events, averaged across recordings: the science, callable without HTTP.

For a NeuroPAL-identified neuron (AVAL) or class (AVA) and a kind of event (reversal starts,
reversal ends, or an event of the manifests such as patchEncounter or heat):

1. **Grid.** Times relative to the event are t_k = k x STEP (0.5 s) for every integer k with
   t_k inside the window, so the event itself (0 s) is a grid point when the window spans it.
2. **Cut and resample.** An event at frame f happens at `timestamp_confocal[f - 1]` (seconds on
   the recording's own clock; reversals start at their first and end at their last frame).
   Each trace is linearly interpolated at event time + t_k: recordings differ in frame rate
   (0.60 and 0.74 s per volume in the bundle), so every one lands on the same grid.
3. **Edges.** An event whose window runs off either end of the recording, or across its
   segment gap (an interval > 1.2 x the median one), is dropped, never padded or
   interpolated across the gap; the dropped events are counted.
4. **Per recording.** The mean over the recording's kept events and over the neuron's traces
   in it (a class's members together; `lr="split"` gives one series per member, and leaves
   out traces whose side is uncertain, such as "AIA?").
5. **Across recordings.** The mean of the recording means (each animal weighs one), and its
   95 % t-interval over recordings: mean +- t(0.975, n - 1) x sd / sqrt(n), sd with ddof 1;
   none with a single recording.

Traces are the recordings' own z-scored traces (z-scored per neuron over the whole
recording), not re-normalised around each event. A behaviour channel (velocity by default,
in its API unit) is cut around the same kept events of the same recordings; an event whose
window holds a missing behaviour value is left out of the behaviour average only.
"""

import difflib
import math
from dataclasses import dataclass

import numpy as np

from core.cache import data_cache, data_version

from .behavior import CHANNELS, rounded
from .catalog import recordings
from .models import GCaMPDataset, GCaMPNeuron, trace_array
from .segments import GAP_FACTOR

STEP = 0.5  # seconds between grid points
MAX_SECONDS = 60.0  # a window lies within [-60, 60] s
CONFIDENCE = 0.95
REVERSAL_START, REVERSAL_END = "reversal_start", "reversal_end"
TOGETHER, SPLIT = "together", "split"
DECIMALS = 4
METHOD = (
    f"Linear interpolation onto a {STEP} s grid relative to each event; events whose window runs off the "
    "recording or across its segment gap are dropped; mean over events and traces within each recording, "
    f"then across recordings; band: {CONFIDENCE:.0%} t-interval over recordings (mean ± t·sd/√n)."
)


class NotFound(Exception):
    """The neuron was never identified, the event never occurs, or never both together."""


@dataclass(frozen=True)
class Identified:
    """What the recordings hold: NeuroPAL names and classes, and kinds of events."""

    classes: dict[str, tuple[str, ...]]  # class -> member names whose side is certain, sorted
    neurons: dict[str, str]  # identified name (no "?") -> its class ("" when not a connectome class)
    recordings_with: dict[str, int]  # a class or name -> number of recordings identifying it
    events: dict[str, int]  # event kind -> number of recordings where it occurs
    traces: dict[str, tuple[int, ...]]  # a class or name -> primary keys of its GCaMPNeuron rows


@dataclass(frozen=True)
class Timeline:
    """When a recording's volumes and events happened."""

    timestamps: np.ndarray  # seconds from the first volume
    events: dict[str, list[int]]  # event kind (reversal_start, reversal_end, manifest kinds) -> 1-based frames


@dataclass(frozen=True)
class Target:
    """A resolved neuron query: its name, kind ("class" or "neuron") and the names it covers."""

    name: str
    kind: str
    members: tuple[str, ...]


def identified() -> Identified:
    return _identified(data_version())


@data_cache(2)
def _identified(version: str) -> Identified:
    classes: dict[str, set] = {}
    neurons: dict[str, str] = {}
    holders: dict[str, set] = {}
    traces: dict[str, list] = {}
    labelled = GCaMPNeuron.objects.exclude(neuron_name="")
    for pk, dataset_pk, name, neuron_class in labelled.values_list("pk", "dataset_id", "neuron_name", "neuron_class"):
        keys = dict.fromkeys(([neuron_class] if neuron_class else []) + ([name] if "?" not in name else []))
        for key in keys:
            holders.setdefault(key, set()).add(dataset_pk)
            traces.setdefault(key, []).append(pk)
        if neuron_class:
            classes.setdefault(neuron_class, set())
        if "?" not in name:
            neurons[name] = neuron_class
            if neuron_class:
                classes[neuron_class].add(name)
    events: dict[str, int] = {}
    for timeline in timelines().values():
        for kind in timeline.events:
            events[kind] = events.get(kind, 0) + 1
    return Identified(
        classes={c: tuple(sorted(members)) for c, members in sorted(classes.items())},
        neurons=dict(sorted(neurons.items())),
        recordings_with={name: len(pks) for name, pks in holders.items()},
        events=dict(sorted(events.items(), key=lambda kv: (kv[0] != REVERSAL_START, kv[0] != REVERSAL_END, kv))),
        traces={key: tuple(pks) for key, pks in traces.items()},
    )


def timelines() -> dict[str, Timeline]:
    """Every recording's timeline by dataset id, read once per process and data version."""
    return _timelines(data_version())


@data_cache(2)
def _timelines(version: str) -> dict[str, Timeline]:
    rows = GCaMPDataset.objects.order_by("order").values_list(
        "dataset_id", "timestamp_confocal", "events", "behavior__reversal_events"
    )
    found = {}
    for dataset_id, timestamps, manifest_events, reversals in rows:
        events = {kind: list(frames) for kind, frames in manifest_events.items() if frames}
        if reversals:
            events[REVERSAL_START] = [start for start, _ in reversals]
            events[REVERSAL_END] = [end for _, end in reversals]
        found[dataset_id] = Timeline(np.asarray(timestamps, dtype=float), events)
    return found


def behaviour_channel(key: str) -> dict[str, np.ndarray]:
    """A behaviour channel (API key, API unit, NaN where missing) of every recording that has it."""
    return _behaviour_channel(data_version(), key)


@data_cache(8)
def _behaviour_channel(version: str, key: str) -> dict[str, np.ndarray]:
    _, stored, _, _, factor = _channel(key)
    rows = GCaMPDataset.objects.values_list("dataset_id", f"behavior__{stored}")
    return {
        dataset_id: factor * np.array([np.nan if v is None else v for v in values], dtype=float)
        for dataset_id, values in rows
        if values is not None
    }


def resolve(name: str) -> Target:
    """A class (AVA) or a neuron (AVAL), in any case; NotFound if no recording identifies it."""
    known = identified()
    by_upper = {n.upper(): n for n in [*known.neurons, *known.classes]}
    canonical = by_upper.get(name.strip().upper())
    if canonical in known.classes:  # a name that is both (RID) is its class
        return Target(canonical, "class", known.classes[canonical])  # () when every side is uncertain
    if canonical in known.neurons:
        return Target(canonical, "neuron", (canonical,))
    close = difflib.get_close_matches(name.strip().upper(), list(by_upper), n=3, cutoff=0.6)
    hint = f" Did you mean {_either([by_upper[c] for c in close])}?" if close else ""
    raise NotFound(f"No recording has a NeuroPAL-identified neuron or class {name.strip()!r}.{hint}")


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def check_event(kind: str) -> str:
    """The event kind as given; NotFound (listing the kinds that occur) if no recording has it."""
    known = identified().events
    if kind not in known:
        raise NotFound(f"No recording served here has an event {kind!r}; "
                       f"the events that occur are {', '.join(known) or 'none'}.")
    return kind


def parse_window(text: str) -> tuple[float, float]:
    """"-10,20" -> (-10.0, 20.0): seconds around the event, within [-60, 60], spanning at least
    one grid step; ValueError with a message saying what is wrong."""
    parts = str(text).split(",")
    try:
        start, end = (float(p) for p in parts) if len(parts) == 2 else (None, None)
    except ValueError:
        start = end = None
    if start is None or not (math.isfinite(start) and math.isfinite(end)):
        raise ValueError(f"must be two times in seconds, start,end (e.g. -10,20), not {str(text)[:40]!r}")
    if not -MAX_SECONDS <= start < end <= MAX_SECONDS:
        raise ValueError(f"must start before it ends, within {-MAX_SECONDS:g} to {MAX_SECONDS:g} s, "
                         f"not {text.strip()!r}")
    if len(grid((start, end))) < 2:
        raise ValueError(f"must hold at least two points of the {STEP} s grid, not {text.strip()!r}")
    return start, end


def grid(window: tuple[float, float]) -> np.ndarray:
    """The grid points t_k = k x STEP inside the window, in seconds relative to the event."""
    start, end = math.ceil(window[0] / STEP - 1e-9), math.floor(window[1] / STEP + 1e-9)
    return np.arange(start, end + 1) * STEP


def segments(timestamps: np.ndarray) -> list[tuple[float, float]]:
    """(first, last) time of each continuous stretch of volumes, split at the segment gap."""
    intervals = np.diff(timestamps)
    breaks = np.flatnonzero(intervals > GAP_FACTOR * np.median(intervals))
    starts, ends = [0, *(breaks + 1)], [*breaks, len(timestamps) - 1]
    return [(float(timestamps[s]), float(timestamps[e])) for s, e in zip(starts, ends, strict=True)]


def within(times: np.ndarray, offsets: np.ndarray, stretches: list[tuple[float, float]]) -> np.ndarray:
    """Which events (at `times`, seconds) have their whole window inside one stretch."""
    first, last = times + offsets[0], times + offsets[-1]
    inside = np.zeros(times.shape, dtype=bool)
    for start, end in stretches:
        inside |= (first >= start - 1e-9) & (last <= end + 1e-9)
    return inside


def resample(timestamps: np.ndarray, values: np.ndarray, times: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """values (one per volume) interpolated at each event time + each offset: (events, grid)."""
    return np.interp(times[:, None] + offsets[None, :], timestamps, values)


def summary(means: list[np.ndarray]) -> dict:
    """Mean of the recording means and its t-interval (null with fewer than two recordings)."""
    matrix = np.vstack(means)
    n = matrix.shape[0]
    mean = matrix.mean(axis=0)
    if n < 2:
        low = high = None
    else:
        # Imported here, not at start: scipy.special adds about 0.1-0.3 s to a server's start-up.
        # (Not scipy.stats' t.ppf: scipy.stats would add 40 MB per worker.)
        from scipy.special import stdtrit  # Student's t quantile

        half = stdtrit(n - 1, 0.5 + CONFIDENCE / 2) * matrix.std(axis=0, ddof=1) / math.sqrt(n)
        low, high = rounded(mean - half, DECIMALS), rounded(mean + half, DECIMALS)
    return {"n_recordings": n, "mean": rounded(mean, DECIMALS), "ci_low": low, "ci_high": high}


@dataclass(frozen=True)
class Cut:
    """One recording's events of the kind, those whose window fits and how many did not."""

    timestamps: np.ndarray
    times: np.ndarray  # seconds, of the kept events
    frames: list[int]  # 1-based, of the kept events
    dropped: int


def aligned(name: str, kind: str, window: tuple[float, float], lr: str = TOGETHER, behavior: str = "v") -> dict:
    """The answer of GET /activity/api/aligned/ (README "Activity across recordings")."""
    target, kind = resolve(name), check_event(kind)
    offsets = grid(window)
    traces = _traces(target)
    notes = []
    with_event = [d for d in traces if kind in timelines()[d].events]
    without = [d for d in traces if d not in with_event]
    if without:
        notes.append(f"{_count(len(without), 'recording')} identifying {target.name} "
                     f"{'has' if len(without) == 1 else 'have'} no {kind} event: {', '.join(without)}.")
    if not with_event:
        raise NotFound(f"{target.name} is identified in {_count(len(traces), 'recording')}, but none of them has a "
                       f"{kind} event (it occurs in {_count(identified().events[kind], 'recording')}).")

    cuts = {}
    for dataset_id in with_event:
        timeline = timelines()[dataset_id]
        frames = timeline.events[kind]
        times = timeline.timestamps[np.asarray(frames, dtype=int) - 1]
        keep = within(times, offsets, segments(timeline.timestamps))
        if keep.any():
            kept = [f for f, k in zip(frames, keep, strict=True) if k]
            cuts[dataset_id] = Cut(timeline.timestamps, times[keep], kept, int((~keep).sum()))
        else:
            notes.append(f"{dataset_id}: left out, the window of each of its {_count(len(frames), kind + ' event')} "
                         "runs off the recording or across its segment gap.")
    if not cuts:
        raise NotFound(f"No {kind} event of the {_count(len(with_event), 'recording')} identifying {target.name} has "
                       f"a whole window {window[0]:g} to {window[1]:g} s inside the recording; try a shorter window.")

    if lr == SPLIT and target.kind == "class":
        uncertain = [label for d in cuts for _, label, _ in traces[d] if "?" in label]
        if uncertain:
            notes.append(f"{_count(len(uncertain), 'trace')} of {target.name} with an uncertain side "
                         f"({', '.join(sorted(set(uncertain)))}) {'is' if len(uncertain) == 1 else 'are'} "
                         "in no L/R series.")
    series = [s for group, labels in _groups(target, lr) if (s := _series(group, labels, traces, cuts, offsets))]
    if not series:
        raise NotFound(f"No trace of {target.name} has a certain side, so there is no L/R series; use lr=together.")
    contributing = [d for d in cuts if any(r["dataset_id"] == d for s in series for r in s["recordings"])]
    behaviour = _behavior(behavior, {d: cuts[d] for d in contributing}, offsets)
    if behaviour is None:
        notes.append(f"None of these recordings has {_channel(behavior)[2].lower()} data with a whole window.")
    return {
        "neuron": target.name,
        "neuron_kind": target.kind,
        "members": list(target.members),
        "event": kind,
        "window": [float(offsets[0]), float(offsets[-1])],
        "lr": lr,
        "step": STEP,
        "time": [float(t) for t in offsets],
        "unit": "z-score",
        "method": METHOD,
        "data_version": data_version(),
        "series": series,
        "behavior": behaviour,
        "notes": notes,
    }


def _channel(key: str) -> tuple:
    """(key, stored channel, name, unit, factor) of a behaviour key (behavior.CHANNELS)."""
    return next(c for c in CHANNELS if c[0] == key)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _traces(target: Target) -> dict[str, list[tuple[int, str, np.ndarray]]]:
    """dataset_id -> [(idx_neuron, label, z-scored trace)] of the target, in recording order."""
    ids = {info.pk: dataset_id for dataset_id, info in recordings().items()}
    rows = GCaMPNeuron.objects.filter(pk__in=identified().traces[target.name])
    found: dict[int, list] = {}
    for dataset_pk, idx, label, trace in rows.values_list("dataset_id", "idx_neuron", "neuron_name", "trace"):
        found.setdefault(dataset_pk, []).append((idx, label, trace_array(trace)))
    return {ids[pk]: sorted(found[pk], key=lambda row: row[0]) for pk in ids if pk in found}


def _groups(target: Target, lr: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """(series name, the labels it takes, or None for every trace of the target)."""
    if lr == SPLIT and target.kind == "class":
        return [(member, (member,)) for member in target.members]
    return [(target.name, None)]


def _series(name: str, labels, traces: dict, cuts: dict[str, Cut], offsets: np.ndarray) -> dict | None:
    per_recording, means = [], []
    for dataset_id, cut in cuts.items():
        rows = [r for r in traces[dataset_id] if labels is None or r[1] in labels]
        if not rows:
            continue
        windows = np.vstack([resample(cut.timestamps, trace, cut.times, offsets) for _, _, trace in rows])
        mean = windows.mean(axis=0)  # every trace has every event: the mean over events of the traces' mean
        means.append(mean)
        per_recording.append({
            "dataset_id": dataset_id,
            "traces": [{"idx_neuron": idx, "label": label} for idx, label, _ in rows],
            "event_frames": cut.frames,
            "n_events": len(cut.frames),
            "n_events_dropped": cut.dropped,
            "mean": rounded(mean, DECIMALS),
        })
    if not means:
        return None
    return {"name": name, "neurons": sorted({t["label"] for r in per_recording for t in r["traces"]}),
            **summary(means), "n_events": sum(r["n_events"] for r in per_recording),
            "n_events_dropped": sum(r["n_events_dropped"] for r in per_recording), "recordings": per_recording}


def _behavior(key: str, cuts: dict[str, Cut], offsets: np.ndarray) -> dict | None:
    """The behaviour channel around the same kept events of the same recordings."""
    _, _, title, unit, _ = _channel(key)
    channel = behaviour_channel(key)
    per_recording, means = [], []
    for dataset_id, cut in cuts.items():
        if dataset_id not in channel:
            continue
        windows = resample(cut.timestamps, channel[dataset_id], cut.times, offsets)
        complete = ~np.isnan(windows).any(axis=1)
        if not complete.any():
            continue
        mean = windows[complete].mean(axis=0)
        means.append(mean)
        per_recording.append({"dataset_id": dataset_id, "n_events": int(complete.sum()),
                              "n_events_dropped": int((~complete).sum()), "mean": rounded(mean, DECIMALS)})
    if not means:
        return None
    return {"key": key, "name": title, "unit": unit, **summary(means),
            "n_events": sum(r["n_events"] for r in per_recording), "recordings": per_recording}
