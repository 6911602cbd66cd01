"""The extrasynaptic network models: their files, kind, unit and citation, shared by the
import (build time) and the layer (request time).

Each model is a directed network of neurons that release a ligand (a neuropeptide or a
monoamine) and neurons that express a receptor for it. The weight of an edge is the number
of ligand-receptor pathways joining the two neurons.
"""

RIPOLL = ("Ripoll-Sánchez L, Watteyne J, Sun H, et al., Schafer WR. The neuropeptidergic connectome of "
          "C. elegans. Neuron 111, 3570-3589 (2023). doi:10.1016/j.neuron.2023.09.043")
BENTLEY = ("Bentley B, Branicky R, Barnes CL, et al., Schafer WR. The multilayer connectome of "
           "Caenorhabditis elegans. PLoS Comput Biol 12, e1005283 (2016). doi:10.1371/journal.pcbi.1005283")
UNIT = "ligand-receptor pathways"
NEUROPEPTIDE, MONOAMINE = "neuropeptide", "monoamine"

# model id -> what it is. "files": path under the data folder; a matrix file is 302 x 302
# (row releases, column receives), a list file has one row per pair and pathway.
MODELS = {
    "ripoll2023_short": {
        "name": "Ripoll-Sánchez 2023, neuropeptides, short-range model",
        "kind": NEUROPEPTIDE, "layout": "matrix", "citation": RIPOLL,
        "files": ["extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_short_range.csv"],
        "description": "Neuropeptide-GPCR pathways between neurons whose processes are close (short diffusion range).",
    },
    "ripoll2023_mid": {
        "name": "Ripoll-Sánchez 2023, neuropeptides, mid-range model",
        "kind": NEUROPEPTIDE, "layout": "matrix", "citation": RIPOLL,
        "files": ["extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_mid_range.csv"],
        "description": "Neuropeptide-GPCR pathways within the same body region (the paper's main model).",
    },
    "ripoll2023_long": {
        "name": "Ripoll-Sánchez 2023, neuropeptides, long-range model",
        "kind": NEUROPEPTIDE, "layout": "matrix", "citation": RIPOLL,
        "files": ["extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_long_range.csv"],
        "description": "Neuropeptide-GPCR pathways between any releasing and receiving neurons (no range limit).",
    },
    "ripoll2023_monoamine": {
        "name": "Ripoll-Sánchez 2023, monoamines",
        "kind": MONOAMINE, "layout": "matrix", "citation": RIPOLL,
        "files": ["extra_connectomes/ripoll_sanchez2023_monoamine_connectome.csv"],
        "description": "Monoamine-receptor pathways (dopamine, serotonin, tyramine, octopamine).",
    },
    "bentley2016": {
        "name": "Bentley 2016, monoamines and neuropeptides",
        "kind": f"{MONOAMINE}, {NEUROPEPTIDE}", "layout": "list", "citation": BENTLEY,
        "files": ["wormneuroatlas/esconnectome_monoamines_Bentley_2016.csv",
                  "wormneuroatlas/esconnectome_neuropeptides_Bentley_2016.csv"],
        "description": "Monoamine and neuropeptide pathways, each named by its ligand and receptor.",
    },
}
DEFAULT_MODEL = "ripoll2023_mid"
