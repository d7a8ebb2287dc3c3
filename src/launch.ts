import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/**
 * How the `repatriate` command starts. `npm run build` compiles the CLI (tsc) and bundles it into
 * one CommonJS file, dist/cli/bundle.cjs (esbuild), ends it with a build line naming the SHA-256
 * of its content, then runs the commonest commands once on the shipped scenarios and saves V8's
 * compiled code for every function they ran next to it (dist/cli/bundle.cjs.cache, see
 * src/build/codeCache.ts). Loading the bundle with that cache skips parsing and compiling the code
 * a run needs: this is Node 22's module.enableCompileCache(), for Node 20. The cache only changes
 * how fast the code starts, never what it computes. V8 refuses a cache made by another Node or V8
 * version (or other V8 flags) or for a source of another length, and the cache file starts with
 * the bundle's build line, so a rebuilt bundle ignores an old cache; then the bundle compiles as
 * usual. `bin/repatriate.js` is CommonJS and loads this file bundled as dist/launch.cjs: Node's
 * ES module loader would add about 7 ms to every start.
 */
export const BUNDLE = fileURLToPath(
  // From src/ (tests run the TypeScript) the bundle is still the built one in dist/.
  new URL(import.meta.url.endsWith(".ts") ? "../dist/cli/bundle.cjs" : "./cli/bundle.cjs", import.meta.url),
);
export const CODE_CACHE = `${BUNDLE}.cache`;

/** How the build ends the bundle: this, the SHA-256 of everything before it, and a newline. */
export const BUILD_LINE = "\n//# repatriate-build sha256:";

export type Main = (argv: readonly string[], io?: object) => Promise<number>;

export interface LoadedBundle {
  main: Main;
  /** The compiled bundle, to save its code cache after a run (src/build/codeCache.ts). */
  script: Script;
  /** True when a cache file was there and V8 used it. */
  cacheUsed: boolean;
}

/**
 * What a cache must start with to be used for this bundle source: its build line. Reading the line
 * costs nothing; hashing the bundle at every start would cost about 3.5 ms (loading node:crypto
 * and hashing 0.5 MB). The build writes the line after every bundling, so a rebuilt bundle never
 * meets an old cache. A bundle edited by hand keeps its line, but V8 refuses the cache unless the
 * edit kept the exact length. Not the file's time: npm sets every file's time when it packs, so
 * that would refuse every installed cache. A bundle without the line gets no cache.
 */
export function bundleStamp(source: string): string | undefined {
  const at = source.lastIndexOf(BUILD_LINE);
  return at < 0 ? undefined : `repatriate code cache 3${source.slice(at)}`;
}

/** The V8 code cache in `file` if it was made from this bundle source. */
function readCache(file: string, source: string): Buffer | undefined {
  const stamp = bundleStamp(source);
  if (stamp === undefined || !existsSync(file)) return undefined;
  const data = readFileSync(file);
  const head = Buffer.from(stamp, "latin1");
  if (data.length <= head.length || !data.subarray(0, head.length).equals(head)) return undefined;
  return data.subarray(head.length);
}

export function loadBundle(options: { useCache?: boolean; cacheFile?: string } = {}): LoadedBundle {
  // The build makes the bundle ASCII only (esbuild's charset: ascii, checked by the build), so reading it
  // as Latin-1 gives the same text as UTF-8, 1.5 ms sooner.
  const source = readFileSync(BUNDLE, "latin1");
  const cachedData =
    options.useCache === false ? undefined : readCache(options.cacheFile ?? CODE_CACHE, source);
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
