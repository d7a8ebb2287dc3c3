import { calculate } from "../engine/calculate.js";
import type { Figures } from "../engine/gates.js";
import { snapshotOf } from "../engine/snapshot.js";
import { parseGateExpression } from "../load/gateExpression.js";
import { type LoadedScenario, loadScenario } from "../load/loadScenario.js";
import { readSavedResult } from "../load/savedResult.js";
import type { Result } from "../model/result.js";
import type { GateSpec, Scenario } from "../model/scenario.js";
import type { Snapshot } from "../model/snapshot.js";
import { UsageError } from "./errors.js";

/** A scenario computed, or a saved JSON result read: what diff and relative gates compare. */
export interface Loaded {
  snapshot: Snapshot;
  scenario: Scenario | undefined;
  /** The scenario as loaded (ranges included), when the file is a scenario. */
  loaded: LoadedScenario | undefined;
  result: Result | undefined;
  inputs: string[];
}

/** A `.json` file is a saved result (`calc --format json`); anything else a scenario to compute. */
export function loadSnapshot(file: string, pricingDirs: readonly string[]): Loaded {
  if (file.toLowerCase().endsWith(".json"))
    return {
      snapshot: readSavedResult(file),
      scenario: undefined,
      loaded: undefined,
      result: undefined,
      inputs: [file],
    };
  const loaded = loadScenario(file, { pricingDirs });
  const { scenario, catalogs, inputs } = loaded;
  const result = calculate(scenario, catalogs);
  return { snapshot: snapshotOf(result, file), scenario, loaded, result, inputs };
}

/** Gates from --gate and --warn. */
export function cliGates(gates: readonly string[] = [], warns: readonly string[] = []): GateSpec[] {
  const parsed = [
    ...gates.map((g) => parseGateExpression(g, "fail")),
    ...warns.map((w) => parseGateExpression(w, "warn")),
  ];
  const bad = parsed.filter((p): p is string => typeof p === "string");
  if (bad.length > 0) throw new UsageError(bad.join("\nerror: "));
  return parsed as GateSpec[];
}

export function snapshotFigures(s: Snapshot): Figures {
  return (metric) => s.figures[metric];
}

/** Refuses to compare results in different currencies (no silent 1:1). */
export function sameCurrency(base: Snapshot, head: { currency: string; file: string }): void {
  if (base.currency !== head.currency)
    throw new UsageError(
      `${base.file} reports in ${base.currency} but ${head.file} in ${head.currency}; compare results in the same currency`,
    );
}
