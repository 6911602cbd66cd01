// The "Cite" control (templates/core/_cite.html) and the provenance of saved files.
// A page says what it shows with setCited(ids) (connectome dataset ids, recording ids, paper
// ids, "atlas", "neuron_metadata"); a control that no page script updates cites the ids its
// template gave it. The control lists the references (GET /api/citations/), links their BibTeX
// and RIS files and copies them as text. saveCSV() writes a CSV with provenance lines whose
// sha256s and data version come from the same answer; exportProvenance() gives them to the graph exports.

import { fetchJSON } from "./api.js";
import { csvDocument } from "./csv.js";
import { download, escapeHTML } from "./ui.js";

const answers = new Map();
let cited = null; // the ids the page says it shows (null: each control's own)
let pageOptions = null; // () => the page's state (thresholds, choices), for CSV provenance

// "*" stands for everything the site serves (the about page); no ids, for nothing yet.
const query = (ids) => (ids.includes("*") ? "" : `datasets=${ids.map(encodeURIComponent).join(",")}`);

/** The /api/citations/ answer for ids (asked once per set of ids; no ids: none, and the data version). */
export function citations(ids) {
  const key = ids.join(",");
  if (!answers.has(key)) {
    const answer = ids.length ? fetchJSON(`/api/citations/?${query(ids)}`)
      : fetchJSON("/api/version/").then((v) => ({ datasets: [], references: [], data_version: v.data_version }));
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answers.get(key);
}

const urlOptions = () => (pageOptions ? pageOptions() : Object.fromEntries(new URLSearchParams(location.search)));
const controls = () => document.querySelectorAll("[data-cite]");
const idsOf = (control) => cited ?? control.dataset.citeIds.split(",").filter(Boolean);

/**
 * Say what the page shows now: the controls cite it, and saved CSVs name it. options: a
 * function giving the page's state (thresholds, choices) for the CSVs' provenance lines.
 */
export function setCited(ids, options = null) {
  cited = [...new Set(ids.filter(Boolean))];
  if (options) pageOptions = options;
  for (const control of controls()) {
    control.dataset.citeIds = cited.join(",");
    links(control);
    if (control.querySelector(".dropdown-menu.show")) render(control);
  }
  if (cited.length) citations(cited).catch(() => {});
}

function links(control) {
  const q = query(idsOf(control));
  control.querySelector("[data-role=cite-bibtex]").href = `/api/citations/?${q}${q ? "&" : ""}format=bibtex`;
  control.querySelector("[data-role=cite-ris]").href = `/api/citations/?${q}${q ? "&" : ""}format=ris`;
}

async function render(control) {
  const list = control.querySelector("[data-role=cite-list]");
  const what = control.querySelector("[data-role=cite-what]");
  list.innerHTML = '<li class="text-secondary">Loading the references…</li>';
  try {
    const ids = idsOf(control);
    control.querySelector("[data-role=cite-links]").classList.toggle("d-none", !ids.length);
    if (!ids.length) {
      what.textContent = "Nothing is shown yet: choose what to see, then cite it.";
      list.innerHTML = "";
      return;
    }
    const answer = await citations(ids);
    what.textContent = ids.includes("*") ? "Every dataset this site serves." : `The papers behind what this page shows: ${answer.datasets.map((d) => d.name).join("; ")}.`;
    list.innerHTML = answer.references.map((r) => `<li data-key="${escapeHTML(r.key)}">${escapeHTML(r.text)}${r.doi
      ? ` <a href="https://doi.org/${escapeHTML(r.doi)}" target="_blank" rel="noopener">doi</a>` : ""}</li>`).join("");
  } catch (error) {
    list.innerHTML = `<li class="text-danger">${escapeHTML(error.message)}</li>`;
  }
}

async function copy(control, button) {
  const label = button.innerHTML;
  const answer = await citations(idsOf(control));
  const text = answer.references.map((r) => r.text).join("\n\n");
  try {
    await navigator.clipboard.writeText(text);
    button.innerHTML = '<i class="bi bi-check2"></i> Copied';
  } catch {
    window.prompt("Copy these references:", text);
  }
  setTimeout(() => (button.innerHTML = label), 2000);
}

/** The data version, each dataset's sha256 and the time, for an export's metadata (none if the
 * citations API cannot be reached: the file is still saved, without them). */
export async function exportProvenance(ids) {
  const exported = new Date().toISOString();
  try {
    const answer = await citations(ids);
    return { dataVersion: answer.data_version, sha256: Object.fromEntries(answer.datasets.map((d) => [d.id, d.sha256])), exported };
  } catch {
    return { exported };
  }
}

/**
 * Save a CSV: provenance lines (what, this page's URL, the datasets and their sha256, options,
 * data version, date, references), then the header row and the rows. ids: the datasets the
 * rows come from (default: what the page cites); options: thresholds and choices (default: the
 * state the page gave setCited, else its URL parameters).
 */
export async function saveCSV(filename, { what, header, rows, options = urlOptions(), extra = {}, ids = cited ?? [] }) {
  const answer = await citations(ids);
  const provenance = {
    what, page: location.href, options: { ...options, ...extra }, dataVersion: answer.data_version,
    datasets: answer.datasets.map((d) => ({ id: d.id, sha256: d.sha256 })), cite: answer.references.map((r) => r.text),
  };
  download(csvDocument(provenance, header, rows), filename, "text/csv");
}

for (const control of controls()) {
  links(control);
  control.addEventListener("show.bs.dropdown", () => render(control));
  control.querySelector("[data-role=cite-copy]").addEventListener("click", (e) => copy(control, e.currentTarget));
}
