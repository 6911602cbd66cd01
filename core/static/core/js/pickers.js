// Tom Select pickers shared by the pages: plain choices (papers, types, behaviours), grouped or
// not; connectome datasets; a recording's neurons ("12 (AVAL)"); and the click-to-open behaviour.

/** A picker of connectome datasets grouped by type, each shown with its description. */
export function datasetSelect(element, datasets, { multiple = true, onChange, placeholder } = {}) {
  const groups = [...new Set(datasets.map((d) => d.group))];
  return openOnClick(new TomSelect(element, {
    options: datasets.map((d) => ({ value: d.id, text: d.name, group: d.group, description: d.description })),
    optgroups: groups.map((g) => ({ value: g, label: g })),
    optgroupField: "group",
    lockOptgroupOrder: true,
    refreshThrottle: 0,
    maxItems: multiple ? null : 1,
    plugins: multiple ? ["remove_button", "checkbox_options", "dropdown_input"] : ["dropdown_input"],
    searchField: ["text", "value", "description"],
    placeholder,
    hidePlaceholder: multiple,
    closeAfterSelect: !multiple,
    render: {
      option: (d, escape) =>
        `<div><div>${escape(d.text)}</div><div class="small text-secondary">${escape(d.description)}</div></div>`,
      item: (d, escape) => `<div title="${escape(d.description)}">${escape(d.text)}</div>`,
    },
    onChange,
  }));
}

/**
 * A click anywhere on the box opens the list, also on a chosen item (long items leave no
 * empty part to click) and after Escape closed it; a click outside or Escape closes it.
 * Items are removed with their x. Closing forgets the search text.
 */
export function openOnClick(ts) {
  ts.onItemSelect = () => false;
  ts.on("dropdown_close", () => ts.setTextboxValue(""));
  ts.onClick = () => {
    if (ts.isOpen) return;
    ts.focus();
    ts.open();
  };
  return ts;
}

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
