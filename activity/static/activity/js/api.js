// Calls to the activity JSON API (README "Activity API"); failures are ApiErrors with a
// message a page can show as it is.

import { fetchJSON, postJSON } from "../../core/js/api.js";

const DATA = "/activity/api/data";
const id = (datasetId) => encodeURIComponent(datasetId);

export const recordingList = () => fetchJSON(`${DATA}/datasets/`);
export const traces = (datasetId, idxs) => fetchJSON(`${DATA}/${id(datasetId)}/traces/?n=${idxs.join("-")}`);
export const behaviour = (datasetId) => fetchJSON(`${DATA}/${id(datasetId)}/behavior/`);
export const correlation = (datasetId, idxs, top = 3) =>
  fetchJSON(`${DATA}/${id(datasetId)}/correlation/?n=${idxs.join("-")}&top=${top}`);
export const recordingEncoding = (datasetId) => fetchJSON(`${DATA}/${id(datasetId)}/encoding/`);
export const encodingTable = () => fetchJSON(`${DATA}/encoding_table/`);
export const encodingDictionary = () => fetchJSON(`${DATA}/atanas_kim_2023_encoding/`);
export const neuronIndex = () => fetchJSON(`${DATA}/find_neuron/`);
export const replay = (params) => fetchJSON(`${DATA}/replay/?${new URLSearchParams(params)}`);
/** {neuron, event, window, lr, behavior}: activity around events, across recordings. */
export const aligned = (params) => fetchJSON(`/activity/api/aligned/?${new URLSearchParams(params)}`);

/** The plot-multiple page URL of {dataset_id: [idx, ...]} (the selection lives in the URL). */
export const plotMultipleURL = async (selection) => (await postJSON("/activity/plot-multiple-data/", selection)).redirect;

export const downloadURL = (datasetId) => `${DATA}/download/${id(datasetId)}/`;
export const zipURL = (datasetIds) => `${DATA}/download/zip/?d=${datasetIds.map(id).join(",")}`;
/** The aligned-average page of a neuron or class (other parameters take the page's defaults). */
export const alignedURL = (neuron, params = {}) => `/activity/aligned/?${new URLSearchParams({ neuron, ...params })}`;
export const exploreURL = (datasetId, idxs = [], behaviours = []) => {
  const params = [idxs.length ? `n=${idxs.join("-")}` : "", behaviours.length ? `b=${behaviours.join("-")}` : ""].filter(Boolean);
  return `/activity/explore/${id(datasetId)}/${params.length ? `?${params.join("&")}` : ""}`;
};
