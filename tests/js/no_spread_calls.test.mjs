// No page module spreads an array into a call's arguments (Math.min(...values), push(...rows),
// String.fromCharCode(...bytes)): past ~100,000 items the browser throws "Maximum call stack size
// exceeded" (issue 10, defect 1). core/js/numbers.js has the loop-based minOf, maxOf, extent and
// appendAll instead. Forwarding a function's own rest parameter (fn(...args)) is allowed.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Line numbers of `...` used directly as an argument of a call (not in [...] or {...}, not a parameter list). */
export function spreadCalls(source) {
  const found = [];
  const stack = []; // {open, call, start}
  let line = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") line++;
    else if (c === "/" && source[i + 1] === "/") while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      line += (source.slice(i, end).match(/\n/g) || []).length;
      i = end + 1;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      line += (source.slice(i, j).match(/\n/g) || []).length;
      i = j;
    } else if (c === "(" || c === "[" || c === "{") {
      const before = source.slice(0, i).trimEnd();
      const call = c === "(" && /[\w$\])]$/.test(before) && !/\b(function\*?(\s+[\w$]+)?|if|for|while|switch|catch|return|typeof)$/.test(before);
      stack.push({ open: c, call, line });
    } else if (c === ")" || c === "]" || c === "}") {
      const top = stack.pop();
      if (top?.spread && !/^\s*(=>|\{)/.test(source.slice(i + 1))) found.push(top.spread); // not a parameter list
    } else if (c === "." && source.startsWith("...", i)) {
      const top = stack[stack.length - 1];
      if (top?.open === "(" && top.call && !source.startsWith("...args", i)) top.spread ||= line;
      i += 2;
    }
  }
  return found;
}

function modules() {
  const found = [];
  for (const app of ["core", "connectome", "activity", "neurons", "atlas"]) {
    const folder = join(ROOT, app, "static", app, "js");
    if (existsSync(folder)) for (const name of readdirSync(folder)) if (name.endsWith(".js")) found.push(join(folder, name));
  }
  return found;
}

test("the scanner finds spreads into calls and nothing else", () => {
  assert.deepEqual(spreadCalls("const a = Math.min(...values);"), [1]);
  assert.deepEqual(spreadCalls("x\nrows.push(1, ...more);"), [2]);
  assert.deepEqual(spreadCalls("el.replaceChildren(...options.map((o) => o));"), [1]);
  assert.deepEqual(spreadCalls("f([...a, ...b]); g({ ...c }); const h = (...args) => k(...args);"), []);
  assert.deepEqual(spreadCalls("function f(a, ...rest) {}\nconst s = \"Math.min(...x)\"; // Math.max(...y)"), []);
  assert.deepEqual(spreadCalls("class A { m(...xs) { return 1; } }"), []);
});

for (const file of modules()) {
  test(`${file.slice(ROOT.length + 1)} spreads no array into a call`, () => {
    assert.deepEqual(spreadCalls(readFileSync(file, "utf8")), [], "lines with f(...array): use core/js/numbers.js");
  });
}
