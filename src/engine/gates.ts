import type { GateResult, Summary } from "../model/result.js";
import type { GateMetric, GateSpec } from "../model/scenario.js";
import { Decimal } from "../units/decimal.js";

/** The figure a gate tests, exactly as the summary holds it; undefined when it does not exist. */
export function gateActual(metric: GateMetric, s: Summary): Decimal | undefined {
  switch (metric) {
    case "breakEvenMonths":
      return s.breakEvenMonth === undefined ? undefined : new Decimal(s.breakEvenMonth);
    case "paybackMonths":
      return s.paybackMonths;
    case "savingsPct":
      return s.savings.pct;
    case "savingsTotal":
      return s.savings.total;
    case "savingsNpv":
      return s.savings.npv;
    case "ownTco":
      return s.own.tco;
    case "rentTco":
      return s.rent.tco;
    case "grossMarginDeltaPp":
      return s.margin.grossMarginDeltaPp;
    case "netProfitDelta":
      return s.margin.netProfitDelta;
  }
}

/**
 * Checks every gate. A gate compares the figure as it is reported (rounded half-even to 2
 * decimals), so what a reader sees is what was tested. A figure that does not exist fails.
 */
export function checkGates(gates: readonly GateSpec[], summary: Summary): GateResult[] {
  return gates.map((g) => {
    const actual = gateActual(g.metric, summary);
    const shown = actual?.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    const ok = shown !== undefined && (g.bound === "min" ? shown.gte(g.limit) : shown.lte(g.limit));
    return { metric: g.metric, bound: g.bound, limit: g.limit, actual, ok };
  });
}
