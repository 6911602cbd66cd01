"""Layers beside the synapses: extrasynaptic (neuropeptide, monoamine) and functional
(signal propagation atlas) edges among nodes, and every cell's neurotransmitters."""

from collections.abc import Iterable

import pandas as pd

from ._base import BaseClient, as_list, endpoint

Names = str | Iterable[str]


class LayerMethods(BaseClient):
    """Nodes are cell names (``AVAL``) and class names (``RIM``); a class stands for those of
    its cells that are not nodes themselves."""

    @endpoint("POST /connectome/api/extrasynaptic/")
    def extrasynaptic(self, nodes: Names, model: str = "ripoll2023_mid", *, ligands: Names = (),
                      min_pathways: int = 1) -> pd.DataFrame:
        """The edges of an extrasynaptic network model among the nodes.

        ``model``: ``ripoll2023_short``, ``ripoll2023_mid``, ``ripoll2023_long`` (Ripoll-Sánchez
        et al. 2023 neuropeptide networks, three diffusion-range models), ``ripoll2023_monoamine``,
        or ``bentley2016`` (Bentley et al. 2016 monoamines and neuropeptides, which names each
        pathway's ligand, so ``ligands`` can filter it: ``["tyramine", "flp-1"]``).
        One row per edge: ``pre`` (releasing), ``post`` (receiving), ``pathways`` (number of
        ligand-receptor pathways), ``ligands`` (None for the Ripoll-Sánchez matrices) and
        ``kinds``. ``attrs`` holds the model's name, unit, citation and ``class_rule``.

        >>> ww.extrasynaptic(["AVB", "RIM"], "bentley2016", ligands=["tyramine"])
          pre post  pathways     ligands        kinds
        0 RIM  AVB         1  [tyramine]  [monoamine]
        """
        body = {"model": model, "nodes": as_list(nodes), "ligands": as_list(ligands),
                "min_pathways": int(min_pathways)}
        answer, provenance = self._json("POST", "/connectome/api/extrasynaptic/", body=body)
        frame = pd.DataFrame(answer["edges"], columns=["pre", "post", "pathways", "ligands", "kinds"])
        frame = frame.astype({"pathways": "int64"})
        meta = {k: answer[k] for k in ("model", "model_name", "kind", "unit", "citation", "class_rule")}
        return self._frame(frame, provenance, [], **meta)

    @endpoint("POST /connectome/api/functional/")
    def functional(self, nodes: Names, strain: str = "wt", *, q_max: float = 0.05) -> pd.DataFrame:
        """The significant responses of the signal propagation atlas (Randi et al. 2023) among
        the nodes: one row per edge ``stimulated`` -> ``responder`` with q < ``q_max``.

        ``strain``: ``wt`` (wild type) or ``unc31`` (no dense-core-vesicle release). Columns
        ``dff`` (mean ΔF/F of the responder, no unit; > 0 excitation, < 0 inhibition), ``q``,
        ``n_observations``, ``pair`` (the atlas neurons reported for a class) and
        ``significant_pairs``. ``attrs`` holds the unit, citation and ``not_in_atlas``.

        >>> f = ww.functional(["ASHL", "AVAL"])
        >>> f[["stimulated", "responder", "dff", "q"]]
          stimulated responder       dff         q
        0       ASHL      AVAL  0.111072  0.019340
        1       AVAL      ASHL  0.161254  0.018316
        """
        body = {"nodes": as_list(nodes), "strain": strain, "q_max": float(q_max)}
        answer, provenance = self._json("POST", "/connectome/api/functional/", body=body)
        columns = ["stimulated", "responder", "dff", "q", "n_observations", "pair", "significant_pairs"]
        frame = pd.DataFrame(answer["edges"], columns=columns).astype({"dff": "float64", "q": "float64"})
        meta = {k: answer[k] for k in ("strain", "strain_name", "q_max", "unit", "citation", "class_rule",
                                       "not_in_atlas")}
        return self._frame(frame, provenance, [], **meta)

    @endpoint("GET /connectome/api/neurotransmitters/")
    def neurotransmitters(self) -> pd.DataFrame:
        """The neurotransmitters of every cell and class Wang et al. 2024 list.

        Index ``name``; columns ``kind`` (``cell`` or ``class``), ``groups`` (ACh, Glu, GABA,
        DA, 5-HT, octopamine, tyramine, betaine, other monoamine, unknown; in the table's order)
        and ``identities`` (as the paper writes them). ``attrs["groups"]`` lists every group.

        >>> ww.neurotransmitters().loc["RIML", "groups"]
        ['Glu', 'tyramine', 'betaine']
        """
        answer, provenance = self._json("GET", "/connectome/api/neurotransmitters/")
        rows = [(name, kind, entry["groups"], entry["identities"])
                for kind, table in (("cell", answer["cells"]), ("class", answer["classes"]))
                for name, entry in table.items()]
        frame = pd.DataFrame(rows, columns=["name", "kind", "groups", "identities"]).set_index("name")
        return self._frame(frame, provenance, [], groups=answer["groups"], source=answer["source"])
