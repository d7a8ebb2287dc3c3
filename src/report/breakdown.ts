import type { Result } from "../model/result.js";
import { type Decimal, ZERO } from "../units/decimal.js";

export const BREAKDOWNS = ["category", "item"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** One row of a breakdown: a category (or item) and what it costs each side over the horizon. */
export interface BreakdownRow {
  name: string;
  rent: Decimal;
  own: Decimal;
}

/**
 * Each category's (or item's) cash over the horizon on each side: the sums of the ledger's rows,
 * so the rows add up to the TCOs to the cent. Largest first (rent + own), then by name.
 */
export function breakdown(r: Result, by: Breakdown): BreakdownRow[] {
  const rows = new Map<string, BreakdownRow>();
  for (const m of r.months)
    for (const i of m.items) {
      const name = by === "category" ? i.category : i.name;
      const row = rows.get(name) ?? { name, rent: ZERO, own: ZERO };
      if (i.side === "rent") row.rent = row.rent.plus(i.cash);
      else row.own = row.own.plus(i.cash);
      rows.set(name, row);
    }
  return [...rows.values()]
    .filter((x) => !x.rent.isZero() || !x.own.isZero())
    .sort((a, b) => b.rent.plus(b.own).comparedTo(a.rent.plus(a.own)) || a.name.localeCompare(b.name, "en"));
}
