// Minimum, maximum and extent of data-sized arrays by a loop. `Math.min(...values)` passes
// every value as an argument and throws "Maximum call stack size exceeded" past ~100,000 values
// (a recording's traces hold 156,800), so no page spreads data into a call.

/** The smallest of values, as Math.min would answer (Infinity when empty, NaN if one is NaN). */
export function minOf(values) {
  let min = Infinity;
  for (const v of values) {
    const x = Number(v);
    if (Number.isNaN(x)) return NaN;
    if (x < min) min = x;
  }
  return min;
}

/** The largest of values, as Math.max would answer (-Infinity when empty, NaN if one is NaN). */
export function maxOf(values) {
  let max = -Infinity;
  for (const v of values) {
    const x = Number(v);
    if (Number.isNaN(x)) return NaN;
    if (x > max) max = x;
  }
  return max;
}

/**
 * [min, max] of the finite numbers in one array or in several (arrays of arrays, e.g. the traces
 * of every plotted neuron); null, undefined, NaN and ±Infinity are skipped. null when none.
 */
export function extent(values, { nested = false } = {}) {
  let [min, max] = [Infinity, -Infinity];
  const visit = (list) => {
    for (const v of list) {
      if (v === null || v === undefined || typeof v === "boolean" || !Number.isFinite(Number(v))) continue;
      const x = Number(v);
      if (x < min) min = x;
      if (x > max) max = x;
    }
  };
  if (nested) for (const list of values) visit(list);
  else visit(values);
  return min <= max ? [min, max] : null;
}

/** Append every item of items to target in place (target.push(...items) without the argument limit). */
export function appendAll(target, items) {
  for (const item of items) target.push(item);
  return target;
}
