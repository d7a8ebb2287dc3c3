import type { CatalogInfo, Result } from "../model/result.js";
import type { Scenario } from "../model/scenario.js";
import { Decimal } from "../units/decimal.js";
import { toFloat } from "./arith.js";
import { calculate } from "./calculate.js";
import { runFloat } from "./simulate.js";

export type Objective = "tco" | "npv" | "afterTaxNpv";

/** The figure an objective minimises: own TCO, own NPV, or own NPV after tax (needs business figures). */
export function objectiveOf(result: Result, objective: Objective): Decimal {
  const own = result.summary;
  if (objective === "tco") return own.own.tco;
  if (objective === "npv") return own.own.npv;
  if (!own.afterTax) throw new Error("the after-tax objective needs business figures");
  return own.afterTax.ownNpv;
}

/** One evaluated owned share. */
export interface SharePoint {
  /** Owned share of baseline compute demand, 0–1. */
  share: Decimal;
  result: Result;
  /** The figure minimised: own TCO, own NPV, or own NPV after tax. */
  objective: Decimal;
}

export interface Optimum {
  objective: Objective;
  best: SharePoint;
  /** Every whole percent from 0% to the peak: 100%, or more when surges lift demand above the baseline. */
  curve: SharePoint[];
  /** The shares (whole percents) whose objective is within `tolerance` of the best. */
  flat: { tolerance: Decimal; from: Decimal; to: Decimal };
}

/** The scenario with its hybrid baseline set to `share`. */
export function withShare(scenario: Scenario, share: Decimal): Scenario {
  const derived = scenario.own.derived;
  if (!derived) return scenario;
  return {
    ...scenario,
    own: { ...scenario.own, derived: { ...derived, baseline: { kind: "share", share } } },
  };
}

function evaluate(
  scenario: Scenario,
  catalogs: readonly CatalogInfo[],
  share: Decimal,
  objective: Objective,
): SharePoint {
  const result = calculate(withShare(scenario, share), catalogs);
  return { share, result, objective: objectiveOf(result, objective) };
}

/** The extra demand share in each month (as numbers: only for choosing the search range). */
function surgePeaks(scenario: Scenario): number[] {
  const surges = scenario.workload.surges;
  return Array.from({ length: scenario.horizonMonths }, (_, i) =>
    surges.reduce(
      (a, s) => (i + 1 >= s.month && i + 1 < s.month + s.duration ? a + s.extra.toNumber() : a),
      0,
    ),
  );
}

/**
 * Lower objective wins. Shares that buy the same whole servers tie; the larger share of a tie is
 * the one that names the capacity actually owned.
 */
function better(a: SharePoint, b: SharePoint): SharePoint {
  const c = a.objective.comparedTo(b.objective);
  return c < 0 || (c === 0 && a.share.greaterThan(b.share)) ? a : b;
}

/**
 * Searches the owned share of a hybrid scenario that minimises own TCO (or NPV): every whole
 * percent, then every tenth of a percent around the best of those.
 */
export function optimizeShare(
  scenario: Scenario,
  catalogs: readonly CatalogInfo[],
  objective: Objective,
  tolerancePct = 1,
): Optimum {
  // Owning more than the baseline only makes sense up to the highest surge.
  const peak =
    scenario.workload.surges.length === 0 ? 0 : surgePeaks(scenario).reduce((a, b) => Math.max(a, b), 0);
  const top = Math.max(100, Math.ceil(peak * 100 + 100));
  const curve = Array.from({ length: top + 1 }, (_, p) =>
    evaluate(scenario, catalogs, new Decimal(p).dividedBy(100), objective),
  );
  let best = curve.reduce(better);
  const centre = best.share.times(1000).toNumber(); // in tenths of a percent
  for (let t = Math.max(0, centre - 9); t <= Math.min(top * 10, centre + 9); t++) {
    if (t % 10 === 0) continue; // whole percents are on the curve already
    best = better(best, evaluate(scenario, catalogs, new Decimal(t).dividedBy(1000), objective));
  }
  const tolerance = new Decimal(tolerancePct).dividedBy(100);
  const limit = best.objective.abs().times(tolerance).plus(best.objective);
  const near = curve.filter((p) => p.objective.lessThanOrEqualTo(limit));
  const shares = near.map((p) => p.share);
  return {
    objective,
    best,
    curve,
    flat: {
      tolerance,
      from: shares.reduce((a, b) => Decimal.min(a, b), new Decimal(1)),
      to: shares.reduce((a, b) => Decimal.max(a, b), new Decimal(0)),
    },
  };
}

/** One owned share on a curve drawn in binary floats (a chart, not a ledger). */
export interface FloatSharePoint {
  share: Decimal;
  ownTco: number;
  savings: number;
  breakEvenMonth: number | undefined;
}

/**
 * The own-TCO curve of a hybrid for the report's chart: every whole percent run in binary floats
 * (the one model over floats, as simulate runs it: within a cent of calc per item), so a long
 * horizon draws in a second; the best share refined to a tenth of a percent the same way, then
 * computed exactly.
 */
export function shareCurve(
  scenario: Scenario,
  catalogs: readonly CatalogInfo[],
  tolerancePct = 1,
): { curve: FloatSharePoint[]; best: SharePoint; flat: Optimum["flat"] } {
  const peak =
    scenario.workload.surges.length === 0 ? 0 : surgePeaks(scenario).reduce((a, b) => Math.max(a, b), 0);
  const top = Math.max(100, Math.ceil(peak * 100 + 100));
  const at = (share: Decimal): FloatSharePoint => {
    const s = runFloat(toFloat(withShare(scenario, share)));
    return { share, ownTco: s.ownTco, savings: s.savings, breakEvenMonth: s.breakEvenMonth };
  };
  const curve = Array.from({ length: top + 1 }, (_, p) => at(new Decimal(p).dividedBy(100)));
  const lower = (a: FloatSharePoint, b: FloatSharePoint) =>
    b.ownTco < a.ownTco || (b.ownTco === a.ownTco && b.share.greaterThan(a.share)) ? b : a;
  let best = curve.reduce(lower);
  const centre = best.share.times(1000).toNumber();
  for (let t = Math.max(0, centre - 9); t <= Math.min(top * 10, centre + 9); t++)
    if (t % 10 !== 0) best = lower(best, at(new Decimal(t).dividedBy(1000)));
  const exact = evaluate(scenario, catalogs, best.share, "tco");
  // The shares whose own TCO is within the tolerance of the optimum's, as optimizeShare says it.
  const tolerance = new Decimal(tolerancePct).dividedBy(100);
  const limit = exact.objective.abs().times(tolerance).plus(exact.objective).toNumber();
  const near = curve.filter((p) => p.ownTco <= limit).map((p) => p.share);
  return {
    curve,
    best: exact,
    flat: {
      tolerance,
      from: near.reduce((a, b) => Decimal.min(a, b), exact.share),
      to: near.reduce((a, b) => Decimal.max(a, b), exact.share),
    },
  };
}
