// The "Columns" panel of the encoding tables: a checkbox per column, grouped, with "all" and
// "none" per group and a "Default" button. onChange(keys) gets the chosen column keys.

import { escapeHTML } from "../../core/js/ui.js";

export class ColumnChooser {
  constructor(root, columns, groups, { chosen, defaults, onChange }) {
    Object.assign(this, { root, columns, defaults, onChange });
    root.innerHTML = `<div class="row g-3">${groups.map((group) => `
      <fieldset class="col-sm-6 col-lg-3" data-group="${escapeHTML(group)}">
        <legend class="fs-6 fw-semibold mb-1">${escapeHTML(group)}
          <button type="button" class="btn btn-link btn-sm p-0 ms-2" data-all="${escapeHTML(group)}">all</button>
          <button type="button" class="btn btn-link btn-sm p-0 ms-1" data-none="${escapeHTML(group)}">none</button></legend>
        ${columns.filter((c) => c.group === group).map((c) => `<div class="form-check small">
          <input class="form-check-input" type="checkbox" id="col-${c.key}" value="${c.key}">
          <label class="form-check-label" for="col-${c.key}">${escapeHTML(c.title)}</label></div>`).join("")}
      </fieldset>`).join("")}</div>
      <button type="button" class="btn btn-sm btn-outline-secondary mt-2" data-role="default-columns">Default columns</button>`;
    this.set(chosen);
    root.addEventListener("change", () => this.onChange(this.chosen));
    root.addEventListener("click", (event) => {
      const all = event.target.closest("[data-all]");
      const none = event.target.closest("[data-none]");
      if (all || none) {
        const group = (all || none).dataset.all || (all || none).dataset.none;
        for (const box of root.querySelectorAll(`[data-group="${CSS.escape(group)}"] input`)) box.checked = Boolean(all);
        this.onChange(this.chosen);
      }
      if (event.target.closest("[data-role=default-columns]")) {
        this.set(this.defaults);
        this.onChange(this.chosen);
      }
    });
  }

  set(keys) {
    for (const box of this.root.querySelectorAll("input")) box.checked = keys.includes(box.value);
  }

  get chosen() {
    return [...this.root.querySelectorAll("input:checked")].map((box) => box.value);
  }
}
