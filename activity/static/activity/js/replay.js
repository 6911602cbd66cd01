// /activity/replay/: a recording's activity replayed on the connectome of its labelled neurons
// (GET /activity/api/data/replay/), with play, pause, step, speed, a frame slider, behaviour
// and global-activity plots with a cursor, node and edge size and colour modes, colour maps.
// URL state (README "Pages"): the parameters of spec 6.15 (activity_dataset, connectome_dataset,
// layout, edge_type, ..., n, behaviors, tp).

import { setCited } from "../../core/js/cite.js";
import { loadState, numberIn, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { setupTour } from "../../core/js/tour.js";
import { neuronLinkHTML } from "../../core/js/neuron_link.js";
import { debounce, escapeHTML, showAlert } from "../../core/js/ui.js";
import { luminance } from "../../core/js/cell_types.js";
import { SCALES, colourAt, scaleGradient } from "../../core/js/colour_scales.js";
import { GraphBox } from "../../connectome/js/graph_box.js";
import { LAYOUTS } from "../../connectome/js/graph.js";
import { legendHTML } from "../../connectome/js/graph_overlays.js";
import { ActivityPlot } from "./activity_plot.js";
import { ReplayCanvas, drawnOpacity } from "./replay_canvas.js";
import { exploreURL, replay as fetchReplay } from "./api.js";
import { neuronName } from "./badges.js";
import { choiceSelect } from "../../core/js/pickers.js";
import { EDGE_MODES, edgeScale, edgeValue, nodeModes, nodeScale, nodeValue, timeLabel } from "./replay_mapping.js";

const data = (id) => JSON.parse(document.getElementById(id).textContent);
const DATASETS = data("connectome-datasets");
const RECORDINGS = data("replay-recordings");
const PAPERS = Object.fromEntries(data("activity-papers").map((p) => [p.paper_id, p.title_short]));
const EVENT_STYLES = data("event-styles");
const $ = (id) => document.getElementById(id);
const message = $("message");
const PAGE = "activity-replay";
const FPS = 10;
const best = [...RECORDINGS].sort((a, b) => b.n_labeled - a.n_labeled)[0];
const DEFAULTS = {
  activity_dataset: best?.dataset_id || "", connectome_dataset: "cook_jarrell_2019_h", layout: "fcose", edge_type: "all",
  show_connected: "0", min_synapse_chemical: "3", min_synapse_electrical: "2", spacing: "1", edge_scale: "1",
  edge_size_mode: "weighted_source", edge_color_mode: "count", edge_colormap: "YlGnBu", edge_vmin: "", edge_vmax: "",
  node_size_mode: "degree_total", node_color_mode: "activity", node_colormap: "RdBu", node_vmin: "", node_vmax: "",
  speed: "1", show_reversal: "1", show_event: "1", n: "", behaviors: "v", tp: "0",
};
const state = loadState(PAGE, DEFAULTS);
const settings = Object.fromEntries([...document.querySelectorAll("[data-setting]")].map((el) => [el.dataset.setting, el]));

let answer = null; // the replay answer shown
let frame = 0;
let playing = null;
let selected = []; // node ids selected in the graph
let scales = {};
let picture = null; // the current frame's nodes and edges as drawn (renderFrame)
const cyStyles = new WeakMap(); // element -> the style styleCy last set on it
const cache = new Map(); // request -> answer (the 8 latest)
let latest = 0;

// Choices of the selects.
for (const r of RECORDINGS) $("activity-dataset").add(new Option(`${r.dataset_name} · ${PAPERS[r.paper_id] || r.paper_id} (${r.n_labeled} labelled)`, r.dataset_id));
for (const group of [...new Set(DATASETS.map((d) => d.group))]) {
  const optgroup = Object.assign(document.createElement("optgroup"), { label: group });
  for (const d of DATASETS.filter((x) => x.group === group)) optgroup.append(new Option(d.name, d.id));
  $("connectome-dataset").append(optgroup);
}
for (const name of ["grid", "circle", "concentric", "breadthfirst", "dagre", "fcose"]) settings.layout.add(new Option(LAYOUTS[name], name));
for (const el of [settings.node_colormap, settings.edge_colormap]) for (const name of Object.keys(SCALES)) el.add(new Option(name, name));
for (const el of [settings.edge_size_mode, settings.edge_color_mode]) for (const [v, t] of Object.entries(EDGE_MODES)) el.add(new Option(t, v));
$("activity-dataset").value = RECORDINGS.some((r) => r.dataset_id === state.activity_dataset) ? state.activity_dataset : DEFAULTS.activity_dataset;
$("connectome-dataset").value = DATASETS.some((d) => d.id === state.connectome_dataset) ? state.connectome_dataset : DEFAULTS.connectome_dataset;
applySettings(state);

const box = new GraphBox($("replay-box"), {
  datasets: DATASETS,
  fileName: () => `wormwideweb-replay-${$("activity-dataset").value}-t${frame + 1}`,
  onBackground: () => select([]),
  beforeDownload: () => picture && styleCy({ all: true }),
});
const graph = box.graph;
const drawing = new ReplayCanvas(graph.cy);
graph.cy.on("tap", "node", (event) => {
  const id = event.target.id();
  const multi = event.originalEvent?.ctrlKey || event.originalEvent?.metaKey;
  select(multi ? (selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]) : [id]);
});
graph.cy.on("tap", "edge", (event) => showEdge(event.target));
let settingUp = false; // choices being filled from an answer: not a user's change
const rebuildSoon = debounce(() => rebuild({ layout: true }), 300);
const neuronPicker = choiceSelect($("replay-neurons"), [], { placeholder: "All labelled neurons", onChange: () => settingUp || rebuildSoon() });
const behaviourPicker = choiceSelect($("behaviors"), [], { placeholder: "Channels…", onChange: () => settingUp || drawBehaviour() });
let behaviourPlot = null;
let signalPlot = null;
window.wormwideweb = { graph, replay: () => ({ answer, frame }) };

/** Settings from the state (strings) into the inputs. */
function applySettings(values) {
  for (const [key, el] of Object.entries(settings)) {
    if (el.type === "checkbox") el.checked = values[key] === "1";
    else if (el.tagName === "SELECT") el.value = [...el.options].some((o) => o.value === values[key]) ? values[key] : DEFAULTS[key];
    else el.value = values[key];
  }
  settings.min_synapse_electrical.disabled = settings.edge_type.value === "chemical";
}

function currentState() {
  const values = Object.fromEntries(Object.entries(settings).map(([k, el]) => [k, el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value]));
  const all = answer ? answer.nodes.filter((n) => n.has_activity).length : 0;
  return {
    ...values, activity_dataset: $("activity-dataset").value, connectome_dataset: $("connectome-dataset").value,
    n: neuronPicker.items.length && neuronPicker.items.length < all ? neuronPicker.items.join("-") : "",
    behaviors: behaviourPicker.items.join(","), tp: String(frame),
  };
}
const citedIds = () => [$("activity-dataset").value, $("connectome-dataset").value];
const save = () => {
  saveState(PAGE, currentState(), DEFAULTS);
  setCited(citedIds());
  const idxs = selected.length ? selected : neuronPicker.items.map((v) => answer?.nodes.byIdx?.get(v)?.id);
  const indices = (answer?.nodes || []).filter((n) => idxs.includes(n.id) && n.representative_idx_neuron).map((n) => n.representative_idx_neuron);
  $("open-explore").href = exploreURL($("activity-dataset").value, indices, behaviourPicker.items);
};

/** Load the replay of the chosen datasets (cached), then build everything. */
async function load({ restore = null } = {}) {
  stop();
  const params = {
    activity_dataset: $("activity-dataset").value, connectome_dataset: $("connectome-dataset").value,
    show_connected: settings.show_connected.checked ? "true" : "false",
  };
  setCited(citedIds(), currentState);
  const key = JSON.stringify(params);
  const request = ++latest;
  box.setBusy(true);
  try {
    if (!cache.has(key)) cache.set(key, await fetchReplay(params));
    if (cache.size > 8) cache.delete(cache.keys().next().value);
  } catch (error) {
    if (request !== latest) return;
    box.setBusy(false);
    answer = null;
    drawing.draw((picture = null));
    graph.setGraph({ datasets: [], labels: [], synapses: [] }, { cellTypes: () => ["u"] });
    box.setEmpty(error.message);
    return showAlert(message, `Could not load the replay: ${error.message}`);
  }
  if (request !== latest) return;
  box.setBusy(false);
  showAlert(message, "");
  answer = cache.get(key);
  for (const warning of answer.warnings) showAlert(message, warning, "warning");
  setupChoices(restore);
  frame = Math.min(restore ? numberIn(restore.tp, 0, answer.meta.trace_length - 1, 0) : 0, answer.meta.trace_length - 1);
  $("frame").max = String(answer.meta.trace_length - 1);
  rebuild({ layout: true });
  drawBehaviour();
}

/** The neuron filter, node modes and behaviour channels of a new answer. */
function setupChoices(restore) {
  settingUp = true;
  const active = answer.nodes.filter((n) => n.has_activity).sort((a, b) => a.representative_idx_neuron - b.representative_idx_neuron);
  neuronPicker.clear(true);
  neuronPicker.clearOptions();
  neuronPicker.addOptions(active.map((n) => ({ value: String(n.representative_idx_neuron), text: neuronName(n.representative_idx_neuron, n.id) })));
  if (restore?.n) neuronPicker.setValue(restore.n.split("-").filter((v) => active.some((n) => String(n.representative_idx_neuron) === v)), true);
  const modes = nodeModes(answer);
  for (const el of [settings.node_size_mode, settings.node_color_mode]) {
    const current = restore ? restore[el.dataset.setting] : el.value;
    el.replaceChildren();
    for (const [v, t] of Object.entries(modes)) el.add(new Option(t, v));
    el.value = current in modes ? current : DEFAULTS[el.dataset.setting];
  }
  const channels = answer.behavior?.traces || {};
  const chosen = restore ? restore.behaviors.split(",") : behaviourPicker.items;
  behaviourPicker.clear(true);
  behaviourPicker.clearOptions();
  behaviourPicker.addOptions(Object.entries(channels).map(([k, c]) => ({ value: k, text: c.name, detail: c.unit })));
  behaviourPicker.setValue(chosen.filter((k) => k in channels), true);
  settingUp = false;
  answer.nodes.byId = Object.fromEntries(answer.nodes.map((n) => [n.id, n]));
  answer.nodes.byIdx = new Map(answer.nodes.filter((n) => n.has_activity).map((n) => [String(n.representative_idx_neuron), n]));
  answer.edgeIndex = new Map(answer.edges.map((e) => [edgeKey(e.source, e.target, e.edge_type), e]));
}

/** The key of an answer's edge: pre, post and type ("chemical" or "electrical"). */
function edgeKey(source, target, type) {
  return `${source}\u0000${target}\u0000${type}`;
}

/** Nodes and edges shown: the filter's neurons and their partners, edges by type and counts. */
function shownElements() {
  const type = settings.edge_type.value;
  const minC = Math.max(1, Number(settings.min_synapse_chemical.value) || 1);
  const minE = Math.max(1, Number(settings.min_synapse_electrical.value) || 1);
  let edges = answer.edges.filter((e) => (e.edge_type === "chemical"
    ? type !== "electrical" && e.weight >= minC
    : type !== "chemical" && e.weight >= minE && e.source <= e.target)); // a gap junction once
  let nodes = answer.nodes.map((n) => n.id);
  const chosen = new Set(neuronPicker.items.map((v) => answer.nodes.byIdx.get(v)?.id));
  if (chosen.size) {
    edges = edges.filter((e) => chosen.has(e.source) || chosen.has(e.target));
    nodes = [...new Set([...chosen, ...edges.flatMap((e) => [e.source, e.target])])];
  }
  return { nodes, edges };
}

function rebuild({ layout = false } = {}) {
  if (!answer) return;
  const { nodes, edges } = shownElements();
  graph.edgeScale = Number(settings.edge_scale.value);
  graph.setGraph({
    datasets: [answer.meta.connectome_dataset_id], labels: nodes,
    synapses: edges.map((e) => ({ pre: e.source, post: e.target, type: e.edge_type === "chemical" ? "c" : "e", count: e.weight, list_count: [e.weight] })),
  }, { cellTypes: (id) => [answer.nodes.byId[id]?.cell_type || "u"] });
  graph.cy.edges().forEach((e) => e.data("edge", answer.edgeIndex.get(edgeKey(e.data("source"), e.data("target"), e.data("type") === "c" ? "chemical" : "electrical"))));
  graph.cy.nodes().forEach((n) => {
    if (!answer.nodes.byId[n.id()].has_activity) n.style({ shape: "diamond", "border-style": "dashed" });
  });
  if (layout) graph.layout(settings.layout.value, { spacing: Number(settings.spacing.value) });
  box.setEmpty(nodes.length ? "" : "No neuron to show with these settings.");
  computeScales();
  selected = selected.filter((id) => nodes.includes(id));
  $("replay-meta").textContent = `Showing ${nodes.length} neurons / ${edges.length} edges (activity overlap ${answer.meta.n_activity_nodes}, connected-only ${answer.meta.n_connected_only_nodes})`;
  box.refresh([answer.meta.connectome_dataset_id]);
  box.parts.legend.innerHTML = legendHTML(new Set(), graph.kindsShown()); // node colours are the colour bar's
  renderFrame();
  select(selected);
}

/** Size and colour scales of the chosen modes (auto ranges unless min/max are given). */
function computeScales() {
  const activityOf = (id) => answer.nodes.byId[id]?.trace;
  const edges = graph.cy.edges().map((e) => e.data("edge"));
  const frames = answer.meta.trace_length;
  const range = (scale, min, max) => ({ ...scale, min: min.value === "" ? scale.min : Number(min.value), max: max.value === "" ? scale.max : Number(max.value) });
  scales = {
    nodeSize: nodeScale(answer.nodes, settings.node_size_mode.value),
    nodeColour: range(nodeScale(answer.nodes, settings.node_color_mode.value), settings.node_vmin, settings.node_vmax),
    edgeSize: edgeScale(edges, settings.edge_size_mode.value, activityOf, frames),
    edgeColour: range(edgeScale(edges, settings.edge_color_mode.value, activityOf, frames), settings.edge_vmin, settings.edge_vmax),
  };
  const format = (v) => String(Number(v.toPrecision(3)));
  for (const [part, scale, mode, cmap] of [["node", scales.nodeColour, settings.node_color_mode, settings.node_colormap], ["edge", scales.edgeColour, settings.edge_color_mode, settings.edge_colormap]]) {
    $(`${part}-bar-title`).textContent = `${part === "node" ? "Nodes" : "Edges"}: ${mode.selectedOptions[0]?.text || ""}`;
    $(`${part}-bar`).style.background = scaleGradient(cmap.value);
    $(`${part}-bar-min`).textContent = format(scale.min);
    $(`${part}-bar-max`).textContent = format(scale.max);
  }
}

/** Sizes and colours of the current frame, drawn on the replay's own canvas (replay_canvas.js). */
function renderFrame() {
  if (!answer) return;
  const activityOf = (id) => answer.nodes.byId[id]?.trace;
  const [sizeMode, colourMode] = [settings.node_size_mode.value, settings.node_color_mode.value];
  const [nodeMap, edgeMap] = [settings.node_colormap.value, settings.edge_colormap.value];
  const [edgeSizeMode, edgeColourMode, edgeScaleBy] = [settings.edge_size_mode.value, settings.edge_color_mode.value, Number(settings.edge_scale.value)];
  const tenth = (v) => Math.round(v * 10) / 10;
  const colour = (map, v, { min, max }) => colourAt(map, v, min, max);
  picture = {
    nodes: graph.cy.nodes().map((ele) => {
      const node = answer.nodes.byId[ele.id()];
      const size = tenth(18 + 26 * scales.nodeSize.size(nodeValue(node, sizeMode, frame)));
      const fill = node.has_activity ? colour(nodeMap, nodeValue(node, colourMode, frame), scales.nodeColour) : "rgb(200,200,200)";
      return {
        ele, size, border: tenth(1 + size / 22), fill, labelColour: luminance(fill) < 0.3 ? "#fff" : "#111",
        fontSize: tenth(8 + size / 6), shape: ele.pstyle("shape").value, dashed: !node.has_activity,
      };
    }),
    edges: graph.cy.edges().map((ele) => {
      const edge = ele.data("edge");
      const norm = scales.edgeSize.size(edgeValue(edge, edgeSizeMode, frame, activityOf));
      const chemical = edge.edge_type === "chemical";
      return {
        ele, width: Math.max(0.5, Math.log(edge.weight + 1) * edgeScaleBy * (0.45 + 1.2 * norm)), opacity: 0.08 + 0.82 * norm,
        colour: colour(edgeMap, edgeValue(edge, edgeColourMode, frame, activityOf), scales.edgeColour), dashed: !chemical, arrow: chemical,
      };
    }),
  };
  drawing.draw(picture);
  if (!playing) styleCy();
  $("frame").value = String(frame);
  $("time-label").textContent = timeLabel(frame, answer.meta.avg_timestep);
  $("replay-box").dataset.frame = String(frame);
  behaviourPlot?.setCursor(frame);
  signalPlot?.setCursor(frame);
  describeSelection();
}

/**
 * Cytoscape's own elements (not drawn on screen) take the frame's style: node sizes when paused,
 * so a click hits what is drawn, and everything before a download (PNG, SVG). Only what changed
 * is set: a style set makes Cytoscape recompute the element's style and redraw.
 */
function styleCy({ all = false } = {}) {
  const changed = (ele, style) => {
    const last = cyStyles.get(ele) || {};
    const update = Object.fromEntries(Object.entries(style).filter(([k, v]) => last[k] !== v));
    if (Object.keys(update).length) {
      cyStyles.set(ele, { ...last, ...update });
      ele.style(update);
    }
  };
  graph.cy.batch(() => {
    for (const n of picture.nodes) {
      changed(n.ele, all ? { width: n.size, height: n.size, "border-width": n.border, "background-color": n.fill, "pie-size": "0%", color: n.labelColour, "font-size": n.fontSize } : { width: n.size, height: n.size });
    }
    if (!all) return;
    for (const e of picture.edges) {
      changed(e.ele, { width: e.width, opacity: drawnOpacity(e), "line-color": e.colour, "target-arrow-color": e.colour, "mid-target-arrow-color": e.colour, "line-style": e.dashed ? "dashed" : "solid" });
    }
  });
}

function recordingLike() {
  const recording = RECORDINGS.find((r) => r.dataset_id === answer.meta.activity_dataset_id);
  const events = answer.behavior?.events || answer.timeline.events || {};
  const styles = EVENT_STYLES[recording?.paper_id] || {};
  return { avg_timestep: answer.meta.avg_timestep, max_t: answer.meta.trace_length, events, event_styles: Object.fromEntries(Object.keys(events).map((e) => [e, styles[e] || { color: "rgba(255,0,0,1)", width: 2 }])) };
}

function drawBehaviour() {
  if (!answer) return;
  const channels = answer.behavior?.traces || {};
  $("no-behaviour").classList.toggle("d-none", Boolean(answer.behavior));
  $("behaviour-plot").classList.toggle("d-none", !answer.behavior);
  if (answer.behavior) {
    behaviourPlot = new ActivityPlot($("behaviour-plot"), recordingLike(), {
      neuronPanel: false, height: 300, reversals: answer.behavior.reversal_events, legend: "bottom",
      showReversals: settings.show_reversal.checked, showEvents: settings.show_event.checked,
    });
    behaviourPlot.cursor = frame;
    behaviourPlot.setBehaviours(behaviourPicker.items.map((k) => ({ key: k, name: channels[k].name, unit: channels[k].unit, values: channels[k].data })));
    behaviourPlot.draw();
  } else {
    behaviourPlot = null;
  }
  save();
}

/** The global signal, or the traces of the selected neurons (at most 10). */
function drawSignal() {
  signalPlot = new ActivityPlot($("signal-plot"), recordingLike(), { height: 260, legend: "bottom", showEvents: false, neuronTitle: "Activity" });
  signalPlot.cursor = frame;
  const shown = selected.filter((id) => answer.nodes.byId[id]?.has_activity).slice(0, 10);
  signalPlot.setNeurons(shown.length
    ? shown.map((id, i) => ({ key: id, name: id, values: answer.nodes.byId[id].trace, colour: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"][i] }))
    : [{ key: "global", name: "mean |activity|", values: answer.timeline.global_signal, colour: "#16324f" }]);
  $("signal-title").textContent = shown.length ? `(${shown.length} selected neuron${shown.length === 1 ? "" : "s"}, activity −1 to 1)` : "(mean |activity| of the neurons)";
  signalPlot.draw();
}

function select(ids) {
  selected = ids;
  graph.unfocus();
  graph.cy.nodes().removeClass("chosen");
  if (ids.length) {
    const chosen = graph.cy.collection(ids.map((id) => graph.cy.getElementById(id)));
    chosen.addClass("chosen");
    graph.cy.elements().not(chosen.closedNeighborhood()).addClass("faded");
  }
  if (answer) drawSignal();
  drawing.paint();
  describeSelection();
  save();
}

function describeSelection() {
  if (!answer) return;
  const info = $("selection-info");
  if (selected.length !== 1) {
    info.textContent = selected.length ? `${selected.length} neurons selected: ${selected.join(", ")} (Ctrl/⌘-click adds or removes one).` : "Click a neuron to follow its activity; Ctrl/⌘-click to select several.";
    return;
  }
  const node = answer.nodes.byId[selected[0]];
  const modes = nodeModes(answer);
  const value = (mode) => Number(nodeValue(node, mode, frame).toPrecision(3));
  info.innerHTML = `<strong>${neuronLinkHTML(node.id)}</strong>${node.representative_idx_neuron ? ` (#${node.representative_idx_neuron})` : ""} · activity <span data-role="activity">${node.has_activity ? node.trace[frame].toFixed(3) : "none"}</span>
    · size (${escapeHTML(modes[settings.node_size_mode.value])}) ${value(settings.node_size_mode.value)} · colour (${escapeHTML(modes[settings.node_color_mode.value])}) ${value(settings.node_color_mode.value)}
    · degree in/out ${node.degree_in_full}/${node.degree_out_full}`;
}

function showEdge(ele) {
  const edge = ele.data("edge");
  const source = answer.nodes.byId[edge.source];
  $("selection-info").innerHTML = `<strong>${escapeHTML(edge.source)} ${edge.edge_type === "chemical" ? "→" : "—"} ${escapeHTML(edge.target)}</strong> · ${edge.edge_type === "chemical" ? "chemical" : "gap junction"}, ${edge.weight} synapses
    · source activity ${source.has_activity ? source.trace[frame].toFixed(3) : "none"}`;
}

function goTo(next) {
  if (!answer) return;
  const n = answer.meta.trace_length;
  frame = ((next % n) + n) % n;
  renderFrame();
  saveSoon();
}
const saveSoon = debounce(save, 400);

function stop() {
  cancelAnimationFrame(playing);
  playing = null;
  $("play").innerHTML = '<i class="bi bi-play-fill"></i> Play';
}

/**
 * Play from the current frame at FPS x speed, paced by the browser's frames: each browser frame
 * shows the recording frame due at that time. The counts (bench/replay_fps.py reads them as
 * window.wormwideweb.playback) are the browser frames, the recording frames shown, those
 * skipped because a browser frame came late (dropped) and the longest gap between frames.
 */
function play() {
  $("play").innerHTML = '<i class="bi bi-pause-fill"></i> Pause';
  const [start, first, perMs] = [performance.now(), frame, (FPS * Number(settings.speed.value)) / 1000];
  const stats = { ms: 0, browserFrames: 0, shown: 0, dropped: 0, longestGapMs: 0 };
  window.wormwideweb.playback = stats;
  let [advanced, last] = [0, start];
  const tick = (now) => {
    stats.browserFrames += 1;
    stats.longestGapMs = Math.max(stats.longestGapMs, now - last);
    stats.ms = now - start;
    last = now;
    const due = Math.floor((now - start) * perMs);
    if (due > advanced) {
      stats.dropped += due - advanced - 1;
      stats.shown += 1;
      advanced = due;
      goTo(first + due);
    }
    playing = requestAnimationFrame(tick);
  };
  playing = requestAnimationFrame(tick);
}

$("play").addEventListener("click", () => {
  if (!playing) return play();
  stop();
  renderFrame(); // paused: Cytoscape's node sizes follow the frame again (styleCy)
});
$("step-back").addEventListener("click", () => { stop(); goTo(frame - 1); });
$("step-forward").addEventListener("click", () => { stop(); goTo(frame + 1); });
$("frame").addEventListener("input", () => { stop(); goTo(Number($("frame").value)); });
settings.speed.addEventListener("change", () => {
  if (playing) { stop(); play(); }
  save();
});
for (const id of ["activity-dataset", "connectome-dataset"]) $(id).addEventListener("change", () => { selected = []; load(); });
settings.show_connected.addEventListener("change", () => load());
for (const key of ["edge_type", "min_synapse_chemical", "min_synapse_electrical", "layout", "spacing"]) {
  settings[key].addEventListener("change", () => {
    settings.min_synapse_electrical.disabled = settings.edge_type.value === "chemical";
    rebuild({ layout: true });
    save();
  });
}
for (const key of ["edge_scale", "node_size_mode", "node_color_mode", "node_colormap", "node_vmin", "node_vmax", "edge_size_mode", "edge_color_mode", "edge_colormap", "edge_vmin", "edge_vmax"]) {
  settings[key].addEventListener("change", () => {
    computeScales();
    renderFrame();
    save();
  });
}
for (const key of ["show_reversal", "show_event"]) settings[key].addEventListener("change", () => drawBehaviour());
$("clear").addEventListener("click", () => neuronPicker.clear());
$("reset-defaults").addEventListener("click", () => {
  applySettings(DEFAULTS);
  neuronPicker.clear(true);
  selected = [];
  load({ restore: { ...DEFAULTS, activity_dataset: $("activity-dataset").value } });
});
setupCopyLink($("copy-link"));

const loaded = load({ restore: state });
setupTour("activity-replay", [
  { title: "Circuit replay", text: "A recording's activity played on the connectome of its labelled neurons. Use → or Enter to go on, ← to go back, Esc to close." },
  { element: "#activity-dataset", title: "Recording", text: "A NeuroPAL recording, whose labelled neurons are matched by name to the connectome." },
  { element: "#connectome-dataset", title: "Connectome", text: "The wiring the activity is drawn on." },
  { element: ".ts-wrapper:has(> #replay-neurons-ts-control)", title: "Neurons", text: "Empty shows every labelled neuron; otherwise the chosen ones and their partners." },
  { element: "[data-bs-target='#replay-settings']", title: "Settings", text: "Layout, edge types and thresholds, what node size and colour stand for (activity, degree, PageRank, correlation with a behaviour) and the colour maps." },
  { element: "[data-bs-target='#replay-methods']", title: "Methods", text: "How traces are normalised and what the measures mean." },
  { element: "#play", title: "Play", text: "Play, pause or step frame by frame; drag the slider to a time, choose the speed." },
  { element: "#replay-box", title: "The circuit", text: "Node colour follows the chosen measure at this frame. Click a neuron to follow its trace; Ctrl/⌘-click selects several. Click an edge for its synapses." },
  { element: "#behaviour-plot", title: "Behaviour", text: "The animal's behaviour with a cursor at the current frame.", side: "left" },
  { element: "#signal-plot", title: "Global activity", text: "The mean |activity| of the neurons, or the traces of the selected neurons.", side: "left" },
  { element: "#open-explore", title: "Open in activity plot", text: "The same recording with the chosen neurons in the activity plot. Copy link shares this view; the Tour button shows this tour again." },
], { ready: loaded });
