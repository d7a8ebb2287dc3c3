import type { Drivers } from "../model/result.js";
import type { OwnDerived, Staff, Workload } from "../model/scenario.js";
import { type Decimal, ZERO } from "../units/decimal.js";
import {
  addPurchases,
  grown,
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

/** Hardware capex in service in month m: bought, live, and not yet replaced by its refresh. */
function installedCapex(purchases: readonly FleetPurchase[], month: number): Decimal {
  let total = ZERO;
  for (const p of purchases) {
    if (p.goLive <= month && (p.retiredAt === undefined || month < p.retiredAt)) total = total.plus(p.amount);
  }
  return total;
}

/** The result of deriving the own side: its line items and every capital purchase (for book value). */
export interface OwnDerivedResult {
  series: ItemSeries[];
  purchases: Purchase[];
}

/**
 * Full ownership derived from the workload (MODEL.md §3 "Own"): servers and storage nodes sized
 * and bought in whole units, network gear as a share of them, colocation and energy per IT kW,
 * transit per p95 Gbps, maintenance on installed capex.
 */
export function ownDerivedSeries(
  workload: Workload,
  own: OwnDerived,
  horizon: number,
  drivers: Drivers[],
): OwnDerivedResult {
  const { prices } = own;
  const months = Array.from({ length: horizon }, (_, i) => i + 1);
  const fleetRules = { ...own, trend: prices.hardwarePriceTrend };
  const series: ItemSeries[] = [];
  const hardware: FleetPurchase[] = [];
  const itWatts = zeros(horizon);

  /** Sizes one kind of hardware, records its purchases, counts and watts. */
  const addFleet = (
    name: string,
    category: string,
    needed: number[],
    unit: { price: Decimal; watts: Decimal },
    driver: "servers" | "storageNodes",
  ) => {
    const fleet = sizeFleet(needed, unit.price, fleetRules);
    series.push(capexSeries(name, category, horizon, fleet.purchases));
    hardware.push(...fleet.purchases);
    fleet.installed.forEach((n, i) => {
      (drivers[i] as Drivers)[driver] = n;
      itWatts[i] = (itWatts[i] ?? ZERO).plus(unit.watts.times(n));
    });
  };

  const { vcpu, storedBytes } = workload;
  if (vcpu && prices.server) {
    const perServer = prices.server.vcpu.times(own.utilization);
    const needed = months.map((m) => grown(vcpu, m).dividedBy(perServer).ceil().toNumber());
    addFleet("Servers", "compute", needed, prices.server, "servers");
  }
  if (storedBytes && prices.storageNode) {
    const usablePerNode = prices.storageNode.rawBytes.times(own.fillRatio);
    const needed = months.map((m) =>
      grown(storedBytes, m).times(own.redundancy).dividedBy(usablePerNode).ceil().toNumber(),
    );
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
      const cost = months.map((m) => installedCapex(allHardware, m).times(monthly));
      series.push(opexSeries("own", "Maintenance", "maintenance", cost));
    }
  }

  if (workload.egressBytesPerMonth && prices.transitPerGbpsMonth) {
    const egress = workload.egressBytesPerMonth;
    const rate = prices.transitPerGbpsMonth;
    const gbps = months.map((m) =>
      grown(egress, m).times(8).dividedBy(SECONDS_PER_MONTH).dividedBy(1e9).times(prices.peakToAverage),
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

  return { series, purchases: allHardware };
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
