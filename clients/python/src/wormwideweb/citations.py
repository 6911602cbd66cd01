"""BibTeX of the papers behind the datasets and recordings a client fetched (`Client.cite()`).

`references()` is the one place that knows where references come from. The server does not
serve citations yet, so today they come from the table below, which follows the server's
own sources: the short citations of each connectome dataset
(`data/wormwideweb-data/connectome/connectome_datasets.json`), their full references
(`connectome/citations.py`) and the activity papers (README, data/README.md); a test checks
that the table and those sources agree. When the server has `/api/citations/`,
`references()` asks it instead and the table goes.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .activity import ActivityMethods

BIBTEX = {
    "white1986": """@article{white1986,
  author = {White, J. G. and Southgate, E. and Thomson, J. N. and Brenner, S.},
  title = {The structure of the nervous system of the nematode {Caenorhabditis elegans}},
  journal = {Philosophical Transactions of the Royal Society of London. B, Biological Sciences},
  volume = {314},
  pages = {1--340},
  year = {1986},
  doi = {10.1098/rstb.1986.0056}
}""",
    "albertson1976": """@article{albertson1976,
  author = {Albertson, D. G. and Thomson, J. N.},
  title = {The pharynx of {Caenorhabditis elegans}},
  journal = {Philosophical Transactions of the Royal Society of London. B, Biological Sciences},
  volume = {275},
  pages = {299--325},
  year = {1976},
  doi = {10.1098/rstb.1976.0085}
}""",
    "sulston1980": """@article{sulston1980,
  author = {Sulston, J. E. and Albertson, D. G. and Thomson, J. N.},
  title = {The {Caenorhabditis elegans} male: postembryonic development of nongonadal structures},
  journal = {Developmental Biology},
  volume = {78},
  pages = {542--576},
  year = {1980},
  doi = {10.1016/0012-1606(80)90352-8}
}""",
    "varshney2011": """@article{varshney2011,
  author = {Varshney, L. R. and Chen, B. L. and Paniagua, E. and Hall, D. H. and Chklovskii, D. B.},
  title = {Structural properties of the {Caenorhabditis elegans} neuronal network},
  journal = {PLoS Computational Biology},
  volume = {7},
  pages = {e1001066},
  year = {2011},
  doi = {10.1371/journal.pcbi.1001066}
}""",
    "cook2019": """@article{cook2019,
  author = {Cook, S. J. and Jarrell, T. A. and Brittin, C. A. and others},
  title = {Whole-animal connectomes of both {Caenorhabditis elegans} sexes},
  journal = {Nature},
  volume = {571},
  pages = {63--71},
  year = {2019},
  doi = {10.1038/s41586-019-1352-7}
}""",
    "cook2020": """@article{cook2020,
  author = {Cook, S. J. and Crouse, C. M. and Yemini, E. and Hall, D. H. and Emmons, S. W. and Hobert, O.},
  title = {The connectome of the {Caenorhabditis elegans} pharynx},
  journal = {Journal of Comparative Neurology},
  volume = {528},
  pages = {2767--2784},
  year = {2020},
  doi = {10.1002/cne.24932}
}""",
    "witvliet2021": """@article{witvliet2021,
  author = {Witvliet, D. and Mulcahy, B. and Mitchell, J. K. and others},
  title = {Connectomes across development reveal principles of brain maturation},
  journal = {Nature},
  volume = {596},
  pages = {257--261},
  year = {2021},
  doi = {10.1038/s41586-021-03778-8}
}""",
    "dag2023": """@article{dag2023,
  author = {Dag, U. and Nwabudike, I. and Kang, D. and Gomes, M. A. and Kim, J. and Atanas, A. A. and Bueno, E. and
            Estrem, C. and Pugliese, S. and Wang, Z. and Towlson, E. and Flavell, S. W.},
  title = {Dissecting the functional organization of the {C. elegans} serotonergic system at whole-brain scale},
  journal = {Cell},
  volume = {186},
  pages = {2574--2592},
  year = {2023},
  doi = {10.1016/j.cell.2023.04.023}
}""",
    "atanas2023": """@article{atanas2023,
  author = {Atanas, A. A. and Kim, J. and Wang, Z. and Bueno, E. and Becker, M. and Kang, D. and Park, J. and
            Kramer, T. S. and Wan, F. K. and Baskoylu, S. and Dag, U. and Kalogeropoulou, E. and Gomes, M. A. and
            Estrem, C. and Cohen, N. and Mansinghka, V. K. and Flavell, S. W.},
  title = {Brain-wide representations of behavior spanning multiple timescales and states in {C. elegans}},
  journal = {Cell},
  volume = {186},
  pages = {4134--4151},
  year = {2023},
  doi = {10.1016/j.cell.2023.07.035},
  note = {Data: doi:10.5281/zenodo.8185377, CC BY 3.0 US}
}""",
}

# Connectome dataset id or activity paper id -> its references, in the order to cite them.
CITES = {
    "white_1986_whole": ["white1986", "varshney2011", "witvliet2021", "albertson1976"],
    "white_1986_jsh": ["white1986", "witvliet2021"],
    "white_1986_n2u": ["white1986", "witvliet2021"],
    "white_1986_jse": ["white1986", "witvliet2021"],
    "cook_jarrell_2019_h": ["cook2019", "albertson1976"],
    "cook_jarrell_2019_m": ["cook2019", "sulston1980"],
    **{f"witvliet_2020_{i}": ["witvliet2021"] for i in range(1, 9)},
    "cook_2020": ["cook2020"],
    "dag_nwabudike_kang_2023": ["dag2023"],
    "atanas_kim_2023": ["atanas2023"],
}


def references(client: "ActivityMethods", ids: Iterable[str]) -> list[str]:
    """BibTeX entries (each once) for connectome dataset ids, recording ids and paper ids; a
    BibTeX comment for an id without a known reference."""
    keys: dict[str, None] = {}
    unknown: dict[str, None] = {}
    recordings = None
    for name in dict.fromkeys(ids):
        if name not in CITES:
            recordings = client.recordings() if recordings is None else recordings
            if name in recordings.index:
                name = recordings.loc[name, "paper_id"]
        if name in CITES:
            keys.update(dict.fromkeys(CITES[name]))
        else:
            unknown[name] = None
    entries = [BIBTEX[key] for key in keys]
    entries += [f"% No reference known to this client for {name!r}: see {client.base_url}/about/" for name in unknown]
    return entries
