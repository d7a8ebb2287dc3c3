import type { CatalogInfo, Summary } from "../model/result.js";
import type { Scenario } from "../model/scenario.js";
import { swing, type UncertainInput } from "../model/uncertainty.js";
import type { Decimal } from "../units/decimal.js";
import { toFloat } from "./arith.js";
import { calculate } from "./calculate.js";
import { type InputEffect, inputEffect, type Sample, type SimulationPlan } from "./simulate.js";

/** The scenario with one uncertain input set to a number (in the input's written unit). */
export type Variant = (input: UncertainInput, value: number) => Scenario;

/** What the tornado measures: savings NPV, or savings NPV after tax (needs business figures). */
export type Measure = "savingsNpv" | "afterTaxSavingsNpv";

export function measureOf(s: Summary, measure: Measure): Decimal {
  if (measure === "savingsNpv") return s.savings.npv;
  if (!s.afterTax) throw new Error("the after-tax measure needs business figures");
  return s.afterTax.savingsNpv;
}

/** How far one input, swung alone from its low to its high end, moves the measure and break-even. */
export interface Swing {
  input: UncertainInput;
  low: number;
  high: number;
  /** The measure (savings NPV, or after tax) with the input at its low and its high end. */
  npvAtLow: Decimal;
  npvAtHigh: Decimal;
  breakEvenAtLow: number | undefined;
  breakEvenAtHigh: number | undefined;
  /** |NPV at high − NPV at low|: what the tornado is sorted by. */
  width: Decimal;
}

/** Every input swung alone (the others at their point values), widest effect first. */
export function sensitivity(
  inputs: readonly UncertainInput[],
  variant: Variant,
  catalogs: readonly CatalogInfo[],
  measure: Measure = "savingsNpv",
): Swing[] {
  return inputs
    .map((input) => {
      const [low, high] = swing(input.dist);
      const atLow = calculate(variant(input, low), catalogs).summary;
      const atHigh = calculate(variant(input, high), catalogs).summary;
      return {
        input,
        low,
        high,
        npvAtLow: measureOf(atLow, measure),
        npvAtHigh: measureOf(atHigh, measure),
        breakEvenAtLow: atLow.breakEvenMonth,
        breakEvenAtHigh: atHigh.breakEvenMonth,
        width: measureOf(atHigh, measure).minus(measureOf(atLow, measure)).abs(),
      };
    })
    .sort((a, b) => b.width.comparedTo(a.width) || a.input.field.localeCompare(b.input.field, "en"));
}

/**
 * A simulation of a scenario: its point values as floats and each input's effect on them. When no
 * input moves anything (every range has zero width) there is nothing to sample, and every run is
 * the scenario itself, computed exactly: such a simulation gives calc's figures to the cent.
 */
export function simulationPlan(
  scenario: Scenario,
  inputs: readonly UncertainInput[],
  variant: Variant,
  seed: number,
): SimulationPlan {
  const effects = inputEffects(inputs, variant);
  if (effects.some((e) => e.leaves.length > 0)) return { point: toFloat(scenario), effects, seed };
  const s = calculate(scenario, []).summary;
  const exact: Sample = {
    savings: s.savings.total.toNumber(),
    savingsNpv: s.savings.npv.toNumber(),
    ownTco: s.own.tco.toNumber(),
    rentTco: s.rent.tco.toNumber(),
    breakEvenMonth: s.breakEvenMonth,
    paybackMonths: s.paybackMonths?.toNumber(),
  };
  return { point: toFloat(scenario), effects, seed, exact };
}

/** Each input's effect on the float scenario, from the scenario at its two swing ends. */
export function inputEffects(inputs: readonly UncertainInput[], variant: Variant): InputEffect[] {
  return inputs.map((input) => {
    const [a, b] = swing(input.dist);
    if (a === b) return { dist: input.dist, a, b, leaves: [] };
    return inputEffect(input.dist, a, b, toFloat(variant(input, a)), toFloat(variant(input, b)));
  });
}

/** PERCENTILE.INC of numbers (Infinity stands for "never"). */
export function percentileOf(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const low = sorted[lo] as number;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return low === high ? low : low + (high - low) * (rank - lo);
}

export interface SimulationSummary {
  runs: number;
  seed: number;
  probabilityOwningCheaper: number;
  savings: { p10: number; p50: number; p90: number; mean: number };
  savingsNpv: { p10: number; p50: number; p90: number; mean: number };
  ownTco: { p10: number; p50: number; p90: number };
  breakEvenMonth: { p10: number; p50: number; p90: number };
  paybackMonths: { p10: number; p50: number; p90: number };
  histogram: { from: number; to: number; count: number }[];
  /** The same bins over savings NPV: the measure of the tornado. */
  histogramNpv: { from: number; to: number; count: number }[];
}

/** Equal-width bins from the lowest value to the highest, and how many values fall in each. */
function histogramOf(values: readonly number[], bins: number): { from: number; to: number; count: number }[] {
  // Loops, not Math.min(...values): spreading 150,000 runs onto the stack overflows it.
  const lo = values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const hi = values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const histogram = Array.from({ length: hi > lo ? bins : 1 }, (_, i) => ({
    from: lo + i * width,
    to: lo + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    const i = hi > lo ? Math.min(bins - 1, Math.floor((v - lo) / width)) : 0;
    const bin = histogram[i];
    if (bin) bin.count++;
  }
  return histogram;
}

/** Percentiles, the chance owning is cheaper, and a histogram of savings. */
export function summarize(samples: readonly Sample[], seed: number, bins = 20): SimulationSummary {
  const col = (f: (s: Sample) => number) => samples.map(f);
  const savings = col((s) => s.savings);
  const npv = col((s) => s.savingsNpv);
  const be = col((s) => s.breakEvenMonth ?? Number.POSITIVE_INFINITY);
  const pb = col((s) => s.paybackMonths ?? Number.POSITIVE_INFINITY);
  const three = (v: number[]) => ({
    p10: percentileOf(v, 10),
    p50: percentileOf(v, 50),
    p90: percentileOf(v, 90),
  });
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return {
    runs: samples.length,
    seed,
    probabilityOwningCheaper: savings.filter((v) => v > 0).length / Math.max(1, samples.length),
    savings: { ...three(savings), mean: mean(savings) },
    savingsNpv: { ...three(npv), mean: mean(npv) },
    ownTco: three(col((s) => s.ownTco)),
    breakEvenMonth: three(be),
    paybackMonths: three(pb),
    histogram: histogramOf(savings, bins),
    histogramNpv: histogramOf(npv, bins),
  };
}
