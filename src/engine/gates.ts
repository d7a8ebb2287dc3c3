import type { GateResult, Summary } from "../model/result.js";
import type { GateMetric, GateSpec } from "../model/scenario.js";
import { Decimal, HUNDRED, ONE } from "../units/decimal.js";

/** A result's figures by gate metric: exact decimals, undefined where a figure does not exist. */
export type Figures = (metric: GateMetric) => Decimal | undefined;

/** The figure a gate tests, exactly as the summary holds it; undefined when it does not exist. */
export function summaryFigures(s: Summary): Figures {
  return (metric) => {
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
      case "afterTaxSavingsNpv":
        return s.afterTax?.savingsNpv;
      case "irr":
        return s.irr.pct;
      case "ebitdaDeltaPct":
        return s.margin.ebitdaDeltaPct;
    }
  };
}

const shown = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

/**
 * Checks every gate. A gate compares the figure as it is reported (rounded half-even to 2
 * decimals), so what a reader sees is what was tested. A figure that does not exist fails. A
 * relative gate's limit is the baseline's figure × (1 ± pct/100); without a baseline it is skipped.
 */
export function checkGates(gates: readonly GateSpec[], head: Figures, base?: Figures): GateResult[] {
  return gates.map((g) => {
    if (g.percentile !== undefined) return { ...base0(g), skipped: true, ok: true };
    const actual = head(g.metric);
    let limit: Decimal | undefined = g.limit;
    let relative: GateResult["relative"];
    if (g.relative) {
      const b = base?.(g.metric);
      relative = { base: b, pct: g.limit };
      // A relative gate's limit is a signed change: +5 allows 5% more, -5 demands 5% less.
      const factor = ONE.plus(g.limit.dividedBy(HUNDRED));
      limit = b === undefined ? undefined : b.times(factor);
      if (!base) return { ...base0(g), limit, actual, relative, ok: true, skipped: true };
    }
    const ok =
      actual !== undefined &&
      limit !== undefined &&
      (g.bound === "min" ? shown(actual).gte(shown(limit)) : shown(actual).lte(shown(limit)));
    return { ...base0(g), limit, actual, relative, ok, skipped: false };
  });
}

/** The parts of a gate's result that come from its spec. */
function base0(g: GateSpec): GateResult {
  return {
    metric: g.metric,
    bound: g.bound,
    level: g.level,
    limit: g.limit,
    actual: undefined,
    relative: undefined,
    ok: true,
    skipped: false,
    percentile: g.percentile,
    from: g.from,
  };
}

/** Whether a run with these gates exits 1: a fail-level gate that was checked and did not hold. */
export function anyGateFailed(gates: readonly GateResult[]): boolean {
  return gates.some((g) => g.level === "fail" && !g.ok && !g.skipped);
}
