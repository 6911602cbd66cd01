// The graph settings block (templates connectome/_graph_settings.html): layout, individual /
// connected neurons, minimum counts, spacing and edge width, read from and written to the
// page state. Each change calls the hook that needs to run: refetch, refilter or restyle.

import { flag, flagValue, numberIn } from "../../core/js/page_state.js";
import { LAYOUTS } from "./graph.js";

export const SETTING_DEFAULTS = { layout: "concentric", ind: "0", con: "1", cmin: "1", gmin: "1", sp: "1", es: "1.5" };

export class GraphSettings {
  /**
   * root: the settings block; state: the page state (strings); hooks: {refetch, refilter,
   * relayout, restyle}; layouts: the layouts offered.
   */
  constructor(root, state, hooks, { layouts = Object.keys(LAYOUTS) } = {}) {
    this.inputs = Object.fromEntries([...root.querySelectorAll("[data-setting]")].map((el) => [el.dataset.setting, el]));
    const { layout, ind, con, cmin, gmin, sp, es } = this.inputs;
    if (layout) {
      for (const value of layouts) layout.add(new Option(LAYOUTS[value], value));
      layout.value = layouts.includes(state.layout) ? state.layout : SETTING_DEFAULTS.layout;
      layout.addEventListener("change", () => hooks.relayout());
    }
    ind.checked = flag(state.ind);
    con.checked = flag(state.con);
    for (const [input, key] of [[cmin, "cmin"], [gmin, "gmin"]]) {
      if (!input) continue;
      input.value = minimumCount(state[key]);
      input.addEventListener("change", () => {
        input.value = minimumCount(input.value);
        hooks.refilter();
      });
    }
    sp.value = numberIn(state.sp, 0.25, 1.5, 1);
    es.value = numberIn(state.es, 0.1, 3, 1.5);
    this.showValues(root);
    for (const input of [ind, con]) input.addEventListener("change", () => hooks.refetch());
    sp.addEventListener("input", () => {
      this.showValues(root);
      hooks.relayout();
    });
    es.addEventListener("input", () => {
      this.showValues(root);
      hooks.restyle();
    });
    for (const button of root.querySelectorAll("[data-step]")) {
      button.addEventListener("click", () => {
        const input = this.inputs[button.dataset.step];
        input.value = minimumCount(Number(input.value) + Number(button.dataset.delta));
        hooks.refilter();
      });
    }
  }

  showValues(root) {
    root.querySelector("[data-value=sp]").textContent = `×${Number(this.inputs.sp.value).toFixed(2)}`;
    root.querySelector("[data-value=es]").textContent = `×${Number(this.inputs.es.value).toFixed(1)}`;
  }

  /** The settings as page-state strings. */
  get state() {
    const { layout, ind, con, cmin, gmin, sp, es } = this.inputs;
    return {
      ...(layout ? { layout: layout.value } : {}),
      ind: flagValue(ind.checked), con: flagValue(con.checked),
      cmin: String(minimumCount(cmin.value)), ...(gmin ? { gmin: String(minimumCount(gmin.value)) } : {}),
      sp: sp.value, es: es.value,
    };
  }

  get chemicalMin() { return minimumCount(this.inputs.cmin.value); }
  get gapMin() { return this.inputs.gmin ? minimumCount(this.inputs.gmin.value) : 1; }
  get spacing() { return Number(this.inputs.sp.value); }
  get edgeScale() { return Number(this.inputs.es.value); }
  get layout() { return this.inputs.layout?.value || SETTING_DEFAULTS.layout; }
  set layout(value) { if (this.inputs.layout) this.inputs.layout.value = value; }
  get individual() { return this.inputs.ind.checked; }
  get connected() { return this.inputs.con.checked; }
}

/** A minimum synapse count: a whole number, at least 1. */
const minimumCount = (value) => Math.max(1, Math.floor(numberIn(value, 1, 1e6, 1)));
