// Tom Select pickers of the activity pages: a multi-select of plain choices (papers, types,
// behaviours), grouped or not, and the picker of a recording's neurons ("12 (AVAL)").

import { openOnClick } from "../../connectome/js/selectors.js";

/** options: [{value, text, group?, detail?}]; groups: [{value, label}] or none. */
export function choiceSelect(element, options, { groups, onChange, placeholder, single = false } = {}) {
  return openOnClick(new TomSelect(element, {
    options,
    optgroups: groups || [],
    optgroupField: "group",
    lockOptgroupOrder: true,
    maxItems: single ? 1 : null,
    maxOptions: 2000,
    plugins: single ? ["dropdown_input"] : ["remove_button", "checkbox_options", "dropdown_input"],
    searchField: ["text", "value", "detail"],
    placeholder,
    hidePlaceholder: !single,
    closeAfterSelect: single,
    refreshThrottle: 0,
    render: {
      option: (d, escape) => `<div><span>${escape(d.text)}</span>${d.detail ? `<div class="small text-secondary">${escape(d.detail)}</div>` : ""}</div>`,
      item: (d, escape) => `<div title="${escape(d.detail || "")}">${escape(d.text)}</div>`,
    },
    onChange,
  }));
}

/**
 * The neurons of a recording ([{idx, label}]) by "idx (label)", in index order with the
 * chosen ones first. Values are the indices as strings.
 */
export function neuronSelect(element, neurons, { onChange, placeholder = "Type an index or a name, e.g. AVA…" } = {}) {
  const ts = openOnClick(new TomSelect(element, {
    options: neurons.map((n) => ({ value: String(n.idx), text: n.label ? `${n.idx} (${n.label})` : String(n.idx), idx: n.idx, label: n.label })),
    maxItems: null,
    maxOptions: 2000,
    plugins: ["remove_button", "dropdown_input"],
    searchField: ["text", "label"],
    sortField: [{ field: "$score" }, { field: "idx" }],
    placeholder,
    hidePlaceholder: true,
    refreshThrottle: 0,
    onChange,
  }));
  return ts;
}
