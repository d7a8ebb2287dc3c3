#!/usr/bin/env node
// Tiny shim: the CLI is compiled ahead of time into dist/ by `npm install` (the `prepare` script).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
