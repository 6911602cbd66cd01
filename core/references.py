"""The one table of references behind the data we serve, and its three renderings.

Each reference names its source README (where the data's own citation is stated; a test
checks the DOI, year and volume against it). `SHORT` maps the short citations that
connectome_datasets.json gives each dataset (shown on graph watermarks) to their keys;
`SOURCES` maps the other things a page can show (the atlas, the neuron facts, each activity
paper) to theirs. Plain Python: the about page, /api/citations/ and the neuron page use it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    key: str
    authors: tuple[tuple[str, str], ...]  # (family name, initials "J. G."); ("others", "") for et al.
    title: str
    year: int
    source: str  # the data README that states this citation
    journal: str = ""
    volume: str = ""
    pages: str = ""  # first-last, or an article number
    doi: str = ""
    url: str = ""
    type: str = "article"  # article, or misc for a website
    note: str = ""

    @property
    def text(self) -> str:
        """The reference as one line: "White JG, Southgate E, ... (1986). Title. Journal 314:1-340. doi:..."."""
        names = [f"{family} {initials.replace('.', '').replace(' ', '')}" for family, initials in self.authors
                 if family != "others"]
        authors = ", ".join(names) + (", et al." if self.authors[-1][0] == "others" else "")
        where = f" {self.journal} {self.volume}:{self.pages}." if self.journal else ""
        link = f" doi:{self.doi}" if self.doi else f" {self.url}" if self.url else ""
        note = f" ({self.note})" if self.note else ""
        return f"{authors} ({self.year}). {self.title}.{where}{link}{note}"


_WPTRSB = "Philosophical Transactions of the Royal Society of London. B, Biological Sciences"
_CONNECTOME = "data/wormwideweb-data/README.md"
_METADATA = "data/neuron_metadata/README.md"
_DAUER = "data/yim2024_dauer/README.md"

REFERENCES: dict[str, Reference] = {r.key: r for r in [
    Reference("yim2024", (("Yim", "H."), ("Choe", "D. T."), ("Bae", "J. A."), ("others", "")),
              "Comparative connectomics of dauer reveals developmental plasticity", 2024, _DAUER,
              "Nature Communications", "15", "1546", "10.1038/s41467-024-45943-3"),
    Reference("white1986", (("White", "J. G."), ("Southgate", "E."), ("Thomson", "J. N."), ("Brenner", "S.")),
              "The structure of the nervous system of the nematode Caenorhabditis elegans", 1986, _CONNECTOME,
              _WPTRSB, "314", "1-340", "10.1098/rstb.1986.0056"),
    Reference("albertson1976", (("Albertson", "D. G."), ("Thomson", "J. N.")),
              "The pharynx of Caenorhabditis elegans", 1976, _CONNECTOME,
              _WPTRSB, "275", "299-325", "10.1098/rstb.1976.0085"),
    Reference("sulston1980", (("Sulston", "J. E."), ("Albertson", "D. G."), ("Thomson", "J. N.")),
              "The Caenorhabditis elegans male: postembryonic development of nongonadal structures", 1980,
              _CONNECTOME, "Developmental Biology", "78", "542-576", "10.1016/0012-1606(80)90352-8"),
    Reference("varshney2011", (("Varshney", "L. R."), ("Chen", "B. L."), ("Paniagua", "E."), ("Hall", "D. H."),
                               ("Chklovskii", "D. B.")),
              "Structural properties of the Caenorhabditis elegans neuronal network", 2011, _CONNECTOME,
              "PLoS Computational Biology", "7", "e1001066", "10.1371/journal.pcbi.1001066"),
    Reference("cook2019", (("Cook", "S. J."), ("Jarrell", "T. A."), ("Brittin", "C. A."), ("others", "")),
              "Whole-animal connectomes of both Caenorhabditis elegans sexes", 2019, _CONNECTOME,
              "Nature", "571", "63-71", "10.1038/s41586-019-1352-7"),
    Reference("cook2020", (("Cook", "S. J."), ("Crouse", "C. M."), ("Yemini", "E."), ("Hall", "D. H."),
                           ("Emmons", "S. W."), ("Hobert", "O.")),
              "The connectome of the Caenorhabditis elegans pharynx", 2020, _CONNECTOME,
              "Journal of Comparative Neurology", "528", "2767-2784", "10.1002/cne.24932"),
    Reference("witvliet2021", (("Witvliet", "D."), ("Mulcahy", "B."), ("Mitchell", "J. K."), ("others", "")),
              "Connectomes across development reveal principles of brain maturation", 2021, _CONNECTOME,
              "Nature", "596", "257-261", "10.1038/s41586-021-03778-8"),
    Reference("dag2023", (("Dag", "U."), ("Nwabudike", "I."), ("Kang", "D."), ("Gomes", "M. A."), ("Kim", "J."),
                          ("Atanas", "A. A."), ("Bueno", "E."), ("Estrem", "C."), ("Pugliese", "S."), ("Wang", "Z."),
                          ("Towlson", "E."), ("Flavell", "S. W.")),
              "Dissecting the functional organization of the C. elegans serotonergic system at whole-brain scale",
              2023, "data/dag_nwabudike_kang_2023/README.md", "Cell", "186", "2574-2592", "10.1016/j.cell.2023.04.023"),
    Reference("atanas2023", (("Atanas", "A. A."), ("Kim", "J."), ("Wang", "Z."), ("Bueno", "E."), ("Becker", "M."),
                             ("Kang", "D."), ("Park", "J."), ("Kramer", "T. S."), ("Wan", "F. K."), ("Baskoylu", "S."),
                             ("Dag", "U."), ("Kalogeropoulou", "E."), ("Gomes", "M. A."), ("Estrem", "C."),
                             ("Cohen", "N."), ("Mansinghka", "V. K."), ("Flavell", "S. W.")),
              "Brain-wide representations of behavior spanning multiple timescales and states in C. elegans", 2023,
              "data/atanas_kim_2023_subset/README.md", "Cell", "186", "4134-4151", "10.1016/j.cell.2023.07.035",
              note="data: doi:10.5281/zenodo.8185377, CC BY 3.0 US"),
    Reference("randi2023", (("Randi", "F."), ("Sharma", "A. K."), ("Dvali", "S."), ("Leifer", "A. M.")),
              "Neural signal propagation atlas of Caenorhabditis elegans", 2023, "data/wormneuroatlas/README.md",
              "Nature", "623", "406-414", "10.1038/s41586-023-06683-4"),
    Reference("wang2024", (("Wang", "C."), ("Vidal", "B."), ("Sural", "S."), ("others", "")),
              "A neurotransmitter atlas of C. elegans males and hermaphrodites", 2024, _METADATA,
              "eLife", "13", "RP95402", "10.7554/eLife.95402"),
    Reference("ripollsanchez2023", (("Ripoll-Sánchez", "L."), ("Watteyne", "J."), ("Sun", "H."), ("others", "")),
              "The neuropeptidergic connectome of C. elegans", 2023, _METADATA,
              "Neuron", "111", "3570-3589", "10.1016/j.neuron.2023.09.043"),
    Reference("bentley2016", (("Bentley", "B."), ("Branicky", "R."), ("Barnes", "C. L."), ("others", "")),
              "The multilayer connectome of Caenorhabditis elegans", 2016, "data/README.md",
              "PLoS Comput Biol", "12", "e1005283", "10.1371/journal.pcbi.1005283"),
    Reference("skuhersky2022", (("Skuhersky", "M."), ("Wu", "T."), ("Yemini", "E."), ("others", "")),
              "Toward a more accurate 3D atlas of C. elegans neurons", 2022, _METADATA,
              "BMC Bioinformatics", "23", "195", "10.1186/s12859-022-04738-3"),
    Reference("yemini2021", (("Yemini", "E."), ("Lin", "A."), ("Nejatbakhsh", "A."), ("others", "")),
              "NeuroPAL: a multicolor atlas for whole-brain neuronal identification in C. elegans", 2021, _METADATA,
              "Cell", "184", "272-288", "10.1016/j.cell.2020.12.012"),
    Reference("gleeson2018", (("Gleeson", "P."), ("Lung", "D."), ("Grosu", "R."), ("Hasani", "R."),
                              ("Larson", "S. D.")),
              "c302: a multiscale framework for modelling the nervous system of Caenorhabditis elegans", 2018,
              _METADATA, _WPTRSB, "373", "20170379", "10.1098/rstb.2017.0379"),
    Reference("wormatlas", (("Altun", "Z. F."), ("Herndon", "L. A."), ("Wolkow", "C. A."), ("Crocker", "C."),
                            ("Lints", "R."), ("Hall", "D. H.")),
              "WormAtlas", 2024, _METADATA, url="https://www.wormatlas.org", type="misc"),
]}

# The short citations of connectome_datasets.json (misspellings corrected, connectome/spelling.py) -> keys.
SHORT = {
    "White et al., 1986": "white1986",
    "Albertson & Thomson, 1976": "albertson1976",
    "Witvliet et al., 2021": "witvliet2021",
    "Cook & Jarrell et al., 2019": "cook2019",
    "Sulston, Albertson & Thomson, 1980": "sulston1980",
    "Cook et al., 2021": "cook2020",
    "Yim et al., 2024": "yim2024",  # the pharynx paper, published 2020
}

# white_1986_whole is Varshney et al.'s compilation, named in its description, not its citations.
EXTRA = {"white_1986_whole": ["varshney2011"]}

# What else a page can show -> its references: the atlas, the extrasynaptic networks, the neuron facts,
# each activity paper.
SOURCES = {
    "atlas": ["randi2023"],
    "extrasynaptic": ["ripollsanchez2023", "bentley2016"],
    "neuron_metadata": ["wang2024", "ripollsanchez2023", "skuhersky2022", "yemini2021", "varshney2011",
                        "gleeson2018", "wormatlas"],
    "dag_nwabudike_kang_2023": ["dag2023"],
    "atanas_kim_2023": ["atanas2023"],
}


def connectome_keys(dataset_id: str, citation: list[str]) -> list[str]:
    """The reference keys of a connectome dataset, from its short citations (unknown ones left out)."""
    return list(dict.fromkeys([SHORT[c] for c in citation if c in SHORT] + EXTRA.get(dataset_id, [])))


def full_reference(short: str) -> str:
    """The full reference of a short citation (the short form itself when unknown)."""
    return REFERENCES[SHORT[short]].text if short in SHORT else short


def _bibtex_escape(value: str) -> str:
    return value.replace("&", r"\&").replace("%", r"\%").replace("_", r"\_")


def bibtex(ref: Reference) -> str:
    """One BibTeX entry; titles in braces so a style keeps their capitals."""
    authors = " and ".join(f"{family}, {initials}" if initials else family for family, initials in ref.authors)
    fields = {"author": authors, "title": "{" + ref.title + "}", "journal": ref.journal, "volume": ref.volume,
              "pages": ref.pages.replace("-", "--"), "year": str(ref.year), "doi": ref.doi, "url": ref.url,
              "note": ref.note}
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value) if name != 'doi' else value}}}"
                      for name, value in fields.items() if value)
    return f"@{ref.type}{{{ref.key},\n{body}\n}}\n"


def ris(ref: Reference) -> str:
    """One RIS record (JOUR or ELEC), ending with ER."""
    lines = [("TY", "JOUR" if ref.type == "article" else "ELEC"), ("ID", ref.key)]
    lines += [("AU", f"{family}, {initials}") for family, initials in ref.authors if family != "others"]
    lines += [("TI", ref.title), ("PY", str(ref.year))]
    if ref.journal:
        first, _, last = ref.pages.partition("-")
        lines += [("JO", ref.journal), ("VL", ref.volume), ("SP", first)] + ([("EP", last)] if last else [])
    lines += [(tag, value) for tag, value in (("DO", ref.doi), ("UR", ref.url), ("N1", ref.note)) if value]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"
