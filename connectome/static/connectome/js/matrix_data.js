// The matrix page's pure parts: which values a view shows, its hover text and its CSV.

/** The values of one view of a matrix answer: {z, hover, title, unit, diverging}. */
export function matrixView(answer, kind) {
  const block = answer[kind];
  const labels = answer.labels;
  const what = kind === "chemical" ? "chemical synapses" : "gap junctions";
  const pair = (i, j) => (kind === "chemical" ? `${labels[i]} → ${labels[j]}` : `${labels[i]} — ${labels[j]}`);
  const [unitA, unitB] = [answer.units[answer.a], answer.b ? answer.units[answer.b] : ""];
  if (!answer.b) {
    return {
      z: block.a, diverging: false, unit: unitA, title: `${answer.a}: ${what}`,
      hover: block.a.map((row, i) => row.map((v, j) => `${pair(i, j)}<br>${v} ${unitA}`)),
    };
  }
  const fold = answer.difference === "log2fold";
  return {
    z: block.difference,
    diverging: true,
    unit: fold ? "log2 fold (normalised)" : `${unitA} (A − B)`,
    title: `${answer.a} vs ${answer.b}: ${what}, ${fold ? "log2 fold A/B" : "A − B"}`,
    hover: block.difference.map((row, i) => row.map((v, j) => {
      const value = v === null ? "—" : fold ? v.toFixed(2) : v;
      return `${pair(i, j)}<br>A: ${block.a[i][j]} ${unitA}<br>B: ${block.b[i][j]} ${unitB}<br>${fold ? "log2 fold" : "A − B"}: ${value}`;
    })),
  };
}

/**
 * The shown matrix as a table for saveCSV (core/js/cite.js): what it is, a header of column
 * labels, one row per label, and the unit, totals, level, order and rule as extra options.
 */
export function matrixTable(answer, kind) {
  const view = matrixView(answer, kind);
  return {
    what: `${view.title}; unit: ${view.unit}; ${kind === "chemical" ? "row = pre, column = post" : "symmetric"}`,
    header: ["label", ...answer.labels],
    rows: answer.labels.map((label, i) => [label, ...view.z[i].map((v) => (v === null ? "" : v))]),
    extra: {
      totals: Object.entries(answer.totals).map(([d, n]) => `${d}=${n} ${answer.units[d]}`).join(", "),
      level: answer.level, order: answer.order, rule: answer.rule || null,
    },
  };
}
