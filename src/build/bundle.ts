import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";

/**
 * `npm run build`, second step (after tsc, before codeCache.ts): bundles the compiled CLI into one
 * CommonJS file, dist/cli/bundle.cjs, and the launcher into dist/launch.cjs (see src/launch.ts for
 * why CommonJS and why one file). Both are ASCII only (launch.ts reads the bundle as Latin-1) and
 * know their own URL (`import.meta.url` becomes the file's URL).
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * What the bundle takes instead of what its dependencies name; each gives the same results as what
 * it replaces (tests in test/cli.test.ts and test/catalogs.test.ts).
 * - node:child_process, loaded by commander when it starts, only to run subcommands as separate
 *   programs (repatriate never does): a stand-in loads it on first use (it costs about 3 ms, with
 *   net and dgram).
 * - string-width, with which cli-table3 measures every cell and border: a stand-in answers printable
 *   ASCII and box-drawing characters by their length and hands the rest to string-width.
 * - yaml: its ES module build, the same parser as its CommonJS one without Node-only debug logging,
 *   which esbuild can hoist and tree-shake.
 */
const standIns: Plugin = {
  name: "repatriate-stand-ins",
  setup(b) {
    const childProcess = here("../../src/build/lazyChildProcess.cjs");
    const stringWidth = here("../../src/build/stringWidth.cjs");
    const yamlModules = join(
      dirname(createRequire(import.meta.url).resolve("yaml/package.json")),
      "browser/index.js",
    );
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer === childProcess ? undefined : { path: childProcess },
    );
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlModules }));
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer === stringWidth ? undefined : { path: stringWidth },
    );
  },
};

const common = (file: string): BuildOptions => ({
  bundle: true,
  platform: "node",
  format: "cjs",
  charset: "ascii",
  logLevel: "warning",
  define: { "import.meta.url": "__fileUrl" },
  banner: { js: "var __fileUrl=require('node:url').pathToFileURL(__filename).href;" },
  entryPoints: [here(`../${file}.js`)],
  outfile: here(`../${file === "cli/main" ? "cli/bundle" : file}.cjs`),
});

await build({ ...common("cli/main"), minify: true, legalComments: "eof", plugins: [standIns] });
await build(common("launch"));
