"""Client.matrix and Client.edge_diff: against the connectome files themselves."""

import numpy as np
import pandas as pd
from test_client_connectome import file_counts


def test_matrix_equals_the_files(ww):
    m = ww.matrix("white_1986_whole", "cook_jarrell_2019_h", classes=["AVA", "RIM"], neurons=["ASHL"])
    labels = ["ASHL", "AVAL", "AVAR", "RIML", "RIMR"]
    assert set(m) == {"chemical_a", "gap_a", "chemical_b", "gap_b", "chemical_difference", "gap_difference"}
    for key, dataset in (("a", "white_1986_whole"), ("b", "cook_jarrell_2019_h")):
        chemical, gaps = file_counts(dataset)
        expected = pd.DataFrame([[chemical.get((r, c), 0) for c in labels] for r in labels], index=labels,
                                columns=labels)
        assert (m[f"chemical_{key}"] == expected).all().all()
        gap = m[f"gap_{key}"]
        assert all(gap.loc[r, c] == gaps.get(frozenset((r, c)), 0) for r in labels for c in labels)
    assert (m["chemical_difference"] == m["chemical_a"] - m["chemical_b"]).all().all()
    assert m["chemical_a"].attrs["datasets"] == ["white_1986_whole", "cook_jarrell_2019_h"]
    assert m["chemical_a"].attrs["units"] == {"white_1986_whole": "synapses", "cook_jarrell_2019_h": "synapses"}
    assert int(m["chemical_a"].loc["RIML", "AVAL"]) == chemical_white()[("RIML", "AVAL")]


def chemical_white():
    return file_counts("white_1986_whole")[0]


def test_log2fold_is_nan_where_a_count_is_zero(ww):
    m = ww.matrix("white_1986_whole", "witvliet_2020_8", classes=["AVA", "RIM", "AIB"], difference="log2fold")
    a, b, fold = m["chemical_a"], m["chemical_b"], m["chemical_difference"]
    totals = m["chemical_a"].attrs["totals"]
    both = (a > 0) & (b > 0)
    expected = np.log2((a / totals["white_1986_whole"]) / (b / totals["witvliet_2020_8"]))
    assert both.values.sum() > 3
    assert np.allclose(fold.values[both.values], expected.values[both.values], atol=1e-4)
    assert fold.isna().values[~both.values].all()


def test_edge_diff_equals_the_files(ww):
    d = ww.edge_diff("white_1986_whole", "cook_jarrell_2019_h")
    chem_a, gaps_a = file_counts("white_1986_whole")
    chem_b, gaps_b = file_counts("cook_jarrell_2019_h")
    chemical = d[d.type == "c"].set_index(["pre", "post"])
    assert len(chemical) == len(set(chem_a) | set(chem_b))
    for pair in list(chem_a)[:200]:
        assert chemical.loc[pair, "count_a"] == chem_a[pair]
        assert chemical.loc[pair, "count_b"] == chem_b.get(pair, 0)
    assert len(d[d.type == "e"]) == len(set(gaps_a) | set(gaps_b))
    assert set(d.status) == {"only_in_a", "only_in_b", "stronger", "weaker", "unchanged"}
    assert "fold >= 2" in d.attrs["rule"]
