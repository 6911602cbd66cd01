// The navigation bar's neuron search: autocomplete over cell names, class names and full names
// (GET /connectome/api/neuron-search/), opening the neuron page. Without a choice, Enter
// submits the form to /connectome/neuron/?q=..., which opens the best match or suggests names.

import { fetchJSON } from "./api.js";
import { neuronURL } from "./neuron_link.js";
import { debounce, escapeHTML } from "./ui.js";

const form = document.getElementById("neuron-search");
if (form) setup(form);

function setup(form) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[data-role=suggestions]");
  let results = [];
  let active = -1;
  let latest = 0;

  const close = () => {
    list.classList.add("d-none");
    input.setAttribute("aria-expanded", "false");
    active = -1;
  };
  const render = () => {
    list.innerHTML = results.length
      ? results.map((r, i) => `<a class="dropdown-item${i === active ? " active" : ""}" href="${neuronURL(r.name)}" role="option" id="neuron-search-${i}" aria-selected="${i === active}" data-name="${escapeHTML(r.name)}">
          <span class="fw-semibold">${escapeHTML(r.name)}</span> <span class="small text-body-secondary">${r.kind === "class" ? "class · " : ""}${escapeHTML(r.text)}</span></a>`).join("")
      : `<div class="dropdown-item-text small text-body-secondary">No cell or class matches</div>`;
    list.classList.remove("d-none");
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `neuron-search-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const lookUp = debounce(async () => {
    const query = input.value.trim();
    const request = ++latest;
    if (!query) return close();
    try {
      const answer = await fetchJSON(`/connectome/api/neuron-search/?q=${encodeURIComponent(query)}`);
      if (request !== latest) return;
      results = answer.results;
      active = results.length ? 0 : -1;
      render();
    } catch {
      close();
    }
  }, 120);

  input.addEventListener("input", lookUp);
  input.addEventListener("keydown", (event) => {
    if (list.classList.contains("d-none")) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = results.length ? (active + step + results.length) % results.length : -1;
      render();
    } else if (event.key === "Escape") {
      close();
    }
  });
  form.addEventListener("submit", (event) => {
    if (active >= 0 && results[active] && !list.classList.contains("d-none")) {
      event.preventDefault();
      location.assign(neuronURL(results[active].name));
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
}
