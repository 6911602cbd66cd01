// Trace colours (spec 8.1): C0-C9 are matplotlib's tab10, C10-C19 a darker seaborn-like set.
// A plot gives each new trace the lowest colour index not in use; plot-multiple gives a
// neuron the same colour in every recording. Behaviour channels have colours of their own.

export const TRACE_COLOURS = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#001c7f", "#b1400d", "#12711c", "#8c0800", "#591e71", "#592f0d", "#a23582", "#3c3c3c", "#b8850a", "#006374",
];
export const BEHAVIOUR_COLOURS = { v: "#000000", hc: "#8c6d31", av: "#7b4173", f: "#637939" };

/** Colours handed out by key (a neuron index or name): the lowest free index first. */
export class ColourPool {
  constructor() {
    this.byKey = new Map();
  }

  colour(key) {
    if (!this.byKey.has(key)) {
      const used = new Set(this.byKey.values());
      let i = 0;
      while (used.has(i)) i += 1;
      this.byKey.set(key, i);
    }
    return TRACE_COLOURS[this.byKey.get(key) % TRACE_COLOURS.length];
  }

  release(key) {
    this.byKey.delete(key);
  }

  /** Keep only these keys (in use), freeing the colours of the others. */
  keep(keys) {
    const wanted = new Set(keys);
    for (const key of [...this.byKey.keys()]) if (!wanted.has(key)) this.byKey.delete(key);
  }
}
