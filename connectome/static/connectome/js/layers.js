// The explorer's layers over the synapses (templates connectome/_layers.html):
// extrasynaptic edges (POST /connectome/api/extrasynaptic/: neuropeptide and monoamine
// networks, weight = ligand-receptor pathways) and functional edges (POST
// /connectome/api/functional/: the signal propagation atlas, stimulated -> responder where
// q < q_max, coloured by the sign of ΔF/F). Each is drawn among the graph's nodes, in its own
// style, with its legend entry naming the model and the unit. State in the URL: xs (model), xl (ligand), fn (strain), fq (q).

import { postJSON } from "../../core/js/api.js";
import { escapeHTML } from "../../core/js/ui.js";

export const LAYER_DEFAULTS = { xs: "", xl: "", fn: "", fq: "0.05" };
const COLORS = { es: "#7b3fb5", up: "#d6336c", down: "#1f6fd1", none: "#999999" };
const MODEL_NAMES = {
  ripoll2023_short: "Ripoll-Sánchez 2023 neuropeptides, short range",
  ripoll2023_mid: "Ripoll-Sánchez 2023 neuropeptides, mid range",
  ripoll2023_long: "Ripoll-Sánchez 2023 neuropeptides, long range",
  ripoll2023_monoamine: "Ripoll-Sánchez 2023 monoamines",
  bentley2016: "Bentley 2016 monoamines + neuropeptides",
};
const STRAINS = { wt: "wild type", unc31: "unc-31" };

const LAYER_STYLE = [
  {
    selector: "edge.layer-es",
    style: {
      "line-color": COLORS.es, "target-arrow-color": COLORS.es, "line-style": "dashed", "line-dash-pattern": [6, 4],
      "target-arrow-shape": "vee", "curve-style": "bezier", "control-point-step-size": 60, opacity: 0.75,
    },
  },
  {
    selector: "edge.layer-fn",
    style: {
      "line-color": "data(lineColor)", "target-arrow-color": "data(lineColor)", "line-style": "dotted",
      "target-arrow-shape": "triangle-backcurve", "curve-style": "bezier", "control-point-step-size": 80, opacity: 0.85,
    },
  },
];

export class Layers {
  /** root: the layers block; state: the page state; graph: the ConnectomeGraph; onChange(): after a layer changed. */
  constructor(root, state, { graph, onChange, onError }) {
    this.graph = graph;
    this.onChange = onChange;
    this.onError = onError;
    this.answers = { es: null, fn: null };
    this.request = 0;
    const $ = (role) => root.querySelector(`[data-layer="${role}"]`);
    this.inputs = { es: $("es"), model: $("es-model"), ligand: $("es-ligand"), fn: $("fn"), strain: $("fn-strain"), q: $("fn-q") };
    const { es, model, ligand, fn, strain, q } = this.inputs;
    for (const [value, label] of Object.entries(MODEL_NAMES)) model.add(new Option(label, value));
    for (const [value, label] of Object.entries(STRAINS)) strain.add(new Option(label, value));
    es.checked = state.xs in MODEL_NAMES;
    model.value = es.checked ? state.xs : "ripoll2023_mid";
    this.wantedLigand = state.xl;
    fn.checked = state.fn in STRAINS;
    strain.value = fn.checked ? state.fn : "wt";
    q.value = String(qValue(state.fq));
    for (const cy of [graph.cy]) {
      const style = cy.style();
      for (const { selector, style: s } of LAYER_STYLE) style.selector(selector).style(s);
      style.update();
    }
    model.addEventListener("change", () => {
      this.wantedLigand = ligand.value = "";
      this.refresh();
    });
    for (const input of [es, ligand, fn, strain]) input.addEventListener("change", () => this.refresh());
    q.addEventListener("change", () => {
      q.value = String(qValue(q.value));
      this.refresh();
    });
    this.showControls();
  }

  showControls() {
    const { es, model, ligand, fn, strain, q } = this.inputs;
    model.disabled = ligand.disabled = !es.checked;
    strain.disabled = q.disabled = !fn.checked;
    if (es.checked && !this.answers.es?.available_ligands.length) ligand.disabled = true;
  }

  /** The layers as page-state strings. */
  get state() {
    const { es, model, fn, strain, q } = this.inputs;
    return {
      xs: es.checked ? model.value : "", xl: es.checked ? this.ligand : "",
      fn: fn.checked ? strain.value : "", fq: String(qValue(q.value)),
    };
  }

  get ligand() {
    return this.answers.es ? this.inputs.ligand.value : this.wantedLigand;
  }

  /** Fetch the layers switched on for the graph's nodes, then draw them (call after each new graph). */
  async refresh() {
    this.showControls();
    const request = ++this.request;
    const nodes = this.graph.cy.nodes().map((n) => n.id());
    const { es, model, fn, strain, q } = this.inputs;
    try {
      const [extra, functional] = await Promise.all([
        es.checked && nodes.length
          ? postJSON("/connectome/api/extrasynaptic/", { model: model.value, nodes, ligands: this.ligand ? [this.ligand] : [] })
          : null,
        fn.checked && nodes.length
          ? postJSON("/connectome/api/functional/", { nodes, strain: strain.value, q_max: qValue(q.value) })
          : null,
      ]);
      if (request !== this.request) return;
      this.answers = { es: extra, fn: functional };
      this.fillLigands();
      this.draw();
    } catch (error) {
      if (request !== this.request) return;
      if (this.ligand && es.checked) this.wantedLigand = "";
      this.answers = { es: null, fn: null };
      this.draw();
      this.onError?.(`Could not load the layer: ${error.message}`);
    }
    this.showControls();
    this.onChange?.();
  }

  fillLigands() {
    const select = this.inputs.ligand;
    const answer = this.answers.es;
    const wanted = answer?.ligands[0] || "";
    select.innerHTML = "";
    const named = answer?.available_ligands || [];
    select.add(new Option(named.length ? "All transmitters and peptides" : "All (this model names none)", ""));
    for (const kind of ["monoamine", "neuropeptide"]) {
      const group = document.createElement("optgroup");
      group.label = kind === "monoamine" ? "Monoamines" : "Neuropeptides";
      for (const entry of named.filter((e) => e.kind === kind)) group.append(new Option(entry.ligand, entry.ligand));
      if (group.children.length) select.append(group);
    }
    select.value = wanted;
    this.wantedLigand = wanted;
  }

  /** Replace the drawn layer edges with those of the current answers. */
  draw() {
    const cy = this.graph.cy;
    const scale = this.graph.edgeScale;
    const elements = [];
    for (const e of this.answers.es?.edges || []) {
      elements.push({
        group: "edges", classes: "layer layer-es",
        data: {
          id: `${e.pre}!${e.post}!x`, source: e.pre, target: e.post, layer: "es", type: "x", pathways: e.pathways,
          width: Math.max(0.8, Math.log(e.pathways + 1) * scale), info: extraInfo(e, this.answers.es),
        },
      });
    }
    for (const e of this.answers.fn?.edges || []) {
      const color = e.dff == null ? COLORS.none : e.dff > 0 ? COLORS.up : COLORS.down;
      elements.push({
        group: "edges", classes: "layer layer-fn",
        data: {
          id: `${e.stimulated}!${e.responder}!f`, source: e.stimulated, target: e.responder, layer: "fn", type: "f",
          dff: e.dff, q: e.q, lineColor: color, width: Math.max(1, Math.min(8, Math.abs(e.dff || 0) * 8 * scale)),
          info: functionalInfo(e, this.answers.fn),
        },
      });
    }
    cy.batch(() => {
      cy.edges(".layer").remove();
      cy.add(elements);
    });
  }

  /** The legend entries of the layers drawn (model, filter and unit). */
  legendHTML() {
    const parts = [];
    const es = this.answers.es;
    if (es) {
      const filter = es.ligands.length ? `, ${es.ligands.join(", ")}` : "";
      parts.push(`<span class="legend-item" data-layer-legend="es"><span class="legend-line legend-dashed" style="border-color:${COLORS.es}"></span>Extrasynaptic: ${escapeHTML(es.model_name)}${escapeHTML(filter)} (width: ${escapeHTML(es.unit)})</span>`);
    }
    const fn = this.answers.fn;
    if (fn) {
      const label = `Functional, Randi 2023 (${escapeHTML(fn.strain_name)}, q < ${fn.q_max}), stimulated → responder: `;
      parts.push(`<span class="legend-item" data-layer-legend="fn"><span class="legend-line legend-dotted" style="border-color:${COLORS.up}"></span>${label}ΔF/F &gt; 0 <span class="legend-line legend-dotted ms-2" style="border-color:${COLORS.down}"></span>ΔF/F &lt; 0 (ΔF/F: no unit; width ∝ |ΔF/F|)</span>`);
    }
    return parts.join("");
  }

  /** What the Cite control cites for the layers drawn (core/js/cite.js ids). */
  citedIds() {
    return [this.answers.es && "extrasynaptic", this.answers.fn && "atlas"].filter(Boolean);
  }

  /** The papers behind the layers drawn, for the citation line. */
  citations() {
    return [this.answers.es && (this.answers.es.model.startsWith("ripoll") ? "Ripoll-Sánchez et al., 2023" : "Bentley et al., 2016"),
      this.answers.fn && "Randi et al., 2023"].filter(Boolean);
  }
}

/** A q threshold in (0, 1], 0.05 when unreadable. */
export function qValue(text) {
  const q = Number(text);
  return Number.isFinite(q) && q > 0 && q <= 1 ? q : 0.05;
}

function extraInfo(e, answer) {
  const ligands = e.ligands ? `<div>Ligands: ${escapeHTML(e.ligands.join(", "))}</div>` : "";
  return `<div class="fw-semibold mb-1" data-role="edge-title">${escapeHTML(e.pre)} ⇢ ${escapeHTML(e.post)}</div>
    <div class="mb-1" data-role="edge-total">Extrasynaptic (${escapeHTML(e.kinds.join(", "))}), ${e.pathways} ${escapeHTML(answer.unit)}</div>
    ${ligands}<div class="text-secondary">${escapeHTML(answer.model_name)}. Between classes: ${escapeHTML(answer.class_rule)}.</div>`;
}

function functionalInfo(e, answer) {
  const dff = e.dff == null ? "no finite mean" : e.dff.toFixed(3);
  return `<div class="fw-semibold mb-1" data-role="edge-title">${escapeHTML(e.stimulated)} ⟿ ${escapeHTML(e.responder)}</div>
    <div class="mb-1" data-role="edge-total">Functional: ΔF/F = ${dff}, q = ${e.q.toPrecision(2)}, ${e.n_observations} trials</div>
    <div class="text-secondary">Signal propagation atlas (Randi et al. 2023), ${escapeHTML(answer.strain_name)}: ${escapeHTML(e.responder)}'s response when ${escapeHTML(e.stimulated)} was stimulated (pair ${escapeHTML(e.pair.join(" → "))}).</div>`;
}
