// Links about a neuron, in one place: its page on this site, and the outside resources keyed by
// its class (the URL patterns of the original WormWideWeb's info panels).

import { escapeHTML } from "./ui.js";

/** The neuron page of a cell (AVAL) or class (AVA). */
export const neuronURL = (name) => `/connectome/neuron/${encodeURIComponent(name)}/`;

/** An <a> to a neuron page, as HTML; `label` defaults to the name (both are escaped). */
export function neuronLinkHTML(name, label = name) {
  return `<a href="${neuronURL(name)}" data-role="neuron-link">${escapeHTML(label)}</a>`;
}

/** WormAtlas, WormBase, the Zhen lab 3D viewer and the Leifer lab FunCoNN, for a class. */
export function externalLinks(neuronClass) {
  const q = encodeURIComponent(neuronClass);
  return [
    { key: "wormatlas", label: "WormAtlas", url: `https://www.wormatlas.org/search_results.html?q=${q}` },
    { key: "wormbase", label: "WormBase", url: `https://www.wormbase.org/species/all/anatomy_term/${q}` },
    { key: "zhen", label: "3D view (Zhen lab)", url: `https://zhen-tools.com/#/3d-viewer?neurons=${q}` },
    { key: "funconn", label: "FunCoNN (Leifer lab)", url: `https://funconn.princeton.edu/?in=${q}` },
  ];
}

/** The external links of a class as buttons opening in a new tab, each with data-role="<key>-link". */
export function externalLinksHTML(neuronClass, classes = "btn btn-outline-primary btn-sm") {
  return externalLinks(neuronClass).map((l) =>
    `<a class="${classes}" href="${escapeHTML(l.url)}" target="_blank" rel="noopener" data-role="${l.key}-link">${escapeHTML(l.label)} <i class="bi bi-box-arrow-up-right"></i></a>`).join("");
}
