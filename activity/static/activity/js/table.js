// A sortable, paginated table with row checkboxes and optional grouped headers, for the
// dataset browser, find-neuron and the encoding tables. Rows are plain objects; each column
// says how to show (html) and sort (value) a row. Clicking a header sorts (again: reverse).

import { escapeHTML } from "../../core/js/ui.js";

export class DataTable {
  /**
   * root: an element to fill. columns: [{key, title, html(row), value(row), className, group,
   * sortable (default true), hidden}]. rowId(row): a stable id. Options: pageSize, selectable,
   * onSelect(ids), onSort({key, dir}), onRowOpen(row) (double-click), empty (message).
   */
  constructor(root, columns, { rowId, pageSize = 25, selectable = false, onSelect, onSort, onRowOpen, empty = "No rows." } = {}) {
    Object.assign(this, { root, columns, rowId, pageSize, selectable, onSelect, onSort, onRowOpen, empty });
    this.rows = [];
    this.page = 0;
    this.sort = { key: null, dir: 1 };
    this.selected = new Set();
    root.classList.add("data-table");
    root.innerHTML = `<div class="table-responsive"><table class="table table-sm table-hover align-middle mb-0"><thead></thead><tbody></tbody></table></div>
      <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 px-2 py-2 small border-top" data-role="footer">
        <span class="text-secondary" data-role="count"></span>
        <nav aria-label="Table pages"><ul class="pagination pagination-sm mb-0" data-role="pages"></ul></nav>
      </div>`;
    this.thead = root.querySelector("thead");
    this.tbody = root.querySelector("tbody");
    this.thead.addEventListener("click", (event) => {
      const th = event.target.closest("th[data-sort]");
      if (th) this.sortBy(th.dataset.sort, this.sort.key === th.dataset.sort ? -this.sort.dir : 1);
    });
    this.thead.addEventListener("change", (event) => {
      if (event.target.dataset.role === "select-all") this.selectAll(event.target.checked);
    });
    this.tbody.addEventListener("change", (event) => {
      const box = event.target.closest("[data-role=select-row]");
      if (!box) return;
      box.checked ? this.selected.add(box.value) : this.selected.delete(box.value);
      this.renderSelectAll();
      this.renderFooter();
      this.onSelect?.([...this.selected]);
    });
    this.tbody.addEventListener("dblclick", (event) => {
      const tr = event.target.closest("tr[data-id]");
      if (tr && !event.target.closest("a, button, input")) this.onRowOpen?.(this.rows.find((r) => this.rowId(r) === tr.dataset.id));
    });
    root.querySelector("[data-role=pages]").addEventListener("click", (event) => {
      const link = event.target.closest("[data-page]");
      if (!link) return;
      event.preventDefault();
      this.page = Number(link.dataset.page);
      this.render();
    });
  }

  /** New rows (selection of rows no longer present is dropped). */
  setRows(rows) {
    this.rows = rows;
    const ids = new Set(rows.map(this.rowId));
    const before = this.selected.size;
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    this.page = Math.min(this.page, Math.max(0, this.pageCount - 1));
    this.render();
    if (this.selected.size !== before) this.onSelect?.([...this.selected]);
  }

  sortBy(key, dir = 1) {
    const column = this.columns.find((c) => c.key === key);
    if (!column || column.sortable === false) return;
    this.sort = { key, dir };
    this.page = 0;
    this.render();
    this.onSort?.(this.sort);
  }

  selectAll(checked) {
    for (const row of this.sortedRows()) checked ? this.selected.add(this.rowId(row)) : this.selected.delete(this.rowId(row));
    this.render();
    this.onSelect?.([...this.selected]);
  }

  setSelected(ids) {
    this.selected = new Set(ids);
    this.render();
  }

  setColumns(columns) {
    this.columns = columns;
    this.render();
  }

  get pageCount() {
    return Math.ceil(this.rows.length / this.pageSize);
  }

  sortedRows() {
    const column = this.columns.find((c) => c.key === this.sort.key);
    if (!column) return this.rows;
    const value = column.value || ((row) => row[column.key]);
    return [...this.rows].sort((a, b) => this.sort.dir * compare(value(a), value(b)));
  }

  render() {
    const shown = this.columns.filter((c) => !c.hidden);
    this.thead.innerHTML = this.headerHTML(shown);
    this.renderSelectAll();
    const rows = this.sortedRows().slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
    const span = shown.length + (this.selectable ? 1 : 0);
    this.tbody.innerHTML = rows.length ? rows.map((row) => {
      const id = this.rowId(row);
      const box = this.selectable
        ? `<td class="ps-2"><input class="form-check-input" type="checkbox" data-role="select-row" value="${escapeHTML(id)}" aria-label="Select ${escapeHTML(id)}"${this.selected.has(id) ? " checked" : ""}></td>`
        : "";
      const cells = shown.map((c) => `<td class="${c.className || ""}">${c.html ? c.html(row) : escapeHTML(row[c.key] ?? "")}</td>`);
      return `<tr data-id="${escapeHTML(id)}">${box}${cells.join("")}</tr>`;
    }).join("") : `<tr><td colspan="${span}" class="text-secondary py-4" data-role="empty"><div class="table-empty">${escapeHTML(this.empty)}</div></td></tr>`;
    this.renderFooter();
  }

  headerHTML(shown) {
    const grouped = shown.some((c) => c.group);
    const sortMark = (c) => {
      if (c.sortable === false) return "";
      const active = this.sort.key === c.key;
      return `<i class="bi ${active ? (this.sort.dir > 0 ? "bi-sort-up" : "bi-sort-down") : "bi-arrow-down-up"} sort-mark${active ? "" : " text-body-tertiary"}"></i>`;
    };
    const cell = (c, rowspan = 1) => {
      const aria = this.sort.key === c.key ? ` aria-sort="${this.sort.dir > 0 ? "ascending" : "descending"}"` : "";
      const sortable = c.sortable === false ? "" : ` data-sort="${c.key}" role="button" tabindex="0"`;
      return `<th scope="col" class="${c.className || ""} text-nowrap"${rowspan > 1 ? ` rowspan="${rowspan}"` : ""}${sortable}${aria} title="${escapeHTML(c.help || "")}">${escapeHTML(c.title)} ${sortMark(c)}</th>`;
    };
    const check = this.selectable ? `<th scope="col" class="ps-2"${grouped ? ' rowspan="2"' : ""}><input class="form-check-input" type="checkbox" data-role="select-all" aria-label="Select all rows"></th>` : "";
    if (!grouped) return `<tr>${check}${shown.map((c) => cell(c)).join("")}</tr>`;
    const top = [];
    for (const c of shown) {
      const last = top.at(-1);
      if (c.group && last?.group === c.group) last.span += 1;
      else top.push({ group: c.group, span: 1, column: c });
    }
    const first = top.map((t) => (t.group
      ? `<th scope="colgroup" colspan="${t.span}" class="text-center group-head">${escapeHTML(t.group)}</th>`
      : cell(t.column, 2))).join("");
    const second = shown.filter((c) => c.group).map((c) => cell(c)).join("");
    return `<tr>${check}${first}</tr><tr>${second}</tr>`;
  }

  renderSelectAll() {
    const all = this.thead.querySelector("[data-role=select-all]");
    if (!all) return;
    const ids = this.rows.map(this.rowId);
    const n = ids.filter((id) => this.selected.has(id)).length;
    all.checked = n > 0 && n === ids.length;
    all.indeterminate = n > 0 && n < ids.length;
  }

  renderFooter() {
    const total = this.rows.length;
    const from = total ? this.page * this.pageSize + 1 : 0;
    const to = Math.min(total, (this.page + 1) * this.pageSize);
    const selected = this.selectable && this.selected.size ? ` · ${this.selected.size} selected` : "";
    this.root.querySelector("[data-role=count]").textContent = total ? `${from}–${to} of ${total}${selected}` : "";
    const pages = this.pageCount;
    const item = (page, label, disabled = false, active = false) =>
      `<li class="page-item${disabled ? " disabled" : ""}${active ? " active" : ""}"><a class="page-link" href="#" data-page="${page}"${active ? ' aria-current="page"' : ""}>${label}</a></li>`;
    this.root.querySelector("[data-role=pages]").innerHTML = pages > 1
      ? [item(this.page - 1, "‹", this.page === 0), ...Array.from({ length: pages }, (_, i) => item(i, i + 1, false, i === this.page)), item(this.page + 1, "›", this.page === pages - 1)].join("")
      : "";
  }
}

/** Numbers before text, empty last; numbers numerically, text alphabetically. */
function compare(a, b) {
  const empty = (v) => v === null || v === undefined || v === "";
  if (empty(a) || empty(b)) return empty(a) - empty(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
