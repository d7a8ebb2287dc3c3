import type { Growing } from "../model/scenario.js";
import { Decimal, ONE } from "./decimal.js";

/** Value of a growing quantity in month m: x₁ · (1+g)^((m−1)/12). */
export function grown(g: Growing, month: number): Decimal {
  return g.atMonth1.times(trendFactor(g.growth, month));
}

const factorCache = new Map<string, { step: Decimal; factors: Decimal[] }>();

/**
 * A yearly trend factor for month m: (1+t)^((m−1)/12). The monthly step (1+t)^(1/12) is
 * computed once per rate and multiplied up (a fractional power at 40 digits is costly); the
 * relative error after 600 steps stays below 1e-35, far under a cent on any real amount.
 */
export function trendFactor(trend: Decimal, month: number): Decimal {
  if (trend.isZero()) return ONE;
  const key = trend.toString();
  let entry = factorCache.get(key);
  if (!entry) {
    // Bounded, so that thousands of sampled rates (Monte Carlo) cannot grow it without end.
    if (factorCache.size >= 1024) factorCache.clear();
    entry = { step: ONE.plus(trend).pow(new Decimal(1).dividedBy(12)), factors: [ONE] };
    factorCache.set(key, entry);
  }
  const { step, factors } = entry;
  while (factors.length < month) factors.push((factors[factors.length - 1] as Decimal).times(step));
  return factors[month - 1] as Decimal;
}
