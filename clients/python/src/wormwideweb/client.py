"""`Client`: every question the WormWideWeb API answers, one method each."""

from collections.abc import Iterable
from typing import Any

from . import citations
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

    def cite(self, *fetched: Any) -> str:
        """BibTeX of the papers behind what was fetched: by default everything this client
        fetched so far; or of given DataFrames, graphs, `Replay`s (their provenance), dataset
        ids, recording ids or paper ids.

        >>> e = ww.edges("white_1986_whole", classes=["AVA"])
        >>> print(ww.cite())        # White 1986, Varshney 2011, Witvliet 2021, Albertson 1976
        >>> print(ww.cite(e))       # the same, for this DataFrame only
        """
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
        return "\n\n".join(citations.references(self, ids)) + "\n" if ids else ""
