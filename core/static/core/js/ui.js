// Small helpers every page uses: alerts, busy indicators, file downloads, HTML escaping.

export const escapeHTML = (text) =>
  String(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]);

/** Show a message in an alert element (hidden when message is empty). */
export function showAlert(element, message, kind = "danger") {
  element.className = `alert alert-${kind} py-2 small${message ? "" : " d-none"}`;
  element.textContent = message || "";
}

/** Show or hide a loading overlay, and mark its container busy for assistive technology. */
export function setBusy(overlay, busy) {
  overlay.classList.toggle("d-none", !busy);
  overlay.parentElement.setAttribute("aria-busy", String(busy));
}

/** Save text or a Blob as a file. */
export function download(content, filename, type = "text/plain") {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Run fn at most once per `wait` ms of quiet (the last call wins). */
export function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}
