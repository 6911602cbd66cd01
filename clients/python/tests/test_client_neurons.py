"""Client.neuron, neuron_partners, search_neurons: against the API's answer and the
connectome files themselves."""

from collections import defaultdict

import numpy as np
import pytest
import requests
from test_client_connectome import file_counts
from wormwideweb_client import WormWideWebError


def test_a_cells_inputs_equal_the_connectome_files(ww):
    dataset = "white_1986_whole"
    inputs = ww.neuron_partners("ASHL", "inputs", datasets=[dataset])
    chemical, _ = file_counts(dataset)
    expected = {pre: n for (pre, post), n in chemical.items() if post == "ASHL" and pre != "ASHL"}
    shown = {partner: int(n) for partner, n in inputs[dataset].items() if n > 0}
    assert shown == expected
    assert inputs.attrs["datasets"] == [dataset] and inputs.attrs["table"] == "inputs"
    assert list(inputs.columns) == [dataset, "n_datasets", "mean", "min", "max"]


def test_a_class_sums_its_members_over_every_dataset(ww, live_url):
    outputs = ww.neuron_partners("AVA", "outputs")
    answer = requests.get(f"{live_url}/connectome/api/neuron/AVA/", timeout=30).json()
    ids = [d["id"] for d in answer["partners"]["datasets"]]
    assert list(outputs.columns[: len(ids)]) == ids
    chemical, _ = file_counts("cook_jarrell_2019_h")
    by_class = defaultdict(int)
    for (pre, post), n in chemical.items():
        if pre in ("AVAL", "AVAR"):
            by_class[post] += n
    # a class partner's count is the sum over its member cells; VA01 belongs to class VA
    va = sum(n for post, n in by_class.items() if post.startswith("VA") and post[2:].isdigit())
    assert outputs.loc["VA", "cook_jarrell_2019_h"] == va
    row = next(r for r in answer["partners"]["outputs"] if r["partner"] == "VA")
    np.testing.assert_allclose(outputs.loc["VA", ids].to_numpy(dtype=float),
                               [np.nan if c is None else c for c in row["counts"]])


def test_the_page_answer_and_the_search(ww):
    assert ww.neuron("AVA")["identity"]["members"] == ["AVAL", "AVAR"]
    found = ww.search_neurons("anterior deirid")
    assert found.name.iloc[0] == "ADE" and list(found.columns) == ["name", "kind", "text"]


def test_an_unknown_name_raises_with_the_servers_suggestion(ww):
    with pytest.raises(WormWideWebError) as error:
        ww.neuron("AVAl")
    assert error.value.status == 404 and "AVAL" in str(error.value)
    with pytest.raises(ValueError):
        ww.neuron_partners("AVAL", "sideways")
