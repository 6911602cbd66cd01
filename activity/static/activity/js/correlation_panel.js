// The explorer's correlation panel, from GET .../correlation/?n=<plotted>: pairs among the
// plotted neurons (strongest first), the best-correlated partners of each in the whole
// recording (with a button to plot one), and each plotted neuron's r with each behaviour.

import { escapeHTML } from "../../core/js/ui.js";
import { colourAt } from "../../core/js/colour_scales.js";
import { neuronName } from "./badges.js";

const r = (value) => (value === null ? "n/a" : value.toFixed(3));
const rBadge = (value) => {
  const background = value === null ? "#e9ecef" : colourAt("PiYG", value, -1, 1);
  const dark = value !== null && Math.abs(value) > 0.6;
  return `<span class="r-badge" style="background:${background};color:${dark ? "#fff" : "#111"}">${r(value)}</span>`;
};

/**
 * answer: the correlation answer; names: idx -> "12 (AVAL)"; colours: idx -> trace colour;
 * behaviourNames: key -> name (empty without behaviour).
 */
export function correlationHTML(answer, { names, colours, behaviourNames }) {
  const chip = (idx) => `<span class="neuron-chip" style="border-color:${colours[idx] || "#adb5bd"}">${escapeHTML(names[idx] || String(idx))}</span>`;
  const pairs = answer.neurons.length < 2
    ? '<p class="text-secondary mb-0">Plot two neurons or more to see their correlations.</p>'
    : `<ul class="list-unstyled corr-columns mb-0" data-role="pairs">${answer.pairs.map((p) =>
      `<li>${chip(p.a)} ${chip(p.b)} ${rBadge(p.r)}</li>`).join("")}</ul>`;
  const top = answer.neurons.map((idx) => `<li data-idx="${idx}">${chip(idx)} <i class="bi bi-arrow-right text-secondary"></i> ${
    answer.top[idx].map((p) => `<button type="button" class="btn btn-link btn-sm p-0 partner-button" data-add="${p.idx_neuron}" title="Plot ${escapeHTML(neuronName(p.idx_neuron, p.label))}">${escapeHTML(neuronName(p.idx_neuron, p.label))}</button> ${rBadge(p.r)}`).join(" ")
  }</li>`).join("");
  let behaviour = '<p class="text-secondary mb-0">This recording has no behaviour data.</p>';
  if (answer.behavior) {
    behaviour = `<div class="row g-2" data-role="behaviour">${Object.entries(behaviourNames).map(([key, name]) => {
      const rows = answer.neurons.map((idx) => [idx, answer.behavior[idx][key] ?? null])
        .sort((a, b) => Math.abs(b[1] ?? 0) - Math.abs(a[1] ?? 0));
      return `<div class="col-sm-6 col-xl-3" data-behaviour="${key}"><div class="fw-semibold">${escapeHTML(name)}</div><ul class="list-unstyled mb-0">${
        rows.map(([idx, value]) => `<li>${chip(idx)} ${rBadge(value)}</li>`).join("")}</ul></div>`;
    }).join("")}</div>`;
  }
  return `<div class="fw-semibold mb-1">Between the plotted neurons (Pearson r)</div>${pairs}
    <div class="fw-semibold mt-2 mb-1">Best-correlated partners in the whole recording</div><ul class="list-unstyled mb-0" data-role="top">${top}</ul>
    <div class="fw-semibold mt-2 mb-1">With behaviour</div>${behaviour}`;
}
