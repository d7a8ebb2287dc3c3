import type { Drivers } from "../model/result.js";
import type { Migration } from "../model/scenario.js";
import { Decimal, ONE, sum, ZERO } from "../units/decimal.js";
import { wholeUnits } from "../units/growth.js";
import { type ItemSeries, itemSeries, opexSeries, SECONDS_PER_MONTH, trendFactor, zeros } from "./series.js";
import { tieredCost } from "./tiers.js";

/** When the workload leaves the cloud: the share still there and the bytes moved, month by month. */
export interface MigrationTimeline {
  dataBytes: Decimal;
  transferMonths: Decimal;
  rampMonths: number;
  /** Share of the workload still in the cloud, averaged over each month (1 before the start). */
  cloudShare: Decimal[];
  migratedBytes: Decimal[];
}

/** With no migration block the exit is instant: nothing runs in the cloud from month 1. */
export function noMigration(horizon: number): Pick<MigrationTimeline, "cloudShare"> {
  return { cloudShare: zeros(horizon) };
}

/** Whole months the data transfer takes, at least one (the default ramp). */
export function defaultRamp(transferMonths: Decimal): number {
  return Math.max(1, wholeUnits(transferMonths, ONE));
}

/**
 * Data moves at the link's full rate from the start month: it takes bytes · 8 / bits-per-second
 * seconds. Services move linearly over the ramp; the cloud keeps serving (and billing) the share
 * not yet moved, taken at the middle of each month.
 */
export function migrationTimeline(
  m: Migration,
  storedAtStart: Decimal | undefined,
  horizon: number,
): MigrationTimeline {
  const dataBytes = m.dataBytes ?? storedAtStart ?? ZERO;
  const transferMonths = dataBytes.times(8).dividedBy(m.linkBitsPerSecond).dividedBy(SECONDS_PER_MONTH);
  const rampMonths = m.rampMonths ?? defaultRamp(transferMonths);
  const cloudShare: Decimal[] = [];
  const migratedBytes: Decimal[] = [];
  for (let month = 1; month <= horizon; month++) {
    const k = month - m.start; // months since the start
    if (k < 0) cloudShare.push(ONE);
    else if (k >= rampMonths) cloudShare.push(ZERO);
    else cloudShare.push(ONE.minus(new Decimal(k).plus("0.5").dividedBy(rampMonths)));
    if (k < 0 || transferMonths.isZero()) migratedBytes.push(ZERO);
    else {
      const from = Decimal.min(k, transferMonths);
      const to = Decimal.min(k + 1, transferMonths);
      migratedBytes.push(dataBytes.times(to.minus(from)).dividedBy(transferMonths));
    }
  }
  return { dataBytes, transferMonths, rampMonths, cloudShare, migratedBytes };
}

export interface MigrationCosts {
  series: ItemSeries[];
  egressCost: Decimal;
  dualRunningCost: Decimal;
  commitmentCost: Decimal;
  projectCost: Decimal;
}

/**
 * What the move costs the own side: the cloud bill for the share not yet moved (dual running),
 * commitments that bill whatever is used (dual running counts against them), the egress of the
 * data moved (unless waived), and the project's own items.
 */
export function migrationSeries(
  m: Migration,
  timeline: MigrationTimeline,
  rent: { cash: Decimal[]; pnl: Decimal[] },
  horizon: number,
  drivers: Drivers[],
): MigrationCosts {
  const series: ItemSeries[] = [];
  timeline.cloudShare.forEach((share, i) => {
    const d = drivers[i] as Drivers;
    d.cloudShare = share;
    d.migratedBytes = timeline.migratedBytes[i];
  });

  const committed = zeros(horizon);
  for (const c of m.commitments) {
    const amounts = zeros(horizon).map((_, i) => (i + 1 >= c.from && i + 1 <= c.to ? c.perMonth : ZERO));
    amounts.forEach((a, i) => {
      committed[i] = (committed[i] ?? ZERO).plus(a);
    });
    series.push(opexSeries("own", `Commitment: ${c.name}`, "migration", amounts));
  }
  // The cloud bills the larger of the usage still there and the commitments; the commitment lines
  // carry the committed part, dual running the usage above it.
  const above = (basis: Decimal[]) =>
    basis.map((amount, i) =>
      Decimal.max(ZERO, amount.times(timeline.cloudShare[i] ?? ZERO).minus(committed[i] ?? ZERO)),
    );
  const dual = {
    side: "own" as const,
    name: "Dual running (cloud)",
    category: "migration",
    cash: above(rent.cash),
    pnl: above(rent.pnl),
  };
  series.push(dual);

  let egressCost = ZERO;
  if (!m.egressWaiver && m.egress) {
    const price = m.egress;
    const egress = timeline.migratedBytes.map((b, i) =>
      b.isZero() ? ZERO : tieredCost(b, price).times(trendFactor(m.priceTrend, i + 1)),
    );
    egressCost = sum(egress);
    series.push(opexSeries("own", "Migration egress", "migration", egress));
  }

  const project = m.items.map((item) => itemSeries("own", item, horizon));
  for (const x of project) series.push(x);
  return {
    series,
    egressCost,
    dualRunningCost: sum(dual.cash),
    commitmentCost: sum(committed),
    projectCost: sum(project.flatMap((p) => p.cash)),
  };
}
