import type { LineItem, Scenario, TieredPrice } from "../model/scenario.js";
import type { Decimal } from "../units/decimal.js";
import { trendFactorFloat, wholeUnitsFloat } from "../units/growth.js";
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from "../units/time.js";

/**
 * The Monte Carlo path. Thousands of runs in a second or two rule out decimal arithmetic, so this is
 * the cash side of the model (MODEL.md §3) in binary floating point: same formulas, same order of
 * months, no P&L, no line-item detail. Everything a person reads still comes from the decimal
 * engine; tests hold this one to it (relative error below 1e-9 on generated scenarios) and the
 * simulation's P50 to within 0.01% (docs/uncertainty.md).
 */

interface FastTiers {
  unit: number;
  tiers: { upTo: number | undefined; price: number }[];
}
type FastItem =
  | { kind: "recurring"; perMonth: number; from: number; to: number }
  | { kind: "capex"; amount: number; month: number; life: number; refresh: boolean };
interface Growth {
  x1: number;
  g: number;
}

/** A scenario as plain numbers (JSON-safe: it crosses into worker threads). */
export interface FastScenario {
  horizon: number;
  discountRate: number;
  vcpu: Growth | undefined;
  stored: Growth | undefined;
  egress: Growth | undefined;
  surges: { month: number; duration: number; extra: number }[];
  rentItems: FastItem[];
  ownItems: FastItem[];
  rent:
    | {
        vcpuHour: number | undefined;
        discount: number;
        storage: FastTiers | undefined;
        egress: FastTiers | undefined;
        bandwidth: number | undefined;
        byBandwidth: boolean;
        peakToAverage: number;
        support: { minimum: number; tiers: { upTo: number | undefined; rate: number }[] } | undefined;
        trend: number;
      }
    | undefined;
  own:
    | {
        server: { price: number; vcpu: number; watts: number } | undefined;
        node: { price: number; raw: number; watts: number } | undefined;
        network: number;
        space: number | undefined;
        energy: { pue: number; kwh: number } | undefined;
        transit: number | undefined;
        peakToAverage: number;
        maintenance: number;
        hwTrend: number;
        hybrid: boolean;
        baseline: { kind: "share" | "percentile"; value: number } | undefined;
        burstVcpuHour: number | undefined;
        utilization: number;
        redundancy: number;
        fillRatio: number;
        life: number;
        lead: number;
        refresh: boolean;
      }
    | undefined;
  staffPerMonth: number;
  migration:
    | {
        start: number;
        data: number | undefined;
        link: number;
        ramp: number | undefined;
        waiver: boolean;
        egress: FastTiers | undefined;
        trend: number;
        commitments: { perMonth: number; from: number; to: number }[];
      }
    | undefined;
}

export interface FastResult {
  rentTco: number;
  ownTco: number;
  rentNpv: number;
  ownNpv: number;
  savings: number;
  savingsNpv: number;
  breakEvenMonth: number | undefined;
  paybackMonths: number | undefined;
}

const n = (d: Decimal) => d.toNumber();
const on = (d: Decimal | undefined) => (d === undefined ? undefined : d.toNumber());
const tiers = (t: TieredPrice | undefined): FastTiers | undefined =>
  t && { unit: n(t.unitBytes), tiers: t.tiers.map((x) => ({ upTo: on(x.upTo), price: n(x.price) })) };
const item = (i: LineItem): FastItem =>
  i.kind === "recurring"
    ? { kind: "recurring", perMonth: n(i.perMonth), from: i.from, to: i.to }
    : { kind: "capex", amount: n(i.amount), month: i.month, life: i.lifetimeMonths, refresh: i.refresh };
const growth = (g: { atMonth1: Decimal; growth: Decimal } | undefined): Growth | undefined =>
  g && { x1: n(g.atMonth1), g: n(g.growth) };

/** The decimal scenario as floats. */
export function compileFast(s: Scenario): FastScenario {
  const r = s.rent.derived;
  const o = s.own.derived;
  const m = s.migration;
  const p = o?.prices;
  return {
    horizon: s.horizonMonths,
    discountRate: s.business ? n(s.business.discountRate) : 0,
    vcpu: growth(s.workload.vcpu),
    stored: growth(s.workload.storedBytes),
    egress: growth(s.workload.egressBytesPerMonth),
    surges: s.workload.surges.map((x) => ({ month: x.month, duration: x.duration, extra: n(x.extra) })),
    rentItems: s.rent.items.map(item),
    ownItems: [...s.own.items, ...(m?.items ?? [])].map(item),
    rent: r && {
      vcpuHour: on(r.prices.computePerVcpuHour),
      discount: n(r.computeDiscount),
      storage: tiers(r.prices.storage),
      egress: tiers(r.prices.egress),
      bandwidth: on(r.prices.bandwidthPerMbpsMonth),
      byBandwidth: r.egressBilling === "bandwidth",
      peakToAverage: n(r.peakToAverage),
      support: r.support && {
        minimum: n(r.support.minimumPerMonth),
        tiers: r.support.tiers.map((t) => ({ upTo: on(t.upTo), rate: n(t.rate) })),
      },
      trend: n(r.priceTrend),
    },
    own: o &&
      p && {
        server: p.server && { price: n(p.server.price), vcpu: n(p.server.vcpu), watts: n(p.server.watts) },
        node: p.storageNode && {
          price: n(p.storageNode.price),
          raw: n(p.storageNode.rawBytes),
          watts: n(p.storageNode.watts),
        },
        network: n(p.networkShare),
        space: on(p.spacePerKwMonth),
        energy: p.energy && { pue: n(p.energy.pue), kwh: n(p.energy.perKwh) },
        transit: on(p.transitPerGbpsMonth),
        peakToAverage: n(p.peakToAverage),
        maintenance: n(p.maintenanceYearly),
        hwTrend: n(p.hardwarePriceTrend),
        hybrid: o.strategy === "hybrid",
        baseline:
          o.baseline &&
          (o.baseline.kind === "share"
            ? { kind: "share", value: n(o.baseline.share) }
            : { kind: "percentile", value: n(o.baseline.percentile) }),
        burstVcpuHour: on(o.burstPerVcpuHour),
        utilization: n(o.utilization),
        redundancy: n(o.redundancy),
        fillRatio: n(o.fillRatio),
        life: o.lifetimeMonths,
        lead: o.leadTimeMonths,
        refresh: o.refresh,
      },
    staffPerMonth: s.own.staff ? n(s.own.staff.fte.times(s.own.staff.costPerFtePerMonth)) : 0,
    migration: m && {
      start: m.start,
      data: on(m.dataBytes),
      link: n(m.linkBitsPerSecond),
      ramp: m.rampMonths,
      waiver: m.egressWaiver,
      egress: tiers(m.egress),
      trend: n(m.priceTrend),
      commitments: m.commitments.map((c) => ({ perMonth: n(c.perMonth), from: c.from, to: c.to })),
    },
  };
}

const factor = trendFactorFloat;

function marginal(volume: number, t: { upTo: number | undefined }[], rateOf: (i: number) => number): number {
  let total = 0;
  let lower = 0;
  for (let i = 0; i < t.length && volume > lower; i++) {
    const upper = t[i]?.upTo;
    const top = upper === undefined ? volume : Math.min(volume, upper);
    total += (top - lower) * rateOf(i);
    if (upper === undefined) break;
    lower = upper;
  }
  return total;
}
const tiered = (bytes: number, p: FastTiers) =>
  marginal(
    bytes / p.unit,
    p.tiers.map((t) => ({ upTo: t.upTo === undefined ? undefined : t.upTo / p.unit })),
    (i) => p.tiers[i]?.price ?? 0,
  );

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const low = sorted[lo] ?? 0;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (rank - lo);
}

function itemCash(items: FastItem[], cash: Float64Array): void {
  const H = cash.length;
  for (const it of items) {
    if (it.kind === "recurring")
      for (let m = Math.max(1, it.from); m <= Math.min(H, it.to); m++)
        cash[m - 1] = (cash[m - 1] ?? 0) + it.perMonth;
    else
      for (let m = it.month; m <= H; m += it.life) {
        cash[m - 1] = (cash[m - 1] ?? 0) + it.amount;
        if (!it.refresh) break;
      }
  }
}

/** One run: monthly cash of both sides, then the summary figures a simulation samples. */
export function runFast(s: FastScenario): FastResult {
  const H = s.horizon;
  const rent = new Float64Array(H);
  const own = new Float64Array(H);
  const surge = (m: number) =>
    s.surges.reduce((a, x) => (m >= x.month && m < x.month + x.duration ? a + x.extra : a), 0);
  const base = new Float64Array(H);
  const total = new Float64Array(H);
  const stored = new Float64Array(H);
  const egress = new Float64Array(H);
  for (let m = 1; m <= H; m++) {
    const sg = 1 + surge(m);
    if (s.vcpu) {
      base[m - 1] = s.vcpu.x1 * factor(s.vcpu.g, m);
      total[m - 1] = (base[m - 1] ?? 0) * sg;
    }
    if (s.stored) stored[m - 1] = s.stored.x1 * factor(s.stored.g, m);
    if (s.egress) egress[m - 1] = s.egress.x1 * factor(s.egress.g, m) * sg;
  }

  // Rent.
  itemCash(s.rentItems, rent);
  const r = s.rent;
  if (r)
    for (let m = 1; m <= H; m++) {
      const i = m - 1;
      const t = factor(r.trend, m);
      let c = 0;
      let st = 0;
      let eg = 0;
      if (s.vcpu && r.vcpuHour !== undefined) {
        const hourly = r.vcpuHour * t * HOURS_PER_MONTH;
        c = (base[i] ?? 0) * hourly * (1 - r.discount) + ((total[i] ?? 0) - (base[i] ?? 0)) * hourly;
      }
      if (s.stored && r.storage) st = tiered(stored[i] ?? 0, r.storage) * t;
      if (s.egress) {
        if (r.byBandwidth && r.bandwidth !== undefined)
          eg = (((egress[i] ?? 0) * 8) / SECONDS_PER_MONTH / 1e6) * r.peakToAverage * r.bandwidth * t;
        else if (r.egress) eg = tiered(egress[i] ?? 0, r.egress) * t;
      }
      let support = 0;
      if (r.support) {
        const sp = r.support;
        support = Math.max(
          marginal(c + st + eg, sp.tiers, (k) => sp.tiers[k]?.rate ?? 0),
          sp.minimum,
        );
      }
      rent[i] = (rent[i] ?? 0) + c + st + eg + support;
    }

  // Migration timeline.
  const mig = s.migration;
  const cloudShare = new Float64Array(H);
  const moved = new Float64Array(H);
  if (mig) {
    const data = mig.data ?? (s.stored ? s.stored.x1 * factor(s.stored.g, mig.start) : 0);
    const transfer = (data * 8) / mig.link / SECONDS_PER_MONTH;
    const ramp = mig.ramp ?? Math.max(1, wholeUnitsFloat(transfer, 1));
    for (let m = 1; m <= H; m++) {
      const k = m - mig.start;
      cloudShare[m - 1] = k < 0 ? 1 : k >= ramp ? 0 : 1 - (k + 0.5) / ramp;
      if (k >= 0 && transfer > 0)
        moved[m - 1] = (data * (Math.min(k + 1, transfer) - Math.min(k, transfer))) / transfer;
    }
  }

  // Own.
  itemCash(s.ownItems, own);
  const o = s.own;
  if (o) {
    const first = mig?.start ?? 1;
    const kw = new Float64Array(H);
    const purchases: { cash: number; goLive: number; amount: number; retiredAt: number | undefined }[] = [];
    const fleet = (
      needed: (m: number) => number,
      unitPrice: number,
      watts: number,
    ): Int32Array | Float64Array => {
      const installed = new Float64Array(H);
      let have = 0;
      for (let g = 1; g <= H; g++) {
        const want = Math.max(have, g < first ? 0 : needed(g));
        if (want > have) {
          const units = want - have;
          for (let goLive = g; goLive <= H; goLive += o.life) {
            const cash = Math.max(1, goLive - o.lead);
            const next = goLive + o.life;
            const amount = unitPrice * units * factor(o.hwTrend, cash);
            purchases.push({ cash, goLive, amount, retiredAt: o.refresh && next <= H ? next : undefined });
            purchases.push({
              cash,
              goLive,
              amount: amount * o.network,
              retiredAt: o.refresh && next <= H ? next : undefined,
            });
            if (!o.refresh) break;
          }
        }
        have = want;
        installed[g - 1] = have;
        kw[g - 1] = (kw[g - 1] ?? 0) + (have * watts) / 1000;
      }
      return installed;
    };
    if (s.vcpu && o.server) {
      const perServer = o.server.vcpu * o.utilization;
      const target = (m: number) => {
        const b = o.baseline;
        if (!o.hybrid || !b) return total[m - 1] ?? 0;
        if (b.kind === "share") return (base[m - 1] ?? 0) * b.value;
        return percentile(Array.from(total.slice(Math.max(0, m - 12), m)), b.value);
      };
      const installed = fleet((m) => wholeUnitsFloat(target(m), perServer), o.server.price, o.server.watts);
      if (o.hybrid && o.burstVcpuHour !== undefined)
        for (let m = 1; m <= H; m++) {
          const movedDemand = (total[m - 1] ?? 0) * (1 - (cloudShare[m - 1] ?? 0));
          const burst = Math.max(0, movedDemand - perServer * (installed[m - 1] ?? 0));
          own[m - 1] =
            (own[m - 1] ?? 0) + burst * o.burstVcpuHour * HOURS_PER_MONTH * factor(r?.trend ?? 0, m);
        }
    }
    if (s.stored && o.node) {
      const node = o.node;
      fleet(
        (m) => wholeUnitsFloat((stored[m - 1] ?? 0) * o.redundancy, node.raw * o.fillRatio),
        node.price,
        node.watts,
      );
    }
    for (const p of purchases) if (p.cash <= H) own[p.cash - 1] = (own[p.cash - 1] ?? 0) + p.amount;
    // Capex in service each month: + at go-live, − at retirement, then a running sum.
    const delta = new Float64Array(H + 2);
    for (const p of purchases) {
      if (p.goLive <= H) delta[p.goLive] = (delta[p.goLive] ?? 0) + p.amount;
      if (p.retiredAt !== undefined && p.retiredAt <= H)
        delta[p.retiredAt] = (delta[p.retiredAt] ?? 0) - p.amount;
    }
    let installedCapex = 0;
    if (purchases.length > 0)
      for (let m = 1; m <= H; m++) {
        installedCapex += delta[m] ?? 0;
        const k = kw[m - 1] ?? 0;
        let facility = 0;
        if (o.space !== undefined) facility += k * o.space;
        if (o.energy) facility += k * o.energy.pue * HOURS_PER_MONTH * o.energy.kwh;
        if (o.maintenance !== 0) facility += (installedCapex * o.maintenance) / 12;
        own[m - 1] = (own[m - 1] ?? 0) + facility;
      }
    if (s.egress && o.transit !== undefined)
      for (let m = 1; m <= H; m++) {
        const gbps =
          (((egress[m - 1] ?? 0) * (1 - (cloudShare[m - 1] ?? 0)) * 8) / SECONDS_PER_MONTH / 1e9) *
          o.peakToAverage;
        own[m - 1] = (own[m - 1] ?? 0) + gbps * o.transit;
      }
  }
  for (let m = 1; m <= H; m++) own[m - 1] = (own[m - 1] ?? 0) + s.staffPerMonth;
  if (mig)
    for (let m = 1; m <= H; m++) {
      const committed = mig.commitments.reduce((a, c) => (m >= c.from && m <= c.to ? a + c.perMonth : a), 0);
      const dual = Math.max(0, (cloudShare[m - 1] ?? 0) * (rent[m - 1] ?? 0) - committed);
      let eg = 0;
      if (!mig.waiver && mig.egress && (moved[m - 1] ?? 0) > 0)
        eg = tiered(moved[m - 1] ?? 0, mig.egress) * factor(mig.trend, m);
      own[m - 1] = (own[m - 1] ?? 0) + committed + dual + eg;
    }

  // Summary.
  let rentTco = 0;
  let ownTco = 0;
  let rentNpv = 0;
  let ownNpv = 0;
  let cumulative = 0;
  let lastNegative = 0;
  const S = new Float64Array(H);
  for (let m = 1; m <= H; m++) {
    const w = (1 + s.discountRate) ** (-m / 12);
    rentTco += rent[m - 1] ?? 0;
    ownTco += own[m - 1] ?? 0;
    rentNpv += (rent[m - 1] ?? 0) * w;
    ownNpv += (own[m - 1] ?? 0) * w;
    cumulative += (rent[m - 1] ?? 0) - (own[m - 1] ?? 0);
    S[m - 1] = cumulative;
    if (cumulative < 0) lastNegative = m;
  }
  const breakEvenMonth = lastNegative === H ? undefined : lastNegative + 1;
  let paybackMonths: number | undefined;
  if (breakEvenMonth !== undefined) {
    const before = breakEvenMonth >= 2 ? (S[breakEvenMonth - 2] ?? 0) : 0;
    const at = S[breakEvenMonth - 1] ?? 0;
    paybackMonths = breakEvenMonth - 1 + (at === before ? 0 : -before / (at - before));
  }
  return {
    rentTco,
    ownTco,
    rentNpv,
    ownNpv,
    savings: rentTco - ownTco,
    savingsNpv: rentNpv - ownNpv,
    breakEvenMonth,
    paybackMonths,
  };
}
