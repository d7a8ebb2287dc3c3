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
