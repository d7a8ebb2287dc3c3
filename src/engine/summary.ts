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
      valuationDelta: undefined,
    };
  }
  // The year's change in gross profit is its P&L savings; in net profit, those after tax.
  const v = business.valuation;
  const base = v?.of === "grossProfit" ? lastFull.savingsPnl : lastFull.netProfitDelta;
  return {
    year: lastFull.year,
    grossMarginDeltaPp: lastFull.grossMarginDeltaPp,
    netProfitDelta: lastFull.netProfitDelta,
    netProfitDeltaPct: lastFull.netProfitDeltaPct,
    valuationDelta: v && base ? base.times(v.multiple) : undefined,
  };
}
