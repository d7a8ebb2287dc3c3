#!/usr/bin/env node
// Tiny shim: the CLI is compiled ahead of time by `npm install` (the `prepare` script) into one
// bundle plus a V8 code cache; dist/launch.cjs loads them (see src/launch.ts for why). This file is
// CommonJS (bin/package.json): Node's ES module loader would add about 7 ms to every start.
const { loadBundle } = require("../dist/launch.cjs");

loadBundle()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
