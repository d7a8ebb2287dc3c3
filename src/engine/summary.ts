import type { MarginSummary, MonthResult, YearResult } from "../model/result.js";
import type { Business } from "../model/scenario.js";
import { Decimal, HUNDRED, ONE, sum, ZERO } from "../units/decimal.js";
import { trendFactor } from "../units/growth.js";
import { type Arith, total } from "./arith.js";

/** Net present value of monthly cash amounts: month m weighs (1+r)^(−m/12). */
export function npv<V>(A: Arith<V>, cash: readonly V[], annualRate: V): V {
  if (A.isZero(annualRate)) return total(A, cash);
  // (1+r)^(−m/12) = the growth factor of rate (1+r)^(−1) − 1, one month further on.
  const inverse = A.sub(A.div(A.one, A.add(A.one, annualRate)), A.one);
  let sum = A.zero;
  cash.forEach((c, i) => {
    sum = A.add(sum, A.mul(c, A.trend(inverse, i + 2)));
  });
  return sum;
}

/**
 * The first month m from which cumulative savings stay ≥ 0 through the end of the horizon;
 * undefined when they end below zero.
 */
export function breakEvenMonth<V>(A: Arith<V>, cumulative: readonly V[]): number | undefined {
  let lastNegative = 0; // a 1-based month; 0 = none
  cumulative.forEach((s, i) => {
    if (A.isNegative(s)) lastNegative = i + 1;
  });
  return lastNegative === cumulative.length ? undefined : lastNegative + 1;
}

/**
 * Fractional payback at the break-even crossing: (m−1) + (−S₍m−1₎) / (S_m − S₍m−1₎), with S₀ = 0.
 */
export function paybackMonths<V>(
  A: Arith<V>,
  cumulative: readonly V[],
  breakEven: number | undefined,
): V | undefined {
  if (breakEven === undefined) return undefined;
  const before = breakEven >= 2 ? (cumulative[breakEven - 2] ?? A.zero) : A.zero;
  const at = cumulative[breakEven - 1] ?? A.zero;
  const step = A.sub(at, before);
  const fraction = A.isZero(step) ? A.zero : A.div(A.sub(A.zero, before), step);
  return A.add(A.of(breakEven - 1), fraction);
}

/**
 * The IRR of owning instead of renting: the yearly rate r at which Σ savings(m) · (1+r)^(−m/12) = 0
 * (MODEL.md §8), in percent. It exists when the monthly savings change sign exactly once (an
 * outlay, then returns, or the reverse); otherwise there is no single rate, and `note` says why.
 * Bisection on the monthly rate, in decimals: NPV is monotonic between the bracket's ends.
 */
export function irr(savings: readonly Decimal[]): { pct: Decimal | undefined; note: string | undefined } {
  const signs = savings.filter((s) => !s.isZero()).map((s) => s.isPositive());
  let changes = 0;
  for (let i = 1; i < signs.length; i++) if (signs[i] !== signs[i - 1]) changes++;
  if (signs.length === 0) return { pct: undefined, note: "owning and renting cost the same every month" };
  if (changes === 0)
    return {
      pct: undefined,
      note: signs[0]
        ? "owning is cheaper every month: there is no outlay to earn a rate on (NPV decides)"
        : "owning is dearer every month: it never pays back (NPV decides)",
    };
  if (changes > 1)
    return {
      pct: undefined,
      note: `the monthly savings change sign ${changes} times, so there is more than one rate or none (NPV decides)`,
    };
  // NPV at monthly rate x, by Horner's rule on v = 1/(1+x): Σ s_m v^m.
  const at = (x: Decimal) => {
    const v = ONE.dividedBy(ONE.plus(x));
    let sum = ZERO;
    for (let i = savings.length - 1; i >= 0; i--) sum = sum.plus(savings[i] as Decimal).times(v);
    return sum;
  };
  // Near x = −1 the last months dominate; at a large x, the first. One sign change puts the root between.
  let low = new Decimal("-0.99");
  let high = ONE;
  const lowSign = at(low).isPositive();
  while (at(high).isPositive() === lowSign) {
    high = high.times(2);
    if (high.greaterThan(1e6))
      return { pct: undefined, note: "the rate is beyond any meaning (above 10⁶ % a month)" };
  }
  if (at(low).isZero() || lowSign === at(high).isPositive())
    return { pct: undefined, note: "the rate is below −99% a month" };
  // A first search in binary floats narrows the bracket cheaply; it is kept only if the decimal
  // NPV confirms it, so the figure reported comes from the decimal search below either way.
  const floats = savings.map((x) => x.toNumber());
  const atFloat = (x: number) => {
    let sum = 0;
    for (let i = floats.length - 1; i >= 0; i--) sum = (sum + (floats[i] as number)) / (1 + x);
    return sum;
  };
  let [a, b] = [low.toNumber(), high.toNumber()];
  for (let k = 0; k < 200 && b - a > 1e-7; k++) {
    const mid = (a + b) / 2;
    if (atFloat(mid) > 0 === lowSign) a = mid;
    else b = mid;
  }
  const [fa, fb] = [new Decimal(a - 1e-7), new Decimal(b + 1e-7)];
  if (
    fa.greaterThan(low) &&
    fb.lessThan(high) &&
    at(fa).isPositive() === lowSign &&
    at(fb).isPositive() !== lowSign
  )
    [low, high] = [fa, fb];
  for (let k = 0; k < 200 && high.minus(low).greaterThan("1e-10"); k++) {
    const mid = low.plus(high).dividedBy(2);
    if (at(mid).isPositive() === lowSign) low = mid;
    else high = mid;
  }
  const monthly = low.plus(high).dividedBy(2);
  return { pct: ONE.plus(monthly).pow(12).minus(ONE).times(HUNDRED), note: undefined };
}

/** A business amount stated per year, spread over month m and grown: yearly / 12 · (1+g)^((m−1)/12). */
function monthlyBusinessAmount(perYear: Decimal, growth: Decimal, month: number): Decimal {
  return perYear.dividedBy(12).times(trendFactor(growth, month));
}

/**
 * A business amount per model year, in cents: the exact yearly sums rounded along the years (each
 * year is the change in the rounded running total), as line items are along their months.
 */
function businessYears(months: readonly MonthResult[], perYear: Decimal, growth: Decimal): Decimal[] {
  let exact = ZERO;
  let shown = ZERO;
  const out: Decimal[] = [];
  for (let start = 0; start < months.length; start += 12) {
    for (const m of months.slice(start, start + 12))
      exact = exact.plus(monthlyBusinessAmount(perYear, growth, m.month));
    const rounded = exact.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    out.push(rounded.minus(shown));
    shown = rounded;
  }
  return out;
}

/**
 * Per model year y (months 12y−11..12y): costs and savings as sums of the months' cents, revenue
 * and stated net profit in cents, and from those the effect on margins and profit.
 */
export function yearResults(months: readonly MonthResult[], business: Business | undefined): YearResult[] {
  const years: YearResult[] = [];
  const revenues = business && businessYears(months, business.revenuePerYear, business.revenueGrowth);
  const stated =
    business?.netProfitPerYear && businessYears(months, business.netProfitPerYear, business.netProfitGrowth);
  for (let start = 0; start < months.length; start += 12) {
    const slice = months.slice(start, start + 12);
    const rent = sum(slice.map((m) => m.rent));
    const rentPnl = sum(slice.map((m) => m.rentPnl));
    const ownCash = sum(slice.map((m) => m.ownCash));
    const ownPnl = sum(slice.map((m) => m.ownPnl));
    const ownDepreciation = sum(slice.map((m) => m.ownDepreciation));
    const ownInterest = sum(slice.map((m) => m.ownInterest));
    const ebitdaDelta = business && rentPnl.minus(ownPnl.minus(ownDepreciation).minus(ownInterest));
    const savingsPnl = rentPnl.minus(ownPnl);
    let revenue: Decimal | undefined;
    let grossMarginDeltaPp: Decimal | undefined;
    let netProfitDelta: Decimal | undefined;
    let netProfitDeltaPct: Decimal | undefined;
    if (business && revenues) {
      revenue = revenues[start / 12] as Decimal;
      grossMarginDeltaPp = revenue.isZero() ? undefined : savingsPnl.dividedBy(revenue).times(HUNDRED);
      netProfitDelta = savingsPnl.times(ONE.minus(business.taxRate));
      const netProfit = stated?.[start / 12];
      if (netProfit)
        netProfitDeltaPct = netProfit.isZero()
          ? undefined
          : netProfitDelta.dividedBy(netProfit.abs()).times(HUNDRED);
    }
    years.push({
      year: start / 12 + 1,
      months: slice.length,
      revenue,
      rent,
      rentPnl,
      ownCash,
      ownPnl,
      savingsCash: rent.minus(ownCash),
      savingsPnl,
      grossMarginDeltaPp,
      netProfitDelta,
      netProfitDeltaPct,
      ebitdaDelta,
      ebitdaDeltaPct:
        ebitdaDelta && revenue && !revenue.isZero()
          ? ebitdaDelta.dividedBy(revenue).times(HUNDRED)
          : undefined,
      ownDepreciation,
      ownInterest,
    });
  }
  return years;
}

/** The margin figures of the last full model year, and the valuation change at the P/E multiple. */
export function marginSummary(years: readonly YearResult[], business: Business | undefined): MarginSummary {
  const lastFull = [...years].reverse().find((y) => y.months === 12);
  if (!business || !lastFull) {
    return {
      year: lastFull?.year,
      grossMarginDeltaPp: undefined,
      netProfitDelta: undefined,
      netProfitDeltaPct: undefined,
      ebitdaDelta: undefined,
      ebitdaDeltaPct: undefined,
      valuationDelta: undefined,
    };
  }
  // The year's change in gross profit is its P&L savings; in net profit, those after tax.
  const v = business.valuation;
  const base =
    v?.of === "grossProfit"
      ? lastFull.savingsPnl
      : v?.of === "ebitda"
        ? lastFull.ebitdaDelta
        : lastFull.netProfitDelta;
  return {
    year: lastFull.year,
    grossMarginDeltaPp: lastFull.grossMarginDeltaPp,
    netProfitDelta: lastFull.netProfitDelta,
    netProfitDeltaPct: lastFull.netProfitDeltaPct,
    ebitdaDelta: lastFull.ebitdaDelta,
    ebitdaDeltaPct: lastFull.ebitdaDeltaPct,
    valuationDelta: v && base ? base.times(v.multiple) : undefined,
  };
}
