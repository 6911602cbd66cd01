"""Neuron questions: everything known about one cell or class, and finding one by name."""

import pandas as pd

from ._base import BaseClient, as_list, endpoint
from .connectome import Names

PARTNER_TABLES = ("inputs", "outputs", "gap_junctions")


class NeuronMethods(BaseClient):
    """One neuron (``AVAL``) or class (``AVA``) across every dataset and modality."""

    def _neuron_answer(self, name: str, datasets: Names | None, q: float | None) -> tuple[dict, dict]:
        params = {}
        if datasets:
            params["datasets"] = ",".join(as_list(datasets))
        if q is not None:
            params["q"] = repr(float(q))
        return self._json("GET", "/connectome/api/neuron/{name}/", path={"name": name}, params=params)

    @endpoint("GET /connectome/api/neuron/{name}/")
    def neuron(self, name: str, datasets: Names | None = None, q: float | None = None) -> dict:
        """The whole neuron page as the server sends it: ``identity`` (facts of each cell:
        full name, lineage, transmitters, receptors, body segment, ``position_um``, NeuroPAL
        colour), ``partners`` (per-dataset counts), ``development``, ``function`` (the signal
        propagation atlas, wild type and unc-31, rows with q below ``q``, default 0.05),
        ``activity`` (recordings that identify it, r with each behaviour) and ``encoding``.
        ``datasets`` restricts the partner tables (default: every dataset). For tables, see
        `neuron_partners`.

        >>> ww.neuron("AVA")["identity"]["members"]
        ['AVAL', 'AVAR']
        """
        answer, _ = self._neuron_answer(name, datasets, q)
        return answer

    @endpoint("GET /connectome/api/neuron/{name}/")
    def neuron_partners(self, name: str, table: str = "inputs", datasets: Names | None = None) -> pd.DataFrame:
        """One partner table of the neuron page: ``table`` is ``inputs`` (presynaptic partners),
        ``outputs`` or ``gap_junctions``. Index ``partner`` (cells on a cell's page, classes on a
        class's page, top partners first); one column of synapse counts per dataset (NaN where
        the dataset does not measure the neuron, e.g. a male-only cell in a hermaphrodite),
        then ``n_datasets`` (datasets with the connection), ``mean``, ``min``, ``max``.
        ``attrs["share_pct"]`` holds each count as % of the neuron's total in that dataset.

        >>> ww.neuron_partners("AVAL", "inputs", datasets=["white_1986_whole"]).head(3)
        """
        if table not in PARTNER_TABLES:
            raise ValueError(f"table must be one of {', '.join(PARTNER_TABLES)}, not {table!r}")
        answer, provenance = self._neuron_answer(name, datasets, None)
        ids = [d["id"] for d in answer["partners"]["datasets"]]
        rows = answer["partners"][table]
        frame = pd.DataFrame([r["counts"] for r in rows], columns=ids, index=[r["partner"] for r in rows],
                             dtype="float64")
        for column in ("n_datasets", "mean", "min", "max"):
            frame[column] = [r[column] for r in rows]
        frame.index.name = "partner"
        share = pd.DataFrame([r["share_pct"] for r in rows], columns=ids, index=frame.index, dtype="float64")
        return self._frame(frame, provenance, ids, share_pct=share, neuron=name, table=table)

    @endpoint("GET /connectome/api/neuron-search/")
    def search_neurons(self, query: str) -> pd.DataFrame:
        """Cells and classes whose name or full name matches ``query`` (up to 12, best first):
        columns ``name``, ``kind`` (``cell`` or ``class``) and ``text`` (the full name).

        >>> ww.search_neurons("anterior deirid").name.iloc[0]
        'ADE'
        """
        answer, provenance = self._json("GET", "/connectome/api/neuron-search/", params={"q": query})
        frame = pd.DataFrame(answer["results"], columns=["name", "kind", "text"])
        return self._frame(frame, provenance, [])
