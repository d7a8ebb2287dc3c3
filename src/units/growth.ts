import type { Growing } from "../model/scenario.js";
import { type Decimal, ONE } from "./decimal.js";

/** Value of a growing quantity in month m: x₁ · (1+g)^((m−1)/12). */
export function grown(g: Growing, month: number): Decimal {
  return g.atMonth1.times(trendFactor(g.growth, month));
}

interface FactorEntry {
  /** (1+t)^(k/12) for k = 0 … 11. */
  withinYear: Decimal[];
  /** (1+t)^y for whole years y = 0, 1, … (exact: a whole power of a decimal). */
  years: Decimal[];
}
const factorCache = new Map<string, FactorEntry>();
const byObject = new WeakMap<Decimal, FactorEntry>();

/**
 * A yearly trend factor for month m: (1+t)^((m−1)/12), written as (1+t)^y · (1+t)^(k/12) with
 * m − 1 = 12y + k. The whole years are exact powers, so month 13 of 20%/yr is exactly 1.2 times
 * month 1; the months in between take the monthly step (1+t)^(1/12) at 40 digits.
 */
export function trendFactor(trend: Decimal, month: number): Decimal {
  if (trend.isZero()) return ONE;
  // The same rate object comes back month after month: look it up by identity before by value.
  let entry = byObject.get(trend);
  if (!entry) {
    const key = trend.toString();
    entry = factorCache.get(key);
    if (!entry) {
      // Bounded, so that thousands of sampled rates (Monte Carlo) cannot grow it without end.
      if (factorCache.size >= 1024) factorCache.clear();
      // (1+t)^(1/12) as √√∛(1+t): Newton iterations, far cheaper than pow's exp(ln(x)/12).
      const step = ONE.plus(trend).cbrt().sqrt().sqrt();
      const withinYear = [ONE];
      for (let k = 1; k < 12; k++) withinYear.push((withinYear[k - 1] as Decimal).times(step));
      entry = { withinYear, years: [ONE] };
      factorCache.set(key, entry);
    }
    byObject.set(trend, entry);
  }
  const y = Math.floor((month - 1) / 12);
  const { years } = entry;
  while (years.length <= y) years.push((years[years.length - 1] as Decimal).times(ONE.plus(trend)));
  return (years[y] as Decimal).times(entry.withinYear[(month - 1) % 12] as Decimal);
}

/**
 * A demand within this relative distance of a whole number of units is that whole number: 56
 * servers' worth of vCPU computed as 56.00000000000001 (binary floats) or 55.99…98 (a growth
 * factor at 40 digits) buys 56 servers, not 57. See docs/model.md, "Whole units".
 */
export const WHOLE_UNIT_TOLERANCE = 1e-9;
