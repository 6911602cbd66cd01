// A recording's traces and behaviour against time (minutes), drawn with Plotly: z-scored
// GCaMP traces on top, behaviour channels below (one shared time axis), reversals shaded,
// events drawn as lines with their name. Shared by explore, plot-multiple and the replay.
// Time of frame t (1-based) is (t - 1) x avg_timestep for traces, reversals and events alike.

import { BEHAVIOUR_COLOURS } from "./palette.js";
import { extent } from "../../core/js/numbers.js";

// doubleClick: false: a double-click on the plot calls resetScale() (plotly_doubleclick), not
// Plotly's own autorange, which would undo it.
const CONFIG = {
  displaylogo: false, responsive: true, doubleClick: false,
  modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d", "autoScale2d", "resetScale2d"],
};
const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11 };
const REVERSAL_FILL = "rgba(255,0,0,0.15)";

export class ActivityPlot {
  /**
   * element: the plot's div. recording: {avg_timestep, max_t, events, event_styles}.
   * reversals: [[start, end]] frames (inclusive) or [] without behaviour.
   * Options: height (px), neuronPanel (draw the GCaMP panel; false: behaviour only),
   * showReversals, showEvents, legend ("right", "bottom", or "auto": bottom when narrower
   * than 600 px), neuronTitle (the top axis).
   */
  constructor(element, recording, {
    reversals = [], height = 600, neuronPanel = true, showReversals = true, showEvents = true, legend = "auto",
    neuronTitle = "Neuron GCaMP (z-scored)",
  } = {}) {
    Object.assign(this, { element, recording, reversals, height, neuronPanel, showReversals, showEvents, legend, neuronTitle });
    this.dt = recording.avg_timestep;
    this.neurons = []; // [{key, name, values, colour}]
    this.behaviours = []; // [{key, name, unit, values, visible}]
    this.cursor = null;
  }

  /** Time of each frame, in minutes. */
  get time() {
    if (!this._time) this._time = Array.from({ length: this.recording.max_t }, (_, i) => i * this.dt);
    return this._time;
  }

  setNeurons(neurons) {
    this.neurons = [...neurons].sort((a, b) => compareNames(a.name, b.name));
  }

  setBehaviours(behaviours) {
    this.behaviours = behaviours;
  }

  get hasBehaviourPanel() {
    return this.behaviours.length > 0;
  }

  draw() {
    const panels = (this.neuronPanel ? 1 : 0) + (this.hasBehaviourPanel ? 1 : 0);
    const behaviourAxis = this.neuronPanel ? "y2" : "y";
    const data = [
      ...(this.neuronPanel ? this.neurons.map((n) => ({
        type: "scatter", mode: "lines", name: n.name, x: this.time, y: n.values, yaxis: "y",
        line: { color: n.colour, width: 1.4 }, hovertemplate: `${n.name}: %{y:.2f}<extra>%{x:.2f} min</extra>`,
      })) : []),
      ...this.behaviours.map((b) => ({
        type: "scatter", mode: "lines", name: `${b.name}<br>(${b.unit})`, x: this.time, y: b.values, yaxis: behaviourAxis,
        line: { color: BEHAVIOUR_COLOURS[b.key] || "#333", width: 1.4 }, visible: b.visible === false ? "legendonly" : true,
        hovertemplate: `${b.name}: %{y:.3f} ${b.unit}<extra>%{x:.2f} min</extra>`,
      })),
    ];
    const below = this.legend === "bottom" || (this.legend === "auto" && this.element.clientWidth < 600);
    const yAxes = [];
    if (this.neuronPanel) yAxes.push(["yaxis", this.neuronTitle]);
    if (this.hasBehaviourPanel) yAxes.push([this.neuronPanel ? "yaxis2" : "yaxis", "Behaviour"]);
    const layout = {
      height: this.height,
      margin: { l: 60, r: 10, t: this.recording.events && Object.keys(this.recording.events).length ? 30 : 12, b: below ? 55 + legendRows(data.length, this.element.clientWidth) * 34 : 45 },
      font: FONT,
      hovermode: "closest",
      showlegend: true,
      legend: below ? { orientation: "h", yref: "container", y: 0, yanchor: "bottom" } : { x: 1.01, y: 1, xanchor: "left" },
      xaxis: { title: { text: "Time (min)" }, range: [0, (this.recording.max_t - 1) * this.dt], zeroline: false },
      shapes: this.shapes(yAxes.map(([axis]) => axis.replace("axis", ""))),
      annotations: this.eventLabels(),
      uirevision: "keep", // zoom survives adding a trace
    };
    if (panels === 2) layout.grid = { rows: 2, columns: 1, pattern: "coupled", ygap: 0.12 };
    for (const [axis, title] of yAxes) layout[axis] = { title: { text: title }, zeroline: false, automargin: true };
    if (!panels) layout.yaxis = { visible: false };
    return Plotly.react(this.element, data, layout, CONFIG).then((plot) => {
      if (!this.listening) this.element.on("plotly_doubleclick", () => this.resetScale());
      this.listening = true;
      this.setCursor(this.cursor);
      return plot;
    });
  }

  /** Reversal shading in each panel, event lines across the plot. */
  shapes(axes) {
    const shapes = [];
    if (this.showReversals) {
      for (const axis of axes) {
        for (const [start, end] of this.reversals) {
          shapes.push({
            type: "rect", xref: "x", yref: `${axis} domain`, x0: (start - 1) * this.dt, x1: (end - 1) * this.dt, y0: 0, y1: 1,
            fillcolor: REVERSAL_FILL, line: { width: 0 }, layer: "below", name: "reversal",
          });
        }
      }
    }
    if (this.showEvents) {
      for (const [event, frames] of Object.entries(this.recording.events || {})) {
        const style = this.recording.event_styles?.[event] || { color: "rgba(255,0,0,1)", width: 2 };
        for (const frame of frames) {
          shapes.push({
            type: "line", xref: "x", yref: "paper", x0: (frame - 1) * this.dt, x1: (frame - 1) * this.dt, y0: 0, y1: 1,
            line: { color: style.color, width: style.width }, name: event,
          });
        }
      }
    }
    return shapes;
  }

  eventLabels() {
    if (!this.showEvents) return [];
    return Object.entries(this.recording.events || {}).flatMap(([event, frames]) => frames.map((frame) => ({
      x: (frame - 1) * this.dt, xref: "x", y: 1, yref: "paper", yanchor: "bottom", text: event, showarrow: false,
      font: { size: 10, color: this.recording.event_styles?.[event]?.color || "#d62728" },
    })));
  }

  setOptions({ showReversals = this.showReversals, showEvents = this.showEvents, height = this.height }) {
    Object.assign(this, { showReversals, showEvents, height });
    return this.draw();
  }

  /** Time axis over the whole recording, neuron axis fitted to the traces with a 5 % margin. */
  resetScale() {
    const update = { "xaxis.range": [0, (this.recording.max_t - 1) * this.dt] };
    const range = this.neuronPanel ? extent(this.neurons.map((n) => n.values), { nested: true }) : null;
    if (range) {
      const [min, max] = range;
      const margin = 0.05 * (max - min || 1);
      update["yaxis.range"] = [min - margin, max + margin];
    }
    if (this.hasBehaviourPanel) update[this.neuronPanel ? "yaxis2.autorange" : "yaxis.autorange"] = true;
    return Plotly.relayout(this.element, update);
  }

  /**
   * The replay's cursor at a frame (0-based): a dotted line over the plot, moved without asking
   * Plotly to lay anything out again (a relayout per frame would cost more than the frame).
   */
  setCursor(frame) {
    this.cursor = frame;
    const layout = this.element._fullLayout;
    if (frame === null || !layout?.xaxis) return;
    let line = this.element.querySelector(":scope > .plot-cursor");
    if (!line) {
      line = Object.assign(document.createElement("div"), { className: "plot-cursor" });
      line.setAttribute("aria-hidden", "true");
      this.element.style.position = "relative";
      this.element.append(line);
      this.element.on?.("plotly_relayout", () => this.setCursor(this.cursor)); // zoomed: follow the axis
    }
    const x = frame * this.dt;
    const [low, high] = layout.xaxis.range;
    line.hidden = x < Math.min(low, high) || x > Math.max(low, high);
    line.dataset.x = String(x);
    line.style.cssText = `left: ${layout.xaxis._offset + layout.xaxis.l2p(x)}px; top: ${layout._size.t}px; height: ${layout._size.h}px`;
  }

  /** What is plotted, as a table for a CSV: time in minutes, each neuron, each behaviour channel shown. */
  table() {
    const neurons = this.neuronPanel ? this.neurons : [];
    const behaviours = this.behaviours.filter((b) => b.visible !== false);
    const header = ["t (minute)", ...neurons.map((n) => n.name), ...behaviours.map((b) => b.key)];
    const rows = this.time.map((t, i) => [Number(t.toFixed(6)), ...neurons.map((n) => n.values[i]), ...behaviours.map((b) => b.values[i])]);
    return { header, rows };
  }
}

/** Rows of a horizontal legend of n entries (about 140 px each) under a plot this wide. */
const legendRows = (n, width) => Math.ceil(n / Math.max(1, Math.floor((width || 600) / 140)));

/** Names that start with a number in numeric order first, then the others alphabetically. */
function compareNames(a, b) {
  const [na, nb] = [parseInt(a, 10), parseInt(b, 10)];
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb || a.localeCompare(b);
  if (Number.isFinite(na) !== Number.isFinite(nb)) return Number.isFinite(na) ? -1 : 1;
  return a.localeCompare(b);
}
