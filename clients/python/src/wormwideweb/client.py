"""`Client`: every question the WormWideWeb API answers, one method each."""

from collections.abc import Iterable
from typing import Any

from ._base import DEFAULT_URL, VERSION_ROUTE, endpoint
from .activity import ActivityMethods, Aligned, Replay
from .connectome import ConnectomeMethods
from .errors import WormWideWebError
from .layers import LayerMethods
from .neurons import NeuronMethods

__all__ = ["Aligned", "Client", "DEFAULT_URL", "Replay"]


class Client(ConnectomeMethods, LayerMethods, NeuronMethods, ActivityMethods):
    """A WormWideWeb server, https://wormwideweb.org by default.

    >>> from wormwideweb import Client
    >>> ww = Client()                              # or Client("http://127.0.0.1:8000")
    >>> ww = Client(cache_dir="~/.cache/wormwideweb")  # answers kept on disk per data version

    Connectome: `neurons`, `edges`, `graph`, `paths`, `path_graph`. Neurons: `neuron`,
    `neuron_partners`, `search_neurons`. Layers: `extrasynaptic`, `functional`,
    `neurotransmitters`. Activity: `recordings`,
    `recording_neurons`, `traces`, `trace`, `behavior`, `reversals`, `correlations`,
    `top_partners`, `behavior_correlations`, `encoding`, `encoding_table`,
    `encoding_dictionary`, `find_neuron`, `replay`, `plot_multiple_url`, `download`,
    `download_paper`, `download_zip`. Also `version`, `data_version`, `cite`, `clear_cache`.

    Every DataFrame carries its provenance in ``attrs``: ``url`` (and ``body`` for a POST),
    ``datasets`` and ``data_version``. A failed request raises `WormWideWebError`.
    """

    @endpoint(VERSION_ROUTE)
    def version(self) -> dict[str, str]:
        """The server's versions, asked now: ``{"data_version", "api_version"}``. The data
        version changes with every import of new data; the disk cache is keyed by it.

        >>> ww.version()
        {'data_version': '3f1c0a9b2d4e-77aa01c3e9f2', 'api_version': '1'}
        """
        answer = self._check_version()
        if answer is None:
            raise WormWideWebError(f"{self.base_url} has no /api/version/ (an older server).", 404,
                                   self._url("/api/version/"))
        return answer

    @endpoint("GET /api/citations/")
    def cite(self, *fetched: Any, format: str = "bibtex") -> str:
        """The references of the papers behind what was fetched, as the server's
        /api/citations/ gives them: by default of everything this client fetched so far; or of
        given DataFrames, graphs, `Replay`s (their provenance), connectome dataset ids,
        recording ids, paper ids, ``"atlas"`` or ``"neuron_metadata"``. ``format``: ``"bibtex"``,
        ``"ris"`` or ``"text"`` (one reference per paragraph). An unknown id raises
        `WormWideWebError` naming the closest known ones.

        >>> e = ww.edges("white_1986_whole", classes=["AVA"])
        >>> print(ww.cite())        # Witvliet 2021, White 1986, Albertson 1976, Varshney 2011
        >>> print(ww.cite(e, format="ris"))  # the same, for this DataFrame only, as RIS
        """
        if format not in ("bibtex", "ris", "text"):
            raise ValueError(f"format must be 'bibtex', 'ris' or 'text', not {format!r}")
        ids: list[str] = []
        for item in fetched or [list(self._fetched)]:
            if isinstance(item, str):
                ids.append(item)
            elif isinstance(getattr(item, "attrs", None), dict) and "datasets" in item.attrs:
                ids.extend(item.attrs["datasets"])
            elif isinstance(getattr(item, "graph", None), dict) and "datasets" in item.graph:
                ids.extend(item.graph["datasets"])
            elif isinstance(item, Iterable):
                ids.extend(item)
            else:
                raise TypeError(f"cite() takes ids, DataFrames, graphs or Replays, not {type(item).__name__}")
        if not ids:
            return ""
        params = {"datasets": ",".join(dict.fromkeys(ids)), "format": "json" if format == "text" else format}
        response = self._request("GET", "/api/citations/", params=params)
        if format == "text":
            return "\n\n".join(r["text"] for r in response.json()["references"]) + "\n"
        return response.text
