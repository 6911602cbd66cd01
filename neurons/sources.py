"""Where each fact of a neuron page comes from: its references in core/references.py, shown on the page."""

from core.references import REFERENCES

_FACTS = [
    ("wormatlas", "Full name, description, lineage, WormAtlas cell type", ["wormatlas"]),
    ("wang2024", "Neurotransmitters", ["wang2024"]),
    ("owmeta", "Receptors (OpenWorm owmeta, via c302 0.12.1)", ["gleeson2018"]),
    ("ripoll_sanchez2023", "Body segment", ["ripollsanchez2023"]),
    ("skuhersky2022", "3D position (µm)", ["skuhersky2022"]),
    ("yemini2021", "NeuroPAL colour", ["yemini2021"]),
    ("randi2023", "Function (signal propagation atlas)", ["randi2023"]),
    ("activity", "Activity and encoding (CePNEM)", ["dag2023", "atanas2023"]),
]

SOURCES = [{"key": key, "facts": facts, "reference": "; ".join(REFERENCES[k].text for k in keys)}
           for key, facts, keys in _FACTS]
