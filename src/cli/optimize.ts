import { type Objective, optimizeShare } from "../engine/optimize.js";
import { loadScenario } from "../load/loadScenario.js";
import { InputError } from "../load/problems.js";
import { renderOptimizeJson, renderOptimizeTable } from "../report/optimize.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";

const OBJECTIVES: readonly Objective[] = ["tco", "npv", "afterTaxNpv"];

export interface OptimizeOptions {
  objective: string;
  step: string;
  format: string;
  pricing?: string[];
  /** The terminal's width, set by the command line (see calc). */
  width?: number | undefined;
}

/** `repatriate optimize FILE`: the owned share of a hybrid scenario that minimises own TCO or NPV. */
export function runOptimize(file: string, options: OptimizeOptions): CommandOutput {
  if (!OBJECTIVES.includes(options.objective as Objective))
    throw new UsageError(
      `--objective must be one of ${OBJECTIVES.join(", ")}, got ${JSON.stringify(options.objective)}`,
    );
  if (options.format !== "table" && options.format !== "json")
    throw new UsageError(`--format must be table or json, got ${JSON.stringify(options.format)}`);
  const step = Number(options.step);
  if (!Number.isInteger(step) || step < 1 || step > 50)
    throw new UsageError(`--step must be a whole percent from 1 to 50, got ${JSON.stringify(options.step)}`);
  const { scenario, catalogs } = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  if (scenario.own.derived?.strategy !== "hybrid")
    throw new InputError([
      {
        file,
        line: undefined,
        col: undefined,
        field: "own.strategy",
        message:
          "optimize searches the owned share of a hybrid scenario; set own.strategy: hybrid with a baseline",
        sourceLine: undefined,
      },
    ]);
  if (options.objective === "afterTaxNpv" && !scenario.business)
    throw new UsageError(
      `--objective afterTaxNpv needs business figures (business: revenue, taxRate) in ${file}`,
    );
  const optimum = optimizeShare(scenario, catalogs, options.objective as Objective);
  const stdout =
    options.format === "json"
      ? renderOptimizeJson(optimum)
      : renderOptimizeTable(optimum, step, { width: options.width });
  return { stdout, exitCode: EXIT.ok, data: options.format === "json" };
}
