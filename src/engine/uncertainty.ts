import { InputError } from "../load/problems.js";
import type { CatalogInfo, Result, Summary } from "../model/result.js";
import type { Business, LineItem, Scenario } from "../model/scenario.js";
import { swing, type UncertainInput } from "../model/uncertainty.js";
import { type Decimal, ZERO } from "../units/decimal.js";
import { exact, toFloat } from "./arith.js";
import { afterTaxNpvs, calculate, cashFigures, roundAlong, type SideMonths } from "./calculate.js";
import { itemSeries, type Series } from "./model.js";
import { type InputEffect, inputEffect, type Sample, type SimulationPlan } from "./simulate.js";

/** The scenario with uncertain inputs set to numbers (each in its input's written unit), all at once. */
export type Variant = (settings: readonly Setting[]) => Scenario;
export type Setting = readonly [input: UncertainInput, value: number];

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

/** A range on an explicit line item: the item list it is in and the item's index. */
type ItemPlace = { list: "rent" | "own" | "migration"; index: number };

function placeOf(input: UncertainInput): ItemPlace | undefined {
  const [list, items, index] = input.path;
  return (list === "rent" || list === "own" || list === "migration") &&
    items === "items" &&
    typeof index === "number"
    ? { list, index }
    : undefined;
}

function itemAt(s: Scenario, place: ItemPlace): LineItem | undefined {
  return (place.list === "migration" ? s.migration?.items : s[place.list].items)?.[place.index];
}

/**
 * The line item each input's range is on, with the input at each of its swing ends, or
 * undefined for a range elsewhere. A line item's value depends on nothing but itself, so ranges on
 * different items are set together: the k-th range of every item at its low end is one load, so
 * n ranges on n items take 2 loads instead of 2n. A load refused as a whole (which the joint
 * checks make rare) is redone input by input.
 */
function itemsAtEnds(
  inputs: readonly UncertainInput[],
  variant: Variant,
): ([LineItem, LineItem] | undefined)[] {
  const out: ([LineItem, LineItem] | undefined)[] = inputs.map(() => undefined);
  const rank = new Map<string, number>();
  const rounds: number[][] = [];
  inputs.forEach((input, j) => {
    const place = placeOf(input);
    if (!place) return;
    const key = `${place.list}.${place.index}`;
    const r = rank.get(key) ?? 0;
    rank.set(key, r + 1);
    const round = rounds[r] ?? [];
    round.push(j);
    rounds[r] = round;
  });
  for (const round of rounds) {
    const at = (end: 0 | 1): (LineItem | undefined)[] => {
      const settings = round.map((j): Setting => {
        const input = inputs[j] as UncertainInput;
        return [input, swing(input.dist)[end]];
      });
      const one = (s: Scenario, j: number) => itemAt(s, placeOf(inputs[j] as UncertainInput) as ItemPlace);
      try {
        const s = variant(settings);
        return round.map((j) => one(s, j));
      } catch (e) {
        if (!(e instanceof InputError) || round.length === 1) throw e;
        return round.map((j, k) => one(variant([settings[k] as Setting]), j));
      }
    };
    const [low, high] = [at(0), at(1)];
    round.forEach((j, k) => {
      const a = low[k];
      const b = high[k];
      if (a && b) out[j] = [a, b];
    });
  }
  return out;
}

/** What the tornado reads from one computed variant. */
type Reading = { measure: Decimal; breakEven: number | undefined };

/**
 * Every input swung alone (the others at their point values), widest effect first. A range on a
 * line item changes that item's amounts only: its variant is the point result's side totals less
 * the item's cents plus the item's new cents (each item is rounded along its own months, so the
 * patch gives calc's figures exactly), which makes the tornado linear in the number of ranges.
 * Where an item reaches further (a rent item under a migration, whose dual running bills the rent
 * side; a capex item with residual value, whose book value is credited) the variant is computed
 * whole, as is every range off the line items.
 */
export function sensitivity(
  scenario: Scenario,
  /** calc's result of `scenario`, which the patched variants start from. */
  point: Result,
  inputs: readonly UncertainInput[],
  variant: Variant,
  catalogs: readonly CatalogInfo[],
  measure: Measure = "savingsNpv",
): Swing[] {
  const horizon = scenario.horizonMonths;
  const rate = scenario.business?.discountRate ?? ZERO;
  const cents = (side: "rent" | "own", item: LineItem) => {
    const s = itemSeries(exact, side, item, horizon, false);
    roundAlong(exact, s.cash);
    if (s.pnl !== s.cash) roundAlong(exact, s.pnl);
    return s;
  };
  const patched = (place: ItemPlace, before: Series<Decimal>, item: LineItem): Reading => {
    const side = place.list === "rent" ? "rent" : "own";
    const after = cents(side, item);
    const change = (v: Decimal, basis: "cash" | "pnl", i: number) =>
      v.minus(before[basis][i] as Decimal).plus(after[basis][i] as Decimal);
    const months: SideMonths[] = point.months.map((m, i) => ({
      rent: side === "rent" ? change(m.rent, "cash", i) : m.rent,
      rentPnl: side === "rent" ? change(m.rentPnl, "pnl", i) : m.rentPnl,
      ownCash: side === "own" ? change(m.ownCash, "cash", i) : m.ownCash,
      ownPnl: side === "own" ? change(m.ownPnl, "pnl", i) : m.ownPnl,
    }));
    const cash = cashFigures(
      exact,
      [
        { side: "rent", name: "rent", category: "", cash: months.map((m) => m.rent), pnl: [] },
        { side: "own", name: "own", category: "", cash: months.map((m) => m.ownCash), pnl: [] },
      ],
      horizon,
      rate,
    );
    const business = scenario.business;
    return {
      measure:
        measure === "savingsNpv"
          ? cash.savingsNpv
          : afterTaxNpvs((business as Business).taxRate, months, rate).savingsNpv,
      breakEven: cash.breakEvenMonth,
    };
  };
  const whole = (settings: readonly Setting[]): Reading => {
    const s = calculate(variant(settings), catalogs).summary;
    return { measure: measureOf(s, measure), breakEven: s.breakEvenMonth };
  };
  const local = (place: ItemPlace | undefined, items: readonly LineItem[]) =>
    place !== undefined &&
    !(place.list === "rent" && scenario.migration) &&
    !(scenario.own.residual === "book" && items.some((i) => i.kind === "capex"));
  const items = itemsAtEnds(inputs, variant);
  return inputs
    .map((input, j) => {
      const [low, high] = swing(input.dist);
      const place = placeOf(input);
      const ends = items[j];
      const item = place && itemAt(scenario, place);
      let readings: [Reading, Reading];
      if (place && ends && item && local(place, [item, ...ends])) {
        // The item's cents at its point value, taken out of the point totals at both ends.
        const before = cents(place.list === "rent" ? "rent" : "own", item);
        readings = [patched(place, before, ends[0]), patched(place, before, ends[1])];
      } else readings = [whole([[input, low]]), whole([[input, high]])];
      const [atLow, atHigh] = readings;
      return {
        input,
        low,
        high,
        npvAtLow: atLow.measure,
        npvAtHigh: atHigh.measure,
        breakEvenAtLow: atLow.breakEven,
        breakEvenAtHigh: atHigh.breakEven,
        width: atHigh.measure.minus(atLow.measure).abs(),
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

/**
 * Each input's effect on the float scenario, from the scenario at its two swing ends. A range on
 * a line item moves that item only, so only the item is compared (linear in the number of ranges).
 */
export function inputEffects(inputs: readonly UncertainInput[], variant: Variant): InputEffect[] {
  const items = itemsAtEnds(inputs, variant);
  return inputs.map((input, j) => {
    const [a, b] = swing(input.dist);
    if (a === b) return { dist: input.dist, a, b, leaves: [] };
    const ends = items[j];
    const place = placeOf(input);
    if (ends && place) {
      const at = [place.list, "items", place.index];
      const effect = inputEffect(input.dist, a, b, toFloat(ends[0]), toFloat(ends[1]));
      return { ...effect, leaves: effect.leaves.map((l) => ({ ...l, path: [...at, ...l.path] })) };
    }
    return inputEffect(input.dist, a, b, toFloat(variant([[input, a]])), toFloat(variant([[input, b]])));
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
