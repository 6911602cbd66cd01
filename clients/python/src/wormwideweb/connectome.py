"""Connectome questions: which neurons, which connections, which paths."""

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._base import BaseClient, as_list, endpoint, flag

if TYPE_CHECKING:
    import networkx as nx

Names = str | Iterable[str]
EDGE_TYPES = {"c": "chemical synapse", "e": "gap junction"}


def networkx():
    try:
        import networkx
    except ImportError:
        raise ImportError("Graphs need networkx: pip install 'wormwideweb[graph]' (or pip install networkx).") from None
    return networkx


class ConnectomeMethods(BaseClient):
    """Connectome datasets (White 1986, Cook 2019, Witvliet 2021, ...), by their ids:
    ``white_1986_whole``, ``cook_jarrell_2019_h``, ``witvliet_2020_8``, ..."""

    @endpoint("GET /connectome/api/available-neurons/")
    def neurons(self, datasets: Names) -> pd.DataFrame:
        """The neurons with at least one synapse in any of the datasets.

        Index ``name`` (``AVAL``); columns ``neuron_class`` (``AVA``), ``cell_type`` (type code
        letters: ``s`` sensory, ``i`` interneuron, ``m`` motor, ...) and ``cell_type_desc``.
        ``attrs["classes"]`` maps each class to its members present in the datasets.

        >>> ww.neurons("white_1986_whole").loc["AVAL", "neuron_class"]
        'AVA'
        """
        ids = as_list(datasets)
        answer, provenance = self._json("GET", "/connectome/api/available-neurons/",
                                        params={"datasets": ",".join(ids)})
        columns = ["neuron_class", "cell_type", "cell_type_desc"]
        rows = {name: [n[c] for c in columns] for name, n in answer["neurons"].items()}
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns).sort_index()
        frame.index.name = "name"
        return self._frame(frame, provenance, ids, classes=answer["neuron_classes"])

    def _edges_answer(self, datasets, neurons, classes, individual, connected) -> tuple[dict, dict]:
        body = {"datasets": as_list(datasets), "neurons": as_list(neurons), "classes": as_list(classes),
                "show_individual_neuron": bool(individual), "show_connected_neuron": bool(connected)}
        return self._json("POST", "/connectome/api/get-edges/", body=body)

    @endpoint("POST /connectome/api/get-edges/")
    def edges(self, datasets: Names, neurons: Names = (), classes: Names = (), *, individual: bool = False,
              connected: bool = False) -> pd.DataFrame:
        """The synapses among the chosen neurons and classes, counted in each dataset.

        One row per edge: ``pre``, ``post``, ``type`` (``c`` chemical synapse, directed; ``e``
        gap junction, undirected, listed once with its two labels in alphabetical order),
        ``count`` (the sum over the datasets), then one column of counts per dataset, in the
        order given. An end is labelled by its neuron name when that neuron is chosen, or
        ``individual`` is set, or another neuron of its class is chosen; otherwise by its class
        name. ``connected`` adds the edges to neurons outside the selection.
        ``attrs["labels"]`` lists every label used.

        >>> e = ww.edges(["white_1986_whole", "witvliet_2020_8"], classes=["AVA", "RIM"])
        >>> e[(e.pre == "RIM") & (e.post == "AVA")]
          pre post type  count  white_1986_whole  witvliet_2020_8
        3 RIM  AVA    c      6                 3                3
        """
        answer, provenance = self._edges_answer(datasets, neurons, classes, individual, connected)
        ids = answer["datasets"]
        rows = [[s["pre"], s["post"], s["type"], s["count"], *s["list_count"]] for s in answer["synapses"]]
        frame = pd.DataFrame(rows, columns=["pre", "post", "type", "count", *ids])
        frame = frame.astype({c: "int64" for c in ["count", *ids]})
        return self._frame(frame, provenance, ids, labels=answer["neurons"])

    def graph(self, datasets: Names, neurons: Names = (), classes: Names = (), *, individual: bool = False,
              connected: bool = False) -> "nx.MultiDiGraph":
        """The edges of `edges()` as a networkx MultiDiGraph (needs networkx).

        Nodes are the labels, with ``kind`` (``neuron`` or ``class``) and, for a neuron,
        ``neuron_class``, ``cell_type`` and ``cell_type_desc``; for a class, ``members``.
        A chemical synapse is the edge pre -> post with key ``c``; a gap junction is
        undirected, so it is the two edges a -> b and b -> a with key ``e`` (each with the
        whole count: add up chemical edges only, or halve the gap-junction total). Each edge
        has ``type``, ``count`` and ``counts`` ({dataset: count}); ``g.graph`` holds the
        provenance (url, datasets, data_version).

        >>> g = ww.graph("cook_jarrell_2019_h", neurons=["AVAL", "AVAR"], connected=True)
        >>> g.edges["AVAL", "AVAR", "e"]["count"]
        18
        """
        nx = networkx()
        frame = self.edges(datasets, neurons, classes, individual=individual, connected=connected)
        ids = frame.attrs["datasets"]
        table = self.neurons(ids)
        classes_present = table.attrs["classes"]
        graph = nx.MultiDiGraph(**frame.attrs)
        for label in frame.attrs["labels"]:
            graph.add_node(label, **_node_attributes(label, table, classes_present))
        for row in frame.itertuples(index=False):
            pre, post, kind, count, *counts = row
            attributes = {"type": kind, "count": int(count), "counts": dict(zip(ids, map(int, counts), strict=True))}
            graph.add_edge(pre, post, key=kind, **attributes)
            if kind == "e" and pre != post:
                graph.add_edge(post, pre, key=kind, **attributes)
        return graph

    def _paths_answer(self, dataset, start, end, weighted, gap_junctions, by_class) -> tuple[dict, dict]:
        params = {"dataset": dataset, "start": start, "end": end, "weighted": flag(weighted),
                  "gap_junction": flag(gap_junctions), "class": flag(by_class)}
        return self._json("GET", "/connectome/api/find-paths/", params=params)

    @endpoint("GET /connectome/api/find-paths/")
    def paths(self, dataset: str, start: str, end: str, *, weighted: bool = True, gap_junctions: bool = True,
              by_class: bool = False) -> pd.DataFrame:
        """All shortest paths from `start` to `end` in one dataset (at most 100).

        With ``weighted`` each hop weighs 1/(synapse count), so strongly connected routes are
        shorter; otherwise hops are counted. ``gap_junctions`` lets paths cross gap junctions
        (either way); ``by_class`` searches between classes (``ASH`` -> ``AVA``).

        One row per path, in the server's order: ``path`` (a tuple of names), ``n_hops``,
        ``total_weight`` (synapses along the path) and ``edges`` (each hop's synapses:
        ``{"pre", "post", "count", "type"}``; a hop with both kinds has two). ``attrs`` also
        holds ``n_paths_total``, ``truncated``, ``max_paths``, ``nodes`` and the server's
        ``message`` (no path) or ``note`` (a dataset without gap junctions).

        >>> p = ww.paths("white_1986_whole", "ASHL", "AVAL")
        >>> p.path.iloc[0], int(p.total_weight.iloc[0])
        (('ASHL', 'AVBL', 'AVAL'), 13)
        """
        answer, provenance = self._paths_answer(dataset, start, end, weighted, gap_junctions, by_class)
        rows = [(tuple(p["path"]), len(p["path"]) - 1, p["total_weight"], p["edges"]) for p in answer["paths"]]
        frame = pd.DataFrame(rows, columns=["path", "n_hops", "total_weight", "edges"])
        frame = frame.astype({"n_hops": "int64", "total_weight": "int64"})
        frame.index.name = "path_id"
        return self._frame(frame, provenance, [dataset], **_paths_extra(answer))

    def path_graph(self, dataset: str, start: str, end: str, *, weighted: bool = True, gap_junctions: bool = True,
                   by_class: bool = False) -> "nx.MultiDiGraph":
        """The shortest paths of `paths()` as one networkx MultiDiGraph (needs networkx): every
        hop of every path is an edge along the path's direction, keyed by its type (``c``,
        ``e``) with its ``count``. ``g.graph`` holds the provenance and ``n_paths_total``,
        ``truncated``.

        >>> g = ww.path_graph("white_1986_whole", "ASHL", "AVBL", weighted=False)
        >>> sorted(g.successors("ASHL"))
        ['AVBL']
        """
        nx = networkx()
        answer, provenance = self._paths_answer(dataset, start, end, weighted, gap_junctions, by_class)
        self._used([dataset])
        graph = nx.MultiDiGraph(**provenance, datasets=[dataset], **_paths_extra(answer))
        graph.add_nodes_from(answer["nodes"])
        for path in answer["paths"]:
            for hop in path["edges"]:
                graph.add_edge(hop["pre"], hop["post"], key=hop["type"], type=hop["type"], count=hop["count"])
        return graph

    @endpoint("GET /connectome/api/matrix/")
    def matrix(self, a: str, b: str | None = None, neurons: Names = (), classes: Names = (), *,
               level: str = "neuron", order: str = "name", difference: str = "subtract") -> dict[str, pd.DataFrame]:
        """The connectivity matrices of a selection (every neuron of the dataset(s) when none is
        given), neuron by neuron or class by class (``level="class"``, member pairs summed).

        Returns {"chemical_a", "gap_a"} and, with a second dataset `b`, also "chemical_b",
        "gap_b", "chemical_difference" and "gap_difference": square DataFrames indexed by the
        labels in the chosen ``order`` (``name``, ``type`` or ``cluster``); a chemical row is the
        presynaptic cell. ``difference`` is ``subtract`` (a - b) or ``log2fold``
        (log2((a / total_a) / (b / total_b)), NaN where a or b is 0). Each frame's ``attrs``
        holds the provenance, ``totals``, ``units``, ``rule``, ``absent`` and ``notes``.

        >>> m = ww.matrix("white_1986_whole", classes=["AVA", "RIM"])
        >>> int(m["chemical_a"].loc["RIML", "AVAL"])
        1
        """
        params = {"a": a, "b": b or "", "neurons": ",".join(as_list(neurons)),
                  "classes": ",".join(as_list(classes)), "level": level, "order": order, "difference": difference}
        answer, provenance = self._json("GET", "/connectome/api/matrix/", params=params)
        ids = [a] if b is None else [a, b]
        labels = answer["labels"]
        extra = {k: answer[k] for k in ("totals", "units", "rule", "absent", "notes", "level", "order", "difference")}
        frames = {}
        for kind in ("chemical", "gap"):
            for key, values in answer[kind].items():
                frame = pd.DataFrame(values, index=labels, columns=labels, dtype="float64" if key == "difference"
                                     else "int64")
                frame.index.name = "pre" if kind == "chemical" else "neuron"
                frames[f"{kind}_{key}"] = self._frame(frame, provenance, ids, **extra)
        return frames

    @endpoint("GET /connectome/api/edge-diff/")
    def edge_diff(self, a: str, b: str, neurons: Names = (), classes: Names = (), *, normalize: bool = False,
                  min_count: int = 1, fold_threshold: float = 2.0) -> pd.DataFrame:
        """Every edge of the selection (the whole connectomes when none is given) in datasets
        `a` and `b`: one row per edge with ``pre``, ``post``, ``type``, ``count_a``,
        ``count_b``, ``change`` (b - a; of the fractions of each total with ``normalize``),
        ``fold`` (b / a, NaN unless both are > 0) and ``status`` (``only_in_a``,
        ``only_in_b``, ``stronger``, ``weaker``, ``unchanged``: ``attrs["rule"]`` states the
        rule). ``attrs`` also holds ``counts`` per status, ``totals`` and ``notes``.

        >>> d = ww.edge_diff("white_1986_whole", "cook_jarrell_2019_h", classes=["AVA", "RIM"])
        >>> d.set_index(["pre", "post", "type"]).loc[("RIM", "AVA", "c"), "count_b"]
        np.int64(16)
        """
        params = {"a": a, "b": b, "neurons": ",".join(as_list(neurons)), "classes": ",".join(as_list(classes)),
                  "normalize": flag(normalize), "min_count": int(min_count), "fold_threshold": float(fold_threshold)}
        answer, provenance = self._json("GET", "/connectome/api/edge-diff/", params=params)
        columns = ["pre", "post", "type", "count_a", "count_b", "change", "fold", "status"]
        frame = pd.DataFrame([[e[c] for c in columns] for e in answer["edges"]], columns=columns)
        frame = frame.astype({"count_a": "int64", "count_b": "int64", "change": "float64", "fold": "float64"})
        extra = {k: answer[k] for k in ("totals", "units", "rule", "notes", "counts", "normalize", "min_count",
                                        "fold_threshold")}
        return self._frame(frame, provenance, list(dict.fromkeys([a, b])), **extra)


    @endpoint("GET /connectome/api/find-paths-multi/")
    def paths_multi(self, datasets: Names, start: str, end: str, *, k: int | None = None, max_hops: int = 6,
                    weighted: bool = True, gap_junctions: bool = True, by_class: bool = False) -> pd.DataFrame:
        """The paths from `start` to `end` in several datasets (at most 15), joined and ranked.

        Without ``k``, each dataset's shortest paths (as `paths()`); with ``k`` (1-50), each
        dataset's k shortest loopless paths (Yen). Paths longer than ``max_hops`` are left out.
        One row per path of the union, best first: ``rank``, ``path`` (a tuple), ``n_hops``,
        ``consensus`` (datasets in which every hop exists), ``summed_count`` and ``bottleneck``
        (synapses along the path and of its weakest hop, over those datasets), ``exists_in``,
        ``found_in`` (datasets whose search returned it), ``hops`` (each hop's chemical and
        gap-junction counts per dataset), then one boolean column per dataset: whether the path
        exists there. ``attrs`` holds ``per_dataset`` (status: ok, no path, absent, not
        searched, with the reason), ``hop_evidence`` (the presynaptic transmitters and the
        signal propagation atlas for each hop, wt and unc31), ``truncated`` and
        ``truncated_reasons``.

        >>> p = ww.paths_multi(["white_1986_whole", "witvliet_2020_8"], "ASHL", "AVAL", k=3, weighted=False)
        >>> p.path.iloc[0], int(p.consensus.iloc[0])
        (('ASHL', 'AVAL'), 2)
        """
        ids = as_list(datasets)
        params = {"datasets": ",".join(ids), "start": start, "end": end, "max_hops": max_hops,
                  "weighted": flag(weighted), "gap_junction": flag(gap_junctions), "class": flag(by_class)}
        if k is not None:
            params["k"] = k
        answer, provenance = self._json("GET", "/connectome/api/find-paths-multi/", params=params)
        ids = answer["datasets"]
        columns = ["rank", "path", "n_hops", "consensus", "summed_count", "bottleneck", "exists_in", "found_in", "hops"]
        rows = [[p["rank"], tuple(p["path"]), p["n_hops"], p["consensus"], p["summed_count"], p["bottleneck"],
                 p["exists_in"], p["found_in"], p["hops"], *(d in p["exists_in"] for d in ids)]
                for p in answer["paths"]]
        frame = pd.DataFrame(rows, columns=[*columns, *ids])
        frame = frame.astype({c: "int64" for c in ("rank", "n_hops", "consensus", "summed_count", "bottleneck")})
        frame = frame.astype({d: "bool" for d in ids})
        extra = {key: answer[key] for key in ("per_dataset", "hop_evidence", "truncated", "truncated_reasons",
                                             "mode", "k", "max_hops", "nodes", "use_weights", "use_gap_junction",
                                             "use_class", "max_paths")}
        return self._frame(frame, provenance, ids, **extra)

    @endpoint("GET /connectome/api/path-matrix/")
    def path_matrix(self, dataset: str, sources: Names, targets: Names, *, weighted: bool = True,
                    gap_junctions: bool = True, by_class: bool = False) -> pd.DataFrame:
        """Shortest distances from each source (rows) to each target (columns) in one dataset:
        hops, or with ``weighted`` the sum of 1/(synapse count); NaN where unreachable.

        Sources and targets are neurons, classes or cell types (``sensory``, ``interneuron``,
        ``motor``, ``muscle``), expanded to at most 30 nodes a side. ``attrs`` holds
        ``n_shortest_paths`` (a frame of the same shape: how many shortest paths; NaN where
        unreachable) and ``notes`` (how shorthands expanded, what the cap left out).

        >>> m = ww.path_matrix("white_1986_whole", ["ASHL", "ASHR"], "AVA", weighted=False)
        >>> int(m.loc["ASHL", "AVAL"])
        1
        """
        params = {"dataset": dataset, "sources": ",".join(as_list(sources)), "targets": ",".join(as_list(targets)),
                  "weighted": flag(weighted), "gap_junction": flag(gap_junctions), "class": flag(by_class)}
        answer, provenance = self._json("GET", "/connectome/api/path-matrix/", params=params)
        rows, cols = answer["sources"], answer["targets"]

        def table(values):
            frame = pd.DataFrame(values, index=rows, columns=cols, dtype="float64")
            frame.index.name, frame.columns.name = "source", "target"
            return frame

        frame = table([[math.nan if v is None else v for v in row] for row in answer["distance"]])
        counts = table([[math.nan if v is None else v for v in row] for row in answer["n_shortest_paths"]])
        return self._frame(frame, provenance, [dataset], n_shortest_paths=counts, notes=answer["notes"],
                           use_weights=weighted, use_gap_junction=gap_junctions, use_class=by_class)


def _node_attributes(label: str, table: pd.DataFrame, classes: dict[str, list[str]]) -> dict[str, Any]:
    """A neuron's identity, or a class's members (a one-neuron class such as RID is its neuron)."""
    if label in table.index and classes.get(label, [label]) == [label]:
        return {"kind": "neuron", **table.loc[label].to_dict()}
    return {"kind": "class", "members": classes.get(label, [])}


def _paths_extra(answer: dict) -> dict:
    extra = {k: answer[k] for k in ("n_paths_total", "truncated", "max_paths", "nodes", "use_weights",
                                     "use_gap_junction", "use_class")}
    extra.update({k: answer[k] for k in ("message", "note") if k in answer})
    return extra
