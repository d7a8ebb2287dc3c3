import type { Command } from "commander";
import { catalogJsonSchema, scenarioJsonSchema } from "../load/jsonSchema.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";

/** `repatriate schema [scenario|catalog]`: the JSON Schema of a file format, generated from the validators. */
export function runSchema(which: string | undefined, options: { out?: string }): CommandOutput {
  const kind = which ?? "scenario";
  if (kind !== "scenario" && kind !== "catalog")
    throw new UsageError(`schema takes scenario or catalog, got ${JSON.stringify(kind)}`);
  const schema = kind === "scenario" ? scenarioJsonSchema() : catalogJsonSchema();
  return {
    stdout: `${JSON.stringify(schema, null, 2)}\n`,
    exitCode: EXIT.ok,
    outFile: options.out,
    inputs: [],
  };
}

export function registerSchema(program: Command, run: (output: () => CommandOutput) => void): void {
  program
    .command("schema")
    .description(
      "print the JSON Schema of the scenario (default) or catalog format, for editors and other tools",
    )
    .argument("[format]", "scenario | catalog", "scenario")
    .option("-o, --out <file>", "write it to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      `
In a scenario file, this first line makes editors with the YAML language server check and
complete it (see docs/ci.md):
  # yaml-language-server: $schema=./scenario.schema.json`,
    )
    .action((format: string | undefined, options: { out?: string }) => run(() => runSchema(format, options)));
}
