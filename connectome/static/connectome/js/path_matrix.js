// /connectome/path/matrix/: shortest distances and path counts from sources to targets in one
// dataset (GET /connectome/api/path-matrix/), as a heatmap; a cell opens that pair's paths.
// URL state: ds, src, tgt, cls, gap, w.

import { fetchJSON } from "../../core/js/api.js";
import { saveCSV, setCited } from "../../core/js/cite.js";
import { maxOf, minOf } from "../../core/js/numbers.js";
import { flag, flagValue, loadState, saveState, setupCopyLink } from "../../core/js/page_state.js";
import { escapeHTML, showAlert } from "../../core/js/ui.js";

const PAGE = "path-matrix";
const DATASETS = JSON.parse(document.getElementById("connectome-datasets").textContent);
const DEFAULTS = { ds: "white_1986_whole", src: "", tgt: "", cls: "0", gap: "1", w: "0" };
const state = loadState(PAGE, DEFAULTS);
const $ = (id) => document.getElementById(id);
const message = $("message");
let answer = null;

$("dataset").value = DATASETS.some((d) => d.id === state.ds) ? state.ds : DEFAULTS.ds;
$("sources").value = state.src;
$("targets").value = state.tgt;
$("use-class").checked = flag(state.cls);
$("use-gap").checked = flag(state.gap);
$("use-weights").checked = flag(state.w);

const names = (text) => text.split(",").map((t) => t.trim()).filter(Boolean).join(",");

function currentState() {
  return {
    ds: $("dataset").value, src: names($("sources").value), tgt: names($("targets").value),
    cls: flagValue($("use-class").checked), gap: flagValue($("use-gap").checked), w: flagValue($("use-weights").checked),
  };
}

const save = () => saveState(PAGE, currentState(), DEFAULTS);

async function show() {
  const s = currentState();
  if (!s.src || !s.tgt) return showAlert(message, "Give at least one source and one target.", "warning");
  save();
  const params = new URLSearchParams({ dataset: s.ds, sources: s.src, targets: s.tgt, class: String(flag(s.cls)),
    gap_junction: String(flag(s.gap)), weighted: String(flag(s.w)) });
  $("show-matrix").disabled = true;
  showAlert(message, "");
  try {
    draw(await fetchJSON(`/connectome/api/path-matrix/?${params}`));
  } catch (error) {
    showAlert(message, `Could not compute the matrix: ${error.message}`);
  } finally {
    $("show-matrix").disabled = false;
  }
}

const unit = () => (answer.use_weights ? "Σ 1/count" : "hops");
const format = (d) => (d === null ? "" : answer.use_weights ? d.toFixed(3) : String(d));

function draw(result) {
  answer = result;
  $("empty").classList.add("d-none");
  $("results").classList.remove("d-none");
  $("matrix-notes").innerHTML = result.notes.map((n) => `<li>${escapeHTML(n)}</li>`).join("");
  const values = result.distance.flat().filter((d) => d !== null && d > 0);
  const [lo, hi] = [minOf(values), maxOf(values)];
  setCited([result.dataset_id]);
  $("matrix-title").textContent = `${result.sources.length} × ${result.targets.length} in ${result.dataset_id}: distance in ${unit()}`;
  const cell = (i, j) => {
    const d = result.distance[i][j];
    const n = result.n_shortest_paths[i][j];
    const t = d === null || hi === lo ? 0.5 : (d - lo) / (hi - lo);
    const shade = d === null ? "#fff" : `hsl(215, 70%, ${Math.round(30 + 60 * t)}%)`;
    const text = d === null ? "" : format(d);
    const title = d === null ? `${result.sources[i]} → ${result.targets[j]}: unreachable`
      : `${result.sources[i]} → ${result.targets[j]}: distance ${format(d)} ${unit()}, ${n.toLocaleString()} shortest ${n === 1 ? "path" : "paths"}`;
    return `<td role="button" data-i="${i}" data-j="${j}" title="${escapeHTML(title)}" style="background:${shade};color:${t < 0.45 && d !== null ? "#fff" : "#212529"};min-width:2.2rem" class="text-center">${text}</td>`;
  };
  $("heatmap").innerHTML = `<thead><tr><th></th>${result.targets.map((t) => `<th class="text-center" style="writing-mode:vertical-rl">${escapeHTML(t)}</th>`).join("")}</tr></thead>
    <tbody>${result.sources.map((s, i) => `<tr><th>${escapeHTML(s)}</th>${result.targets.map((_, j) => cell(i, j)).join("")}</tr>`).join("")}</tbody>`;
}

function matrixTable() {
  const rows = [];
  answer.sources.forEach((s, i) => answer.targets.forEach((t, j) => rows.push([s, t, answer.distance[i][j], unit(), answer.n_shortest_paths[i][j]])));
  return {
    what: `path matrix of ${answer.dataset_id}: shortest distance (${unit()}) and number of shortest paths; empty: unreachable`,
    header: ["source", "target", "distance", "unit", "n_shortest_paths"], rows, ids: [answer.dataset_id],
  };
}

$("heatmap").addEventListener("click", (event) => {
  const td = event.target.closest("td[data-i]");
  if (!td) return;
  const params = new URLSearchParams({ ds: answer.dataset_id, start: answer.sources[td.dataset.i], end: answer.targets[td.dataset.j],
    cls: flagValue(answer.use_class), gap: flagValue(answer.use_gap_junction), w: flagValue(answer.use_weights) });
  location.assign(`/connectome/path/?${params}`);
});
$("matrix-form").addEventListener("submit", (event) => {
  event.preventDefault();
  show();
});
for (const id of ["dataset", "sources", "targets", "use-class", "use-gap", "use-weights"]) $(id).addEventListener("change", save);
$("download-matrix").addEventListener("click", () => saveCSV(`wormwideweb-path-matrix-${answer.dataset_id}.csv`, matrixTable()));
setupCopyLink($("copy-link"));

if (state.src && state.tgt) show();
