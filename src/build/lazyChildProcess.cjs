// Bundled in place of node:child_process (src/build/bundle.ts). commander loads
// child_process when it starts, only to run a subcommand as a separate program, which repatriate
// never does; loading it (with net, dgram and their bindings) costs about 3 ms at every start. This
// stands in for it and loads the real module the first time anything of it is used.
"use strict";
const { createRequire } = require("node:module");
let real;
const load = () => {
  real ??= createRequire(__filename)("node:child_process");
  return real;
};
module.exports = new Proxy({}, { get: (_, key) => load()[key] });
