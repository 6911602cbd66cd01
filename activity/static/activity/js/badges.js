// Dataset-type badges (coloured pills) and recording descriptions shared by the activity pages.

import { escapeHTML } from "../../core/js/ui.js";
import { luminance } from "../../core/js/cell_types.js";

/** A CSS colour ("black", "#198754", "rgb(1,2,3)") as "rgb(r,g,b)", via the browser. */
function cssRGB(color) {
  const probe = document.createElement("span");
  probe.style.color = color;
  document.body.append(probe);
  const rgb = getComputedStyle(probe).color;
  probe.remove();
  return rgb;
}

const textColours = new Map();
const textColour = (background) => {
  if (!textColours.has(background)) textColours.set(background, luminance(cssRGB(background)) > 0.45 ? "#111" : "#fff");
  return textColours.get(background);
};

/** Pills for type ids, coloured as the data says, with the description as a tooltip. */
export function typeBadges(typeIds, types) {
  return typeIds.map((id) => {
    const t = types[id] || { name: id, description: "", color: "#6c757d" };
    return `<span class="badge rounded-pill type-badge" style="background:${escapeHTML(t.color)};color:${textColour(t.color)}" title="${escapeHTML(t.description)}" data-type="${escapeHTML(id)}">${escapeHTML(t.name)}</span>`;
  }).join(" ");
}

/** Minutes of a recording, to one decimal. */
export const lengthMinutes = (recording) => (recording.max_t * recording.avg_timestep).toFixed(1);

/** "12 (AVAL)" or "12" for an unlabelled trace. */
export const neuronName = (idx, label) => (label ? `${idx} (${label})` : String(idx));
