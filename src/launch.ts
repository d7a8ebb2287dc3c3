import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/**
 * How the `repatriate` command starts. `npm run build` compiles the CLI (tsc) and bundles it into
 * one CommonJS file, dist/cli/bundle.cjs (esbuild), then runs the commonest commands once on the
 * shipped scenarios and saves V8's compiled code for every function they ran next to it
 * (dist/cli/bundle.cjs.cache, see src/build/codeCache.ts). Loading the bundle with that cache skips
 * parsing and compiling the code a run needs: this is Node 22's module.enableCompileCache(), for
 * Node 20. The cache only changes how fast the code starts, never what it computes. V8 refuses a
 * cache made by another Node or V8 version (or other V8 flags), and the cache file starts with the
 * bundle's SHA-256, so a rebuilt or edited bundle ignores an old cache; then the bundle compiles as
 * usual.
 */
export const BUNDLE = fileURLToPath(
  // From src/ (tests run the TypeScript) the bundle is still the built one in dist/.
  new URL(import.meta.url.endsWith(".ts") ? "../dist/cli/bundle.cjs" : "./cli/bundle.cjs", import.meta.url),
);
export const CODE_CACHE = `${BUNDLE}.cache`;

export type Main = (argv: readonly string[], io?: object) => Promise<number>;

export interface LoadedBundle {
  main: Main;
  /** The compiled bundle, to save its code cache after a run (src/build/codeCache.ts). */
  script: Script;
  /** True when a cache file was there and V8 used it. */
  cacheUsed: boolean;
}

/**
 * What the cache was made from: the bundle's SHA-256 (about 0.7 ms). V8 checks its own version and
 * flags but, of the source, only its length; an edited bundle must not run old bytecode. (Not the
 * file's time: npm sets every file's time when it packs, so that would refuse every installed cache.)
 */
export function bundleStamp(source: Buffer = readFileSync(BUNDLE)): string {
  return `repatriate code cache 2 sha256:${createHash("sha256").update(source).digest("hex")}\n`;
}

/** The V8 code cache in `file` if it was made from this bundle source. */
function readCache(file: string, source: Buffer): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  const data = readFileSync(file);
  const stamp = Buffer.from(bundleStamp(source), "latin1");
  if (data.length <= stamp.length || !data.subarray(0, stamp.length).equals(stamp)) return undefined;
  return data.subarray(stamp.length);
}

export function loadBundle(options: { useCache?: boolean; cacheFile?: string } = {}): LoadedBundle {
  const bytes = readFileSync(BUNDLE);
  const source = bytes.toString("utf8");
  const cachedData =
    options.useCache === false ? undefined : readCache(options.cacheFile ?? CODE_CACHE, bytes);
  // The CommonJS wrapper, as Node's own loader writes it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as { main?: Main } };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  const main = module.exports.main;
  if (typeof main !== "function") throw new Error(`${BUNDLE} does not export main; run npm run build`);
  return { main, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}
