// core/js/neuron_link.js: our neuron pages and the outside resources of a class, with the URL
// patterns of the original WormWideWeb's info panel (written out here).
import assert from "node:assert/strict";
import { test } from "node:test";

import { importStatic } from "./static.mjs";

const { externalLinks, externalLinksHTML, neuronLinkHTML, neuronURL } = await importStatic("core/js/neuron_link.js");

test("the four outside links of a class, as the original builds them", () => {
  assert.deepEqual(externalLinks("AVA").map((l) => [l.key, l.url]), [
    ["wormatlas", "https://www.wormatlas.org/search_results.html?q=AVA"],
    ["wormbase", "https://www.wormbase.org/species/all/anatomy_term/AVA"],
    ["zhen", "https://zhen-tools.com/#/3d-viewer?neurons=AVA"],
    ["funconn", "https://funconn.princeton.edu/?in=AVA"],
  ]);
  assert.ok(externalLinks("RMD?").every((l) => l.url.endsWith("RMD%3F"))); // names are URL-encoded
});

test("the links as HTML: new tab, a data-role each, nothing unescaped", () => {
  const html = externalLinksHTML("AVA", "btn x");
  assert.equal(html.match(/<a class="btn x" /g).length, 4);
  assert.equal(html.match(/target="_blank" rel="noopener"/g).length, 4);
  assert.deepEqual([...html.matchAll(/data-role="([\w-]+)"/g)].map((m) => m[1]), ["wormatlas-link", "wormbase-link", "zhen-link", "funconn-link"]);
  assert.ok(html.includes('href="https://zhen-tools.com/#/3d-viewer?neurons=AVA"'));
  assert.ok(!externalLinksHTML('"><script>').includes("<script>"));
});

test("links to our neuron pages", () => {
  assert.equal(neuronURL("AVAL"), "/connectome/neuron/AVAL/");
  assert.equal(neuronURL("a/b"), "/connectome/neuron/a%2Fb/");
  assert.equal(neuronLinkHTML("AVAL", "<AVAL>"), '<a href="/connectome/neuron/AVAL/" data-role="neuron-link">&lt;AVAL&gt;</a>');
});
