import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { Decimal, HUNDRED, sum, ZERO } from "../units/decimal.js";
import type { BillRead, CostBasis, Grouping, PeriodRead } from "./focus.js";

/**
 * From what was read of a FOCUS bill to a scenario (MODEL.md §9): which periods are full, the
 * run-rate of each item over the last N of them, each item's trend, and the workload the bill's
 * quantities show. Pure arithmetic on exact decimals; docs/import.md explains every rule.
 */

export interface ImportOptions {
  months: number;
  basis: CostBasis;
  grouping: Grouping;
}

export interface PeriodSummary extends PeriodRead {
  total: Decimal;
  full: boolean;
}

export interface ImportedItem {
  name: string;
  category: string;
  /** The mean over the periods used, exact. */
  mean: Decimal;
  /** What the scenario writes: the mean in cents, apportioned so the items add up to the total's cents. */
  monthly: Decimal;
  /** Cost in each period used, oldest first. */
  perPeriod: Decimal[];
  /** Least-squares slope over the periods used, in percent of the mean a month; undefined with < 2 periods. */
  trendPct: Decimal | undefined;
  /** Negative items (credits) folded into this one, by name and amount. */
  folded: { name: string; mean: Decimal }[];
}

export interface ImportedWorkload {
  /** Average vCPUs in use: instance-hours × vCPUs / the hours of the period, mean over the periods used. */
  vcpu: Decimal;
  storedBytes: Decimal;
  egressBytesPerMonth: Decimal;
  /** Instance types not in pricing/focus/instance-types.yaml: never guessed. */
  unknownTypes: { type: string; hours: Decimal; cost: Decimal }[];
  /** The cost of the rows the workload was derived from (mean a month), and its share of the run-rate. */
  explainedCost: Decimal;
  explainedPct: Decimal | undefined;
  /** Providers whose GB unit is not known (read as 10^9 bytes). */
  decimalProviders: string[];
}

export interface ImportResult {
  currency: string;
  periods: PeriodSummary[];
  /** The full periods the run-rate is the mean of (the last N). */
  used: string[];
  items: ImportedItem[];
  /** Σ items' means, exact, and in cents (= Σ items' `monthly`). */
  total: Decimal;
  totalCents: Decimal;
  workload: ImportedWorkload | undefined;
}

const DAY_MS = 86_400_000;
const time = (s: string) => Date.parse(`${s.replace(" ", "T").replace(/\+00(:?00)?$/, "")}Z`);

/** A period is full when its charges reach its end, within a day (MODEL.md §9). */
export function isFull(p: PeriodRead): boolean {
  return time(p.chargesEnd) >= time(p.end) - DAY_MS;
}

const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

/**
 * Means in cents that add up to the total's cents: each mean is cut to the cent, and the cents
 * still missing go one each to the largest remainders (ties to the first in order).
 */
export function apportion(means: readonly Decimal[]): Decimal[] {
  const target = cents(sum(means));
  const floors = means.map((m) => m.toDecimalPlaces(2, Decimal.ROUND_FLOOR));
  let missing = target.minus(sum(floors)).times(100).toNumber();
  const order = means
    .map((m, i) => ({ i, rest: m.minus(floors[i] as Decimal) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  const out = floors.slice();
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] = (out[i] as Decimal).plus("0.01");
    missing--;
  }
  return out;
}

/** Least-squares slope of ys over 0…n−1, in percent of their mean; undefined with fewer than 2 or a zero mean. */
export function trendPct(ys: readonly Decimal[]): Decimal | undefined {
  const n = ys.length;
  if (n < 2) return undefined;
  const mean = sum(ys).dividedBy(n);
  if (mean.isZero()) return undefined;
  const xMean = new Decimal(n - 1).dividedBy(2);
  let sxy = ZERO;
  let sxx = ZERO;
  ys.forEach((y, x) => {
    const dx = new Decimal(x).minus(xMean);
    sxy = sxy.plus(dx.times(y.minus(mean)));
    sxx = sxx.plus(dx.times(dx));
  });
  return sxy.dividedBy(sxx).dividedBy(mean.abs()).times(HUNDRED);
}

/** pricing/focus/instance-types.yaml: vCPUs by instance type, and each provider's GB. */
export interface InstanceTable {
  asOf: string;
  types: Map<string, Decimal>;
  binary: Set<string>;
}

export function instanceTable(): InstanceTable {
  const file = fileURLToPath(new URL("../../pricing/focus/instance-types.yaml", import.meta.url));
  const raw = parse(readFileSync(file, "utf8")) as {
    asOf: string;
    types: Record<string, number>;
    gigabyte: Record<string, string>;
  };
  return {
    asOf: String(raw.asOf),
    types: new Map(Object.entries(raw.types).map(([k, v]) => [k, new Decimal(v)])),
    binary: new Set(
      Object.entries(raw.gigabyte)
        .filter(([, v]) => v === "binary")
        .map(([k]) => k),
    ),
  };
}

const GIB = new Decimal(2).pow(30);
const GB = new Decimal(10).pow(9);

/** The scenario's view of the bill: periods, the run-rate of each item, and the workload. */
export function summarizeBill(read: BillRead, o: ImportOptions, table?: InstanceTable): ImportResult {
  const totals = new Map<string, Decimal>();
  for (const c of read.costs) totals.set(c.period, (totals.get(c.period) ?? ZERO).plus(c.cost));
  const periods: PeriodSummary[] = read.periods.map((p) => ({
    ...p,
    total: totals.get(p.period) ?? ZERO,
    full: isFull(p),
  }));
  const used = periods
    .filter((p) => p.full)
    .slice(-o.months)
    .map((p) => p.period);
  const n = used.length;
  // Each item's cost in each period used (0 where it has no rows).
  const byKey = new Map<string, { category: string; perPeriod: Decimal[]; weight: Decimal }>();
  for (const c of read.costs) {
    const at = used.indexOf(c.period);
    const entry = byKey.get(c.key) ?? {
      category: c.category,
      perPeriod: used.map(() => ZERO),
      weight: ZERO,
    };
    if (at >= 0) entry.perPeriod[at] = (entry.perPeriod[at] as Decimal).plus(c.cost);
    // The item's category: the one of its latest rows.
    entry.category = c.category;
    byKey.set(c.key, entry);
  }
  const raw = [...byKey.entries()]
    .map(([name, e]) => ({
      name,
      category: e.category,
      perPeriod: e.perPeriod,
      mean: n === 0 ? ZERO : sum(e.perPeriod).dividedBy(n),
    }))
    .filter((i) => n > 0 && i.perPeriod.some((x) => !x.isZero()))
    .sort((a, b) => b.mean.comparedTo(a.mean) || a.name.localeCompare(b.name, "en"));
  // A scenario's amounts are zero or more: a negative run-rate (credits) is folded into the largest item.
  const positive = raw.filter((i) => !i.mean.isNegative());
  const negative = raw.filter((i) => i.mean.isNegative());
  const items: ImportedItem[] = positive.map((i) => ({
    ...i,
    monthly: ZERO,
    trendPct: trendPct(i.perPeriod),
    folded: [],
  }));
  for (const neg of negative) {
    const into = items[0];
    if (!into) break;
    into.folded.push({ name: neg.name, mean: neg.mean });
    into.mean = into.mean.plus(neg.mean);
    into.perPeriod = into.perPeriod.map((x, k) => x.plus(neg.perPeriod[k] as Decimal));
  }
  const total = sum(items.map((i) => i.mean));
  const monthly = apportion(items.map((i) => Decimal.max(ZERO, i.mean)));
  items.forEach((i, k) => {
    i.monthly = monthly[k] as Decimal;
  });
  return {
    currency: read.currencies[0] ?? "USD",
    periods,
    used,
    items,
    total,
    totalCents: sum(monthly),
    workload: table && read.usage.length > 0 ? workloadOf(read, used, periods, table, total) : undefined,
  };
}

function workloadOf(
  read: BillRead,
  used: readonly string[],
  periods: readonly PeriodSummary[],
  table: InstanceTable,
  total: Decimal,
): ImportedWorkload {
  const n = used.length;
  const hoursOf = new Map(
    periods.map((p) => [p.period, new Decimal(time(p.end) - time(p.start)).dividedBy(3_600_000)]),
  );
  let vcpu = ZERO;
  let stored = ZERO;
  let egress = ZERO;
  let explained = ZERO;
  const unknown = new Map<string, { hours: Decimal; cost: Decimal }>();
  const decimalProviders = new Set<string>();
  for (const u of read.usage) {
    if (!used.includes(u.period)) continue;
    const q = new Decimal(u.quantity);
    const perGb = table.binary.has(u.provider) ? GIB : GB;
    if (u.kind !== "instance" && !table.binary.has(u.provider))
      decimalProviders.add(u.provider || "(no provider)");
    if (u.kind === "storage") {
      stored = stored.plus(q.times(perGb));
      explained = explained.plus(u.cost);
    } else if (u.kind === "egress") {
      egress = egress.plus(q.times(perGb));
      explained = explained.plus(u.cost);
    } else {
      const v = table.types.get(u.type);
      if (v === undefined) {
        const key = u.type || "(no instance type in the description)";
        const prev = unknown.get(key) ?? { hours: ZERO, cost: ZERO };
        unknown.set(key, { hours: prev.hours.plus(q), cost: prev.cost.plus(u.cost) });
        continue;
      }
      vcpu = vcpu.plus(q.times(v).dividedBy(hoursOf.get(u.period) ?? 730));
      explained = explained.plus(u.cost);
    }
  }
  const mean = (d: Decimal) => (n === 0 ? ZERO : d.dividedBy(n));
  return {
    vcpu: mean(vcpu),
    storedBytes: mean(stored),
    egressBytesPerMonth: mean(egress),
    unknownTypes: [...unknown.entries()]
      .map(([type, x]) => ({ type, hours: mean(x.hours), cost: mean(x.cost) }))
      .sort((a, b) => b.cost.comparedTo(a.cost) || a.type.localeCompare(b.type, "en")),
    explainedCost: mean(explained),
    explainedPct: total.isZero() ? undefined : mean(explained).dividedBy(total).times(HUNDRED),
    decimalProviders: [...decimalProviders].sort(),
  };
}
