import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * `npm run build`, after tsc: bundles the compiled CLI into dist/bundle/ (esbuild), so a run reads
 * a few files instead of the hundreds of modules in node_modules. The bundle is split: main.js holds
 * the command line and what every command needs; each command's own code (report, explain,
 * simulate, sensitivity, optimize, diff …) is a chunk loaded by the dynamic import in its action
 * (src/cli/commands.ts). simulateWorker.js is the simulation's worker thread.
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Chunk names carry a content hash: clear the old ones out.
rmSync(here("../bundle"), { recursive: true, force: true });
await build({
  entryPoints: [here("../cli/main.js"), here("../cli/simulateWorker.js")],
  outdir: here("../bundle"),
  entryNames: "[name]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
  // The analytical engine of \`import\` is a native addon: loaded from node_modules when import runs.
  external: ["@duckdb/node-api"],
  // Some dependencies are CommonJS and require Node's built-in modules; an ES module has no
  // `require` of its own.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});
