"""Behaviour channels as the APIs serve them: keys, names and units (spec 4.5 step 4).

The database stores each channel in its source unit (GCaMPDataset.behavior); here velocity
becomes 0.1 mm/s (x10), as the original served it. Head curvature and angular velocity are
already sign-corrected (positive = dorsal). Pumping ("f") is present only when measured.
"""

import math

import numpy as np

# API key, stored channel, display name, unit, factor from the stored unit. In this order.
CHANNELS = [
    ("v", "velocity", "Velocity", "0.1 mm/s", 10.0),
    ("hc", "head_angle", "Head Curve", "rad", 1.0),
    ("av", "angular_velocity", "Angular Velocity", "rad/s", 1.0),
    ("f", "pumping", "Feeding", "pumps/s", 1.0),
]
NO_BEHAVIOR = "has no behaviour data (velocity, head curvature, angular velocity, pumping or reversals)"


def behavior_arrays(stored: dict) -> dict[str, np.ndarray]:
    """API key -> float array in API units (NaN where a value is missing)."""
    return {
        key: np.asarray([math.nan if v is None else v for v in stored[channel]], dtype=np.float64) * factor
        for key, channel, _, _, factor in CHANNELS
        if stored.get(channel) is not None
    }


def behavior_traces(channels: dict[str, np.ndarray], length: int | None = None) -> dict:
    """{key: {"i", "name_short", "name", "unit", "data"}} for the channels of
    behavior_arrays(), truncated to `length` frames if given. `i` is the channel's running
    colour index."""
    traces = {}
    for key, values in channels.items():
        _, _, name, unit, _ = next(c for c in CHANNELS if c[0] == key)
        values = values[:length] if length is not None else values
        traces[key] = {"i": len(traces), "name_short": key, "name": name, "unit": unit, "data": rounded(values, 6)}
    return traces


def rounded(values: np.ndarray, decimals: int) -> list:
    """A float array as a JSON-ready list, rounded, with NaN as null."""
    return [None if math.isnan(v) else v for v in np.round(np.asarray(values, dtype=np.float64), decimals).tolist()]
