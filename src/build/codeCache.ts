import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleStamp, CODE_CACHE, loadBundle } from "../launch.js";

/**
 * `npm run build`, last step: runs the commands people run most — calc in every format on every
 * shipped scenario, validate — with their output thrown away, then saves V8's code cache of the
 * bundle: the bytecode of every function those runs compiled. The next start reads it instead of
 * parsing and compiling them again (see src/launch.ts). Commands left out here still work; their
 * functions are compiled when first called, as without a cache.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const scenarios = readdirSync(join(root, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => join(root, "scenarios", f));

rmSync(CODE_CACHE, { force: true });
const { main, script } = loadBundle({ useCache: false });
const silent = { stdout: () => {}, stderr: () => {}, writeFile: () => {} };
const runs: string[][] = [];
for (const file of scenarios) {
  runs.push(["calc", file], ["calc", file, "--chart"], ["validate", file]);
  for (const format of ["json", "csv", "markdown"]) runs.push(["calc", file, "--format", format]);
}
for (const argv of runs) {
  const code = await main(argv, silent);
  if (code !== 0 && code !== 1)
    throw new Error(`code cache warm-up: repatriate ${argv.join(" ")} exited ${code}`);
}
const cache = script.createCachedData();
writeFileSync(CODE_CACHE, Buffer.concat([Buffer.from(bundleStamp(), "latin1"), cache]));
console.log(
  `code cache: ${CODE_CACHE} (${Math.round(cache.length / 1024)} KB after ${runs.length} warm-up runs)`,
);
