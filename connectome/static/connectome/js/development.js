// /connectome/development/: the chosen neurons' chemical synapses across the Witvliet et al.
// (2021) developmental series, as a heatmap with trend lines, small multiples and a time slider.
// URL state (README "Pages"): n, c, ind, con, cmin, sp, es, layout, cmap, color, order, pre, post, edge, tab, stage.

import { setCited } from "../../core/js/cite.js";
import { availableNeurons, getEdges } from "../../core/js/api.js";
import { loadState, numberIn, saveState, setupCopyLink, splitList } from "../../core/js/page_state.js";
import { debounce, setBusy, showAlert } from "../../core/js/ui.js";
import { SCALES, scaleGradient } from "../../core/js/colour_scales.js";
import { drawHeatmap, drawTrend, edgeKey, edgeLabel, orderRows } from "./development_heatmap.js";
import { showStage, stageGraph } from "./development_networks.js";
import { GraphBox } from "./graph_box.js";
import { GraphSettings, SETTING_DEFAULTS } from "./graph_settings.js";
import { paintTransmitters } from "./transmitters.js";
import { NeuronSelector } from "../../core/js/neuron_selector.js";
import { maxOf } from "../../core/js/numbers.js";

const PAGE = "development";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const STAGES = JSON.parse(document.getElementById("development-stages").textContent);
const SERIES = STAGES.flatMap((s) => s.datasets);
const TABS = ["heatmap", "multiples", "slider"];
const DEFAULTS = {
  n: "", c: "", ...SETTING_DEFAULTS, con: "0", cmap: "Viridis", color: "type", order: "pre", pre: "", post: "",
  edge: "", tab: "heatmap", stage: String(STAGES.length - 1),
};
const DENSE = { edges: 450, nodes: 140 };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");

let available = { neurons: {}, neuron_classes: {} };
let edges = []; // {pre, post, byDataset: {id: count}, counts: [per stage], total}
let latest = 0;
let selected = state.edge;
let playing = null;

for (const name of Object.keys(SCALES)) $("cmap").add(new Option(name, name));
$("cmap").value = state.cmap in SCALES ? state.cmap : DEFAULTS.cmap;
$("color").value = state.color === "transmitter" ? "transmitter" : "type";
$("order").value = [...$("order").options].some((o) => o.value === state.order) ? state.order : DEFAULTS.order;
$("stage").value = numberIn(state.stage, 0, STAGES.length - 1, STAGES.length - 1);

const sliderBox = new GraphBox($("slider-box"), { datasets: DATASETS, available: () => available, fileName: () => `wormwideweb-development-${STAGES[stage()].label.replace(/\W+/g, "-")}` });
const stageBoxes = STAGES.map((s, i) => new GraphBox($(`stage-${i}-box`), { datasets: DATASETS, fileName: () => `wormwideweb-development-${s.label.replace(/\W+/g, "-")}` }));
window.wormwideweb = { slider: sliderBox.graph, stages: stageBoxes.map((b) => b.graph) };

const settings = new GraphSettings(document.querySelector("[data-role=graph-settings]"), state, {
  refetch: () => fetchEdges(),
  refilter: () => draw(),
  relayout: () => draw(),
  restyle: () => draw(),
});
// A change makes any answer still on its way stale at once; the new request follows shortly.
const fetchSoon = debounce(() => fetchEdges(), 150);
const neuronPicker = new NeuronSelector($("neurons"), {
  onChange: () => {
    latest += 1;
    setBusy($("dev-box").querySelector("[data-role=loading]"), true);
    fetchSoon();
  },
});
const stage = () => Number($("stage").value);
const currentTab = () => TABS.find((t) => $(`tab-${t}`).classList.contains("active")) || "heatmap";
bootstrap.Tab.getOrCreateInstance($(`tab-${TABS.includes(state.tab) ? state.tab : "heatmap"}`)).show();
$("colour-bar-row").classList.toggle("d-none", currentTab() === "heatmap");

function currentState() {
  const { neurons, classes } = neuronPicker.selection;
  return {
    n: neurons.join(","), c: classes.join(","), ...settings.state, cmap: $("cmap").value, color: $("color").value,
    order: $("order").value, pre: $("pre-filter").value, post: $("post-filter").value, edge: selected, tab: currentTab(), stage: String(stage()),
  };
}

const byTransmitter = () => $("color").value === "transmitter";
const citedIds = () => [...SERIES, ...(byTransmitter() ? ["neuron_metadata"] : [])];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
};
setCited(citedIds(), currentState);

async function loadNeurons(restore) {
  setBusy($("dev-box").querySelector("[data-role=loading]"), true);
  try {
    available = await availableNeurons(SERIES);
  } catch (error) {
    setBusy($("dev-box").querySelector("[data-role=loading]"), false);
    return showAlert(message, `Could not load the neurons of the developmental series: ${error.message}`);
  }
  neuronPicker.setAvailable(available);
  const missing = neuronPicker.setSelection(restore);
  showAlert(message, missing.length ? `Not in the developmental series, so left out: ${missing.join(", ")}.` : "", "warning");
  await fetchEdges({ restoring: true });
}

/** Ask get-edges for the selection in all eight datasets; keep the chemical synapses. */
async function fetchEdges({ restoring = false } = {}) {
  const { neurons, classes } = neuronPicker.selection;
  const loading = $("dev-box").querySelector("[data-role=loading]");
  if (!restoring) selected = "";
  if (!neurons.length && !classes.length) {
    latest += 1;
    setBusy(loading, false);
    edges = [];
    return draw();
  }
  const request = ++latest;
  setBusy(loading, true);
  try {
    const answer = await getEdges({
      datasets: SERIES, neurons, classes,
      show_individual_neuron: settings.individual, show_connected_neuron: settings.connected,
    });
    if (request !== latest) return;
    if (message.classList.contains("alert-danger")) showAlert(message, "");
    edges = seriesEdges(answer);
    draw();
  } catch (error) {
    if (request === latest) showAlert(message, `Could not load the connections: ${error.message}`);
  } finally {
    if (request === latest) setBusy(loading, false);
  }
}

/**
 * Per-stage counts of each chemical edge: counts (the adult stage is the mean of its two
 * animals) and peaks (the most synapses in one animal of the stage).
 */
function seriesEdges(answer) {
  return answer.synapses.filter((s) => s.type === "c").map((s) => {
    const byDataset = Object.fromEntries(answer.datasets.map((id, i) => [id, s.list_count[i]]));
    const counts = STAGES.map((st) => st.datasets.reduce((sum, id) => sum + byDataset[id], 0) / st.datasets.length);
    const peaks = STAGES.map((st) => maxOf(st.datasets.map((id) => byDataset[id])));
    return { pre: s.pre, post: s.post, byDataset, counts, peaks, total: counts.reduce((a, b) => a + b, 0) };
  });
}

/** Edges with at least the minimum count in one animal. */
const shownEdges = () => edges.filter((e) => maxOf(e.peaks) >= settings.chemicalMin);

function draw() {
  const rows = shownEdges();
  const empty = !rows.length;
  $("dev-empty").classList.toggle("d-none", !empty);
  if (empty) {
    const { neurons, classes } = neuronPicker.selection;
    $("dev-empty").querySelector("[data-role=empty-text]").textContent = neurons.length || classes.length
      ? "No chemical synapses among these neurons at this minimum count."
      : "Add neurons or classes to follow their connections through development.";
  }
  for (const id of ["pane-heatmap", "pane-multiples", "pane-slider", "colour-bar-row"]) $(id).classList.toggle("invisible", empty);
  const nodes = new Set(rows.flatMap((e) => [e.pre, e.post])).size;
  const dense = rows.length > DENSE.edges || nodes > DENSE.nodes;
  $("density").classList.toggle("d-none", !dense);
  $("density").textContent = dense ? `A dense selection: ${rows.length} connections among ${nodes} neurons. Raise the minimum count or choose fewer neurons for readable pictures.` : "";
  const max = Math.max(1, maxOf(rows.flatMap((e) => e.counts)));
  $("colour-bar").style.background = scaleGradient($("cmap").value);
  $("colour-max").textContent = Number.isInteger(max) ? max : max.toFixed(1);
  drawRows(rows, max);
  drawNetworks(rows, max);
  save();
}

function drawRows(rows, max) {
  fillFilter($("pre-filter"), rows.map((e) => e.pre), state.pre, "All pre");
  fillFilter($("post-filter"), rows.map((e) => e.post), state.post, "All post");
  const [pre, post] = [$("pre-filter").value, $("post-filter").value];
  const filtered = orderRows(rows.filter((e) => (!pre || e.pre === pre) && (!post || e.post === post)), $("order").value);
  $("row-count").textContent = `${filtered.length} ${filtered.length === 1 ? "connection" : "connections"}`;
  if (!filtered.some((e) => edgeKey(e) === selected)) selected = "";
  // Until the user clicks a row, the trend shows the strongest connection.
  const edge = filtered.find((e) => edgeKey(e) === selected) || [...filtered].sort((a, b) => b.total - a.total)[0];
  drawHeatmap($("heatmap"), filtered, STAGES, { scale: $("cmap").value, max, selected: edge && edgeKey(edge) }, (clicked) => {
    selected = edgeKey(clicked);
    drawRows(shownEdges(), max);
    save();
  });
  $("trend-title").textContent = edge ? `${edgeLabel(edge)} across development${selected ? "" : " (the strongest; click a row for another)"}` : "No connection matches the filters";
  if (edge) drawTrend($("trend"), $("trend-table"), edge, STAGES, DATASETS);
  else {
    Plotly.purge($("trend"));
    $("trend-table").classList.add("d-none");
  }
}

/** A <select> of names with an "all" choice, keeping the current choice when it remains. */
function fillFilter(select, names, initial, allLabel) {
  const current = select.options.length ? select.value : initial;
  select.replaceChildren(new Option(allLabel, ""));
  for (const n of [...new Set(names)].sort()) select.add(new Option(n, n));
  select.value = [...select.options].some((o) => o.value === current) ? current : "";
}

function drawNetworks(rows, max) {
  const { neurons, classes } = neuronPicker.selection;
  const options = { cellTypes: (label) => neuronPicker.cellTypes(label), chosen: new Set([...neurons, ...classes].filter((n) => rows.some((e) => e.pre === n || e.post === n))) };
  const elements = stageGraph(rows, SERIES);
  for (const box of [sliderBox, ...stageBoxes]) box.setEmpty("");
  const master = sliderBox.graph;
  master.setGraph(elements, options);
  master.setEdgeScale(settings.edgeScale);
  master.layout(settings.layout === "custom" ? "concentric" : settings.layout, { spacing: settings.spacing });
  const positions = master.positions();
  const look = { chemicalMin: settings.chemicalMin, scale: $("cmap").value, max };
  stageBoxes.forEach((box, i) => {
    box.graph.edgeScale = settings.edgeScale;
    box.graph.setGraph(elements, options);
    box.graph.place(positions);
    const shown = showStage(box.graph, rows, i, look);
    document.querySelector(`[data-stage-count="${i}"]`).textContent = `· ${shown} ${shown === 1 ? "connection" : "connections"}`;
    box.refresh(STAGES[i].datasets);
  });
  colourStages();
  showSliderStage(look);
}

/** A network's nodes by cell type (as drawn) or by neurotransmitter, with the legend to match. */
function colour(box) {
  if (byTransmitter()) return paintTransmitters(box, { onError: (text) => showAlert(message, text), wanted: byTransmitter });
  box.graph.colorBy("type");
  box.refresh();
}

/**
 * Colour the small multiples. Their boxes are too small for a legend: every stage holds the same
 * nodes (faded where unconnected), so the first stage's legend is shown once, under them all.
 */
async function colourStages() {
  await Promise.all(stageBoxes.map((box) => colour(box)));
  $("multiples-legend").innerHTML = stageBoxes[0].parts.legend.innerHTML;
}

function showSliderStage(look = { chemicalMin: settings.chemicalMin, scale: $("cmap").value, max: Math.max(1, maxOf(shownEdges().flatMap((e) => e.counts))) }) {
  const i = stage();
  const shown = showStage(sliderBox.graph, shownEdges(), i, look);
  $("stage-label").textContent = STAGES[i].label;
  $("stage-summary").textContent = `${shown} ${shown === 1 ? "connection" : "connections"} shown`;
  sliderBox.refresh(STAGES[i].datasets);
  if (byTransmitter()) colour(sliderBox);
}

function stopPlaying() {
  clearInterval(playing);
  playing = null;
  $("play").innerHTML = '<i class="bi bi-play-fill"></i> Play';
}

$("play").addEventListener("click", () => {
  if (playing) return stopPlaying();
  if (stage() === STAGES.length - 1) $("stage").value = 0;
  showSliderStage();
  $("play").innerHTML = '<i class="bi bi-pause-fill"></i> Pause';
  playing = setInterval(() => {
    $("stage").value = stage() + 1;
    showSliderStage();
    save();
    if (stage() === STAGES.length - 1) stopPlaying();
  }, 1200);
});
$("stage").addEventListener("input", () => {
  stopPlaying();
  showSliderStage();
  save();
});
for (const id of ["order", "pre-filter", "post-filter"]) {
  $(id).addEventListener("change", () => {
    drawRows(shownEdges(), Math.max(1, maxOf(shownEdges().flatMap((e) => e.counts))));
    save();
  });
}
$("cmap").addEventListener("change", () => draw());
$("color").addEventListener("change", () => {
  colourStages();
  colour(sliderBox);
  save();
});
$("clear").addEventListener("click", () => neuronPicker.clear());
// Graphs in a hidden tab have no size: fit them when their tab is shown.
for (const tab of TABS) {
  $(`tab-${tab}`).addEventListener("shown.bs.tab", () => {
    for (const box of [sliderBox, ...stageBoxes]) box.graph.fit();
    if (tab === "heatmap") window.dispatchEvent(new Event("resize"));
    $("colour-bar-row").classList.toggle("d-none", tab === "heatmap");
    save();
  });
}
setupCopyLink($("copy-link"));

loadNeurons({ neurons: splitList(state.n), classes: splitList(state.c) });
