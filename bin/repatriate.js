#!/usr/bin/env node
// Tiny shim: the CLI is compiled ahead of time by `npm install` (the `prepare` script) into one
// bundle plus a V8 code cache; dist/launch.cjs loads them (see src/launch.ts for why). This file is
// CommonJS (bin/package.json): Node's ES module loader would add about 7 ms to every start.
const fail = (error) => {
  // main() turns every error into a message and an exit code; this is for a bundle that cannot load.
  process.stderr.write(
    `repatriate: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
      "The installed files are incomplete or broken: reinstall repatriate, or run `npm run build` in its folder.\n",
  );
  process.exitCode = 3;
};

try {
  require("../dist/launch.cjs")
    .loadBundle()
    .main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    }, fail);
} catch (error) {
  fail(error);
}
