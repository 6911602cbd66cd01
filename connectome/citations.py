"""Full references for the short citations that connectome_datasets.json gives each dataset.

The short forms are the data's own (e.g. "Cook & Jarrel et al., 2019"), shown as they are on
graph watermarks; the about page lists the full reference of each.
"""

REFERENCES = {
    "White et al., 1986": (
        "White JG, Southgate E, Thomson JN, Brenner S (1986). The structure of the nervous system "
        "of the nematode Caenorhabditis elegans. Phil Trans R Soc Lond B 314:1-340."
    ),
    "Albertson & Thomson, 1976": (
        "Albertson DG, Thomson JN (1976). The pharynx of Caenorhabditis elegans. "
        "Phil Trans R Soc Lond B 275:299-325."
    ),
    "Witvliet et al., 2021": (
        "Witvliet D, Mulcahy B, Mitchell JK, et al. (2021). Connectomes across development reveal "
        "principles of brain maturation. Nature 596:257-261."
    ),
    "Cook & Jarrel et al., 2019": (
        "Cook SJ, Jarrell TA, Brittin CA, et al. (2019). Whole-animal connectomes of both "
        "Caenorhabditis elegans sexes. Nature 571:63-71."
    ),
    "Sulston, Albertson & Thomson, 1980": (
        "Sulston JE, Albertson DG, Thomson JN (1980). The Caenorhabditis elegans male: "
        "postembryonic development of nongonadal structures. Dev Biol 78:542-576."
    ),
    "Cook et al., 2021": (
        "Cook SJ, Crouse CM, Yemini E, Hall DH, Emmons SW, Hobert O (2020). The connectome of the "
        "Caenorhabditis elegans pharynx. J Comp Neurol 528:2767-2784."
    ),
    "Yim et al., 2024": (
        "Yim H, Choe DT, Bae JA, Choi M, Kang H-M, Nguyen KCQ, Ahn S, Bahn S, Yang H, Hall DH, Kim JS, "
        "Lee J (2024). Comparative connectomics of dauer reveals developmental plasticity. "
        "Nat Commun 15:1546. doi:10.1038/s41467-024-45943-3"
    ),
}

# The compilation behind white_1986_whole, named in its description rather than its citations.
VARSHNEY_2011 = (
    "Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011). Structural properties of "
    "the Caenorhabditis elegans neuronal network. PLoS Comput Biol 7:e1001066."
)


def full_reference(short: str) -> str:
    """The full reference of a short citation (the short form itself when unknown)."""
    return REFERENCES.get(short, short)
