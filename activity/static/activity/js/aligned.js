// /activity/aligned/: a neuron's (or class's) z-scored activity around every event of a kind,
// averaged per recording, then across recordings (GET /activity/api/aligned/), with a behaviour
// around the same events beneath: the mean, its 95 % band and each recording's mean, in one
// Plotly figure (PNG/SVG by Plotly's export), and a CSV with a provenance header.
// URL state (README "Pages"): neuron, event, window, lr, behavior (the API's parameters).

import { saveCSV, setCited } from "../../core/js/cite.js";
import { loadState, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { debounce, escapeHTML, setBusy, showAlert } from "../../core/js/ui.js";
import { aligned as fetchAligned, exploreURL } from "./api.js";
import { BEHAVIOUR_COLOURS, TRACE_COLOURS } from "./palette.js";
import { choiceSelect } from "../../core/js/pickers.js";
import { appendAll } from "../../core/js/numbers.js";

const data = (id) => JSON.parse(document.getElementById(id).textContent);
const CHOICES = data("aligned-choices");
const PAPERS = data("activity-papers");
const $ = (id) => document.getElementById(id);
const message = $("message");
const box = $("plot-box");
const loading = box.querySelector("[data-role=loading]");
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d"] };
const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11 };

const PAGE = "activity-aligned";
const classNames = new Set(CHOICES.classes.map((c) => c.name));
const eventNames = Object.fromEntries(CHOICES.events.map((e) => [e.kind, e.name]));
const DEFAULTS = {
  neuron: classNames.has("AVA") ? "AVA" : CHOICES.classes[0]?.name || "",
  event: CHOICES.events[0]?.kind || "reversal_start",
  window: "-10,20",
  lr: "together",
  behavior: "v",
};
const state = loadState(PAGE, DEFAULTS);
let current = null; // the answer drawn
let latest = 0;

const plural = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const recordingWord = (n) => plural(n, "recording");

const neuronPicker = choiceSelect($("neuron"), [
  ...CHOICES.classes.map((c) => ({ value: c.name, text: c.name, group: "class", detail: `class: ${c.members.join(", ") || c.name} · ${recordingWord(c.n_recordings)}` })),
  ...CHOICES.neurons.filter((n) => !classNames.has(n.name)).map((n) => ({ value: n.name, text: n.name, group: "neuron", detail: `${n.class ? `${n.class} · ` : ""}${recordingWord(n.n_recordings)}` })),
], { groups: [{ value: "class", label: "Classes (members together or apart)" }, { value: "neuron", label: "Neurons" }], single: true, placeholder: "Type a name, e.g. AVA…", onChange: () => update() });

for (const e of CHOICES.events) $("event").append(new Option(`${e.name} (${recordingWord(e.n_recordings)})`, e.kind));

/** Put a value from the URL into a control, adding it when the page does not list it, so that
 * the API's answer (a 404 saying why) is what the user reads. */
function restore() {
  if (state.neuron && !neuronPicker.options[state.neuron]) neuronPicker.addOption({ value: state.neuron, text: state.neuron, detail: "not identified in any recording" });
  neuronPicker.setValue(state.neuron, true);
  if (![...$("event").options].some((o) => o.value === state.event)) $("event").append(new Option(state.event, state.event));
  $("event").value = state.event;
  const [start, end] = state.window.split(",");
  $("window-start").value = start ?? "";
  $("window-end").value = end ?? "";
  $("lr").value = ["together", "split"].includes(state.lr) ? state.lr : DEFAULTS.lr;
  $("behavior").value = CHOICES.behaviours.some((b) => b.key === state.behavior) ? state.behavior : DEFAULTS.behavior;
}

function currentState() {
  return {
    neuron: neuronPicker.getValue() || "", event: $("event").value,
    window: `${$("window-start").value.trim()},${$("window-end").value.trim()}`, lr: $("lr").value, behavior: $("behavior").value,
  };
}

/** Ask the API for what the controls say, then draw it (only the latest request's answer). */
async function update() {
  const params = currentState();
  saveState(PAGE, params, DEFAULTS);
  const request = ++latest;
  if (!params.neuron) return showNothing("Pick a neuron or class and an event.");
  setBusy(loading, true);
  try {
    const answer = await fetchAligned(params);
    if (request !== latest) return;
    showAlert(message, "");
    draw(answer);
  } catch (error) {
    if (request !== latest) return;
    showAlert(message, error.message);
    showNothing("No average to show: see the message above.");
  } finally {
    if (request === latest) setBusy(loading, false);
  }
}

function showNothing(text) {
  current = null;
  setCited([]);
  box.querySelector("[data-role=empty-text]").textContent = text;
  box.querySelector("[data-role=empty]").classList.remove("d-none");
  $("plot").classList.add("invisible");
  Plotly.purge($("plot"));
  $("plot").dataset.drawn = "0";
  for (const id of ["summary", "notes", "recordings"]) $(id).textContent = "";
  $("notes").classList.add("d-none");
}

const eventName = (kind) => eventNames[kind] || kind;
const papersOf = (ids) => PAPERS.filter((p) => ids.some((id) => id.startsWith(`${p.paper_id}-`)));
const recordingIds = (answer) => [...new Set(answer.series.flatMap((s) => s.recordings.map((r) => r.dataset_id)))];
const shortName = (datasetId) => (PAPERS.find((p) => datasetId.startsWith(`${p.paper_id}-`)) ? datasetId.slice(datasetId.indexOf("-") + 1) : datasetId);

function seriesSummary(s) {
  const dropped = s.n_events_dropped ? `, ${s.n_events_dropped} dropped at the edges` : "";
  return `${recordingWord(s.n_recordings)}, ${plural(s.n_events, "event")}${dropped}`;
}

const counts = (answer) => answer.series.map((s) => (answer.series.length > 1 ? `${s.name}: ${seriesSummary(s)}` : seriesSummary(s))).join("; ");
const summaryText = (answer) => `${answer.neuron} around ${eventName(answer.event).toLowerCase()}: ${counts(answer)}`;

/** The lines of one series (neural or behaviour): each recording's mean, the band, the mean. */
function seriesTraces(s, { name, colour, axis, unit }) {
  const x = current.time;
  const lines = s.recordings.map((r, i) => ({
    type: "scatter", mode: "lines", x, y: r.mean, yaxis: axis, name: `${name}, each recording`, legendgroup: `${axis}-${name}-each`,
    showlegend: i === 0, line: { color: colour, width: 0.8 }, opacity: 0.35,
    hovertemplate: `${escapeHTML(shortName(r.dataset_id))} (${plural(r.n_events, "event")}): %{y:.2f} ${unit}<extra>%{x:.1f} s</extra>`,
  }));
  if (s.ci_low) {
    lines.push(
      { type: "scatter", mode: "lines", x, y: s.ci_high, yaxis: axis, line: { width: 0 }, showlegend: false, hoverinfo: "skip", legendgroup: `${axis}-${name}` },
      { type: "scatter", mode: "lines", x, y: s.ci_low, yaxis: axis, line: { width: 0 }, fill: "tonexty", fillcolor: translucent(colour), name: `${name} 95 % band`, legendgroup: `${axis}-${name}`, hoverinfo: "skip" },
    );
  }
  lines.push({
    type: "scatter", mode: "lines", x, y: s.mean, yaxis: axis, name: `${name} mean (${recordingWord(s.n_recordings)})`, legendgroup: `${axis}-${name}`,
    line: { color: colour, width: 2.5 }, hovertemplate: `${name} mean: %{y:.2f} ${unit}<extra>%{x:.1f} s</extra>`,
  });
  return lines;
}

function translucent(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},0.2)`;
}

function figure(answer) {
  const behaviour = answer.behavior;
  const traces = answer.series.flatMap((s, i) => seriesTraces(s, { name: s.name, colour: TRACE_COLOURS[i % TRACE_COLOURS.length], axis: "y", unit: "z" }));
  if (behaviour) appendAll(traces, seriesTraces(behaviour, { name: behaviour.name, colour: BEHAVIOUR_COLOURS[behaviour.key] || "#333", axis: "y2", unit: behaviour.unit }));
  const narrow = $("plot").clientWidth < 700;
  const cite = papersOf(recordingIds(answer)).map((p) => p.title_short).join("; ");
  // The subtitle says what is averaged and where it comes from, so that a saved image does too.
  const parts = [...answer.series.map((s) => (answer.series.length > 1 ? `${s.name}: ${seriesSummary(s)}` : seriesSummary(s))),
    "mean ± 95 % t-interval over recordings", `${cite} · WormWideWeb`].map(escapeHTML);
  const subtitle = narrow ? parts : [parts.slice(0, -2).join("; "), parts.slice(-2).join(" · ")];
  const legendEntries = traces.filter((t) => t.showlegend !== false).length;
  const layout = {
    height: (behaviour ? 720 : 460) + (narrow ? legendEntries * 19 : 0),
    font: FONT,
    hovermode: "closest",
    title: { text: `${escapeHTML(answer.neuron)} around ${escapeHTML(eventName(answer.event).toLowerCase())}<br><sub>${subtitle.join("<br>")}</sub>`, x: 0.01, xanchor: "left", font: { size: 14 } },
    margin: { l: 70, r: 10, t: 50 + 13 * subtitle.length, b: narrow ? 70 + legendEntries * 19 : 50 },
    legend: narrow ? { orientation: "h", yref: "container", y: 0, yanchor: "bottom" } : { x: 1.01, y: 1, xanchor: "left" },
    xaxis: { title: { text: "Time from the event (s)" }, range: answer.window, zeroline: false },
    yaxis: { title: { text: `${escapeHTML(answer.neuron)} GCaMP (z-score)` }, zeroline: true, zerolinecolor: "#e3e3e3", automargin: true },
    shapes: answer.window[0] <= 0 && answer.window[1] >= 0
      ? [{ type: "line", xref: "x", yref: "paper", x0: 0, x1: 0, y0: 0, y1: 1, line: { color: "#d62728", width: 1, dash: "dot" }, name: "event" }]
      : [],
  };
  if (behaviour) {
    layout.grid = { rows: 2, columns: 1, pattern: "coupled", ygap: 0.12 };
    layout.yaxis2 = { title: { text: `${behaviour.name} (${behaviour.unit})` }, zeroline: true, zerolinecolor: "#e3e3e3", automargin: true };
  }
  return { traces, layout };
}

function draw(answer) {
  current = answer;
  setCited(recordingIds(answer), () => ({}));
  box.querySelector("[data-role=empty]").classList.add("d-none");
  $("plot").classList.remove("invisible");
  const { traces, layout } = figure(answer);
  Plotly.react($("plot"), traces, layout, CONFIG);
  $("plot").dataset.drawn = String(traces.length);
  $("summary").textContent = summaryText(answer);
  $("notes").classList.toggle("d-none", !answer.notes.length);
  $("notes").innerHTML = answer.notes.map((n) => `<div>${escapeHTML(n)}</div>`).join("");
  $("recordings").innerHTML = recordingsTable(answer);
}

/** The recordings averaged: events kept and dropped, and a link to plot the traces in each. */
function recordingsTable(answer) {
  const rows = answer.series.flatMap((s) => s.recordings.map((r) => `<tr>
    <td>${answer.series.length > 1 ? `${escapeHTML(s.name)}` : escapeHTML(answer.neuron)}</td>
    <td><a href="${exploreURL(r.dataset_id, r.traces.map((t) => t.idx_neuron), [answer.behavior?.key || "v"])}">${escapeHTML(shortName(r.dataset_id))}</a></td>
    <td>${r.traces.map((t) => `${escapeHTML(t.label)} <span class="text-secondary">#${t.idx_neuron}</span>`).join(", ")}</td>
    <td class="text-end">${r.n_events}</td><td class="text-end">${r.n_events_dropped}</td></tr>`));
  return `<table class="table table-sm small mb-0"><thead><tr><th>Series</th><th>Recording</th><th>Traces</th>
    <th class="text-end">Events</th><th class="text-end" title="Window off the recording or across its segment gap">Dropped</th></tr></thead>
    <tbody>${rows.join("")}</tbody></table>`;
}

/** What is plotted, for a CSV: one row per grid time; the provenance lines say what, where from, with which options. */
function saveAligned(answer) {
  const behaviour = answer.behavior;
  const blocks = answer.series.map((s) => ({ name: `${s.name}`, s }));
  if (behaviour) blocks.push({ name: behaviour.key, s: behaviour });
  const header = ["t (s)", ...blocks.flatMap(({ name, s }) => [`${name} mean`, `${name} 95% low`, `${name} 95% high`, ...s.recordings.map((r) => `${name} ${r.dataset_id}`)])];
  const rows = answer.time.map((t, i) => [t, ...blocks.flatMap(({ s }) => [s.mean[i], s.ci_low?.[i], s.ci_high?.[i], ...s.recordings.map((r) => r.mean[i])])]);
  return saveCSV(`${fileStem()}.csv`, {
    what: `${answer.neuron} activity around ${eventName(answer.event).toLowerCase()} (${answer.event}), averaged across recordings`,
    header, rows, ids: recordingIds(answer),
    options: {
      neuron: answer.neuron, event: answer.event, window: `${answer.window[0]} to ${answer.window[1]} s from the event`, step: `${answer.step} s`, lr: answer.lr,
      events: answer.series.map((s) => `${s.name} ${s.n_events} kept, ${s.n_events_dropped} dropped`).join("; "),
      units: `neural series in z-score${behaviour ? `; ${behaviour.key} (${behaviour.name}) in ${behaviour.unit}` : ""}`,
      method: answer.method,
    },
  });
}

const fileStem = () => `wormwideweb-aligned-${current.neuron}-${current.event}-${current.window.join("_")}${current.lr === "split" ? "-split" : ""}`;

function exportImage(format) {
  if (!current) return showAlert(message, "There is no plot to save yet.", "warning");
  const element = $("plot");
  return Plotly.downloadImage(element, { format, filename: fileStem(), width: element.clientWidth, height: element.layout.height, scale: format === "png" ? 2 : 1 });
}

$("export-csv").addEventListener("click", () => {
  if (!current) return showAlert(message, "There is no average to save yet.", "warning");
  saveAligned(current);
});
$("export-png").addEventListener("click", () => exportImage("png"));
$("export-svg").addEventListener("click", () => exportImage("svg"));
for (const id of ["event", "lr", "behavior"]) $(id).addEventListener("change", () => update());
const windowChanged = debounce(() => update(), 400);
for (const id of ["window-start", "window-end"]) $(id).addEventListener("input", windowChanged);
setupCopyLink($("copy-link"));
window.wormwideweb = { answer: () => current };

restore();
update();
