"""WormWideWeb from Python: C. elegans connectomes and whole-brain activity recordings as
pandas DataFrames, numpy arrays and networkx graphs.

>>> from wormwideweb import Client
>>> ww = Client()                                   # https://wormwideweb.org
>>> edges = ww.edges(["white_1986_whole", "witvliet_2020_8"], classes=["AVA", "RIM"])
>>> tr = ww.traces("dag_nwabudike_kang_2023-2022-07-26-31", neurons=["AVAL", "RIBL"])
>>> print(ww.cite())

Every method documents the columns of its answer; the README has a worked example.
"""

from ._version import __version__
from .client import DEFAULT_URL, Aligned, Client, Replay
from .errors import WormWideWebError

__all__ = ["Aligned", "Client", "DEFAULT_URL", "Replay", "WormWideWebError", "__version__"]
