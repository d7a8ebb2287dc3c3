#!/usr/bin/env node
// Tiny shim: the CLI is compiled ahead of time by `npm install` (the `prepare` script): tsc into
// dist/, then esbuild into one file, dist/cli/bundle.mjs, which starts faster than ~100 modules.
import { main } from "../dist/cli/bundle.mjs";

process.exitCode = await main(process.argv.slice(2));
