// Custom node positions ("name,x,y") and colours ("name,r,g,b" or "name,#rrggbb") pasted as
// CSV on the explore page, checked line by line, and their compact form in the URL.

const KINDS = {
  positions: { fields: 3, example: "AVAL,120,-40" },
  colors: { fields: 4, example: "AVAL,255,128,0" },
};

/**
 * Read CSV lines for `kind` ("positions" or "colors"). labels: the nodes of the graph.
 * Returns {values: {label: {x, y} | "#rrggbb"}, problems: [messages], missing: [labels not given]}.
 */
export function parseCustomCSV(text, kind, labels) {
  const spec = KINDS[kind];
  const known = new Set(labels);
  const values = {};
  const problems = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const where = `Line ${i + 1} (${line.slice(0, 30)})`;
    let parts = line.split(",").map((p) => p.trim());
    if (kind === "colors" && parts.length === 2 && /^#?[0-9a-f]{6}$/i.test(parts[1])) {
      const hex = parts[1].replace("#", "");
      parts = [parts[0], ...[0, 2, 4].map((k) => String(parseInt(hex.slice(k, k + 2), 16)))];
    }
    if (parts.length !== spec.fields) return problems.push(`${where}: expected ${spec.fields} values like "${spec.example}", got ${parts.length}.`);
    const [label, ...rest] = parts;
    const numbers = rest.map(Number);
    if (rest.some((p) => p === "") || numbers.some((n) => !Number.isFinite(n))) return problems.push(`${where}: the values after the name must be numbers.`);
    if (!known.has(label)) return problems.push(`${where}: ${label} is not in the graph.`);
    if (label in values) return problems.push(`${where}: ${label} is given twice.`);
    if (kind === "colors") {
      if (numbers.some((n) => n < 0 || n > 255 || !Number.isInteger(n))) return problems.push(`${where}: colours are whole numbers from 0 to 255.`);
      values[label] = `#${numbers.map((n) => n.toString(16).padStart(2, "0")).join("")}`;
    } else {
      values[label] = { x: numbers[0], y: numbers[1] };
    }
  });
  return { values, problems, missing: labels.filter((l) => !(l in values)) };
}

/** The CSV lines for the current values, to pre-fill the editor. */
export function customCSV(kind, entries) {
  return entries.map(([label, value]) => (kind === "positions"
    ? `${label},${Math.round(value.x)},${Math.round(value.y)}`
    : `${label},${[1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16)).join(",")}`)).join("\n");
}

/** URL form: "AVAL:120:-40,RIML:0:10" for positions, "AVAL:ff8000" for colours. */
export function encodeCustom(kind, values) {
  return Object.entries(values).map(([label, v]) => (kind === "positions"
    ? `${label}:${Math.round(v.x)}:${Math.round(v.y)}`
    : `${label}:${v.slice(1)}`)).join(",");
}

export function decodeCustom(kind, text) {
  const values = {};
  for (const item of (text || "").split(",")) {
    const [label, a, b] = item.split(":");
    if (!label) continue;
    if (kind === "positions" && Number.isFinite(Number(a)) && Number.isFinite(Number(b)) && a !== "" && b !== "") {
      values[label] = { x: Number(a), y: Number(b) };
    }
    if (kind === "colors" && /^[0-9a-f]{6}$/i.test(a || "")) values[label] = `#${a.toLowerCase()}`;
  }
  return values;
}
