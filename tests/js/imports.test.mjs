// Every relative import of every page module names a file that exists and a name that file
// exports, so moving a helper (e.g. to core/static/core/js/) cannot leave a page broken.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APPS = ["core", "connectome", "activity", "neurons", "atlas"];

function modules() {
  const found = [];
  for (const app of APPS) {
    const folder = join(ROOT, app, "static", app, "js");
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (name.endsWith(".js")) found.push(join(folder, name));
  }
  return found;
}

/** The names a module exports: export function/class/const/let NAME and export { a, b as c }. */
function exportsOf(text) {
  const names = new Set();
  for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/(?:^|[;}])export\s*\{([^}]*)\}/gm)) { // also minified: ...;export{a as b}
    for (const part of m[1].split(",")) if (part.trim()) names.add(part.trim().split(/\s+as\s+/).pop());
  }
  return names;
}

/** The file a relative import names: served paths are /static/<app>/js/<name> (or
 * /static/vendor/..., from static/vendor/), so resolve there. */
function target(file, spec) {
  const served = relative(ROOT, file).split("/").slice(2).join("/"); // app/static/APP/js/x.js -> APP/js/x.js
  const url = new URL(spec, `https://x/static/${served}`).pathname.replace(/^\/static\//, "");
  if (url.startsWith("vendor/")) return join(ROOT, "static", url); // npm files copied by `make static`
  return join(ROOT, url.split("/")[0], "static", url);
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"(\.[^"]+)";/gm;

test("the page modules are found", () => {
  const names = modules().map((f) => relative(ROOT, f));
  assert.ok(names.includes("core/static/core/js/colour_scales.js"));
  assert.ok(names.includes("activity/static/activity/js/replay.js"));
});

test("generic helpers live in core, not in an app", () => {
  for (const moved of ["colour_scales.js", "cell_types.js", "selectors.js"]) {
    assert.ok(!existsSync(join(ROOT, "connectome/static/connectome/js", moved)), moved);
  }
  assert.ok(!existsSync(join(ROOT, "activity/static/activity/js/pickers.js")));
});

for (const file of modules()) {
  test(`imports of ${relative(ROOT, file)} resolve`, () => {
    const text = readFileSync(file, "utf8");
    for (const [, names, spec] of text.matchAll(IMPORT)) {
      const path = target(file, spec);
      assert.ok(existsSync(path), `${spec} does not exist`);
      const exported = exportsOf(readFileSync(path, "utf8"));
      for (const raw of names.split(",")) {
        const name = raw.trim().split(/\s+as\s+/)[0];
        if (name) assert.ok(exported.has(name), `${spec} does not export ${name}`);
      }
    }
  });
}
