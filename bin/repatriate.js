#!/usr/bin/env node
// Tiny shim: the CLI is compiled ahead of time by `npm install` (the `prepare` script) into one
// bundle plus a V8 code cache; dist/launch.js loads them (see src/launch.ts for why).
import { loadBundle } from "../dist/launch.js";

process.exitCode = await loadBundle().main(process.argv.slice(2));
