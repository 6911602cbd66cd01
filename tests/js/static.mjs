// importStatic("activity/js/replay_mapping.js"): a page module by its served path, its own imports
// resolved as the browser resolves them (static_hooks.mjs), since app folders differ on disk.
import { register } from "node:module";

register("./static_hooks.mjs", import.meta.url);

const ROOT = new URL("../../", import.meta.url);

export const importStatic = (served) => import(new URL(`${served.split("/")[0]}/static/${served}`, ROOT).href);
