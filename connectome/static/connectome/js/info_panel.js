// The slide-in panel describing a tapped neuron or class: what it is, its connections in the
// graph shown, and where to learn more (its page here, its neural activity, and by class WormAtlas,
// WormBase, the Zhen lab 3D viewer and the Leifer lab's FunCoNN, as the original links them).

import { externalLinksHTML, neuronURL } from "../../core/js/neuron_link.js";
import { escapeHTML } from "../../core/js/ui.js";
import { typeLetters, typeNames } from "../../core/js/cell_types.js";

const TOP_PARTNERS = 8;

export class InfoPanel {
  constructor(element) {
    this.element = element;
    this.body = element.querySelector("[data-role=info-body]");
    element.querySelector("[data-role=info-close]").addEventListener("click", () => this.close());
  }

  /** Describe a node: label is a neuron or class name, available an available-neurons answer. */
  show(label, available, graph) {
    const neuron = available.neurons[label];
    const cls = neuron ? neuron.neuron_class : label;
    const members = available.neuron_classes[cls] || [];
    const cells = neuron ? [neuron] : members.map((m) => available.neurons[m]).filter(Boolean);
    const letters = typeLetters(cells.map((c) => c.cell_type).join(""));
    const type = typeNames(letters);
    // The data's own words for the cell ("sensory neuron", "sex muscle"), when they add to the type.
    const simple = (text) => text.toLowerCase().replace(/[^a-z]/g, "");
    const descriptions = [...new Set(cells.map((c) => c.cell_type_desc).filter((d) => d && simple(d) !== simple(type)))];
    const rows = [
      neuron ? ["Class", cls] : ["Members", members.join(", ") || "-"],
      ["Type", type],
      ...(descriptions.length ? [["Description", descriptions.join(", ")]] : []),
    ];
    const q = encodeURIComponent(cls);
    this.body.innerHTML = `
      <div class="text-secondary small text-uppercase">${neuron ? "Neuron" : "Neuron class"}</div>
      <h2 class="h4 mb-3" data-role="info-name">${escapeHTML(label)}</h2>
      <dl class="row small mb-3">${rows.map(([k, v]) => `<dt class="col-4">${k}</dt><dd class="col-8">${escapeHTML(v)}</dd>`).join("")}</dl>
      ${graph ? partnersHTML(graph, label) : ""}
      <div class="d-grid gap-2">
        <a class="btn btn-primary btn-sm" href="${neuronURL(label)}" data-role="neuron-page-link"><i class="bi bi-info-circle"></i> Everything about ${escapeHTML(label)}</a>
        <a class="btn btn-outline-secondary btn-sm" href="/activity/find-neuron/?n=${q}" data-role="activity-link"><i class="bi bi-activity"></i> Recordings of ${escapeHTML(cls)}</a>
        <div class="d-flex flex-wrap gap-2" data-role="external-links">${externalLinksHTML(cls, "btn btn-outline-primary btn-sm flex-fill")}</div>
      </div>`;
    this.element.classList.add("open");
    this.element.setAttribute("aria-hidden", "false");
  }

  /** Add a section (an element) to the panel shown, under the neuron's description. */
  addSection(section) {
    this.body.querySelector("dl").after(section);
  }

  close() {
    if (this.element.classList.contains("open")) this.onClose?.();
    this.element.classList.remove("open");
    this.element.setAttribute("aria-hidden", "true");
  }
}

/** The node's visible connections, strongest first, grouped as inputs, outputs, gap junctions. */
function partnersHTML(graph, label) {
  const node = graph.cy.getElementById(label);
  const groups = { "Inputs (chemical)": [], "Outputs (chemical)": [], "Gap junctions": [] };
  node.connectedEdges().not(".hidden").forEach((e) => {
    const d = e.data();
    const other = d.source === label ? d.target : d.source;
    const group = d.type === "e" ? "Gap junctions" : d.target === label ? "Inputs (chemical)" : "Outputs (chemical)";
    groups[group].push([other, d.count]);
  });
  const sections = Object.entries(groups).filter(([, list]) => list.length).map(([title, list]) => {
    list.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = list.slice(0, TOP_PARTNERS).map(([name, n]) => `<span class="partner">${escapeHTML(name)} <b>${n}</b></span>`);
    const more = list.length > TOP_PARTNERS ? ` <span class="text-secondary">+${list.length - TOP_PARTNERS} more</span>` : "";
    return `<div class="mb-2"><div class="fw-semibold">${title} <span class="text-secondary fw-normal">(${list.length})</span></div>${shown.join(" ")}${more}</div>`;
  });
  return sections.length
    ? `<div class="small mb-3" data-role="info-partners"><div class="text-secondary mb-1">In this graph (synapse counts):</div>${sections.join("")}</div>`
    : "";
}
