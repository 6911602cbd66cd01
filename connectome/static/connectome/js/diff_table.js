// The compare page's edge-by-edge table (an edge-diff answer): filter, sort and CSV.

export const STATUS_LABELS = {
  only_in_a: "Only in A", only_in_b: "Only in B", stronger: "Stronger in B", weaker: "Weaker in B", unchanged: "Unchanged",
};
const KEYS = {
  edge: (e) => `${e.pre}!${e.post}!${e.type}`,
  type: (e) => e.type,
  a: (e) => e.count_a,
  b: (e) => e.count_b,
  change: (e) => e.change,
  abs: (e) => Math.abs(e.change),
  fold: (e) => (e.fold === null ? (e.count_a ? -1 : Infinity) : e.fold),
  status: (e) => Object.keys(STATUS_LABELS).indexOf(e.status),
};
export const SORT_KEYS = Object.keys(KEYS);

/** The edges of one status ("all": every edge), sorted by `sort` ("abs", "-a", ...; "-" = descending). */
export function tableRows(edges, { status = "all", sort = "-abs" } = {}) {
  const descending = sort.startsWith("-");
  const key = KEYS[sort.replace(/^-/, "")] || KEYS.abs;
  const rows = edges.filter((e) => status === "all" || e.status === status);
  return rows.sort((x, y) => {
    const [p, q] = [key(x), key(y)];
    const order = typeof p === "string" ? p.localeCompare(q) : p - q;
    return (descending ? -order : order) || KEYS.edge(x).localeCompare(KEYS.edge(y));
  });
}

/**
 * Rows as a table for saveCSV (core/js/cite.js): what it is, the header, one row per edge, and
 * the answer's rule, totals and notes as extra provenance options.
 */
export function diffTable(answer, rows) {
  const units = Object.entries(answer.units).map(([d, u]) => `${d} in ${u}`).join(", ");
  const change = `change = B - A${answer.normalize ? " of the fractions of each total" : ""}; fold = B / A`;
  const notes = Object.fromEntries(answer.notes.map((note, i) => [`note_${i + 1}`, note]));
  return {
    what: `edge-by-edge difference, ${answer.a} (A) vs ${answer.b} (B); ${units}; ${change}`,
    header: ["pre", "post", "type", ...[answer.a, answer.b].map((d) => `${d}_${answer.units[d].replaceAll(" ", "_")}`),
      "change", "fold", "status"],
    rows: rows.map((e) => [e.pre, e.post, e.type === "c" ? "chemical" : "gap_junction", e.count_a, e.count_b, e.change,
      e.fold === null ? "" : e.fold, e.status]),
    extra: {
      totals: Object.entries(answer.totals).map(([d, n]) => `${d}=${n} ${answer.units[d]}`).join(", "),
      normalize: answer.normalize, rule: answer.rule, ...notes,
    },
  };
}
