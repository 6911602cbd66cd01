"""The stages of the Witvliet et al. (2021) developmental series, and a value per stage.

The rule, shared by the development page (development.js gets these stages from its view)
and the neuron pages: the series is the datasets named `witvliet_2020_*`; animals of the
same age form one stage (datasets 7 and 8 are both adults of ~50 h), and a stage's value is
the mean over its animals.
"""

import re

# The Witvliet et al. (2021) developmental series: eight animals from birth to adulthood.
DEVELOPMENT_PREFIX = "witvliet_2020_"


def development_stages(datasets: list[dict]) -> list[dict]:
    """The stages of the developmental series, in order of age.

    Animals of the same age form one stage (datasets 7 and 8 are both adults of ~50 h, and
    the page shows their mean). A stage is named by the stage in its datasets' names, e.g.
    "Witvliet et al., 2020, Dataset 1 (L1)" -> "L1".
    """
    stages: dict[float, dict] = {}
    for d in datasets:
        if not d["id"].startswith(DEVELOPMENT_PREFIX):
            continue
        stage = stages.setdefault(d["time"], {"hours": d["time"], "datasets": [], "name": ""})
        stage["datasets"].append(d["id"])
        found = re.search(r"\(([^)]+)\)\s*$", d["name"])
        stage["name"] = stage["name"] or (found.group(1) if found else "")
    ordered = sorted(stages.values(), key=lambda s: s["hours"])
    for s in ordered:
        hours = f"{s['hours']:g} h"
        s["label"] = f"{s['name'][:1].upper()}{s['name'][1:]} {hours}".strip()
    return ordered


def stage_means(values: dict[str, float | None], stages: list[dict]) -> list[float | None]:
    """The mean of `values` (dataset id -> value, None = not measured) over each stage's
    datasets that have one; None for a stage where none has."""
    means = []
    for stage in stages:
        found = [values[d] for d in stage["datasets"] if values.get(d) is not None]
        means.append(sum(found) / len(found) if found else None)
    return means
