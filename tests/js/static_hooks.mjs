// Module resolution as the browser sees our static files: a page module at
// <app>/static/<app>/js/x.js is served as /static/<app>/js/x.js, so its "../../core/js/y.js"
// means <root>/core/static/core/js/y.js. Registered by static.mjs.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL && fileURLToPath(context.parentURL);
  const served = parent?.startsWith(ROOT) && parent.slice(ROOT.length).match(/^(\w+)\/static\/(\1\/.+)$/);
  if (served && specifier.startsWith(".")) {
    const path = new URL(specifier, `https://served/static/${served[2]}`).pathname.replace(/^\/static\//, "");
    const file = `${ROOT}${path.split("/")[0]}/static/${path}`;
    if (existsSync(file)) return nextResolve(pathToFileURL(file).href, context);
  }
  return nextResolve(specifier, context);
}
