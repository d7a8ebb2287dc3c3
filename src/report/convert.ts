import { settle } from "../engine/calculate.js";
import type { Series } from "../engine/model.js";
import type { Sample } from "../engine/simulate.js";
import type { Swing } from "../engine/uncertainty.js";
import type { GateResult, ItemAmount, Result } from "../model/result.js";
import type { GateMetric } from "../model/scenario.js";
import { type Decimal, ZERO } from "../units/decimal.js";

const MONEY_GATES: ReadonlySet<GateMetric> = new Set([
  "savingsTotal",
  "savingsNpv",
  "ownTco",
  "rentTco",
  "netProfitDelta",
  "afterTaxSavingsNpv",
]);

/** A gate result with its money figures in another currency (see inCurrency); its verdict is kept. */
export function gateInCurrency(g: GateResult, rate: Decimal): GateResult {
  const o = (d: Decimal | undefined) => (d === undefined ? undefined : d.dividedBy(rate));
  return MONEY_GATES.has(g.metric)
    ? {
        ...g,
        limit: o(g.limit),
        actual: o(g.actual),
        relative: g.relative && { ...g.relative, base: o(g.relative.base) },
      }
    : g;
}

/**
 * The same result with every amount of money in another currency: divided by `rate`, the units
 * of the scenario's currency one unit of `code` buys (the scenario's `fx` rate). Ratios,
 * percentages and quantities are unchanged; gates keep their verdicts.
 */
export function inCurrency(r: Result, code: string, rate: Decimal): Result {
  const c = (d: Decimal) => d.dividedBy(rate);
  const s = r.summary;
  const business = r.business && {
    ...r.business,
    revenuePerYear: c(r.business.revenuePerYear),
    netProfitPerYear: r.business.netProfitPerYear && c(r.business.netProfitPerYear),
  };
  // The items' cents are converted and rounded again by the one rule, so the converted ledger
  // foots as the original does.
  const settled = settle(
    (r.months[0]?.items ?? []).map((item, k) => {
      const cash = r.months.map((m) => c((m.items[k] as ItemAmount).cash));
      const same = r.months.every((m) =>
        (m.items[k] as ItemAmount).cash.equals((m.items[k] as ItemAmount).pnl),
      );
      const line: Series<Decimal> = {
        side: item.side,
        name: item.name,
        category: item.category,
        cash,
        pnl: same ? cash : r.months.map((m) => c((m.items[k] as ItemAmount).pnl)),
        capital: item.capital === true,
      };
      if (r.months.some((m) => (m.items[k] as ItemAmount).interest))
        line.interest = r.months.map((m) => c((m.items[k] as ItemAmount).interest ?? ZERO));
      return line;
    }),
    r.months.map((m) => m.drivers),
    r.months.map((m) => m.label),
    business,
    r.scenario.discountRate,
  );
  return {
    ...r,
    scenario: { ...r.scenario, currency: code },
    reporting: { currency: code, from: r.scenario.currency, rate },
    business,
    summary: {
      ...settled.summary,
      own: {
        ...settled.summary.own,
        capex: c(s.own.capex),
        residualBookValue: c(s.own.residualBookValue),
        loanBalance: c(s.own.loanBalance),
        residual: s.own.residual,
      },
      burst: s.burst && { ...s.burst, cost: c(s.burst.cost) },
      migration: s.migration && {
        ...s.migration,
        egressCost: c(s.migration.egressCost),
        dualRunningCost: c(s.migration.dualRunningCost),
        commitmentCost: c(s.migration.commitmentCost),
        projectCost: c(s.migration.projectCost),
      },
    },
    years: settled.years,
    months: settled.months,
    gates: r.gates.map((g) => gateInCurrency(g, rate)),
  };
}

/** Sensitivity swings with their savings NPVs in another currency (see inCurrency). */
export function swingsInCurrency(swings: readonly Swing[], rate: Decimal): Swing[] {
  return swings.map((s) => ({
    ...s,
    npvAtLow: s.npvAtLow.dividedBy(rate),
    npvAtHigh: s.npvAtHigh.dividedBy(rate),
    width: s.width.dividedBy(rate),
  }));
}

/**
 * Simulation samples with their money in another currency. The samples are binary floats
 * already (docs/uncertainty.md), so they are divided in floating point too.
 */
export function samplesInCurrency(samples: readonly Sample[], rate: Decimal): Sample[] {
  const f = rate.toNumber();
  return samples.map((x) => ({
    ...x,
    savings: x.savings / f,
    savingsNpv: x.savingsNpv / f,
    ownTco: x.ownTco / f,
    rentTco: x.rentTco / f,
  }));
}
