import type { Result } from "../model/result.js";
import type { Snapshot } from "../model/snapshot.js";
import { Decimal } from "../units/decimal.js";

/** A result reduced to what diff compares: the summary figures and each item's total cash. */
export function snapshotOf(r: Result, file: string): Snapshot {
  const s = r.summary;
  const keys = new Map<string, Snapshot["items"][number]>();
  for (const m of r.months)
    for (const i of m.items) {
      const key = `${i.side}\u0000${i.name}`;
      const prev = keys.get(key);
      keys.set(key, {
        side: i.side,
        name: i.name,
        category: i.category,
        tco: prev ? prev.tco.plus(i.cash) : i.cash,
      });
    }
  return {
    name: r.scenario.name,
    currency: r.scenario.currency,
    horizonMonths: r.scenario.horizonMonths,
    file,
    kind: "scenario",
    figures: {
      rentTco: s.rent.tco,
      ownTco: s.own.tco,
      savingsTotal: s.savings.total,
      savingsPct: s.savings.pct,
      rentNpv: s.rent.npv,
      ownNpv: s.own.npv,
      savingsNpv: s.savings.npv,
      ownCapex: s.own.capex,
      breakEvenMonths: s.breakEvenMonth === undefined ? undefined : new Decimal(s.breakEvenMonth),
      paybackMonths: s.paybackMonths,
      grossMarginDeltaPp: s.margin.grossMarginDeltaPp,
      netProfitDelta: s.margin.netProfitDelta,
      valuationDelta: s.margin.valuationDelta,
      afterTaxSavingsNpv: s.afterTax?.savingsNpv,
      irr: s.irr.pct,
      ebitdaDeltaPct: s.margin.ebitdaDeltaPct,
    },
    items: [...keys.values()],
    gates: r.gates,
  };
}
