// The CePNEM encoding columns (spec 6.13, 7.6) and the tables that show them: the class-level
// summary (fractions of the class's neurons with each tuning), the per-neuron table of the
// encoding dictionary, and one recording's table (explore page). In a per-neuron table a
// tuning cell lists the time segments in which the neuron has that tuning ("1, 2").

import { escapeHTML } from "../../core/js/ui.js";
import { exploreURL } from "./api.js";
import { neuronName } from "./badges.js";
import { DataTable } from "./table.js";

const V = "Velocity";
const HC = "Head curvature";
const F = "Feeding";
const OTHER = "Other";
// key: the summary's fraction column (activity/encoding.py ENCODING_COLUMNS) or value key;
// neuron: a per-neuron value array, or [behaviour, category] of neuron_categorization.
export const COLUMNS = [
  { key: "strength_v", title: "Strength", group: V, summary: "enc_strength_v", neuron: "rel_enc_str_v", digits: 3, help: "Relative encoding strength of velocity" },
  { key: "fwdness", title: "Fwd-ness", group: V, summary: "enc_v", neuron: "forwardness", digits: 2, help: "Forwardness: > 0 more active going forward" },
  { key: "fwd", title: "Fwd", group: V, neuron: ["v", "fwd"], help: "Active during forward locomotion" },
  { key: "rev", title: "Rev", group: V, neuron: ["v", "rev"], help: "Active during reversals" },
  { key: "fwd_slope_pos", title: "Fwd slope +", group: V, neuron: ["v", "fwd_slope_pos"] },
  { key: "fwd_slope_neg", title: "Fwd slope −", group: V, neuron: ["v", "fwd_slope_neg"] },
  { key: "rev_slope_pos", title: "Rev slope +", group: V, neuron: ["v", "rev_slope_pos"] },
  { key: "rev_slope_neg", title: "Rev slope −", group: V, neuron: ["v", "rev_slope_neg"] },
  { key: "slope_fwd_gt_rev", title: "Fwd slope > Rev slope", group: V, neuron: ["v", "rect_pos"] },
  { key: "slope_fwd_lt_rev", title: "Fwd slope < Rev slope", group: V, neuron: ["v", "rect_neg"] },
  { key: "strength_hc", title: "Strength", group: HC, summary: "enc_strength_hc", neuron: "rel_enc_str_θh", digits: 3, help: "Relative encoding strength of head curvature" },
  { key: "dorsalness", title: "Dor-ness", group: HC, summary: "enc_hc", neuron: "dorsalness", digits: 2, help: "Dorsalness: > 0 more active when the head bends dorsally" },
  { key: "dorsal", title: "Dorsal", group: HC, neuron: ["θh", "dorsal"] },
  { key: "ventral", title: "Ventral", group: HC, neuron: ["θh", "ventral"] },
  { key: "fwd_dorsal", title: "D during F", group: HC, neuron: ["θh", "fwd_dorsal"] },
  { key: "fwd_ventral", title: "V during F", group: HC, neuron: ["θh", "fwd_ventral"] },
  { key: "rev_dorsal", title: "D during R", group: HC, neuron: ["θh", "rev_dorsal"] },
  { key: "rev_ventral", title: "V during R", group: HC, neuron: ["θh", "rev_ventral"] },
  { key: "more_dorsal_fwd", title: "More D during F", group: HC, neuron: ["θh", "rect_dorsal"] },
  { key: "more_ventral_fwd", title: "More V during F", group: HC, neuron: ["θh", "rect_ventral"] },
  { key: "strength_f", title: "Strength", group: F, summary: "enc_strength_pumping", neuron: "rel_enc_str_P", digits: 3, help: "Relative encoding strength of feeding" },
  { key: "feedingness", title: "Feedingness", group: F, summary: "enc_pumping", neuron: "feedingness", digits: 2, help: "> 0 more active while pumping" },
  { key: "act", title: "Act", group: F, neuron: ["P", "act"], help: "Activated by feeding" },
  { key: "inh", title: "Inh", group: F, neuron: ["P", "inh"], help: "Inhibited by feeding" },
  { key: "fwd_act", title: "Act during F", group: F, neuron: ["P", "fwd_act"] },
  { key: "fwd_inh", title: "Inh during F", group: F, neuron: ["P", "fwd_inh"] },
  { key: "rev_act", title: "Act during R", group: F, neuron: ["P", "rev_act"] },
  { key: "rev_inh", title: "Inh during R", group: F, neuron: ["P", "rev_inh"] },
  { key: "more_act_fwd", title: "More act during F", group: F, neuron: ["P", "rect_act"] },
  { key: "more_inh_fwd", title: "More inh during F", group: F, neuron: ["P", "rect_inh"] },
  { key: "tau", title: "EWMA timescale (s)", group: OTHER, summary: "tau", neuron: "tau_vals", digits: 1, help: "Timescale of the exponentially weighted moving average of behaviour the neuron follows" },
  { key: "variability", title: "Enc. variability / change", group: OTHER, summary: "encoding_variability", neuron: "encoding_changing_neurons", digits: 2, help: "Summary: how much the encoding varies; per neuron: whether it changed between segments" },
];
export const GROUPS = [V, HC, F, OTHER];
export const DEFAULT_COLUMNS = ["fwd", "rev", "dorsal", "ventral", "act", "inh", "tau"];

const number = (value, digits) => (value === null || value === undefined ? "" : Number(value).toFixed(digits));

/** The class-level table: one row per class, {id, cls, count, values: {key: number}}. */
export function summaryRows(answer) {
  const fraction = Object.fromEntries(answer.columns.map((name, i) => [name, i]));
  return answer.class.map((cls, i) => ({
    id: cls, cls, count: answer.count[i],
    values: Object.fromEntries(COLUMNS.map((c) => [c.key, c.summary ? answer[c.summary][i] : answer.encoding_table[i][fraction[c.key]]])),
  }));
}

/** Per-neuron rows of one recording's encoding: values are numbers or segment lists ("1, 2"). */
export function encodingRecordingRows(encoding, neurons, recording) {
  const ranges = Object.keys(encoding.neuron_categorization).sort((a, b) => Number(a) - Number(b));
  const changing = new Set(encoding.encoding_changing_neurons);
  return neurons.map((n) => ({
    id: `${recording.dataset_id}:${n.idx}`, dataset_id: recording.dataset_id, dataset_name: recording.dataset_name,
    idx: n.idx, label: n.label || "", name: neuronName(n.idx, n.label),
    values: Object.fromEntries(COLUMNS.map((c) => {
      if (c.key === "variability") return [c.key, changing.has(n.idx) ? "Yes" : "No"];
      if (typeof c.neuron === "string") return [c.key, encoding[c.neuron][n.idx - 1]];
      const [behaviour, category] = c.neuron;
      return [c.key, ranges.filter((r) => (encoding.neuron_categorization[r]?.[behaviour]?.[category] || []).includes(n.idx)).join(", ")];
    })),
  }));
}

/** Rows of the encoding dictionary (every recording that has one): its labelled neurons. */
export function dictionaryRows(dictionary) {
  return Object.entries(dictionary).flatMap(([datasetId, entry]) => {
    const neurons = Object.values(entry.neuron).filter((n) => n.label).map((n) => ({ idx: n.idx_neuron, label: n.label }));
    return encodingRecordingRows(entry.encoding, neurons, { dataset_id: datasetId, dataset_name: entry.dataset_name });
  });
}

/**
 * A table of encoding rows. mode: "summary" (classes), "neurons" (the dictionary, with the
 * recording) or "recording" (one recording). onPlot(row): the per-neuron plot action.
 */
export class EncodingTable {
  constructor(root, { mode, visible = DEFAULT_COLUMNS, onPlot, pageSize = 100, empty } = {}) {
    this.mode = mode;
    this.onPlot = onPlot;
    this.visible = new Set(visible);
    this.table = new DataTable(root, this.columns(), {
      rowId: (r) => r.id, pageSize, empty: empty || "No rows.",
    });
    root.addEventListener("click", (event) => {
      const button = event.target.closest("[data-plot]");
      if (button && this.onPlot) this.onPlot(this.table.rows.find((r) => r.id === button.dataset.plot));
    });
  }

  columns() {
    const lead = this.mode === "summary"
      ? [{ key: "cls", title: "Class", className: "fw-semibold" }, { key: "count", title: "N", className: "text-end", help: "Neurons of the class in the analysis" }]
      : [
        ...(this.mode === "neurons" ? [{ key: "dataset_name", title: "Recording" }] : []),
        { key: "idx", title: "Neuron", value: (r) => r.idx, html: (r) => escapeHTML(r.name) },
      ];
    const values = COLUMNS.map((c) => ({
      key: c.key, title: c.title, group: c.group, help: c.help, className: "text-end", hidden: !this.visible.has(c.key),
      value: (r) => r.values[c.key],
      html: (r) => (typeof r.values[c.key] === "number" ? number(r.values[c.key], this.mode === "summary" ? 2 : c.digits) : escapeHTML(r.values[c.key] ?? "")),
    }));
    const action = this.mode === "summary"
      ? { key: "find", title: "", sortable: false, className: "text-end", html: (r) => `<a class="btn btn-sm btn-outline-primary py-0" href="/activity/find-neuron/?n=${encodeURIComponent(r.cls)}" title="Recordings of ${escapeHTML(r.cls)}">Recordings</a>` }
      : {
        key: "plot", title: "", sortable: false, className: "text-end",
        html: (r) => (this.mode === "recording"
          ? `<button type="button" class="btn btn-sm btn-outline-primary py-0" data-plot="${escapeHTML(r.id)}">Plot</button>`
          : `<a class="btn btn-sm btn-outline-primary py-0" href="${exploreURL(r.dataset_id, [r.idx], ["v"])}" data-role="plot">Plot</a>`),
      };
    return [...lead, ...values, action];
  }

  setRows(rows) {
    this.table.setRows(rows);
  }

  setVisible(keys) {
    this.visible = new Set(keys);
    this.table.setColumns(this.columns());
  }
}
