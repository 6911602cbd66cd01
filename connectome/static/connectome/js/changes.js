// Which connections differ between two datasets (the compare page): a get-edges answer for
// [A, B] gives each edge's count in A and in B; an edge is present in a dataset when its count
// there reaches the minimum for its type.

/**
 * The edges present in A or B, each {pre, post, type, a, b, delta, status}, where status is
 * "gained" (only in B), "lost" (only in A), "changed" or "same"; strongest change first.
 * withGaps false leaves gap junctions out (one of the datasets has no gap-junction data).
 */
export function edgeChanges(synapses, { chemicalMin = 1, gapMin = 1, withGaps = true } = {}) {
  const rows = [];
  for (const s of synapses) {
    if (s.type === "e" && !withGaps) continue;
    const min = s.type === "c" ? chemicalMin : gapMin;
    const [a, b = a] = s.list_count;
    const [inA, inB] = [a >= min, b >= min];
    if (!inA && !inB) continue;
    const status = !inA ? "gained" : !inB ? "lost" : a !== b ? "changed" : "same";
    rows.push({ pre: s.pre, post: s.post, type: s.type, a, b, delta: b - a, status });
  }
  return rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || `${x.pre}!${x.post}`.localeCompare(`${y.pre}!${y.post}`));
}

/** The changes as a table for a CSV (header and rows). */
export function changesTable(rows, [idA, idB]) {
  return {
    header: ["pre", "post", "type", idA, idB, "change", "status"],
    rows: rows.map((r) => [r.pre, r.post, r.type === "c" ? "chemical" : "gap_junction", r.a, r.b, r.delta, r.status]),
  };
}
