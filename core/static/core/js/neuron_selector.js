// The picker of neurons and classes of the chosen connectome datasets (Tom Select), used by the
// connectome pages and the activity pages that draw a connectome.

import { typeLetters } from "./cell_types.js";
import { openOnClick } from "./pickers.js";

/**
 * A picker of the neurons and classes present in the chosen datasets (an available-neurons
 * answer). The original's exclusivity rules hold: choosing a class removes its member
 * neurons from the options, and choosing a neuron removes its class when the class has
 * several members. A one-member class named like its neuron (DVA) is offered once, as the
 * neuron. Item values are "n:NAME" and "c:NAME". kinds: "both", "neurons" or "classes".
 */
export class NeuronSelector {
  constructor(element, { onChange, single = false, kinds = "both", placeholder } = {}) {
    this.available = { neurons: {}, neuron_classes: {} };
    this.kinds = kinds;
    this.ts = new TomSelect(element, {
      maxItems: single ? 1 : null,
      maxOptions: 1000,
      plugins: single ? ["dropdown_input"] : ["remove_button", "dropdown_input"],
      optgroups: [{ value: "class", label: "Classes" }, { value: "neuron", label: "Neurons" }],
      optgroupField: "kind",
      lockOptgroupOrder: true,
      refreshThrottle: 0, // a few hundred names: filter as the user types
      searchField: ["text"],
      sortField: [{ field: "$score" }, { field: "text" }],
      placeholder,
      hidePlaceholder: !single,
      closeAfterSelect: single,
      render: {
        option: (d, escape) =>
          `<div class="d-flex justify-content-between gap-3"><span class="fw-semibold">${escape(d.text)}</span><span class="small text-secondary text-truncate">${escape(d.detail)}</span></div>`,
        item: (d, escape) => `<div title="${escape(d.detail)}">${escape(d.text)}</div>`,
        no_results: () => '<div class="no-results">No match in the chosen dataset(s), or already chosen</div>',
      },
      onChange: () => {
        this.refreshOptions();
        onChange?.(this.selection);
      },
    });
    openOnClick(this.ts);
  }

  /** New datasets: offer their neurons and classes, keeping the chosen items that remain. */
  setAvailable(answer) {
    this.available = answer;
    const keep = this.ts.items.filter((v) => this.offered(v));
    this.replaceItems(keep);
  }

  /** Offer only "neurons", only "classes", or "both"; chosen items of another kind are dropped. */
  setKinds(kinds) {
    this.kinds = kinds;
    this.replaceItems(this.ts.items.filter((v) => this.offered(v)));
  }

  replaceItems(values) {
    this.ts.clear(true);
    this.refreshOptions(values);
    this.ts.setValue(values, true);
    this.refreshOptions();
  }

  /** Whether an item value can be chosen in the current datasets. */
  offered(value) {
    const [kind, name] = splitValue(value);
    if (kind === "c") return this.kinds !== "neurons" && name in this.available.neuron_classes && !this.isOneNeuronClass(name);
    return this.kinds !== "classes" && name in this.available.neurons;
  }

  isOneNeuronClass(name) {
    const members = this.available.neuron_classes[name] || [];
    return this.kinds === "both" && members.length === 1 && members[0] === name;
  }

  refreshOptions(selected = this.ts.items) {
    const chosenClasses = new Set(selected.filter((v) => v.startsWith("c:")).map((v) => v.slice(2)));
    const splitClasses = new Set(selected.filter((v) => v.startsWith("n:")).map((v) => this.available.neurons[v.slice(2)]?.neuron_class));
    const options = [];
    if (this.kinds !== "neurons") {
      for (const [cls, members] of Object.entries(this.available.neuron_classes)) {
        if (this.isOneNeuronClass(cls) || (this.kinds === "both" && members.length > 1 && splitClasses.has(cls))) continue;
        options.push({ value: `c:${cls}`, text: cls, kind: "class", detail: members.join(", ") });
      }
    }
    if (this.kinds !== "classes") {
      for (const [name, info] of Object.entries(this.available.neurons)) {
        if (this.kinds === "both" && chosenClasses.has(info.neuron_class) && !this.isOneNeuronClass(info.neuron_class)) continue;
        options.push({ value: `n:${name}`, text: name, kind: "neuron", detail: info.cell_type_desc });
      }
    }
    const wanted = new Set(options.map((o) => o.value));
    for (const value of Object.keys(this.ts.options)) {
      if (!wanted.has(value) && !selected.includes(value)) this.ts.removeOption(value);
    }
    for (const option of options) if (!this.ts.options[option.value]) this.ts.addOption(option);
    this.ts.refreshOptions(false);
  }

  /** The chosen names: {neurons: [...], classes: [...]}. */
  get selection() {
    const items = this.ts.items.map(splitValue);
    return {
      neurons: items.filter(([k]) => k === "n").map(([, n]) => n),
      classes: items.filter(([k]) => k === "c").map(([, n]) => n),
    };
  }

  /** The chosen name of a single picker ("" when none). */
  get name() {
    return this.ts.items.length ? splitValue(this.ts.items[0])[1] : "";
  }

  /** Choose names without calling onChange; returns the names the datasets do not offer. */
  setSelection({ neurons = [], classes = [] }) {
    const values = [
      ...classes.map((c) => (this.isOneNeuronClass(c) ? `n:${c}` : `c:${c}`)),
      ...neurons.map((n) => `n:${n}`),
    ];
    const known = values.filter((v) => this.offered(v));
    this.replaceItems(known);
    return values.filter((v) => !known.includes(v)).map((v) => v.slice(2));
  }

  clear() {
    this.ts.clear();
  }

  /** Type letters of a node label: a neuron's own, or those of a class's members. */
  cellTypes(label) {
    const neuron = this.available.neurons[label];
    if (neuron) return typeLetters(neuron.cell_type);
    const members = this.available.neuron_classes[label] || [];
    return typeLetters(members.map((m) => this.available.neurons[m]?.cell_type || "").join(""));
  }
}

const splitValue = (value) => [value.slice(0, 1), value.slice(2)];
