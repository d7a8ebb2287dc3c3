import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_LINE, BUNDLE, bundleStamp, CODE_CACHE, loadBundle } from "../launch.js";
import { PARSED_CATALOGS, parseYamlText } from "../load/yamlSource.js";

/**
 * `npm run build`, last step: what a start reads besides the bundle.
 * 1. The shipped catalogs, parsed (dist/parsed-catalogs.json; see PARSED_CATALOGS).
 * 2. The bundle esbuild just wrote, ended with its build line (the SHA-256 of its content; see
 *    src/launch.ts).
 * 3. V8's code cache of the bundle, saved after the commands people run most — calc in every
 *    format on every shipped scenario, --chart, validate — have run with their output thrown away:
 *    the bytecode of every function those runs compiled. The next start reads it instead of
 *    parsing and compiling them again. Commands left out here still work; their functions are
 *    compiled when first called, as without a cache.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const scenarios = readdirSync(join(root, "scenarios"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => join(root, "scenarios", f));

// The shipped catalogs, parsed once here (see PARSED_CATALOGS in src/load/yamlSource.ts).
const pricing = join(root, "pricing");
const files = readdirSync(pricing)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const text = readFileSync(join(pricing, f), "utf8");
    return { text, value: parseYamlText(`pricing/${f}`, text).value };
  });
writeFileSync(PARSED_CATALOGS, `${JSON.stringify({ files })}\n`);

rmSync(CODE_CACHE, { force: true });
const bundled = readFileSync(BUNDLE);
// launch.ts reads the bundle as Latin-1, which is only the same text as UTF-8 for ASCII.
const wide = bundled.findIndex((byte) => byte > 0x7f);
if (wide >= 0)
  throw new Error(`${BUNDLE} has a non-ASCII byte at offset ${wide}; bundle with --charset=ascii`);
const text = bundled.toString("latin1");
const body = text.includes(BUILD_LINE) ? text.slice(0, text.lastIndexOf(BUILD_LINE)) : text;
const source = `${body}${BUILD_LINE}${createHash("sha256").update(body).digest("hex")}\n`;
writeFileSync(BUNDLE, source, "latin1");

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
writeFileSync(CODE_CACHE, Buffer.concat([Buffer.from(bundleStamp(source) ?? "", "latin1"), cache]));
console.log(
  `code cache: ${CODE_CACHE} (${Math.round(cache.length / 1024)} KB after ${runs.length} warm-up runs)`,
);
