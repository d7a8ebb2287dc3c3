import type { Side } from "../model/result.js";
import type {
  Financing,
  LineItem,
  Migration,
  OwnDerived,
  RentDerived,
  Scenario,
  SupportPlan,
  TieredPrice,
  Workload,
} from "../model/scenario.js";
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from "../units/time.js";
import { type Arith, type Over, total } from "./arith.js";

/**
 * The cost model (MODEL.md §3), written once. Every formula runs over the arithmetic it is given:
 * exact decimals for calc, report, explain and diff; binary floats for the runs of a simulation.
 * Each function returns amounts exact until the one rounding rule (settle.ts) takes them to cents.
 */

/** One line item's cash and P&L amounts for months 1..H (index 0 is month 1). */
export interface Series<V> {
  side: Side;
  name: string;
  category: string;
  cash: V[];
  /** The same array as `cash` for an operating cost. */
  pnl: V[];
  /** A capital item: its P&L is depreciation (below EBITDA). */
  capital?: boolean;
  /** The part of the P&L that is a loan's interest (financed capital items only). */
  interest?: V[];
}

/** A capital purchase: paid in `cashMonth`, in service and depreciated from `goLive` over `lifetime` months. */
export interface Purchase<V> {
  cashMonth: number;
  goLive: number;
  lifetime: number;
  amount: V;
  /** Share of the price it is sold for in month goLive + lifetime (none when undefined). */
  salvage?: V | undefined;
  /** Paid by a loan or an operating lease instead of in cash when bought. */
  financing?: Of<Financing, V> | undefined;
}

/**
 * The monthly payments of a loan or lease of `amount`: the annuity P·i / (1 − (1+i)^(−n)), i = the
 * nominal yearly rate / 12, over n = `term` months, and each payment's interest part (the balance
 * owed × i).
 */
export function annuity<V>(A: Arith<V>, amount: V, f: Of<Financing, V>): { payment: V; interest: V[] } {
  const i = A.div(f.rate, A.of(12));
  let growth = A.one;
  for (let k = 0; k < f.termMonths; k++) growth = A.mul(growth, A.add(A.one, i));
  const payment = A.isZero(i)
    ? A.div(amount, A.of(f.termMonths))
    : A.div(A.mul(A.mul(amount, i), growth), A.sub(growth, A.one));
  const interest: V[] = [];
  let balance = amount;
  for (let k = 0; k < f.termMonths; k++) {
    const owed = A.mul(balance, i);
    interest.push(owed);
    balance = A.sub(balance, A.sub(payment, owed));
  }
  return { payment, interest };
}

/** The month a purchase is sold for its salvage value, and what it brings; undefined when it is kept. */
function sale<V>(A: Arith<V>, p: Purchase<V>): { month: number; amount: V } | undefined {
  // A leased asset goes back to the lessor: it is never sold.
  if (p.salvage === undefined || A.isZero(p.salvage) || p.financing?.kind === "lease") return undefined;
  return { month: p.goLive + p.lifetime, amount: A.mul(p.amount, p.salvage) };
}

/** The physical quantities behind the derived costs, month by month (undefined where none). */
export interface DriverSeries<V> {
  vcpu?: V[] | undefined;
  storedBytes?: V[] | undefined;
  egressBytes?: V[] | undefined;
  surge: V[];
  servers?: V[] | undefined;
  storageNodes?: V[] | undefined;
  gpus?: V[] | undefined;
  gpuServers?: V[] | undefined;
  itKw?: V[] | undefined;
  transitGbps?: V[] | undefined;
  burstVcpu?: V[] | undefined;
  cloudShare?: V[] | undefined;
  migratedBytes?: V[] | undefined;
}

export interface ModelRun<V> {
  /** Cash only (a simulation): each series' P&L is not computed, and is its cash array. */
  cashOnly: boolean;
  /** Whether `ownPurchases` is kept: for the exact result, or to credit the residual book value. */
  purchases: boolean;
  series: Series<V>[];
  /** Every capital purchase of the own side (explicit items, project items and hardware). */
  ownPurchases: Purchase<V>[];
  drivers: DriverSeries<V>;
  /** Hybrid: vCPUs served from the cloud above the owned fleet each month, and what that cost. */
  burst: { vcpu: V[]; cost: V[] } | undefined;
  migration:
    | {
        dataBytes: V;
        transferMonths: V;
        rampMonths: number;
        egressCost: V;
        dualRunningCost: V;
        commitmentCost: V;
        projectCost: V;
      }
    | undefined;
}

type Of<T, V> = Over<T, V>;

/** `length` copies of `value` (a fresh array). */
const filled = <V>(length: number, value: V): V[] => new Array<V>(length).fill(value);

/** Adds `values` into `sum`, month by month. */
export function addInto<V>(A: Arith<V>, sum: V[], values: readonly V[]): void {
  for (let i = 0; i < values.length; i++) sum[i] = A.add(sum[i] as V, values[i] as V);
}

/** An operating cost: the same amount in cash and P&L. */
const opex = <V>(side: Side, name: string, category: string, perMonth: V[]): Series<V> => ({
  side,
  name,
  category,
  cash: perMonth,
  pnl: perMonth,
});

/**
 * Marginal tiered pricing, as on a cloud bill: each slice of the volume is charged at its own
 * tier's rate. `volume` and every `upTo` are in the same base unit; `rateOf` is per base unit.
 */
export function marginal<V>(
  A: Arith<V>,
  volume: V,
  tiers: readonly { upTo?: V | undefined }[],
  rateOf: (tierIndex: number) => V,
  /** Told each slice of the volume and its tier (explain writes them out). */
  onSlice?: (slice: V, tierIndex: number) => void,
): V {
  let sum = A.zero;
  let lower = A.zero;
  for (let i = 0; i < tiers.length && A.cmp(volume, lower) > 0; i++) {
    const upper = tiers[i]?.upTo;
    const top = upper === undefined ? volume : A.min(volume, upper);
    onSlice?.(A.sub(top, lower), i);
    sum = A.add(sum, A.mul(A.sub(top, lower), rateOf(i)));
    if (upper === undefined) break;
    lower = upper;
  }
  return sum;
}

/**
 * The monthly charge for a volume of bytes (stored for a month, or transferred in it) under a
 * tiered price, as a function: the tier bounds are converted to the price's unit once.
 */
export function tieredCost<V>(A: Arith<V>, price: Of<TieredPrice, V>): (bytes: V) => V {
  const tiers = price.tiers.map((t) => ({
    upTo: t.upTo === undefined ? undefined : A.div(t.upTo, price.unitBytes),
  }));
  const rate = (i: number) => price.tiers[i]?.price ?? A.zero;
  return (bytes) => marginal(A, A.div(bytes, price.unitBytes), tiers, rate);
}

/** A support plan's monthly fee: the tiered percentage of spend, or its minimum if that is higher. */
export function supportFee<V>(A: Arith<V>, spend: V, plan: Of<SupportPlan, V>): V {
  return A.max(
    marginal(A, spend, plan.tiers, (i) => plan.tiers[i]?.rate ?? A.zero),
    plan.minimumPerMonth,
  );
}

/** The workload month by month: grown, with the surges laid on compute and egress. */
interface Demand<V> {
  surge: V[];
  vcpuBase: V[] | undefined;
  vcpuTotal: V[] | undefined;
  storedBytes: V[] | undefined;
  egressBytes: V[] | undefined;
  gpus: V[] | undefined;
}

function demandOf<V>(A: Arith<V>, w: Of<Workload, V>, horizon: number): Demand<V> {
  const surge = filled(horizon, A.zero);
  for (const s of w.surges)
    for (let m = Math.max(1, s.month); m < s.month + s.duration && m <= horizon; m++)
      surge[m - 1] = A.add(surge[m - 1] as V, s.extra);
  const grown = (g: { atMonth1: V; growth: V } | undefined) => {
    if (!g) return undefined;
    const out: V[] = [];
    for (let m = 1; m <= horizon; m++) out.push(A.mul(g.atMonth1, A.trend(g.growth, m)));
    return out;
  };
  const withSurge = (base: V[] | undefined) =>
    base?.map((b, i) => A.mul(b, A.add(A.one, surge[i] ?? A.zero)));
  const vcpuBase = grown(w.vcpu);
  return {
    surge,
    vcpuBase,
    vcpuTotal: withSurge(vcpuBase),
    storedBytes: grown(w.storedBytes),
    egressBytes: withSurge(grown(w.egressBytesPerMonth)),
    gpus: grown(w.gpu),
  };
}

/**
 * The p-th percentile (0–100) of `values` by linear interpolation between closest ranks, as a
 * spreadsheet's PERCENTILE.INC: rank = p/100 · (n − 1).
 */
export function percentile<V>(A: Arith<V>, values: readonly V[], p: V): V {
  if (values.length === 0) return A.zero;
  const sorted = [...values].sort(A.cmp);
  const rank = A.mul(A.div(p, A.of(100)), A.of(sorted.length - 1));
  const lower = A.num(A.floor(rank));
  const low = sorted[lower] as V;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as V;
  return A.add(low, A.mul(A.sub(high, low), A.sub(rank, A.of(lower))));
}

/** Adds purchases into cash (in the purchase month) and P&L (straight-line from go-live) series. */
function addPurchases<V>(
  A: Arith<V>,
  cash: V[],
  pnl: V[] | undefined,
  purchases: readonly Purchase<V>[],
  interest?: V[],
): void {
  const horizon = cash.length;
  let unit: { terms: Of<Financing, V>; payment: V; interest: V[] } | undefined;
  for (const p of purchases) {
    if (p.cashMonth > horizon) continue;
    if (p.financing) {
      // Paid month by month from the purchase: the loan's or lease's payments, not the price. The
      // schedule of one unit of money is worked out once and scaled (payments are proportional).
      if (unit?.terms !== p.financing) unit = { terms: p.financing, ...annuity(A, A.one, p.financing) };
      const payment = A.mul(p.amount, unit.payment);
      for (let k = 0; k < p.financing.termMonths && p.cashMonth + k <= horizon; k++) {
        const m = p.cashMonth - 1 + k;
        cash[m] = A.add(cash[m] as V, payment);
        // A loan's interest is a cost on the P&L beside the depreciation; a lease's whole payment is.
        if (!pnl) continue;
        if (p.financing.kind === "lease") pnl[m] = A.add(pnl[m] as V, payment);
        else {
          const owed = A.mul(p.amount, unit.interest[k] as V);
          pnl[m] = A.add(pnl[m] as V, owed);
          if (interest) interest[m] = A.add(interest[m] as V, owed);
        }
      }
    } else cash[p.cashMonth - 1] = A.add(cash[p.cashMonth - 1] as V, p.amount);
    // Sold when its life ends: cash comes back; the P&L below depreciates down to that value.
    const sold = sale(A, p);
    if (sold && sold.month <= horizon) cash[sold.month - 1] = A.sub(cash[sold.month - 1] as V, sold.amount);
  }
  if (!pnl) return;
  // Depreciation as a difference array: each purchase adds its monthly charge where it starts and
  // takes it off after its last month; a running sum gives each month's charge.
  const change: (V | undefined)[] = new Array(horizon + 1);
  for (const p of purchases) {
    // An operating lease is not the company's asset: nothing is depreciated.
    if (p.cashMonth > horizon || p.financing?.kind === "lease") continue;
    const last = Math.min(horizon, p.goLive + p.lifetime - 1);
    if (p.goLive > last) continue;
    const perMonth = A.div(depreciable(A, p), A.of(p.lifetime));
    change[p.goLive - 1] = A.add(change[p.goLive - 1] ?? A.zero, perMonth);
    change[last] = A.sub(change[last] ?? A.zero, perMonth);
  }
  let running = A.zero;
  for (let m = 0; m < horizon; m++) {
    const c = change[m];
    if (c !== undefined) running = A.add(running, c);
    if (!A.isZero(running)) pnl[m] = A.add(pnl[m] ?? A.zero, running);
  }
}

/** What the P&L depreciates: the price less what it is sold for. */
const depreciable = <V>(A: Arith<V>, p: Purchase<V>): V =>
  p.salvage === undefined ? p.amount : A.mul(p.amount, A.sub(A.one, p.salvage));

/** What is left to depreciate after the horizon, for purchases paid within it. */
export function residualBookValue<V>(A: Arith<V>, purchases: readonly Purchase<V>[], horizon: number): V {
  let sum = A.zero;
  for (const p of purchases) {
    if (p.cashMonth > horizon || p.financing?.kind === "lease") continue;
    const monthsAfter = Math.min(p.lifetime, Math.max(0, p.goLive + p.lifetime - 1 - horizon));
    sum = A.add(sum, A.div(A.mul(depreciable(A, p), A.of(monthsAfter)), A.of(p.lifetime)));
    // Not yet sold at the end: its salvage value is still on the books.
    const sold = sale(A, p);
    if (sold && sold.month > horizon) sum = A.add(sum, sold.amount);
  }
  return sum;
}

/**
 * The loan principal still owed after the horizon: for each loan, P·((1+i)^n − (1+i)^k) / ((1+i)^n − 1)
 * after its k payments inside the horizon (P·(n − k)/n at a zero rate).
 */
export function loanBalance<V>(A: Arith<V>, purchases: readonly Purchase<V>[], horizon: number): V {
  let sum = A.zero;
  for (const p of purchases) {
    const f = p.financing;
    if (p.cashMonth > horizon || f?.kind !== "loan") continue;
    const paid = Math.min(f.termMonths, horizon - p.cashMonth + 1);
    if (paid >= f.termMonths) continue;
    const i = A.div(f.rate, A.of(12));
    if (A.isZero(i)) {
      sum = A.add(sum, A.div(A.mul(p.amount, A.of(f.termMonths - paid)), A.of(f.termMonths)));
      continue;
    }
    const growth = (k: number) => {
      let g = A.one;
      for (let j = 0; j < k; j++) g = A.mul(g, A.add(A.one, i));
      return g;
    };
    const gn = growth(f.termMonths);
    sum = A.add(sum, A.div(A.mul(p.amount, A.sub(gn, growth(paid))), A.sub(gn, A.one)));
  }
  return sum;
}

/** The purchases of an explicit capex item: once, or every `lifetime` months with `refresh`. */
function itemPurchases<V>(item: Of<LineItem, V>, horizon: number): Purchase<V>[] {
  if (item.kind !== "capex") return [];
  const purchases: Purchase<V>[] = [];
  for (let m = item.month; m <= horizon; m += item.lifetimeMonths) {
    purchases.push({
      cashMonth: m,
      goLive: m,
      lifetime: item.lifetimeMonths,
      amount: item.amount,
      salvage: item.salvage,
      financing: item.financing,
    });
    if (!item.refresh) break;
  }
  return purchases;
}

/** A capital line item: its purchases' cash, and their depreciation on the P&L unless `cashOnly`. */
function capexSeries<V>(
  A: Arith<V>,
  name: string,
  category: string,
  horizon: number,
  purchases: readonly Purchase<V>[],
  cashOnly: boolean,
): Series<V> {
  const cash = filled(horizon, A.zero);
  const pnl = cashOnly ? cash : cash.slice();
  const loan = !cashOnly && purchases[0]?.financing?.kind === "loan";
  const interest = loan ? cash.slice() : undefined;
  addPurchases(A, cash, cashOnly ? undefined : pnl, purchases, interest);
  // Depreciation and a loan's interest are below EBITDA; a lease's payments are operating cost.
  const line: Series<V> = {
    side: "own",
    name,
    category,
    cash,
    pnl,
    capital: purchases[0]?.financing?.kind !== "lease",
  };
  if (interest) line.interest = interest;
  return line;
}

/** Monthly cash and P&L of an explicit line item. */
export function itemSeries<V>(
  A: Arith<V>,
  side: Side,
  item: Of<LineItem, V>,
  horizon: number,
  cashOnly: boolean,
): Series<V> {
  const cash = filled(horizon, A.zero);
  if (item.kind === "recurring") {
    // A growing item: the amount of month `from`, times (1+g)^((m − from)/12).
    const grows = !A.isZero(item.growth);
    for (let m = Math.max(1, item.from); m <= Math.min(horizon, item.to); m++)
      cash[m - 1] = grows ? A.mul(item.perMonth, A.trend(item.growth, m - item.from + 1)) : item.perMonth;
    return opex(side, item.name, item.category, cash);
  }
  const capex = capexSeries(A, item.name, item.category, horizon, itemPurchases(item, horizon), cashOnly);
  capex.side = side;
  return capex;
}

/**
 * The cloud bill derived from the workload (MODEL.md §3 "Rent"): compute = vCPU · 730 h · price per
 * vCPU-hour · (1 − discount), the surge part at the on-demand price; storage and egress tiered and
 * marginal (or egress per p95 Mbps); support a tiered percentage of their sum with the plan's
 * minimum. Every unit price moves by the yearly price trend.
 */
function rentSeries<V>(A: Arith<V>, d: Demand<V>, rent: Of<RentDerived, V>, horizon: number): Series<V>[] {
  const { prices } = rent;
  const hours = A.of(HOURS_PER_MONTH);
  // What is paid of each list cost after the negotiated discount.
  const storageKept = A.sub(A.one, rent.storageDiscount);
  const egressKept = A.sub(A.one, rent.egressDiscount);
  const storageCost = prices.storage && tieredCost(A, prices.storage);
  const egressCost = prices.egress && tieredCost(A, prices.egress);
  const compute: V[] = [];
  const storage: V[] = [];
  const egress: V[] = [];
  const gpu: V[] = [];
  const gpuKept = A.sub(A.one, rent.gpuDiscount);
  for (let m = 1; m <= horizon; m++) {
    const i = m - 1;
    const trend = A.trend(rent.priceTrend, m);
    const base = d.vcpuBase?.[i];
    const all = d.vcpuTotal?.[i];
    let c = A.zero;
    if (base !== undefined && all !== undefined && prices.computePerVcpuHour !== undefined) {
      const hourly = A.mul(A.mul(prices.computePerVcpuHour, trend), hours);
      const committed = A.mul(A.mul(base, hourly), A.sub(A.one, rent.computeDiscount));
      c = A.add(committed, A.mul(A.sub(all, base), hourly));
    }
    compute.push(c);
    const stored = d.storedBytes?.[i];
    storage.push(
      stored !== undefined && storageCost ? A.mul(A.mul(storageCost(stored), trend), storageKept) : A.zero,
    );
    const sent = d.egressBytes?.[i];
    let e = A.zero;
    if (
      sent !== undefined &&
      rent.egressBilling === "bandwidth" &&
      prices.bandwidthPerMbpsMonth !== undefined
    ) {
      // p95 Mbps = bytes · 8 / seconds in a month / 10^6 · peak-to-average
      const mbps = A.mul(
        A.div(A.div(A.mul(sent, A.of(8)), A.of(SECONDS_PER_MONTH)), A.of(1e6)),
        rent.peakToAverage,
      );
      e = A.mul(A.mul(mbps, prices.bandwidthPerMbpsMonth), trend);
    } else if (sent !== undefined && egressCost) e = A.mul(egressCost(sent), trend);
    egress.push(A.mul(e, egressKept));
    const gpus = d.gpus?.[i];
    // GPUs × 730 h × price per GPU-hour × trend × (1 − discount)
    gpu.push(
      gpus !== undefined && prices.gpuPerHour !== undefined
        ? A.mul(A.mul(A.mul(A.mul(gpus, hours), prices.gpuPerHour), trend), gpuKept)
        : A.zero,
    );
  }
  const series: Series<V>[] = [];
  if (d.vcpuTotal) series.push(opex("rent", "Compute", "compute", compute));
  if (d.storedBytes) series.push(opex("rent", "Storage", "storage", storage));
  if (d.egressBytes) series.push(opex("rent", "Egress", "egress", egress));
  if (d.gpus) series.push(opex("rent", "GPU", "gpu", gpu));
  const plan = rent.support;
  if (plan) {
    const fee = compute.map((c, i) =>
      supportFee(
        A,
        A.add(A.add(A.add(c, storage[i] ?? A.zero), egress[i] ?? A.zero), gpu[i] ?? A.zero),
        plan,
      ),
    );
    series.push(opex("rent", `Support (${plan.name})`, "support", fee));
  }
  return series;
}

/** A purchase of whole units; `retiredAt` is the go-live of its refresh, if that falls in the horizon. */
interface FleetPurchase<V> extends Purchase<V> {
  retiredAt: number | undefined;
}

/**
 * Buys whole units when the count needed rises (the increase only), `leadTime` months before
 * go-live (never before month 1), at the unit price moved by the yearly trend to the purchase
 * month. With `refresh`, each cohort is bought again when its lifetime ends inside the horizon.
 * Owned units are never sold when the need falls. Returns the units in service each month.
 */
function sizeFleet<V>(
  A: Arith<V>,
  needed: readonly V[],
  unit: { price: V; salvage: V },
  own: Of<OwnDerived, V>,
  purchases: FleetPurchase<V>[],
): V[] {
  const horizon = needed.length;
  const installed: V[] = [];
  let have = A.zero;
  for (let g = 1; g <= horizon; g++) {
    const want = A.max(have, needed[g - 1] ?? A.zero);
    if (A.cmp(want, have) > 0) {
      const units = A.sub(want, have);
      for (let goLive = g; goLive <= horizon; goLive += own.lifetimeMonths) {
        const cashMonth = Math.max(1, goLive - own.leadTimeMonths);
        const next = goLive + own.lifetimeMonths;
        purchases.push({
          cashMonth,
          goLive,
          lifetime: own.lifetimeMonths,
          amount: A.mul(A.mul(unit.price, units), A.trend(own.prices.hardwarePriceTrend, cashMonth)),
          retiredAt: own.refresh && next <= horizon ? next : undefined,
          // Sold when its refresh replaces it; hardware that is not refreshed stays in service.
          salvage: own.refresh ? unit.salvage : undefined,
          financing: own.financing,
        });
        if (!own.refresh) break;
      }
    }
    have = want;
    installed.push(have);
  }
  return installed;
}

/** vCPUs the owned fleet is sized for in each month, by strategy. */
function ownedVcpuTarget<V>(A: Arith<V>, own: Of<OwnDerived, V>, d: Demand<V>): V[] | undefined {
  const { vcpuBase, vcpuTotal } = d;
  if (!vcpuBase || !vcpuTotal) return undefined;
  const baseline = own.baseline;
  if (own.strategy === "full" || !baseline) return vcpuTotal;
  if (baseline.kind === "share") return vcpuBase.map((v) => A.mul(v, baseline.share));
  // The percentile of the demand (surges included) over the 12 months ending in this one.
  return vcpuTotal.map((_, i) =>
    percentile(A, vcpuTotal.slice(Math.max(0, i - 11), i + 1), baseline.percentile),
  );
}

/**
 * Full ownership or a hybrid derived from the workload (MODEL.md §3 "Own"): servers and storage
 * nodes sized and bought in whole units, network gear as a share of them, colocation and energy per
 * IT kW, transit per p95 Gbps, maintenance on installed capex. With `hybrid`, demand above the
 * owned fleet is served from the cloud at the on-demand price (the burst). Nothing is owned before
 * the migration starts, and only the moved share of the workload runs on it.
 */
function ownSeries<V>(
  A: Arith<V>,
  d: Demand<V>,
  own: Of<OwnDerived, V>,
  horizon: number,
  cloudShare: readonly V[],
  firstOwnedMonth: number,
  burstTrend: V,
  out: ModelRun<V>,
): void {
  const { prices } = own;
  const { series, drivers, ownPurchases } = out;
  const hours = A.of(HOURS_PER_MONTH);
  const hardware: FleetPurchase<V>[] = [];
  const hardwareLines: Series<V>[] = [];
  const itWatts = filled(horizon, A.zero);

  /** Sizes one kind of hardware and records its line item, purchases and watts. */
  const fleet = (
    name: string,
    category: string,
    needed: V[],
    unit: { price: V; watts: V; salvage: V },
  ): V[] => {
    const bought: FleetPurchase<V>[] = [];
    const installed = sizeFleet(
      A,
      needed.map((n, i) => (i + 1 < firstOwnedMonth ? A.zero : n)),
      unit,
      own,
      bought,
    );
    const line = capexSeries(A, name, category, horizon, bought, out.cashOnly);
    series.push(line);
    hardwareLines.push(line);
    for (const p of bought) hardware.push(p);
    installed.forEach((n, i) => {
      itWatts[i] = A.add(itWatts[i] ?? A.zero, A.mul(unit.watts, n));
    });
    return installed;
  };

  const target = ownedVcpuTarget(A, own, d);
  if (target && prices.server) {
    const perServer = A.mul(prices.server.vcpu, own.utilization);
    const servers = fleet(
      "Servers",
      "compute",
      target.map((v) => A.whole(v, perServer)),
      prices.server,
    );
    drivers.servers = servers;
    const all = d.vcpuTotal;
    if (own.strategy === "hybrid" && own.burstPerVcpuHour !== undefined && all) {
      const hourly = A.mul(own.burstPerVcpuHour, hours);
      const vcpu = servers.map((n, i) => {
        const moved = A.mul(all[i] ?? A.zero, A.sub(A.one, cloudShare[i] ?? A.zero));
        return A.max(A.zero, A.sub(moved, A.mul(perServer, n)));
      });
      const cost = vcpu.map((v, i) => A.mul(A.mul(v, hourly), A.trend(burstTrend, i + 1)));
      out.burst = { vcpu, cost };
      drivers.burstVcpu = vcpu;
      series.push(opex("own", "Cloud burst (compute)", "compute", cost));
    }
  }
  const stored = d.storedBytes;
  if (stored && prices.storageNode) {
    const usablePerNode = A.mul(prices.storageNode.rawBytes, own.fillRatio);
    const needed = stored.map((s) => A.whole(A.mul(s, own.redundancy), usablePerNode));
    drivers.storageNodes = fleet("Storage nodes", "storage", needed, prices.storageNode);
  }
  const gpus = d.gpus;
  if (gpus && prices.gpuServer) {
    // GPU servers = ceil(GPUs / (GPUs per server × utilization)), by the whole-unit rule.
    const perServer = A.mul(prices.gpuServer.gpus, own.gpuUtilization);
    drivers.gpuServers = fleet(
      "GPU servers",
      "gpu",
      gpus.map((g) => A.whole(g, perServer)),
      prices.gpuServer,
    );
  }

  // Network gear: a share of every hardware purchase, paid, depreciated and refreshed with it.
  const share = prices.networkShare;
  if (hardware.length > 0 && !A.isZero(share)) {
    const of = (basis: "cash" | "pnl" | "interest") => {
      const sum = filled(horizon, A.zero);
      for (const l of hardwareLines) {
        const amounts = l[basis];
        if (amounts) addInto(A, sum, amounts);
      }
      return sum.map((x) => A.mul(share, x));
    };
    const cash = of("cash");
    const gear: Series<V> = {
      side: "own",
      name: "Network gear",
      category: "network",
      cash,
      pnl: out.cashOnly ? cash : of("pnl"),
      capital: own.financing?.kind !== "lease",
    };
    if (hardwareLines.some((l) => l.interest)) gear.interest = of("interest");
    series.push(gear);
  }
  if (out.purchases)
    for (const p of hardware) {
      ownPurchases.push(p);
      if (!A.isZero(share)) ownPurchases.push({ ...p, amount: A.mul(p.amount, share) });
    }

  if (hardware.length > 0) {
    const kw = itWatts.map((w) => A.div(w, A.of(1000)));
    drivers.itKw = kw;
    const space = prices.spacePerKwMonth;
    if (space !== undefined)
      series.push(
        opex(
          "own",
          "Colocation (per kW)",
          "facility",
          kw.map((k) => A.mul(k, space)),
        ),
      );
    if (prices.energy) {
      const perKw = A.mul(A.mul(prices.energy.pue, hours), prices.energy.perKwh);
      series.push(
        opex(
          "own",
          "Energy",
          "facility",
          kw.map((k) => A.mul(k, perKw)),
        ),
      );
    }
    if (!A.isZero(prices.maintenanceYearly)) {
      // The capex in service (network gear included) × the yearly share / 12: divided last, so
      // that an exact half cent stays exact (and rounds half-even).
      const yearly = A.mul(prices.maintenanceYearly, A.add(A.one, share));
      const twelve = A.of(12);
      // Capex in service: + at go-live, − at retirement, then a running sum.
      const delta: V[] = filled(horizon + 2, A.zero);
      for (const p of hardware) {
        if (p.goLive <= horizon) delta[p.goLive] = A.add(delta[p.goLive] ?? A.zero, p.amount);
        if (p.retiredAt !== undefined && p.retiredAt <= horizon)
          delta[p.retiredAt] = A.sub(delta[p.retiredAt] ?? A.zero, p.amount);
      }
      let installed = A.zero;
      const cost = filled(horizon, A.zero).map((_, i) => {
        installed = A.add(installed, delta[i + 1] ?? A.zero);
        return A.div(A.mul(installed, yearly), twelve);
      });
      series.push(opex("own", "Maintenance", "maintenance", cost));
    }
  }

  const egress = d.egressBytes;
  const rate = prices.transitPerGbpsMonth;
  if (egress && rate !== undefined) {
    // Only the moved share of the traffic leaves through owned transit; the rest is in the cloud bill.
    const gbps = egress.map((bytes, i) => {
      const moved = A.mul(bytes, A.sub(A.one, cloudShare[i] ?? A.zero));
      return A.mul(
        A.div(A.div(A.mul(moved, A.of(8)), A.of(SECONDS_PER_MONTH)), A.of(1e9)),
        prices.peakToAverage,
      );
    });
    drivers.transitGbps = gbps;
    series.push(
      opex(
        "own",
        "Transit",
        "egress",
        gbps.map((g) => A.mul(g, rate)),
      ),
    );
  }
}

/**
 * Data moves at the link's full rate from the start month: it takes bytes · 8 / bits-per-second
 * seconds. Services move linearly over the ramp; the cloud keeps serving (and billing) the share
 * not yet moved, taken at the middle of each month.
 */
function migrationTimeline<V>(
  A: Arith<V>,
  m: Of<Migration, V>,
  storedAtStart: V | undefined,
  horizon: number,
) {
  const dataBytes = m.dataBytes ?? storedAtStart ?? A.zero;
  // No link means no data to move (the loader makes sure of it).
  const link = m.linkBitsPerSecond;
  const transferMonths =
    link === undefined ? A.zero : A.div(A.div(A.mul(dataBytes, A.of(8)), link), A.of(SECONDS_PER_MONTH));
  // The default ramp: the whole months the data transfer takes, at least one.
  const rampMonths = m.rampMonths ?? Math.max(1, A.num(A.whole(transferMonths, A.one)));
  const cloudShare: V[] = [];
  const migratedBytes: V[] = [];
  for (let month = 1; month <= horizon; month++) {
    const k = month - m.start; // months since the start
    if (k < 0) cloudShare.push(A.one);
    else if (k >= rampMonths) cloudShare.push(A.zero);
    else cloudShare.push(A.sub(A.one, A.div(A.add(A.of(k), A.of(0.5)), A.of(rampMonths))));
    if (k < 0 || A.isZero(transferMonths)) migratedBytes.push(A.zero);
    else {
      const from = A.min(A.of(k), transferMonths);
      const to = A.min(A.of(k + 1), transferMonths);
      migratedBytes.push(A.div(A.mul(dataBytes, A.sub(to, from)), transferMonths));
    }
  }
  return { dataBytes, transferMonths, rampMonths, cloudShare, migratedBytes };
}

/**
 * What the move costs the own side: the cloud bill for the share not yet moved (dual running),
 * commitments that bill whatever is used (dual running counts against them), and the egress of
 * the data moved (unless waived). The project's own items are added with the own items.
 */
function migrationSeries<V>(
  A: Arith<V>,
  m: Of<Migration, V>,
  timeline: ReturnType<typeof migrationTimeline<V>>,
  horizon: number,
  out: ModelRun<V>,
): { dual: V[]; committed: V[]; egress: V[] } {
  // The cloud's bill as it would have been: every rent line so far, on both bases.
  const rentTotal = (basis: "cash" | "pnl") => {
    const sum = filled(horizon, A.zero);
    for (const s of out.series) if (s.side === "rent") addInto(A, sum, s[basis]);
    return sum;
  };
  const committed = filled(horizon, A.zero);
  for (const c of m.commitments) {
    const amounts = committed.map((_, i) => {
      const step = c.steps.find((x) => i + 1 >= x.from && i + 1 <= x.to);
      return step ? step.perMonth : A.zero;
    });
    addInto(A, committed, amounts);
    out.series.push(opex("own", `Commitment: ${c.name}`, "migration", amounts));
  }
  // The cloud bills the larger of the usage still there and the commitments; the commitment lines
  // carry the committed part, dual running the usage above it.
  const above = (basis: V[]) =>
    basis.map((amount, i) =>
      A.max(A.zero, A.sub(A.mul(amount, timeline.cloudShare[i] ?? A.zero), committed[i] ?? A.zero)),
    );
  const dual = above(rentTotal("cash"));
  out.series.push({
    side: "own",
    name: "Dual running (cloud)",
    category: "migration",
    cash: dual,
    pnl: out.cashOnly ? dual : above(rentTotal("pnl")),
  });
  let egress: V[] = [];
  const price = m.egress;
  // A waiver with a window covers the data moved in months start … start + window − 1 only.
  const waived = (month: number) =>
    m.egressWaiver && (m.waiverMonths === undefined || month < m.start + m.waiverMonths);
  const billed = !m.egressWaiver || m.waiverMonths !== undefined;
  if (billed && price) {
    const cost = tieredCost(A, price);
    egress = timeline.migratedBytes.map((b, i) =>
      A.isZero(b) || waived(i + 1) ? A.zero : A.mul(cost(b), A.trend(m.priceTrend, i + 1)),
    );
    out.series.push(opex("own", "Migration egress", "migration", egress));
  }
  return { dual, committed, egress };
}

/** Scenario → every line item's exact monthly amounts, the purchases behind them and the drivers. */
export function runModel<V>(A: Arith<V>, s: Of<Scenario, V>, cashOnly = false): ModelRun<V> {
  const horizon = s.horizonMonths;
  const d = demandOf(A, s.workload, horizon);
  const out: ModelRun<V> = {
    cashOnly,
    purchases: !cashOnly || s.own.residual === "book",
    series: [],
    ownPurchases: [],
    // Every key from the start: an object whose shape never changes stays fast to read.
    drivers: {
      vcpu: d.vcpuTotal,
      storedBytes: d.storedBytes,
      egressBytes: d.egressBytes,
      surge: d.surge,
      gpus: d.gpus,
      gpuServers: undefined,
      servers: undefined,
      storageNodes: undefined,
      itKw: undefined,
      transitGbps: undefined,
      burstVcpu: undefined,
      cloudShare: undefined,
      migratedBytes: undefined,
    },
    burst: undefined,
    migration: undefined,
  };
  for (const item of s.rent.items) out.series.push(itemSeries(A, "rent", item, horizon, cashOnly));
  if (s.rent.derived) for (const x of rentSeries(A, d, s.rent.derived, horizon)) out.series.push(x);

  const m = s.migration;
  const timeline = m && migrationTimeline(A, m, d.storedBytes?.[m.start - 1], horizon);
  const cloudShare = timeline?.cloudShare ?? filled(horizon, A.zero);
  if (timeline) {
    out.drivers.cloudShare = timeline.cloudShare;
    out.drivers.migratedBytes = timeline.migratedBytes;
  }

  for (const item of [...s.own.items, ...(m?.items ?? [])])
    for (const p of itemPurchases(item, horizon)) out.ownPurchases.push(p);
  for (const item of s.own.items) out.series.push(itemSeries(A, "own", item, horizon, cashOnly));
  if (s.own.derived)
    ownSeries(
      A,
      d,
      s.own.derived,
      horizon,
      cloudShare,
      m?.start ?? 1,
      s.rent.derived?.priceTrend ?? A.zero,
      out,
    );
  const staff = s.own.staff;
  if (staff) {
    const perMonth = A.mul(staff.fte, staff.costPerFtePerMonth);
    out.series.push(opex("own", "Staff", "staff", filled(horizon, perMonth)));
  }
  if (m && timeline) {
    const costs = migrationSeries(A, m, timeline, horizon, out);
    const project = m.items.map((item) => itemSeries(A, "own", item, horizon, cashOnly));
    for (const x of project) out.series.push(x);
    out.migration = {
      dataBytes: timeline.dataBytes,
      transferMonths: timeline.transferMonths,
      rampMonths: timeline.rampMonths,
      egressCost: total(A, costs.egress),
      dualRunningCost: total(A, costs.dual),
      commitmentCost: total(A, costs.committed),
      projectCost: total(
        A,
        project.map((p) => total(A, p.cash)),
      ),
    };
  }
  if (s.own.residual === "book") {
    // The book value still undepreciated at the end, credited as cash in the last month (the
    // assets are worth that much), less the loan principal still owed on them; nothing on the P&L.
    const cash = filled(horizon, A.zero);
    cash[horizon - 1] = A.sub(
      loanBalance(A, out.ownPurchases, horizon),
      residualBookValue(A, out.ownPurchases, horizon),
    );
    out.series.push({
      side: "own",
      name: "Residual value (book)",
      category: "residual",
      cash,
      pnl: filled(horizon, A.zero),
    });
  }
  return out;
}
