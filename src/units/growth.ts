import type { Growing } from "../model/scenario.js";
import { type Decimal, ONE } from "./decimal.js";

/** Value of a growing quantity in month m: x₁ · (1+g)^((m−1)/12). */
export function grown(g: Growing, month: number): Decimal {
  return g.atMonth1.times(trendFactor(g.growth, month));
}

interface FactorEntry {
  step: Decimal;
  factors: Decimal[];
}
const factorCache = new Map<string, FactorEntry>();
const byObject = new WeakMap<Decimal, FactorEntry>();

/**
 * A yearly trend factor for month m: (1+t)^((m−1)/12). The monthly step (1+t)^(1/12) is
 * computed once per rate and multiplied up (a fractional power at 40 digits is costly); the
 * relative error after 600 steps stays below 1e-35, far under a cent on any real amount.
 */
export function trendFactor(trend: Decimal, month: number): Decimal {
  if (trend.isZero()) return ONE;
  // The same rate object comes back month after month: look it up by identity before by value
  // (printing a 40-digit decimal for the key cost more than the multiplications it saves).
  let entry = byObject.get(trend);
  if (entry) return monthFactor(entry, month);
  const key = trend.toString();
  entry = factorCache.get(key);
  if (!entry) {
    // Bounded, so that thousands of sampled rates (Monte Carlo) cannot grow it without end.
    if (factorCache.size >= 1024) factorCache.clear();
    // (1+t)^(1/12) as √√∛(1+t): Newton iterations, far cheaper than pow's exp(ln(x)/12).
    entry = { step: ONE.plus(trend).cbrt().sqrt().sqrt(), factors: [ONE] };
    factorCache.set(key, entry);
  }
  byObject.set(trend, entry);
  return monthFactor(entry, month);
}

function monthFactor(entry: FactorEntry, month: number): Decimal {
  const { step, factors } = entry;
  while (factors.length < month) factors.push((factors[factors.length - 1] as Decimal).times(step));
  return factors[month - 1] as Decimal;
}
