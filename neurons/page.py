"""The whole neuron page as one JSON-ready dict (the neuron API answers it; the page draws it).

`neuron_answer(name, dataset_ids, q_max)` gathers the sections from the modules that compute
them: identity (facts.py), partners and development (partners.py), function (function.py),
activity and encoding (activity.py). `name` must be an exact cell or class name (facts.resolve).
"""

from core.references import full_reference

from . import activity, facts, function, partners
from .sources import SOURCES


def neuron_answer(name: str, dataset_ids: list[str], q_max: float) -> dict:
    kind, name = facts.resolve(name)
    tables = partners.partner_tables(kind, name, dataset_ids)
    cited = sorted({c for d in dataset_ids for c in partners.citations()[d]})
    return {
        "name": name,
        "kind": kind,
        "identity": facts.identity(name),
        "groups": partners.groups(),
        "partners": tables,
        "development": partners.development(kind, name),
        "function": function.function_section(kind, name, tables, q_max),
        "activity": activity.activity_section(kind, name),
        "encoding": activity.encoding_section(kind, name),
        "sources": SOURCES + [{"key": "connectomes", "facts": "Partners (connectomes)",
                               "reference": "; ".join(full_reference(c) for c in cited)}],
    }
