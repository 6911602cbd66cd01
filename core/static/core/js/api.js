// Calls to our JSON APIs. Every failure becomes an ApiError whose message a page can show
// as it is: the server's own {"error": "..."} text, or a plain sentence when there is none.

export class ApiError extends Error {}

export async function fetchJSON(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status says enough.
  }
  if (!response.ok) {
    const reason = data?.error || (response.status >= 500
      ? "The server had a problem answering. Please try again in a moment."
      : `The server answered ${response.status} ${response.statusText}.`);
    throw new ApiError(reason);
  }
  if (data === null) throw new ApiError("The server sent an answer that could not be read.");
  return data;
}

export function postJSON(url, body) {
  return fetchJSON(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export const availableNeurons = (datasetIds) =>
  fetchJSON(`/connectome/api/available-neurons/?datasets=${datasetIds.map(encodeURIComponent).join(",")}`);

export const getEdges = (body) => postJSON("/connectome/api/get-edges/", body);

export const findPaths = ({ dataset, start, end, weighted, gapJunction, byClass }) =>
  fetchJSON(`/connectome/api/find-paths/?${new URLSearchParams({
    dataset, start, end, weighted: String(weighted), gap_junction: String(gapJunction), class: String(byClass),
  })}`);
