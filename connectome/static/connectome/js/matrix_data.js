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

/** The shown matrix as CSV: `#` lines saying what it is, a header of column labels, one row per label. */
export function matrixCSV(answer, kind, { url = "", date = new Date().toISOString() } = {}) {
  const view = matrixView(answer, kind);
  const lines = [
    `# ${view.title}`,
    `# page: ${url}`,
    `# datasets: ${[answer.a, answer.b].filter(Boolean).join(", ")}; totals: ${Object.entries(answer.totals).map(([d, t]) => `${d}=${t} ${answer.units[d]}`).join(", ")}`,
    `# unit: ${view.unit}; ${kind === "chemical" ? "row = pre, column = post" : "symmetric"}; level: ${answer.level}; order: ${answer.order}`,
    ...(answer.rule ? [`# rule: ${answer.rule}`] : []),
    `# date: ${date}`,
    ["label", ...answer.labels].join(","),
  ];
  answer.labels.forEach((label, i) => lines.push([label, ...view.z[i].map((v) => (v === null ? "" : v))].join(",")));
  return lines.join("\n") + "\n";
}
