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
    data: true,
    exitCode: EXIT.ok,
    outFile: options.out,
    inputs: [],
  };
}
