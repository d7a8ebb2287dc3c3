/**
 * A range on one input. Numbers are in the unit the field is written in (`suffix`, such as
 * "k/yr" or "%"); sampled values are written back with it and parsed like any other input.
 */
export type Distribution =
  | { kind: "triangular"; low: number; mode: number; high: number; suffix: string }
  | { kind: "uniform"; low: number; high: number; suffix: string }
  | { kind: "normal"; mean: number; sd: number; suffix: string }
  | { kind: "lognormal"; median: number; p90: number; suffix: string };

export interface UncertainInput {
  path: (string | number)[];
  /** `own.prices.energy.pue` */
  field: string;
  dist: Distribution;
  line: number | undefined;
}

/** The low and high ends used for sensitivity (the range's ends, or P10/P90 for unbounded ones). */
export function swing(d: Distribution): [number, number] {
  switch (d.kind) {
    case "triangular":
    case "uniform":
      return [d.low, d.high];
    case "normal":
      return [d.mean - 1.2815515655446004 * d.sd, d.mean + 1.2815515655446004 * d.sd];
    case "lognormal":
      return [d.median ** 2 / d.p90, d.p90];
  }
}

/** Normal and lognormal draws are cut off this many standard deviations (of the log, for lognormal) from the centre. */
export const TAIL_SD = 4;

/**
 * Every value a simulation can draw: a bounded range's ends, or for normal and lognormal ranges
 * the centre ± 4 standard deviations (draws beyond are moved to the cut-off; 0.006% of draws).
 * Both ends are checked like written values before a simulation or sensitivity runs.
 */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case "triangular":
    case "uniform":
      return [d.low, d.high];
    case "normal":
      return [d.mean - TAIL_SD * d.sd, d.mean + TAIL_SD * d.sd];
    case "lognormal": {
      const sigma = Math.log(d.p90 / d.median) / 1.2815515655446004;
      return [d.median * Math.exp(-TAIL_SD * sigma), d.median * Math.exp(TAIL_SD * sigma)];
    }
  }
}

/**
 * Fields counted in whole months, as written in a scenario and as the model holds them: a drawn
 * value is rounded (and kept at 0 or more) before use.
 */
const WHOLE_MONTH_KEYS: ReadonlySet<string> = new Set([
  "horizon",
  "horizonMonths",
  "month",
  "from",
  "to",
  "start",
  "duration",
  "rampMonths",
  "lifetime",
  "lifetimeMonths",
  "leadTime",
  "leadTimeMonths",
]);

/** The value a draw stands for in a field: whole months are rounded, and never below 0. */
export function asDrawn(path: readonly (string | number)[], value: number): number {
  return WHOLE_MONTH_KEYS.has(String(path[path.length - 1])) ? Math.max(0, Math.round(value)) : value;
}
