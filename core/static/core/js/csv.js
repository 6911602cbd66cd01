// The one CSV writer of the site (RFC 4180): every CSV a page saves starts with `#` provenance
// lines (what, page URL, datasets and their sha256, options, data version, date, what to cite),
// then the header row, then the rows. Pure functions; pages pass what the server told them
// (GET /api/citations/ gives each dataset's sha256 and the data version, see cite.js).

/** One field: empty for null/undefined, quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (arrays of values) as CSV records, each ended by CRLF. */
export function csvRows(rows) {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

/** A comment line's text on one line (line breaks become spaces). */
const oneLine = (text) => String(text).replace(/[\r\n]+/g, " ");

/**
 * The `#` lines of a CSV. what: a sentence; page: the page URL (or the query);
 * datasets: [{id, sha256}]; options: {name: value} (thresholds, choices; null values left out);
 * dataVersion: the server's data version; date: a Date; cite: reference texts.
 */
export function provenanceLines({ what, page, datasets = [], options = {}, dataVersion = "", date = new Date(), cite = [] }) {
  const lines = [`source: WormWideWeb, ${what}`, `page: ${page}`];
  for (const d of datasets) lines.push(`dataset: ${d.id} sha256=${d.sha256 || "unknown"}`);
  for (const [name, value] of Object.entries(options)) if (value !== null && value !== undefined) lines.push(`option: ${name}=${value}`);
  lines.push(`data_version: ${dataVersion || "unknown"}`, `date: ${date.toISOString()}`);
  for (const text of cite) lines.push(`cite: ${text}`);
  return lines.map((line) => `# ${oneLine(line)}\r\n`).join("");
}

/** A whole CSV file: provenance lines, the header row, the rows. */
export function csvDocument(provenance, header, rows) {
  return provenanceLines(provenance) + csvRows([header, ...rows]);
}
