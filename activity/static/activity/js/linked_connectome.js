// The explorer's connectome of the plotted neurons (NeuroPAL recordings): their connections in
// the chosen connectome datasets, nodes in their trace's colour; a tapped neuron colours its
// partners by the correlation of their activity with its own, and its info panel plots or
// removes it and lists those correlations.

import { availableNeurons, getEdges } from "../../core/js/api.js";
import { escapeHTML, showAlert } from "../../core/js/ui.js";
import { typeLetters } from "../../core/js/cell_types.js";
import { colourAt, scaleGradient } from "../../core/js/colour_scales.js";
import { GraphBox } from "../../connectome/js/graph_box.js";
import { paintTransmitters } from "../../connectome/js/transmitters.js";
import { datasetSelect } from "../../core/js/pickers.js";
import { correlation } from "./api.js";

const AVAILABLE = "rgb(220,205,125)";
const NOT_LABELLED = "rgb(221,221,221)";
const SCALE = "PiYG";

export class LinkedConnectome {
  /**
   * recording: the page's recording; neurons: its [{idx, label}]; datasets: connectome
   * datasets (json_script); state: {ds, con, ncol} and defaults.ds; hooks: colourOf(idx), plotted() ->
   * [idx], toggle(idx) (plot or remove), onChange() (state changed), message (alert element).
   */
  constructor(recording, neurons, datasets, state, defaults, hooks) {
    Object.assign(this, { recording, hooks, datasets });
    this.available = { neurons: {}, neuron_classes: {} };
    this.latest = 0;
    this.focused = null;
    // Labels that name one connectome neuron: no "?", first trace of a repeated label.
    this.idxOf = {};
    for (const n of neurons) if (n.label && !n.label.includes("?") && !(n.label in this.idxOf)) this.idxOf[n.label] = n.idx;
    const $ = (id) => document.getElementById(id);
    this.box = new GraphBox($("graph-box"), {
      datasets,
      available: () => this.available,
      fileName: () => `wormwideweb-${recording.dataset_name}-connectome`,
      onNode: (label, panel) => this.focus(label, panel),
      onBackground: () => this.unfocus(),
    });
    if (this.box.panel) this.box.panel.onClose = () => this.unfocus();
    this.graph = this.box.graph;
    this.picker = datasetSelect($("datasets"), datasets, { onChange: () => this.loadDatasets() });
    const ids = state.ds.split(",").filter((id) => datasets.some((d) => d.id === id));
    this.picker.setValue(ids.length ? ids : defaults.ds.split(","), true);
    this.connected = $("show-connected");
    this.connected.checked = state.con === "1";
    this.connected.addEventListener("change", () => this.update());
    this.colourMode = $("node-colour");
    this.colourMode.value = ["type", "transmitter"].includes(state.ncol) ? state.ncol : "activity";
    this.colourMode.addEventListener("change", () => {
      this.colour();
      this.hooks.onChange();
    });
  }

  get state() {
    return { ds: this.picker.items.join(","), con: this.connected.checked ? "1" : "0", ncol: this.colourMode.value };
  }

  async loadDatasets() {
    const ids = this.picker.items;
    this.hooks.onChange();
    if (!ids.length) {
      this.available = { neurons: {}, neuron_classes: {} };
      return this.update();
    }
    this.box.setBusy(true);
    try {
      this.available = await availableNeurons(ids);
    } catch (error) {
      this.box.setBusy(false);
      return showAlert(this.hooks.message, `Could not load the connectome: ${error.message}`);
    }
    await this.update();
  }

  /** The plotted neurons that are connectome neurons of the chosen datasets. */
  plottedLabels() {
    const labels = this.hooks.plotted().map((idx) => this.hooks.labelOf(idx)).filter((l) => l && this.idxOf[l] !== undefined);
    return [...new Set(labels)].filter((l) => l in this.available.neurons);
  }

  async update() {
    const labels = this.plottedLabels();
    const request = ++this.latest;
    this.focused = null;
    if (!this.picker.items.length || !labels.length) {
      this.graph.setGraph({ datasets: this.picker.items, labels: [], synapses: [] }, { cellTypes: () => ["u"] });
      this.box.setEmpty(this.picker.items.length ? "Plot labelled neurons to see their connections." : "Choose a connectome dataset.");
      this.box.setBusy(false);
      this.box.refresh(this.picker.items);
      return;
    }
    this.box.setBusy(true);
    try {
      const answer = await getEdges({
        datasets: this.picker.items, neurons: labels, classes: [],
        show_individual_neuron: true, show_connected_neuron: this.connected.checked,
      });
      if (request !== this.latest) return;
      this.box.setEmpty("");
      this.graph.setGraph({ datasets: answer.datasets, labels: answer.neurons, synapses: answer.synapses }, {
        cellTypes: (label) => typeLetters(this.available.neurons[label]?.cell_type),
        chosen: new Set(labels),
      });
      this.graph.layout(this.connected.checked ? "concentric" : "circle");
      this.colour();
    } catch (error) {
      if (request === this.latest) showAlert(this.hooks.message, `Could not load the connections: ${error.message}`);
    } finally {
      if (request === this.latest) this.box.setBusy(false);
    }
  }

  /** Plotted neurons in their trace colour, others by whether this recording labels them. */
  colour() {
    this.focused = null;
    this.graph.unfocus();
    if (this.colourMode.value === "type" || this.colourMode.value === "transmitter") {
      this.graph.colorBy("type");
      this.box.refresh(this.picker.items);
      if (this.colourMode.value === "transmitter") paintTransmitters(this.box, { onError: (text) => showAlert(this.hooks.message, text) });
      return;
    }
    const plotted = new Set(this.hooks.plotted());
    const colours = {};
    this.graph.cy.nodes().forEach((n) => {
      const idx = this.idxOf[n.id()];
      colours[n.id()] = idx !== undefined && plotted.has(idx) ? this.hooks.colourOf(idx) : idx !== undefined ? AVAILABLE : NOT_LABELLED;
    });
    this.graph.colorBy("custom", colours);
    this.box.refresh(this.picker.items);
    this.box.parts.legend.innerHTML = "";
  }

  /** A tapped neuron: its partners coloured by r, its panel with plot/remove and the r table. */
  async focus(label, panel) {
    const idx = this.idxOf[label];
    this.focused = label;
    const section = document.createElement("div");
    section.className = "small mb-3";
    section.dataset.role = "activity-section";
    panel?.addSection(section);
    if (idx === undefined) {
      section.innerHTML = '<p class="text-secondary mb-0">Not labelled in this recording.</p>';
      return;
    }
    const plotted = this.hooks.plotted().includes(idx);
    section.innerHTML = `<button type="button" class="btn btn-sm ${plotted ? "btn-outline-danger" : "btn-primary"} w-100 mb-2" data-role="toggle-activity">
      <i class="bi ${plotted ? "bi-dash-circle" : "bi-plus-circle"}"></i> ${plotted ? "Remove activity" : "Plot activity"} (#${idx})</button>
      <div data-role="partner-correlations" class="text-secondary">Correlations with its partners…</div>`;
    section.querySelector("[data-role=toggle-activity]").addEventListener("click", () => {
      panel.close();
      this.hooks.toggle(idx);
    });
    const node = this.graph.cy.getElementById(label);
    const partners = node.neighborhood("node").map((n) => n.id()).filter((l) => this.idxOf[l] !== undefined && l !== label);
    if (!partners.length) {
      section.querySelector("[data-role=partner-correlations]").textContent = "No partner in the graph is labelled in this recording.";
      return;
    }
    let answer;
    try {
      answer = await correlation(this.recording.dataset_id, [idx, ...partners.map((l) => this.idxOf[l])], 0);
    } catch (error) {
      section.querySelector("[data-role=partner-correlations]").textContent = `Could not load the correlations: ${error.message}`;
      return;
    }
    if (this.focused !== label) return;
    const rOf = {};
    for (const p of answer.pairs) {
      if (p.a === idx) rOf[p.b] = p.r;
      if (p.b === idx) rOf[p.a] = p.r;
    }
    this.colourByCorrelation(label, partners, rOf);
    section.querySelector("[data-role=partner-correlations]").outerHTML = this.partnerTable(node, label, rOf);
  }

  colourByCorrelation(label, partners, rOf) {
    const colours = {};
    this.graph.cy.nodes().forEach((n) => {
      const r = rOf[this.idxOf[n.id()]];
      colours[n.id()] = n.id() === label ? "#ffffff" : partners.includes(n.id()) && r !== null && r !== undefined ? colourAt(SCALE, r, -1, 1) : NOT_LABELLED;
    });
    this.graph.colorBy("custom", colours);
    this.box.parts.legend.innerHTML = `<span class="legend-item">Correlation with ${escapeHTML(label)}: −1 <span class="colour-bar" style="width:120px;background:${scaleGradient(SCALE)}"></span> +1</span>`;
    this.box.box.dataset.correlationOf = label;
  }

  partnerTable(node, label, rOf) {
    const rows = [];
    node.connectedEdges().not(".hidden").forEach((e) => {
      const d = e.data();
      const other = d.source === label ? d.target : d.source;
      const r = rOf[this.idxOf[other]];
      if (other === label || r === undefined) return;
      const arrow = d.type === "e" ? "—" : d.source === label ? "→" : "←";
      rows.push({ text: `${label} ${arrow} ${other}`, r });
    });
    rows.sort((a, b) => Math.abs(b.r ?? 0) - Math.abs(a.r ?? 0));
    return `<table class="table table-sm small mb-0" data-role="partner-correlations"><thead><tr><th>Connection</th><th class="text-end">r</th></tr></thead><tbody>${
      rows.map((row) => `<tr><td>${escapeHTML(row.text)}</td><td class="text-end">${row.r === null ? "n/a" : row.r.toFixed(3)}</td></tr>`).join("")}</tbody></table>`;
  }

  unfocus() {
    if (this.focused === null) return;
    delete this.box.box.dataset.correlationOf;
    this.colour();
  }
}
