// "Download selected": the chosen recordings as one zip, built by the server
// (GET /activity/api/data/download/zip/), received with a progress bar and saved.

import { download } from "../../core/js/ui.js";
import { zipURL } from "./api.js";

export const MAX_ZIP = 20;

/**
 * progress: the element holding a .progress bar and a [data-role=progress-text] line.
 * Returns true when the file was saved; shows any failure in the progress line.
 */
export async function downloadZip(ids, progress) {
  const bar = progress.querySelector(".progress-bar");
  const text = progress.querySelector("[data-role=progress-text]");
  const show = (message, fraction = null, kind = "") => {
    progress.classList.remove("d-none");
    text.textContent = message;
    text.className = `small ${kind}`;
    bar.classList.toggle("progress-bar-striped", fraction === null);
    bar.classList.toggle("progress-bar-animated", fraction === null);
    bar.style.width = `${fraction === null ? 100 : Math.round(fraction * 100)}%`;
    bar.parentElement.setAttribute("aria-valuenow", fraction === null ? "" : String(Math.round(fraction * 100)));
  };
  if (ids.length > MAX_ZIP) {
    show(`At most ${MAX_ZIP} recordings per zip (${ids.length} selected); a paper's archive on the datasets page holds all of its recordings.`, 0, "text-danger");
    return false;
  }
  const plural = ids.length === 1 ? "recording" : "recordings";
  show(`Preparing ${ids.length} ${plural}…`);
  try {
    const response = await fetch(zipURL(ids));
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      throw new Error(answer.error || `The server answered ${response.status}.`);
    }
    const total = Number(response.headers.get("Content-Length")) || 0;
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      show(`Downloading ${ids.length} ${plural}: ${megabytes(received)}${total ? ` of ${megabytes(total)}` : ""}`, total ? received / total : null);
    }
    download(new Blob(chunks, { type: "application/zip" }), `wormwideweb-recordings-${timestamp()}.zip`);
    show(`Saved ${ids.length} ${plural} (${megabytes(received)}).`, 1, "text-success");
    progress.dataset.done = String(ids.length);
    return true;
  } catch (error) {
    show(`The download failed: ${error.message}`, 0, "text-danger");
    return false;
  }
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const timestamp = () => new Date().toISOString().slice(0, 19).replaceAll(":", "-");
