import type { Drivers } from "../model/result.js";
import type { OwnDerived, Staff } from "../model/scenario.js";
import { Decimal, ONE, ZERO } from "../units/decimal.js";
import { wholeUnits } from "../units/growth.js";
import { type Demand, percentile } from "./demand.js";
import {
  addPurchases,
  HOURS_PER_MONTH,
  type ItemSeries,
  opexSeries,
  type Purchase,
  SECONDS_PER_MONTH,
  trendFactor,
  zeros,
} from "./series.js";

/** A purchase of whole units; `retiredAt` is the go-live of its refresh, if that falls in the horizon. */
interface FleetPurchase extends Purchase {
  units: number;
  retiredAt: number | undefined;
}

interface Fleet {
  /** Units in service in each month (index 0 is month 1): the most ever needed so far. */
  installed: number[];
  purchases: FleetPurchase[];
}

/**
 * Buys whole units when the count needed rises (the increase only), `leadTime` months before
 * go-live (never before month 1), at the unit price moved by the yearly trend to the purchase
 * month. With `refresh`, each cohort is bought again when its lifetime ends inside the horizon.
 * Owned units are never sold when the need falls.
 */
export function sizeFleet(
  needed: readonly number[],
  unitPrice: Decimal,
  derived: Pick<OwnDerived, "lifetimeMonths" | "leadTimeMonths" | "refresh"> & { trend: Decimal },
): Fleet {
  const horizon = needed.length;
  const installed: number[] = [];
  const purchases: FleetPurchase[] = [];
  let have = 0;
  for (let g = 1; g <= horizon; g++) {
    const want = Math.max(have, needed[g - 1] ?? 0);
    if (want > have) {
      const units = want - have;
      for (let goLive = g; goLive <= horizon; goLive += derived.lifetimeMonths) {
        const cashMonth = Math.max(1, goLive - derived.leadTimeMonths);
        const next = goLive + derived.lifetimeMonths;
        purchases.push({
          cashMonth,
          goLive,
          lifetime: derived.lifetimeMonths,
          amount: unitPrice.times(units).times(trendFactor(derived.trend, cashMonth)),
          units,
          retiredAt: derived.refresh && next <= horizon ? next : undefined,
        });
        if (!derived.refresh) break;
      }
    }
    have = want;
    installed.push(have);
  }
  return { installed, purchases };
}

function capexSeries(
  name: string,
  category: string,
  horizon: number,
  purchases: readonly Purchase[],
): ItemSeries {
  const cash = zeros(horizon);
  const pnl = zeros(horizon);
  addPurchases(cash, pnl, purchases);
  return { side: "own", name, category, cash, pnl };
}

/** Hardware capex in service each month: bought, live, and not yet replaced by its refresh. */
function installedCapexByMonth(purchases: readonly FleetPurchase[], horizon: number): Decimal[] {
  // + at go-live, − at retirement, then a running sum: linear in purchases and months.
  const delta = zeros(horizon + 2);
  for (const p of purchases) {
    if (p.goLive <= horizon) delta[p.goLive] = (delta[p.goLive] ?? ZERO).plus(p.amount);
    if (p.retiredAt !== undefined && p.retiredAt <= horizon)
      delta[p.retiredAt] = (delta[p.retiredAt] ?? ZERO).minus(p.amount);
  }
  let running = ZERO;
  return Array.from({ length: horizon }, (_, i) => {
    running = running.plus(delta[i + 1] ?? ZERO);
    return running;
  });
}

/** The result of deriving the own side: its line items and every capital purchase (for book value). */
export interface OwnDerivedResult {
  series: ItemSeries[];
  purchases: Purchase[];
  /** vCPUs served from the cloud above the owned fleet each month (hybrid), and what that cost. */
  burstVcpu: Decimal[] | undefined;
  burstCost: Decimal[] | undefined;
}

/** vCPUs the owned fleet is sized for in each month, by strategy. */
function ownedVcpuTarget(own: OwnDerived, demand: Demand): Decimal[] | undefined {
  const { vcpuBase, vcpuTotal } = demand;
  if (!vcpuBase || !vcpuTotal) return undefined;
  const baseline = own.baseline;
  if (own.strategy === "full" || !baseline) return vcpuTotal;
  if (baseline.kind === "share") return vcpuBase.map((v) => v.times(baseline.share));
  // The percentile of the demand (surges included) over the 12 months ending in this one.
  return vcpuTotal.map((_, i) =>
    percentile(vcpuTotal.slice(Math.max(0, i - 11), i + 1), baseline.percentile),
  );
}

/**
 * Full ownership or a hybrid derived from the workload (MODEL.md §3 "Own"): servers and storage
 * nodes sized and bought in whole units, network gear as a share of them, colocation and energy per
 * IT kW, transit per p95 Gbps, maintenance on installed capex. With `hybrid`, demand above the
 * owned fleet is served from the cloud at the on-demand price (the burst). Nothing is owned before
 * the migration starts, and only the moved share of the workload runs on it.
 */
export function ownDerivedSeries(
  demand: Demand,
  own: OwnDerived,
  horizon: number,
  drivers: Drivers[],
  cloudShare: readonly Decimal[],
  firstOwnedMonth: number,
  burstTrend: Decimal,
): OwnDerivedResult {
  const { prices } = own;
  const fleetRules = { ...own, trend: prices.hardwarePriceTrend };
  const series: ItemSeries[] = [];
  const hardware: FleetPurchase[] = [];
  const itWatts = zeros(horizon);
  const beforeOwning = (i: number) => i + 1 < firstOwnedMonth;

  /** Sizes one kind of hardware, records its purchases, counts and watts. */
  const addFleet = (
    name: string,
    category: string,
    needed: number[],
    unit: { price: Decimal; watts: Decimal },
    driver: "servers" | "storageNodes",
  ): number[] => {
    const fleet = sizeFleet(
      needed.map((n, i) => (beforeOwning(i) ? 0 : n)),
      unit.price,
      fleetRules,
    );
    series.push(capexSeries(name, category, horizon, fleet.purchases));
    for (const x of fleet.purchases) hardware.push(x);
    fleet.installed.forEach((n, i) => {
      (drivers[i] as Drivers)[driver] = n;
      itWatts[i] = (itWatts[i] ?? ZERO).plus(unit.watts.times(n));
    });
    return fleet.installed;
  };

  let burstVcpu: Decimal[] | undefined;
  let burstCost: Decimal[] | undefined;
  const target = ownedVcpuTarget(own, demand);
  if (target && prices.server) {
    const perServer = prices.server.vcpu.times(own.utilization);
    const installed = addFleet(
      "Servers",
      "compute",
      target.map((v) => wholeUnits(v, perServer)),
      prices.server,
      "servers",
    );
    if (own.strategy === "hybrid" && own.burstPerVcpuHour && demand.vcpuTotal) {
      const hourly = own.burstPerVcpuHour.times(HOURS_PER_MONTH);
      const total = demand.vcpuTotal;
      burstVcpu = installed.map((n, i) => {
        const moved = (total[i] ?? ZERO).times(ONE.minus(cloudShare[i] ?? ZERO));
        return Decimal.max(ZERO, moved.minus(perServer.times(n)));
      });
      burstCost = burstVcpu.map((v, i) => v.times(hourly).times(trendFactor(burstTrend, i + 1)));
      burstVcpu.forEach((v, i) => {
        (drivers[i] as Drivers).burstVcpu = v;
      });
      series.push(opexSeries("own", "Cloud burst (compute)", "compute", burstCost));
    }
  }
  const stored = demand.storedBytes;
  if (stored && prices.storageNode) {
    const usablePerNode = prices.storageNode.rawBytes.times(own.fillRatio);
    const needed = stored.map((s) => wholeUnits(s.times(own.redundancy), usablePerNode));
    addFleet("Storage nodes", "storage", needed, prices.storageNode, "storageNodes");
  }

  const network: FleetPurchase[] = prices.networkShare.isZero()
    ? []
    : hardware.map((p) => ({ ...p, amount: p.amount.times(prices.networkShare) }));
  if (network.length > 0) series.push(capexSeries("Network gear", "network", horizon, network));
  const allHardware = [...hardware, ...network];

  if (hardware.length > 0) {
    const kw = itWatts.map((w) => w.dividedBy(1000));
    kw.forEach((k, i) => {
      (drivers[i] as Drivers).itKw = k;
    });
    if (prices.spacePerKwMonth) {
      const rate = prices.spacePerKwMonth;
      series.push(
        opexSeries(
          "own",
          "Colocation (per kW)",
          "facility",
          kw.map((k) => k.times(rate)),
        ),
      );
    }
    if (prices.energy) {
      const { pue, perKwh } = prices.energy;
      const perKw = pue.times(HOURS_PER_MONTH).times(perKwh);
      series.push(
        opexSeries(
          "own",
          "Energy",
          "facility",
          kw.map((k) => k.times(perKw)),
        ),
      );
    }
    if (!prices.maintenanceYearly.isZero()) {
      const monthly = prices.maintenanceYearly.dividedBy(12);
      const cost = installedCapexByMonth(allHardware, horizon).map((c) => c.times(monthly));
      series.push(opexSeries("own", "Maintenance", "maintenance", cost));
    }
  }

  const egress = demand.egressBytes;
  if (egress && prices.transitPerGbpsMonth) {
    const rate = prices.transitPerGbpsMonth;
    // Only the moved share of the traffic leaves through owned transit; the rest is in the cloud bill.
    const gbps = egress.map((bytes, i) =>
      bytes
        .times(ONE.minus(cloudShare[i] ?? ZERO))
        .times(8)
        .dividedBy(SECONDS_PER_MONTH)
        .dividedBy(1e9)
        .times(prices.peakToAverage),
    );
    gbps.forEach((g, i) => {
      (drivers[i] as Drivers).transitGbps = g;
    });
    series.push(
      opexSeries(
        "own",
        "Transit",
        "egress",
        gbps.map((g) => g.times(rate)),
      ),
    );
  }

  return { series, purchases: allHardware, burstVcpu, burstCost };
}

/** The people the own side adds: FTE · yearly cost per FTE / 12, every month. */
export function staffSeries(staff: Staff, horizon: number): ItemSeries {
  const perMonth = staff.fte.times(staff.costPerFtePerMonth);
  return opexSeries(
    "own",
    "Staff",
    "staff",
    zeros(horizon).map(() => perMonth),
  );
}
