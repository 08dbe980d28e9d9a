// Reads a bibliography (stdin) with citation-js and writes it as CSL-JSON items.
// Usage: node convert.cjs bibtex|ris|csl < input   -> [item, ...]
// Used by tests/test_cite_roundtrip.py: what another reader makes of quotesdb's output.
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");

const kind = process.argv[2];
const text = fs.readFileSync(0, "utf8");
const input = kind === "csl" ? JSON.parse(text) : text;
const forced = { bibtex: "@biblatex/text", ris: "@ris/file", csl: "@csl/list+object" }[kind];
const cite = new Cite(input, { forceType: forced });
process.stdout.write(JSON.stringify(cite.format("data", { format: "object" })));
