import type { GateMetric, GateSpec } from "../model/scenario.js";
import type { Decimal } from "../units/decimal.js";
import type { ScenarioInput } from "./scenarioSchema.js";

// The gates a scenario writes (`gates:`), as specs: one per bound and level. Split out of
// loadScenario.ts (issue 14).

/** The bounds of one gate level, in the scenario's words. */
export type Bounds = {
  min?: Decimal | undefined;
  max?: Decimal | undefined;
  maxIncreasePct?: Decimal | undefined;
  maxDecreasePct?: Decimal | undefined;
};
export const BOUND_KEYS = ["min", "max", "maxIncreasePct", "maxDecreasePct"] as const;

function boundSpecs(metric: GateMetric, b: Bounds, level: "fail" | "warn", at: string): GateSpec[] {
  const out: GateSpec[] = [];
  const add = (key: keyof Bounds, bound: "min" | "max", relative: boolean) => {
    const value = b[key];
    // maxDecreasePct: 10 means at least the baseline - 10%: a signed change of -10.
    const limit = key === "maxDecreasePct" ? value?.negated() : value;
    if (limit !== undefined)
      out.push({ metric, bound, level, limit, relative, percentile: undefined, from: `${at}.${key}` });
  };
  add("min", "min", false);
  add("max", "max", false);
  add("maxIncreasePct", "max", true);
  add("maxDecreasePct", "min", true);
  return out;
}

export function gateSpecs(input: ScenarioInput): GateSpec[] {
  const specs: GateSpec[] = [];
  for (const [metric, bounds] of Object.entries(input.gates ?? {})) {
    if (!bounds) continue;
    const m = metric as GateMetric;
    for (const x of boundSpecs(m, bounds, "fail", `gates.${metric}`)) specs.push(x);
    if (bounds.warn)
      for (const x of boundSpecs(m, bounds.warn, "warn", `gates.${metric}.warn`)) specs.push(x);
    for (const p of [10, 50, 90] as const) {
      const pb = bounds[`p${p}`];
      if (pb)
        specs.push(
          ...boundSpecs(m, pb, "fail", `gates.${metric}.p${p}`).map((g) => ({ ...g, percentile: p })),
        );
    }
  }
  return specs;
}
