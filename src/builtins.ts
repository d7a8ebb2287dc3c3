import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/**
 * Built-in modules that most runs never use, loaded on first use instead of at start-up: loading
 * node:crypto costs about 2 ms and node:worker_threads about 0.6 ms on every start otherwise
 * (measured in the bundle's top-level code; see docs/uncertainty.md, "Start-up").
 */
export const nodeCrypto = (): typeof import("node:crypto") => load("node:crypto");
export const workerThreads = (): typeof import("node:worker_threads") => load("node:worker_threads");
