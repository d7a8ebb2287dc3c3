import type { Sample } from "../engine/simulate.js";
import type { Swing } from "../engine/uncertainty.js";
import type { GateResult, Result } from "../model/result.js";
import type { GateMetric } from "../model/scenario.js";
import type { Decimal } from "../units/decimal.js";

const MONEY_GATES: ReadonlySet<GateMetric> = new Set([
  "savingsTotal",
  "savingsNpv",
  "ownTco",
  "rentTco",
  "netProfitDelta",
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
  const o = (d: Decimal | undefined) => (d === undefined ? undefined : c(d));
  const s = r.summary;
  const gate = (g: GateResult) => gateInCurrency(g, rate);
  return {
    ...r,
    scenario: { ...r.scenario, currency: code },
    reporting: { currency: code, from: r.scenario.currency, rate },
    summary: {
      ...s,
      rent: { tco: c(s.rent.tco), npv: c(s.rent.npv), pnl: c(s.rent.pnl) },
      own: {
        tco: c(s.own.tco),
        npv: c(s.own.npv),
        pnl: c(s.own.pnl),
        capex: c(s.own.capex),
        residualBookValue: c(s.own.residualBookValue),
      },
      savings: { ...s.savings, total: c(s.savings.total), npv: c(s.savings.npv) },
      margin: {
        ...s.margin,
        netProfitDelta: o(s.margin.netProfitDelta),
        valuationDelta: o(s.margin.valuationDelta),
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
    years: r.years.map((y) => ({
      ...y,
      revenue: o(y.revenue),
      rent: c(y.rent),
      rentPnl: c(y.rentPnl),
      ownCash: c(y.ownCash),
      ownPnl: c(y.ownPnl),
      savingsCash: c(y.savingsCash),
      savingsPnl: c(y.savingsPnl),
      netProfitDelta: o(y.netProfitDelta),
    })),
    months: r.months.map((m) => ({
      ...m,
      rent: c(m.rent),
      rentPnl: c(m.rentPnl),
      ownCash: c(m.ownCash),
      ownPnl: c(m.ownPnl),
      savings: c(m.savings),
      cumulativeSavings: c(m.cumulativeSavings),
      items: m.items.map((i) => ({ ...i, cash: c(i.cash), pnl: c(i.pnl) })),
    })),
    gates: r.gates.map(gate),
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
