"""Plot-multiple selections, encoded in the page URL so a shared link never expires.

    /activity/plot-multiple/?d=<dataset_id>:<idx>-<idx>-...&d=<dataset_id>:...

One `d` parameter per recording, in plotting order; trace indices are 1-based and joined
with "-" (as in the explore page's `?n=1-2-3`). A recording plotted for its behaviour only
is written `d=<dataset_id>` (no colon). Example:
`/activity/plot-multiple/?d=dag_nwabudike_kang_2023-2022-07-26-31:12-40&d=atanas_kim_2023-2022-08-02-01:3`.
"""

from urllib.parse import urlencode

from core.api import as_index

PLOT_MULTIPLE_PATH = "/activity/plot-multiple/"
MAX_RECORDINGS = 50


def selection_url(selection: dict[str, list[int]]) -> str:
    """The plot-multiple page URL of a validated selection {dataset_id: [idx, ...]}."""
    params = [("d", f"{d}:{'-'.join(map(str, idxs))}" if idxs else d) for d, idxs in selection.items()]
    return f"{PLOT_MULTIPLE_PATH}?{urlencode(params, safe=':')}"


def parse_selection(values: list[str]) -> dict[str, list[int]]:
    """The `d` parameters of a plot-multiple URL -> {dataset_id: [idx, ...]}.

    Raises ValueError saying what is malformed. Repeated indices and recordings are merged,
    keeping their first order. Whether the recordings and indices exist is checked by the
    caller against the imported data.
    """
    if not values:
        raise ValueError("Give at least one recording, e.g. ?d=<dataset_id>:1-2-3.")
    if len(values) > MAX_RECORDINGS:
        raise ValueError(f"At most {MAX_RECORDINGS} recordings ({len(values)} given).")
    selection: dict[str, list[int]] = {}
    for value in values:
        dataset_id, _, indices = value.partition(":")
        if not dataset_id:
            raise ValueError(f"{value!r} has no dataset id before ':'.")
        tokens = [t for t in indices.split("-") if t] if indices else []
        idxs = [as_index(t) for t in tokens]
        if None in idxs:
            raise ValueError(f"{value[:80]!r}: neuron indices must be positive integers joined by '-'.")
        merged = selection.setdefault(dataset_id, [])
        for idx in idxs:
            if idx not in merged:
                merged.append(idx)
    return selection
