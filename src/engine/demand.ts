import type { Surge, Workload } from "../model/scenario.js";
import { type Decimal, ONE, sum, ZERO } from "../units/decimal.js";
import { grown } from "./series.js";

/** The workload month by month (index 0 is month 1); undefined where the scenario has none. */
export interface Demand {
  /** Surge share on top of the grown demand, each month (0 outside surges). */
  surge: Decimal[];
  /** vCPUs without surges, and with them. */
  vcpuBase: Decimal[] | undefined;
  vcpuTotal: Decimal[] | undefined;
  storedBytes: Decimal[] | undefined;
  /** Egress bytes including surges. */
  egressBytes: Decimal[] | undefined;
}

/** Extra demand share in month m: the sum of the surges running then. */
export function surgeShare(surges: readonly Surge[], month: number): Decimal {
  return sum(surges.filter((s) => month >= s.month && month < s.month + s.duration).map((s) => s.extra));
}

/** Grows every part of the workload and lays the surges on compute and egress. */
export function demandSeries(workload: Workload, horizon: number): Demand {
  const months = Array.from({ length: horizon }, (_, i) => i + 1);
  const surge = months.map((m) => surgeShare(workload.surges, m));
  const series = (g: Workload["vcpu"]) => (g ? months.map((m) => grown(g, m)) : undefined);
  const vcpuBase = series(workload.vcpu);
  const egressBase = series(workload.egressBytesPerMonth);
  const withSurge = (base: Decimal[] | undefined) => base?.map((b, i) => b.times(ONE.plus(surge[i] ?? ZERO)));
  return {
    surge,
    vcpuBase,
    vcpuTotal: withSurge(vcpuBase),
    storedBytes: series(workload.storedBytes),
    egressBytes: withSurge(egressBase),
  };
}

/**
 * The p-th percentile (0–100) of `values` by linear interpolation between closest ranks, as a
 * spreadsheet's PERCENTILE.INC: rank = p/100 · (n − 1).
 */
export function percentile(values: readonly Decimal[], p: Decimal): Decimal {
  if (values.length === 0) return ZERO;
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const rank = p.dividedBy(100).times(sorted.length - 1);
  const lower = rank.floor().toNumber();
  const fraction = rank.minus(lower);
  const low = sorted[lower] as Decimal;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as Decimal;
  return low.plus(high.minus(low).times(fraction));
}
