"""GET /connectome/api/neuron/<name>/ and /connectome/api/neuron-search/: every section against
the raw files (connectome JSON, funatlas.h5, encoding_table.json) or the other APIs, and every error.

Expected counts are computed here from the raw connectome files: names renamed with
connectome_neurons_replacement.csv, syn summed, chemical synapses directed, a gap junction
once per pair (the larger of its two listed directions), a class the sum over its members."""

import csv
import json
from collections import defaultdict

import h5py
import numpy as np
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
DATA = settings.DATA_DIR / "wormwideweb-data"
ALL = "/connectome/api/neuron/{}/"


def get(client, name, **params):
    return client.get(ALL.format(name), params)


def raw_neurons() -> dict[str, dict]:
    with open(DATA / "connectome/connectome_neurons.csv", encoding="utf-8-sig") as f:
        return {row["name"].strip(): row for row in csv.DictReader(f)}


def raw_counts(dataset_id: str) -> tuple[dict, dict]:
    """({(pre, post): chemical synapses}, {frozenset pair: gap junctions}) of a raw file."""
    with open(DATA / "config/connectome_neurons_replacement.csv", encoding="utf-8-sig") as f:
        renames = {row["original"].strip(): row["replacement"].strip() for row in csv.DictReader(f)}
    chemical, directed_gap = defaultdict(int), defaultdict(int)
    for r in json.loads((DATA / f"connectome/connectome/{dataset_id}.json").read_text()):
        pre, post = renames.get(r["pre"], r["pre"]), renames.get(r["post"], r["post"])
        (chemical if r["typ"] == 0 else directed_gap)[pre, post] += sum(r["syn"])
    gap = defaultdict(int)
    for (a, b), n in directed_gap.items():
        gap[frozenset((a, b))] = max(gap[frozenset((a, b))], n)
    return chemical, gap


def expected_partners(dataset_id: str, cells: set[str], by_class: bool) -> dict[str, dict[str, int]]:
    """{"inputs", "outputs", "gap_junctions": {partner: count}} of a cell or class, from the raw file."""
    neurons = raw_neurons()
    label = (lambda n: neurons[n]["class"]) if by_class else (lambda n: n)
    chemical, gap = raw_counts(dataset_id)
    found = {"inputs": defaultdict(int), "outputs": defaultdict(int), "gap_junctions": defaultdict(int)}
    for (pre, post), n in chemical.items():
        if n and post in cells and pre in neurons:
            found["inputs"][label(pre)] += n
        if n and pre in cells and post in neurons:
            found["outputs"][label(post)] += n
    for pair, n in gap.items():
        a, b = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        if n and (a in cells or b in cells) and {a, b} <= neurons.keys():
            other = b if a in cells else a
            found["gap_junctions"][label(other)] += n
    return {k: dict(v) for k, v in found.items()}


def column(answer: dict, table: str, dataset_id: str) -> dict[str, int]:
    i = [d["id"] for d in answer["partners"]["datasets"]].index(dataset_id)
    return {r["partner"]: r["counts"][i] for r in answer["partners"][table] if r["counts"][i]}


@pytest.mark.parametrize("name, cells, by_class, datasets", [
    ("ASHL", {"ASHL"}, False, ["white_1986_whole", "cook_jarrell_2019_h", "witvliet_2020_8"]),
    ("AVA", {"AVAL", "AVAR"}, True,
     ["white_1986_whole", "cook_jarrell_2019_h", "cook_jarrell_2019_m", "witvliet_2020_1"]),
    ("VA01", {"VA01"}, False, ["white_1986_whole", "cook_jarrell_2019_h"]),
    ("HOA", {"HOA"}, False, ["cook_jarrell_2019_m"]),
    ("I1L", {"I1L"}, False, ["cook_2020"]),
])
def test_partner_counts_equal_the_raw_connectome_files(client, name, cells, by_class, datasets):
    answer = get(client, name).json()
    for dataset_id in datasets:
        expected = expected_partners(dataset_id, cells, by_class)
        for table in ("inputs", "outputs"):
            assert column(answer, table, dataset_id) == expected[table], (dataset_id, table)
        if dataset_id.startswith("witvliet"):
            continue  # imported without gap junctions (below)
        # A class's gap junctions within itself (AVAL-AVAR) count once, as the partner AVA.
        assert column(answer, "gap_junctions", dataset_id) == expected["gap_junctions"], dataset_id


def test_totals_shares_and_summaries(client):
    answer = get(client, "AVA").json()
    ids = [d["id"] for d in answer["partners"]["datasets"]]
    assert ids == [d["id"] for d in json.loads((DATA / "connectome/connectome_datasets.json").read_text())]
    for table in ("inputs", "outputs", "gap_junctions"):
        for i, total in enumerate(answer["partners"]["totals"][table]):
            counts = [r["counts"][i] for r in answer["partners"][table]]
            if total is None:
                assert all(c is None for c in counts)
                continue
            assert total == sum(counts)
            for r in answer["partners"][table]:
                assert r["share_pct"][i] == (round(100 * r["counts"][i] / total, 1) if total else None)
    for r in answer["partners"]["inputs"]:
        values = [c for c in r["counts"] if c is not None]
        assert r["n_measured"] == len(values) and r["n_datasets"] == sum(c > 0 for c in values)
        assert (r["mean"], r["min"], r["max"]) == (round(float(np.mean(values)), 2), min(values), max(values))
    means = [r["mean"] for r in answer["partners"]["inputs"]]
    assert means == sorted(means, reverse=True)  # the top partners first


def test_gap_junctions_are_not_measured_where_they_were_not_imported(client):
    answer = get(client, "AVA").json()
    for i, d in enumerate(answer["partners"]["datasets"]):
        if d["id"].startswith("witvliet_2020_"):
            assert not d["has_gap_junctions"] and answer["partners"]["totals"]["gap_junctions"][i] is None
            assert all(r["counts"][i] is None for r in answer["partners"]["gap_junctions"])


def test_a_male_only_cell_is_measured_by_the_male_dataset_only(client):
    answer = get(client, "HOA").json()
    assert answer["identity"]["category"] == "male"
    for d in answer["partners"]["datasets"]:
        assert d["present"] == (d["id"] == "cook_jarrell_2019_m")
        if not d["present"]:
            assert "male-specific" in d["absent_reason"]
    for r in answer["partners"]["inputs"]:
        assert r["n_measured"] == 1 and [c is not None for c in r["counts"]].count(True) == 1


def test_datasets_restrict_the_partner_tables(client):
    ids = ["cook_jarrell_2019_h", "white_1986_whole"]
    answer = get(client, "AVA", datasets=",".join(ids)).json()
    assert [d["id"] for d in answer["partners"]["datasets"]] == ids
    assert all(len(r["counts"]) == 2 for r in answer["partners"]["outputs"])
    expected = expected_partners("white_1986_whole", {"AVAL", "AVAR"}, True)
    assert column(answer, "inputs", "white_1986_whole") == expected["inputs"]
    groups = answer["groups"]
    assert groups["male"]["datasets"] == ["cook_jarrell_2019_m"] and groups["pharynx"]["datasets"] == ["cook_2020"]
    assert groups["development"]["datasets"] == [f"witvliet_2020_{i}" for i in range(1, 9)]
    assert set(groups["adult_hermaphrodite"]["datasets"]) == {
        "white_1986_whole", "cook_jarrell_2019_h", "white_1986_jsh", "white_1986_n2u", "white_1986_jse"}


def test_development_stages_average_the_adults(client):
    answer = get(client, "AIY").json()
    dev = answer["development"]
    assert dev["stages"][0]["label"] == "L1 0 h"
    assert dev["stages"][-1]["datasets"] == ["witvliet_2020_7", "witvliet_2020_8"]
    series = [f"witvliet_2020_{i}" for i in range(1, 9)]
    raw = {d: expected_partners(d, {"AIYL", "AIYR"}, True)["outputs"] for d in series}
    assert dev["outputs"], "AIY has outputs through development"
    for row in dev["outputs"]:
        per_animal = [raw[f"witvliet_2020_{i}"].get(row["partner"], 0) for i in range(1, 9)]
        assert row["counts"] == pytest.approx(per_animal[:6] + [(per_animal[6] + per_animal[7]) / 2])


@pytest.fixture(scope="module")
def atlas():
    with h5py.File(settings.DATA_DIR / "wormneuroatlas/funatlas.h5") as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        return ids, {s: {k: f[f"{s}/{k}"][()] for k in ("dFF", "q", "occ1")} for s in ("wt", "unc31")}


def test_function_rows_equal_the_atlas_file_in_both_directions(client, atlas):
    ids, strains = atlas
    answer = get(client, "ASHL", q="1").json()["function"]
    i_ash = ids.index("ASHL")
    to = {r["responder"]: r for r in answer["responses_to"]}
    of = {r["stimulated"]: r for r in answer["responses_of"]}
    for name in ("AVAL", "AIBL", "AWBL"):
        i = ids.index(name)
        for strain, m in strains.items():
            # [i, j] is i's response when j was stimulated: ASHL -> AVAL is [AVAL, ASHL].
            forward, backward = to.get(name, {}).get(strain), of.get(name, {}).get(strain)
            for found, (row, col) in ((forward, (i, i_ash)), (backward, (i_ash, i))):
                if m["occ1"][row, col] == 0:
                    assert found is None
                else:
                    assert found["n"] == m["occ1"][row, col]
                    expected = (("dff", m["dFF"][row, col], {"abs": 1e-4}), ("q", m["q"][row, col], {"rel": 1e-3}))
                    for key, raw, tolerance in expected:
                        assert found[key] == (None if np.isnan(raw) else pytest.approx(raw, **tolerance))
    assert to["AVAL"]["wt"]["dff"] == pytest.approx(0.1111, abs=1e-4)  # Randi et al.: ASH -> AVA
    never = int((np.delete(strains["wt"]["occ1"][:, i_ash], i_ash) == 0).sum())
    assert answer["never_measured"]["wt"]["as_stimulated"] == never
    assert len(answer["responses_to"]) == sum(  # q=1 keeps every pair with a q-value below 1
        1 for i in range(len(ids)) if i != i_ash and any(m["q"][i, i_ash] < 1 for m in strains.values()))


def test_function_keeps_pairs_below_the_threshold(client):
    answer = get(client, "AVA").json()["function"]
    assert answer["q_max"] == 0.05 and answer["atlas_cells"] == ["AVAL", "AVAR"]
    for row in answer["responses_to"] + answer["responses_of"]:
        assert any(row[s] and row[s]["q"] is not None and row[s]["q"] < 0.05 for s in ("wt", "unc31"))
    comparison = answer["comparison"]["downstream"]
    partners = {r["partner"] for r in get(client, "AVA").json()["partners"]["outputs"]}
    gap_partners = {r["partner"] for r in get(client, "AVA").json()["partners"]["gap_junctions"]}
    assert set(comparison["anatomical_responding"]) <= partners | gap_partners
    assert not set(comparison["functional_without_synapse"]) & partners


def test_a_cell_outside_the_atlas_is_not_measured(client):
    answer = get(client, "HOA").json()["function"]
    assert answer["atlas_cells"] == [] and answer["not_in_atlas"] == ["HOA"]
    assert answer["never_measured"]["wt"] == {"as_stimulated": None, "as_responder": None}


def test_activity_lists_the_find_neuron_recordings_and_correlations(client):
    index = client.get("/activity/api/data/find_neuron/").json()["match"]
    expected = defaultdict(set)
    for key in ("AVA_l_x", "AVA_r_x"):
        for dataset_id, idxs in index.get(key, {}).items():
            expected[dataset_id] |= set(idxs)
    activity = get(client, "AVA").json()["activity"]
    assert {r["dataset_id"]: {t["idx_neuron"] for t in r["traces"]} for r in activity["recordings"]} == expected
    per_recording = []
    for r in activity["recordings"]:
        if not r["has_behavior"]:
            assert r["behavior_r"] == {}
            continue
        behaviour = client.get(f"/activity/api/data/{r['dataset_id']}/behavior/").json()["data"]["behavior"]["traces"]
        velocity = np.array([np.nan if v is None else v for v in behaviour["v"]["data"]])
        rs = []
        for t in r["traces"]:
            trace = np.array(client.get(f"/activity/api/data/{r['dataset_id']}/{t['idx_neuron']}/").json()["trace"])
            both = np.isfinite(velocity)
            rs.append(np.corrcoef(trace[both], velocity[both])[0, 1])
        assert r["behavior_r"]["v"] == pytest.approx(np.mean(rs), abs=2e-3)
        assert r["explore_url"].startswith(f"/activity/explore/{r['dataset_id']}/?n=")
        per_recording.append(r["behavior_r"]["v"])
    v = next(b for b in activity["behavior"] if b["key"] == "v")
    assert v["n_recordings"] == len(per_recording) and v["unit"] == "0.1 mm/s"
    assert v["mean_r"] == pytest.approx(np.mean(per_recording), abs=1e-3)
    assert v["sd_r"] == pytest.approx(np.std(per_recording, ddof=1), abs=1e-3)
    assert (v["min_r"], v["max_r"]) == (min(per_recording), max(per_recording))


def test_a_cell_page_takes_only_its_own_labels(client):
    recordings = get(client, "AVAL").json()["activity"]["recordings"]
    assert recordings and all(t["label"] == "AVAL" for r in recordings for t in r["traces"])


def test_encoding_is_the_class_row_of_the_encoding_table(client):
    table = json.loads((DATA / "activity/encoding_table.json").read_text())
    i = table["class"].index("AVA")
    rows = get(client, "AVAL").json()["encoding"]["rows"]
    assert [r["class"] for r in rows] == ["AVA"]
    assert rows[0]["count"] == table["count"][i] and rows[0]["enc_v"] == pytest.approx(table["enc_v"][i])
    assert list(rows[0]["fractions"].values()) == pytest.approx(table["encoding_table"][i])
    hoa = get(client, "HOA").json()["encoding"]
    assert hoa["rows"] == [] and hoa["table_url"] is None


def test_identity_facts_and_not_measured(client):
    identity = get(client, "ADE").json()["identity"]
    assert identity["members"] == ["ADEL", "ADER"] and identity["transmitters"] == ["DA"]
    adel = next(c for c in identity["cells"] if c["name"] == "ADEL")
    assert adel["full_name"] == "Anterior DEirid Neuron Left" and adel["lineage"] == "AB plapaaaapa"
    assert adel["position_um"] == {"x": 87.97, "y": -0.12, "z": 10.5}
    hoa = get(client, "HOA").json()["identity"]["cells"][0]
    assert hoa["position_um"] is None and hoa["neuropal_rgb"] is None and hoa["body_segment"] is None


@pytest.mark.parametrize("typed, suggested", [("AVAl", "AVAL"), ("VA1", "VA01"), ("ava", "AVA"), ("DA1", "DA01")])
def test_unknown_names_answer_404_with_close_names(client, typed, suggested):
    response = get(client, typed)
    assert response.status_code == 404
    error = response.json()["error"]
    assert f"Unknown neuron or class '{typed}'" in error and suggested in error.split("Did you mean")[1]


@pytest.mark.parametrize("params, status, text", [
    ({"datasets": "nope"}, 404, "Unknown dataset"),
    ({"q": "2"}, 400, "'q'"),
    ({"q": "abc"}, 400, "must be a number"),
    ({"q": ""}, 400, "must be a number, not ''"),
    ({"datasets": "yim_2024_dauer"}, 404, "not synapse counts"),  # well formed, so not a 400
])
def test_bad_parameters(client, params, status, text):
    response = get(client, "AVA", **params)
    assert response.status_code == status and text in response.json()["error"]


def test_wrong_method_is_405(client):
    response = client.post(ALL.format("AVA"))
    assert response.status_code == 405 and "error" in response.json()


@pytest.mark.parametrize("query, first", [
    ("anterior deirid", "ADE"), ("VA1", "VA01"), ("ava", "AVA"), ("AVAl", "AVAL"),
])
def test_search_finds_names_and_full_names(client, query, first):
    results = client.get("/connectome/api/neuron-search/", {"q": query}).json()["results"]
    assert results[0]["name"] == first


def test_search_limits_and_errors(client):
    assert client.get("/connectome/api/neuron-search/", {"q": ""}).json()["results"] == []
    assert len(client.get("/connectome/api/neuron-search/", {"q": "a"}).json()["results"]) <= 12
    assert client.get("/connectome/api/neuron-search/", {"q": "x" * 101}).status_code == 400
    assert client.get("/connectome/api/neuron-search/").status_code == 400


def test_the_schema_documents_both_endpoints(client):
    paths = client.get("/api/schema/").json()["paths"]
    assert "/connectome/api/neuron/{name}/" in paths and "/connectome/api/neuron-search/" in paths


def test_answer_shapes_have_names_of_their_own():
    """The OpenAPI schema names each answer shape by its class name: two apps' classes of the
    same name would silently document one shape for both."""
    from activity import schemas as activity_schemas
    from connectome import schemas as connectome_schemas
    from core.api import Out
    from neurons import schemas as neuron_schemas

    names = [name for module in (activity_schemas, connectome_schemas, neuron_schemas)
             for name, value in vars(module).items()
             if isinstance(value, type) and issubclass(value, Out) and value.__module__ == module.__name__]
    assert len(names) == len(set(names))
