// A page's state lives in its URL, so a copied link restores the view for a colleague.
// localStorage remembers the last view, and is used only when the URL carries no state.

const storageKey = (page) => `wormwideweb:${page}`;

/** The state from the URL (or else the last view), with defaults for what is missing. All strings. */
export function loadState(page, defaults) {
  let params = new URLSearchParams(location.search);
  if (![...params.keys()].some((key) => key in defaults)) {
    params = new URLSearchParams(readStorage(page));
  }
  const state = { ...defaults };
  for (const key of Object.keys(defaults)) {
    if (params.has(key)) state[key] = params.get(key);
  }
  return state;
}

/** Write the state into the URL (values equal to their default are left out) and remember it. */
export function saveState(page, state, defaults) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value != null && String(value) !== String(defaults[key] ?? "")) params.set(key, value);
  }
  // Commas and colons separate list items; keep them readable in the address bar.
  const query = params.toString().replaceAll("%2C", ",").replaceAll("%3A", ":");
  if ((query ? `?${query}` : "") !== location.search) {
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }
  try {
    localStorage.setItem(storageKey(page), query);
  } catch {
    // Private windows may refuse storage; the URL still holds the state.
  }
}

function readStorage(page) {
  try {
    return localStorage.getItem(storageKey(page)) || "";
  } catch {
    return "";
  }
}

/** A button that copies the page's URL to the clipboard, and says so. */
export function setupCopyLink(button) {
  const label = button.innerHTML;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      button.innerHTML = '<i class="bi bi-check2"></i> Link copied';
    } catch {
      window.prompt("Copy this link:", location.href);
    }
    setTimeout(() => (button.innerHTML = label), 2000);
  });
}

export const splitList = (value) => (value ? value.split(",").map((v) => v.trim()).filter(Boolean) : []);
export const flag = (value) => value === "1" || value === "true";
export const flagValue = (checked) => (checked ? "1" : "0");

/** A number from the URL, clamped to [min, max]; the default when it is not a number. */
export function numberIn(value, min, max, fallback) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
