"""Where each fact of a neuron page comes from: one reference per source, shown on the page."""

SOURCES = [
    {"key": "wormatlas", "facts": "Full name, description, lineage, WormAtlas cell type",
     "reference": "WormAtlas (Altun ZF, Herndon LA, Wolkow CA, Crocker C, Lints R, Hall DH, eds.), "
                  "cell list and \"Neuron names\" page, as compiled by the C. elegans Connectome Toolbox "
                  "(cect 0.3.5, OpenWorm)."},
    {"key": "wang2024", "facts": "Neurotransmitters",
     "reference": "Wang C, Vidal B, Sural S, et al. (2024). A neurotransmitter atlas of C. elegans males "
                  "and hermaphrodites. eLife 13:RP95402."},
    {"key": "owmeta", "facts": "Receptors",
     "reference": "OpenWorm owmeta database (via c302 0.12.1, owmeta_cache.json)."},
    {"key": "ripoll_sanchez2023", "facts": "Body segment",
     "reference": "Ripoll-Sánchez L, Watteyne J, Sun H, et al. (2023). The neuropeptidergic connectome "
                  "of C. elegans. Neuron 111:3570-3589, Table S7."},
    {"key": "skuhersky2022", "facts": "3D position (µm)",
     "reference": "Skuhersky M, Wu T, Yemini E, et al. (2022). Toward a more accurate 3D atlas of "
                  "C. elegans neurons. BMC Bioinformatics 23:195."},
    {"key": "yemini2021", "facts": "NeuroPAL colour",
     "reference": "Yemini E, Lin A, Nejatbakhsh A, et al. (2021). NeuroPAL: a multicolor atlas for "
                  "whole-brain neuronal identification in C. elegans. Cell 184:272-288."},
    {"key": "randi2023", "facts": "Function (signal propagation atlas)",
     "reference": "Randi F, Sharma AK, Dvali S, Leifer AM (2023). Neural signal propagation atlas of "
                  "Caenorhabditis elegans. Nature 623:406-414. doi:10.1038/s41586-023-06683-4"},
    {"key": "activity", "facts": "Activity and encoding",
     "reference": "Dag U, Nwabudike I, Kang D, et al. (2023) Cell 186:2574-2592; Atanas AA, Kim J, et al. "
                  "(2023) Cell 186:4134-4151 (CePNEM encoding)."},
]
