import type { Command } from "commander";
import { calculate } from "../engine/calculate.js";
import { loadScenario } from "../load/loadScenario.js";
import { renderJson } from "../report/json.js";
import { renderTable } from "../report/table.js";
import { EXIT, UsageError } from "./errors.js";

export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

export interface CalcOptions {
  format: string;
  pricing?: string[];
}

/** What a run produced: the text for stdout and the exit code. Nothing is written until it is complete. */
export interface CommandOutput {
  stdout: string;
  exitCode: number;
}

/** `repatriate calc FILE`: load, compute, render. Exit 1 when a gate fails. */
export function runCalc(file: string, options: CalcOptions): CommandOutput {
  const format = options.format as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(
      `--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  const { scenario, catalogs } = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  const result = calculate(scenario, catalogs);
  const stdout = format === "json" ? renderJson(result) : renderTable(result);
  return { stdout, exitCode: result.gates.every((g) => g.ok) ? EXIT.ok : EXIT.gateFailed };
}

export function registerCalc(program: Command, run: (output: () => CommandOutput) => void): void {
  program
    .command("calc")
    .description("compute rent vs own for a scenario: TCO, NPV, break-even, margins; check its gates")
    .argument("<scenario>", "scenario file (YAML), e.g. scenarios/known-bill.yaml")
    .option("-f, --format <format>", `output format: ${FORMATS.join(" | ")}`, "table")
    .option(
      "--pricing <dir...>",
      "extra folders searched for catalogs named in the scenario, before the shipped pricing/",
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 computed and every gate holds; 1 a gate failed; 2 bad input or usage
(nothing is written to stdout); 3 internal error (a bug).

Money in JSON is a string with 2 decimals, rounded half-even; see docs/scenario.md.`,
    )
    .action((file: string, options: CalcOptions) => run(() => runCalc(file, options)));
}
