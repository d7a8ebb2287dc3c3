#!/usr/bin/env node
// The CLI is bundled by `npm install` (the `prepare` script) into dist/bundle/. Node ≥ 22.1 keeps
// a compile cache of it between runs; Node 20 has none and compiles it each time.
import module from "node:module";

module.enableCompileCache?.();
try {
  const { main } = await import("../dist/bundle/main.js");
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // main() turns every error into a message and an exit code; this is for a bundle that cannot load.
  process.stderr.write(
    `repatriate: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
      "The installed files are incomplete or broken: reinstall repatriate, or run `npm run build` in its folder.\n",
  );
  process.exitCode = 3;
}
