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
import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from core.cache import data_version

from .behavior import CHANNELS, rounded
from .importers.recording import GAP_FACTOR
from .models import GCaMPDataset, GCaMPNeuron, trace_array

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


@dataclass(frozen=True)
class Target:
    """A resolved neuron query: its name, kind ("class" or "neuron") and the names it covers."""

    name: str
    kind: str
    members: tuple[str, ...]


def identified() -> Identified:
    return _identified(data_version())


@functools.lru_cache(maxsize=2)
def _identified(version: str) -> Identified:
    classes: dict[str, set] = {}
    neurons: dict[str, str] = {}
    holders: dict[str, set] = {}
    labelled = GCaMPNeuron.objects.exclude(neuron_name="").values_list("dataset_id", "neuron_name", "neuron_class")
    for dataset_pk, name, neuron_class in labelled:
        if neuron_class:
            classes.setdefault(neuron_class, set())
            holders.setdefault(neuron_class, set()).add(dataset_pk)
        if "?" not in name:
            neurons[name] = neuron_class
            holders.setdefault(name, set()).add(dataset_pk)
            if neuron_class:
                classes[neuron_class].add(name)
    events: dict[str, int] = {}
    for manifest_events, reversals in GCaMPDataset.objects.values_list("events", "behavior__reversal_events"):
        kinds = [kind for kind, frames in manifest_events.items() if frames]
        if reversals:
            kinds += [REVERSAL_START, REVERSAL_END]
        for kind in kinds:
            events[kind] = events.get(kind, 0) + 1
    return Identified(
        classes={c: tuple(sorted(members)) for c, members in sorted(classes.items())},
        neurons=dict(sorted(neurons.items())),
        recordings_with={name: len(pks) for name, pks in holders.items()},
        events=dict(sorted(events.items(), key=lambda kv: (kv[0] != REVERSAL_START, kv[0] != REVERSAL_END, kv))),
    )


def resolve(name: str) -> Target:
    """A class (AVA) or a neuron (AVAL), in any case; NotFound if no recording identifies it."""
    known = identified()
    by_upper = {n.upper(): n for n in [*known.neurons, *known.classes]}
    canonical = by_upper.get(name.strip().upper())
    if canonical in known.classes:  # a name that is both (RID) is its class
        return Target(canonical, "class", known.classes[canonical] or (canonical,))
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


def event_frames(kind: str, manifest_events: dict, reversals: list | None) -> list[int]:
    """The 1-based frames of the recording's events of this kind."""
    if kind == REVERSAL_START:
        return [start for start, _ in reversals or []]
    if kind == REVERSAL_END:
        return [end for _, end in reversals or []]
    return list(manifest_events.get(kind, []))


def summary(means: list[np.ndarray]) -> dict:
    """Mean of the recording means and its t-interval (null with fewer than two recordings)."""
    matrix = np.vstack(means)
    n = matrix.shape[0]
    mean = matrix.mean(axis=0)
    if n < 2:
        low = high = None
    else:
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * matrix.std(axis=0, ddof=1) / math.sqrt(n)
        low, high = rounded(mean - half, DECIMALS), rounded(mean + half, DECIMALS)
    return {"n_recordings": n, "mean": rounded(mean, DECIMALS), "ci_low": low, "ci_high": high}


def aligned(name: str, kind: str, window: tuple[float, float], lr: str = TOGETHER, behavior: str = "v") -> dict:
    """The answer of GET /activity/api/aligned/ (README "Activity across recordings")."""
    target, kind = resolve(name), check_event(kind)
    offsets = grid(window)
    channel = _channel(behavior)[1]
    traces = _traces(target)
    recordings = _recordings(sorted(traces, key=lambda r: r[0]), kind, channel)
    notes = []
    without = [dataset_id for _, dataset_id in traces if dataset_id not in recordings]
    if without:
        notes.append(f"{_count(len(without), 'recording')} identifying {target.name} "
                     f"{'has' if len(without) == 1 else 'have'} no {kind} event: {', '.join(without)}.")
    if not recordings:
        raise NotFound(f"{target.name} is identified in {_count(len(traces), 'recording')}, but none of them has a "
                       f"{kind} event (it occurs in {_count(identified().events[kind], 'recording')}).")

    cuts = {}  # dataset_id -> (kept event times, kept frames, dropped count)
    for dataset_id, (timestamps, frames, _) in recordings.items():
        times = timestamps[np.asarray(frames, dtype=int) - 1]
        keep = within(times, offsets, segments(timestamps))
        cuts[dataset_id] = (times[keep], [f for f, k in zip(frames, keep, strict=True) if k], int((~keep).sum()))
        if not keep.any():
            notes.append(f"{dataset_id}: left out, the window of each of its {_count(len(frames), kind + ' event')} "
                         "runs off the recording or across its segment gap.")
    if not any(len(times) for times, _, _ in cuts.values()):
        raise NotFound(f"No {kind} event of the {_count(len(recordings), 'recording')} identifying {target.name} has "
                       f"a whole window {window[0]:g} to {window[1]:g} s inside the recording; try a shorter window.")

    groups = _groups(target, lr)
    if lr == SPLIT and target.kind == "class":
        uncertain = [label for (_, dataset_id), rows in traces.items() if dataset_id in cuts
                     for _, label, _ in rows if "?" in label]
        if uncertain:
            notes.append(f"{_count(len(uncertain), 'trace')} of {target.name} with an uncertain side "
                         f"({', '.join(sorted(set(uncertain)))}) {'is' if len(uncertain) == 1 else 'are'} "
                         "in no L/R series.")
    series = [s for s in (_series(group, members, traces, recordings, cuts, offsets) for group, members in groups) if s]
    if not series:
        raise NotFound(f"No trace of {target.name} has a certain side, so there is no L/R series; use lr=together.")
    contributing = [d for d in recordings if any(r["dataset_id"] == d for s in series for r in s["recordings"])]
    behaviour = _behavior(behavior, contributing, recordings, cuts, offsets)
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


def _traces(target: Target) -> dict[tuple[int, str], list[tuple[int, str, np.ndarray]]]:
    """(recording order, dataset_id) -> [(idx_neuron, label, z-scored trace)] of the target."""
    rows = GCaMPNeuron.objects.order_by("dataset__order", "idx_neuron")
    rows = rows.filter(neuron_class=target.name) if target.kind == "class" else rows.filter(neuron_name=target.name)
    found: dict[tuple[int, str], list] = {}
    for order, dataset_id, idx, label, trace in rows.values_list(
        "dataset__order", "dataset__dataset_id", "idx_neuron", "neuron_name", "trace"
    ):
        found.setdefault((order, dataset_id), []).append((idx, label, trace_array(trace)))
    return found


def _recordings(keys: list[tuple[int, str]], kind: str, channel: str) -> dict[str, tuple]:
    """dataset_id -> (timestamps, event frames, behaviour channel or None) of the recordings
    among `keys` where the event occurs, in recording order."""
    ids = [dataset_id for _, dataset_id in keys]
    rows = GCaMPDataset.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "timestamp_confocal", "events", "behavior__reversal_events", f"behavior__{channel}"
    )
    found = {}
    for dataset_id, timestamps, manifest_events, reversals, values in rows:
        frames = event_frames(kind, manifest_events, reversals)
        if frames:
            behaviour = None if values is None else np.array([np.nan if v is None else v for v in values], dtype=float)
            found[dataset_id] = (np.asarray(timestamps, dtype=float), frames, behaviour)
    return {dataset_id: found[dataset_id] for dataset_id in ids if dataset_id in found}


def _groups(target: Target, lr: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """(series name, the labels it takes, or None for every trace of the target)."""
    if lr == SPLIT and target.kind == "class":
        return [(member, (member,)) for member in target.members]
    return [(target.name, None)]


def _series(name, labels, traces, recordings, cuts, offsets) -> dict | None:
    per_recording, means = [], []
    for (_, dataset_id), rows in traces.items():
        if dataset_id not in recordings or not len(cuts[dataset_id][0]):
            continue
        rows = [r for r in rows if labels is None or r[1] in labels]
        if not rows:
            continue
        timestamps = recordings[dataset_id][0]
        times, frames, dropped = cuts[dataset_id]
        windows = np.vstack([resample(timestamps, trace, times, offsets) for _, _, trace in rows])
        mean = windows.mean(axis=0)  # every trace has every event: the mean over events of the traces' mean
        means.append(mean)
        per_recording.append({
            "dataset_id": dataset_id,
            "traces": [{"idx_neuron": idx, "label": label} for idx, label, _ in rows],
            "event_frames": frames,
            "n_events": len(frames),
            "n_events_dropped": dropped,
            "mean": rounded(mean, DECIMALS),
        })
    if not means:
        return None
    return {"name": name, "neurons": sorted({t["label"] for r in per_recording for t in r["traces"]}),
            **summary(means), "n_events": sum(r["n_events"] for r in per_recording),
            "n_events_dropped": sum(r["n_events_dropped"] for r in per_recording), "recordings": per_recording}


def _behavior(key, dataset_ids, recordings, cuts, offsets) -> dict | None:
    """The behaviour channel around the same kept events of the same recordings."""
    _, _, title, unit, factor = _channel(key)
    per_recording, means = [], []
    for dataset_id in dataset_ids:
        timestamps, _, values = recordings[dataset_id]
        times, frames, _ = cuts[dataset_id]
        if values is None or not len(times):
            continue
        windows = resample(timestamps, values * factor, times, offsets)
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
