// One graph area of a page (templates connectome/_graph_box.html): the graph and what is
// drawn around it — loading overlay, empty message, legend, citation watermark, edge
// details, node info panel, status line, fullscreen and downloads.

import { exportProvenance, saveCSV } from "../../core/js/cite.js";
import { download, setBusy } from "../../core/js/ui.js";
import { ConnectomeGraph } from "./graph.js";
import { graphJSON, graphPNG, graphSVG, graphTable } from "./graph_export.js";
import { graphCytoscapeJSON, graphGraphML } from "./graph_formats.js";
import { citationText, edgeInfoHTML, legendHTML } from "./graph_overlays.js";
import { InfoPanel } from "./info_panel.js";

export class GraphBox {
  /**
   * box: the .graph-box element. datasets: every dataset of the page (json_script).
   * available(): the available-neurons answer used to describe a tapped node.
   * fileName(): the base name of downloaded files. onNode(label, panel) and onBackground()
   * are called after a tap on a node (its info panel shown) or on the background;
   * beforeDownload() before a download is made (a page that draws its own picture styles the
   * graph's elements like it).
   */
  constructor(box, { datasets, available = () => null, fileName = () => "wormwideweb-connectome", onNode, onBackground, beforeDownload }) {
    this.box = box;
    this.beforeDownload = beforeDownload;
    this.datasets = datasets;
    this.datasetIds = [];
    this.fileName = fileName;
    const part = (role) => box.querySelector(`[data-role="${role}"]`);
    this.parts = Object.fromEntries(["canvas", "empty", "loading", "legend", "watermark", "edge-info", "edge-info-text", "status", "info-panel"]
      .map((role) => [role, part(role)]));
    const panel = this.parts["info-panel"] ? new InfoPanel(this.parts["info-panel"]) : null;
    this.panel = panel;
    this.graph = new ConnectomeGraph(this.parts.canvas, {
      onEdge: (edge) => this.showEdge(edge),
      onNode: (label) => {
        this.hideEdge();
        const answer = available();
        if (panel && answer) panel.show(label, answer, this.graph);
        onNode?.(label, panel);
      },
      onBackground: () => {
        this.hideEdge();
        panel?.close();
        onBackground?.();
      },
    });
    part("edge-info-close").addEventListener("click", () => this.hideEdge());
    part("fullscreen")?.addEventListener("click", () => this.toggleFullscreen());
    box.addEventListener("fullscreenchange", () => setTimeout(() => this.graph.fit(), 50));
    for (const item of box.querySelectorAll("[data-download]")) {
      item.addEventListener("click", () => this.download(item.dataset.download));
    }
  }

  setBusy(busy) {
    setBusy(this.parts.loading, busy);
  }

  /** Show a message instead of a graph (or nothing when text is empty), with the example link if asked. */
  setEmpty(text, { example = false } = {}) {
    this.parts.empty.classList.toggle("d-none", !text);
    if (text) this.parts.empty.querySelector("[data-role=empty-text]").textContent = text;
    this.parts.empty.querySelector("[data-role=example]")?.classList.toggle("d-none", !example);
  }

  /** After a change: legend, citation, status line, and data-drawn (visible edges) for tests. */
  refresh(datasetIds = this.datasetIds) {
    this.datasetIds = datasetIds;
    const graph = this.graph;
    const nodes = graph.visibleNodes().length;
    const edges = graph.visibleEdges().length;
    this.parts.legend.innerHTML = nodes ? legendHTML(graph.typesShown(), graph.kindsShown()) : "";
    this.parts.watermark.textContent = citationText(datasetIds, this.datasets);
    if (this.parts.status) {
      this.parts.status.textContent = nodes ? `${nodes} ${nodes === 1 ? "node" : "nodes"} · ${edges} ${edges === 1 ? "connection" : "connections"}` : "";
    }
    this.box.dataset.drawn = String(edges);
  }

  showEdge(edge) {
    this.parts["edge-info-text"].innerHTML = edgeInfoHTML(edge, this.graph.datasets, this.datasets);
    this.parts["edge-info"].classList.remove("d-none");
  }

  hideEdge() {
    this.parts["edge-info"].classList.add("d-none");
    this.graph.cy.edges().unselect();
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else this.box.requestFullscreen?.();
  }

  get caption() {
    return citationText(this.datasetIds, this.datasets) || "WormWideWeb";
  }

  async download(kind) {
    this.beforeDownload?.();
    const name = this.fileName();
    const graph = this.graph;
    if (kind === "png") download(await graphPNG(graph, this.caption), `${name}.png`);
    if (kind === "svg") download(graphSVG(graph, this.caption), `${name}.svg`, "image/svg+xml");
    if (kind === "csv") {
      const what = `connectome edges shown (${graph.datasets.join(", ")}); count = synapses summed over the datasets counted in synapses`;
      await saveCSV(`${name}.csv`, { what, ...graphTable(graph, this.datasets), ids: graph.datasets });
    }
    if (kind === "json") {
      const json = graphJSON(graph, { source: location.href, citation: this.caption });
      download(JSON.stringify(json, null, 1), `${name}.json`, "application/json");
    }
    if (kind !== "graphml" && kind !== "cyjs") return;
    const units = Object.fromEntries(this.datasets.map((d) => [d.id, d.unit || "synapses"]));
    const meta = { source: location.href, citation: this.caption, units, ...(await exportProvenance(graph.datasets)) };
    if (kind === "graphml") download(graphGraphML(graph, meta), `${name}.graphml`, "application/graphml+xml");
    if (kind === "cyjs") {
      download(JSON.stringify(graphCytoscapeJSON(graph, meta), null, 1), `${name}.cyjs`, "application/json");
    }
  }
}
