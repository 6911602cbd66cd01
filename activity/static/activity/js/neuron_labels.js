// NeuroPAL labels of the find-neuron index (GET /activity/api/data/find_neuron/): a class, a
// left/right side and a dorsal/ventral position make a key "<class>_<lr>_<dv>" ("AVA_l_x");
// its name is the class followed by the position and side that apply ("AVAL", "RMDDL", "RMD?L").

import { appendAll } from "../../core/js/numbers.js";

const ABSENT = new Set(["x", "n"]);

export const labelKey = (cls, lr, dv) => `${cls}_${lr}_${dv}`;

export function labelName(cls, lr, dv) {
  return `${cls}${ABSENT.has(dv) ? "" : dv.toUpperCase()}${ABSENT.has(lr) ? "" : lr.toUpperCase()}`;
}

/**
 * The choices of the index: one per label variant seen ({value: "k:<key>", name, cls}), and
 * "any member" of each class with several variants ({value: "c:<class>", name: "<class> (any)"}).
 */
export function labelChoices(index) {
  const choices = [];
  for (const [cls, variants] of Object.entries(index.class)) {
    if (variants.length > 1) choices.push({ value: `c:${cls}`, name: `${cls} (any)`, token: cls, cls, any: true });
    for (const [dv, lr] of variants) {
      const name = labelName(cls, lr, dv);
      choices.push({ value: `k:${labelKey(cls, lr, dv)}`, name, token: name, cls, any: false });
    }
  }
  return choices;
}

/** The keys a choice stands for: one label, or every variant of a class. */
export function choiceKeys(value, index) {
  if (value.startsWith("k:")) return [value.slice(2)];
  const cls = value.slice(2);
  return (index.class[cls] || []).map(([dv, lr]) => labelKey(cls, lr, dv));
}

/**
 * Recordings that hold every choice: {dataset_id: [{name, idx}]} with the traces found, in the
 * order of the choices (a class's "any" contributes each member found).
 */
export function matchingRecordings(values, index) {
  let result = null;
  for (const value of values) {
    const found = {};
    for (const key of choiceKeys(value, index)) {
      const [cls, lr, dv] = key.split("_");
      for (const [datasetId, idxs] of Object.entries(index.match[key] || {})) {
        appendAll((found[datasetId] ||= []), idxs.map((idx) => ({ name: labelName(cls, lr, dv), idx })));
      }
    }
    result = result === null
      ? found
      : Object.fromEntries(Object.entries(result).filter(([id]) => id in found).map(([id, list]) => [id, [...list, ...found[id]]]));
  }
  return result || {};
}
