// /activity/plot-multiple/?d=<dataset_id>:1-2-3&d=...: one plot per recording, built one after
// the other with a progress bar; a neuron (by NeuroPAL name) has one colour in every plot.
// The selection is the URL itself (activity/selection.py), so a link never expires.

import { setupCopyLink } from "../../core/js/page_state.js";
import { showAlert } from "../../core/js/ui.js";
import { ActivityPlot } from "./activity_plot.js";
import { behaviour as fetchBehaviour, exploreURL, traces as fetchTraces } from "./api.js";
import { neuronName, typeBadges } from "./badges.js";
import { ColourPool } from "./palette.js";

const PLOTS = JSON.parse(document.getElementById("plots").textContent);
const TYPES = JSON.parse(document.getElementById("activity-types").textContent);
const colours = new ColourPool();
setupCopyLink(document.getElementById("copy-link"));

/** The colour of a trace: by its name when labelled, so AVAL looks the same everywhere. */
const colourOf = (datasetId, neuron) => colours.colour(neuron.label && !neuron.label.includes("?") ? neuron.label : `${datasetId}#${neuron.idx_neuron}`);

async function drawOne(recording, card) {
  const slot = card.querySelector("[data-role=plot]");
  const [traceAnswer, behaviourAnswer] = await Promise.all([
    recording.neurons.length ? fetchTraces(recording.dataset_id, recording.neurons) : { neurons: [] },
    recording.has_behavior ? fetchBehaviour(recording.dataset_id) : null,
  ]);
  slot.replaceChildren();
  const behaviour = behaviourAnswer?.data.behavior;
  const plot = new ActivityPlot(slot, recording, {
    reversals: behaviour?.reversal_events || [], height: 400, legend: "bottom", neuronPanel: recording.neurons.length > 0,
    neuronTitle: "GCaMP (z-scored)",
  });
  plot.setNeurons(traceAnswer.neurons.map((n) => ({
    key: n.idx_neuron, name: neuronName(n.idx_neuron, n.label), values: n.trace, colour: colourOf(recording.dataset_id, n),
  })));
  plot.setBehaviours(Object.entries(behaviour?.traces || {}).map(([key, c]) => ({ key, name: c.name, unit: c.unit, values: c.data, visible: key === "v" })));
  await plot.draw();
  slot.dataset.drawn = String(plot.neurons.length);
}

async function drawAll() {
  const bar = document.querySelector("#progress .progress-bar");
  const text = document.getElementById("progress-text");
  let failed = 0;
  for (const [i, recording] of PLOTS.entries()) {
    const card = document.querySelector(`.recording-plot[data-dataset="${CSS.escape(recording.dataset_id)}"]`);
    card.querySelector("[data-role=types]").innerHTML = typeBadges(recording.types, TYPES);
    card.querySelector("[data-role=explore]").href = exploreURL(recording.dataset_id, recording.neurons, recording.has_behavior ? ["v"] : []);
    text.textContent = `Plotting ${i + 1} of ${PLOTS.length}: ${recording.dataset_name}…`;
    try {
      await drawOne(recording, card);
    } catch (error) {
      failed += 1;
      card.querySelector("[data-role=plot]").innerHTML = "";
      card.querySelector("[data-role=plot]").append(Object.assign(document.createElement("div"), {
        className: "alert alert-danger small my-2", textContent: `Could not plot this recording: ${error.message}`,
      }));
    }
    bar.style.width = `${Math.round(((i + 1) / PLOTS.length) * 100)}%`;
    document.getElementById("progress").setAttribute("aria-valuenow", String(i + 1));
  }
  text.textContent = `${PLOTS.length - failed} of ${PLOTS.length} recordings plotted.`;
  document.getElementById("progress-card").dataset.done = "1";
  if (failed) showAlert(document.getElementById("message"), `${failed} recording${failed === 1 ? "" : "s"} could not be plotted.`);
}

if (PLOTS.length) drawAll();
