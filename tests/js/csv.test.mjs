// core/static/core/js/csv.js: RFC 4180 fields and records, and the `#` provenance lines.
import assert from "node:assert/strict";
import { test } from "node:test";

import { csvCell, csvDocument, csvRows, provenanceLines } from "../../core/static/core/js/csv.js";

/** An independent RFC 4180 reader (quoted fields may hold commas, quotes and line breaks). */
function parse(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), (i += 1);
    else field += c;
  }
  assert.equal(field + row.join(""), "", "the text ends with CRLF");
  return rows;
}

test("plain fields are left as they are, the others quoted with quotes doubled", () => {
  assert.equal(csvCell("AVAL"), "AVAL");
  assert.equal(csvCell(3.25), "3.25");
  assert.equal(csvCell(0), "0");
  assert.equal(csvCell(-1e-7), "-1e-7");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(false), "false");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell("cr\rhere"), '"cr\rhere"');
  assert.equal(csvCell(" padded "), " padded ");
});

test("records end with CRLF and read back to the same values", () => {
  const rows = [["pre", "post", "count"], ["AVAL", 'R"IM, left', 3], ["line\nbreak", "", null], [1.5, -2, "ΔF/F"]];
  const text = csvRows(rows);
  assert.ok(text.endsWith("\r\n"));
  assert.equal(text.split("\r\n").length, rows.length + 1);
  assert.deepEqual(parse(text), rows.map((r) => r.map((v) => (v === null ? "" : String(v)))));
  assert.equal(csvRows([]), "");
});

test("provenance lines come first, one per fact, then the header and the rows", () => {
  const date = new Date("2026-01-02T03:04:05Z");
  const text = csvDocument({
    what: "edges shown", page: "http://x/connectome/explore/?ds=a,b", date, dataVersion: "abc-123",
    datasets: [{ id: "a", sha256: "11" }, { id: "b", sha256: "" }], options: { cmin: 2, skipped: null, note: "x\ny" },
    cite: ["White JG (1986). The structure. doi:10.1098/rstb.1986.0056"],
  }, ["pre", "post"], [["AVAL", "AVAR"]]);
  const lines = text.split("\r\n");
  assert.deepEqual(lines, [
    "# source: WormWideWeb, edges shown",
    "# page: http://x/connectome/explore/?ds=a,b",
    "# dataset: a sha256=11",
    "# dataset: b sha256=unknown",
    "# option: cmin=2",
    "# option: note=x y",
    "# data_version: abc-123",
    "# date: 2026-01-02T03:04:05.000Z",
    "# cite: White JG (1986). The structure. doi:10.1098/rstb.1986.0056",
    "pre,post",
    "AVAL,AVAR",
    "",
  ]);
  const body = lines.filter((l) => !l.startsWith("#")).join("\r\n");
  assert.deepEqual(parse(body), [["pre", "post"], ["AVAL", "AVAR"]]);
});

test("a comment never spans lines, whatever the page URL or the text holds", () => {
  const text = provenanceLines({ what: "a\r\nb", page: "p\nq", date: new Date(0) });
  assert.ok(text.split("\r\n").slice(0, -1).every((l) => l.startsWith("# ")));
  assert.match(text, /^# source: WormWideWeb, a b\r\n# page: p q\r\n/);
  assert.match(text, /# data_version: unknown\r\n/);
});
