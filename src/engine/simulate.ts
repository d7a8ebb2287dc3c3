import type { Scenario } from "../model/scenario.js";
import { asDrawn, type Distribution, support } from "../model/uncertainty.js";
import { float, type Over } from "./arith.js";
import { cashFigures } from "./calculate.js";
import { runModel } from "./model.js";

/**
 * Monte Carlo over the one model in binary floating point. Each uncertain input moves the
 * scenario's numbers linearly between two computed variants (every unit conversion is linear;
 * whole months are rounded), so a sample costs one run, not a reload. Run i draws from its own
 * seeded stream, so results do not depend on how runs are split across threads.
 */

/** The scenario with every decimal as a float (engine/arith.ts, toFloat). */
export type FloatScenario = Over<Scenario, number>;

/** One input's effect: for each numeric leaf it moves, the value at input = a and at input = b. */
export interface InputEffect {
  dist: Distribution;
  a: number;
  b: number;
  leaves: { path: (string | number)[]; atA: number; atB: number }[];
}

export interface SimulationPlan {
  point: FloatScenario;
  effects: InputEffect[];
  seed: number;
  /** With no input that moves anything: the scenario's exact figures, which every run gives. */
  exact?: Sample | undefined;
}

export interface Sample {
  savings: number;
  savingsNpv: number;
  ownTco: number;
  rentTco: number;
  breakEvenMonth: number | undefined;
  paybackMonths: number | undefined;
}

/** Numeric leaves of a plain value. */
function numericLeaves(
  v: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; value: number }[] {
  if (typeof v === "number") return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => numericLeaves(x, [...path, i]));
  if (v && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => numericLeaves(x, [...path, k]));
  return [];
}

/** What an input moves: the leaves that differ between the scenario at input = a and at input = b. */
export function inputEffect(
  dist: Distribution,
  a: number,
  b: number,
  atA: unknown,
  atB: unknown,
): InputEffect {
  const bLeaves = new Map(numericLeaves(atB).map((l) => [JSON.stringify(l.path), l.value]));
  const leaves = numericLeaves(atA)
    .map((l) => ({
      path: l.path,
      atA: l.value,
      atB: bLeaves.get(JSON.stringify(l.path)) ?? l.value,
    }))
    .filter((l) => l.atA !== l.atB);
  return { dist, a, b, leaves };
}

/** A small, fast, seedable generator (mulberry32). */
export function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The stream of run i: a hash of the seed and the run's index. */
export function runStream(seed: number, run: number): () => number {
  return rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(run + 1, 0xc2b2ae35));
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (
      (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) /
      ((((d0 * r + d1) * r + d2) * r + d3) * r + 1)
    );
  }
  if (q > 1 - 0.02425) {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    return (
      -(((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) /
      ((((d0 * r + d1) * r + d2) * r + d3) * r + 1)
    );
  }
  const r = q - 0.5;
  const s = r * r;
  return (
    ((((((a0 * s + a1) * s + a2) * s + a3) * s + a4) * s + a5) * r) /
    (((((b0 * s + b1) * s + b2) * s + b3) * s + b4) * s + 1)
  );
}

/** A draw from a distribution, given a uniform number u in [0, 1). */
export function draw(d: Distribution, u: number): number {
  switch (d.kind) {
    case "uniform":
      return d.low + (d.high - d.low) * u;
    case "triangular": {
      const { low, mode, high } = d;
      if (high === low) return low;
      const cut = (mode - low) / (high - low);
      return u < cut
        ? low + Math.sqrt(u * (high - low) * (mode - low))
        : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    }
    case "normal": {
      const [lo, hi] = support(d);
      return Math.min(hi, Math.max(lo, d.mean + d.sd * normalQuantile(u)));
    }
    case "lognormal": {
      const mu = Math.log(d.median);
      const sigma = (Math.log(d.p90) - mu) / 1.2815515655446004;
      const [lo, hi] = support(d);
      return Math.min(hi, Math.max(lo, Math.exp(mu + sigma * normalQuantile(u))));
    }
  }
}

function setLeaf(target: unknown, path: readonly (string | number)[], value: number): void {
  let at = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) at[last] = value;
}

/** The inputs run `run` draws, one per effect, in order (the same however runs are split). */
export function sampledInputs(plan: SimulationPlan, run: number): number[] {
  const next = runStream(plan.seed, run);
  return plan.effects.map((e) => draw(e.dist, next()));
}

/** Runs `from` … `to − 1` of a simulation plan. */
export function simulateRange(plan: SimulationPlan, from: number, to: number): Sample[] {
  const { exact } = plan;
  if (exact) return Array.from({ length: Math.max(0, to - from) }, () => ({ ...exact }));
  // Every moved leaf gets a slot; each input adds its change from the point value to its slots.
  const slotOf = new Map<string, number>();
  const paths: (string | number)[][] = [];
  const point: number[] = [];
  const moves = plan.effects.map((e) =>
    e.leaves.map((l) => {
      const key = JSON.stringify(l.path);
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = paths.length;
        slotOf.set(key, slot);
        paths.push(l.path);
        point.push(l.atA + ((l.atB - l.atA) * (pointOf(e) - e.a)) / (e.b - e.a));
      }
      return { slot, atA: l.atA, slope: (l.atB - l.atA) / (e.b - e.a), a: e.a };
    }),
  );
  const out: Sample[] = [];
  // One copy for all runs: every run writes every moved leaf, and the model never writes to its input.
  const s: FloatScenario = structuredClone(plan.point);
  for (let run = from; run < to; run++) {
    const drawn = sampledInputs(plan, run);
    const values = point.slice();
    moves.forEach((leaves, i) => {
      const v = drawn[i] ?? 0;
      for (const m of leaves)
        values[m.slot] = (values[m.slot] ?? 0) + m.atA + m.slope * (v - m.a) - (point[m.slot] ?? 0);
    });
    paths.forEach((path, slot) => {
      const raw = values[slot] ?? 0;
      setLeaf(s, path, asDrawn(path, raw));
    });
    out.push(runFloat(s));
  }
  return out;
}

/** One run of the model in binary floats: the figures a simulation samples, by calc's rules. */
export function runFloat(s: FloatScenario): Sample {
  const f = cashFigures(
    float,
    runModel(float, s, true).series,
    s.horizonMonths,
    s.business?.discountRate ?? 0,
  );
  return {
    savings: f.savings,
    savingsNpv: f.savingsNpv,
    ownTco: f.ownTco,
    rentTco: f.rentTco,
    breakEvenMonth: f.breakEvenMonth,
    paybackMonths: f.paybackMonths,
  };
}

function pointOf(e: InputEffect): number {
  const d = e.dist;
  return d.kind === "triangular"
    ? d.mode
    : d.kind === "uniform"
      ? (d.low + d.high) / 2
      : d.kind === "normal"
        ? d.mean
        : d.median;
}
