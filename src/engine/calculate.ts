import type {
  CatalogInfo,
  Drivers,
  ItemAmount,
  MonthResult,
  Result,
  Summary,
  YearResult,
} from "../model/result.js";
import type { Business, Scenario, YearMonth } from "../model/scenario.js";
import { cents, Decimal, HUNDRED, sum, ZERO } from "../units/decimal.js";
import { type Demand, demandSeries } from "./demand.js";
import { checkGates, summaryFigures } from "./gates.js";
import { migrationSeries, migrationTimeline, noMigration } from "./migration.js";
import { ownDerivedSeries, staffSeries } from "./own.js";
import { rentDerivedSeries } from "./rent.js";
import {
  HOURS_PER_MONTH,
  type ItemSeries,
  itemPurchases,
  itemSeries,
  type Purchase,
  residualBookValue,
} from "./series.js";
import { breakEvenMonth, marginSummary, npv, paybackMonths, yearResults } from "./summary.js";

/** The label of model month m: the calendar month when the scenario has a `start`, else `M<m>`. */
export function monthLabel(start: YearMonth | undefined, month: number): string {
  if (!start) return `M${month}`;
  const index = start.year * 12 + (start.month - 1) + (month - 1);
  const year = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return `${year}-${String(mm).padStart(2, "0")}`;
}

function emptyDrivers(demand: Demand, i: number): Drivers {
  return {
    vcpu: demand.vcpuTotal?.[i],
    storedBytes: demand.storedBytes?.[i],
    egressBytes: demand.egressBytes?.[i],
    servers: undefined,
    storageNodes: undefined,
    itKw: undefined,
    transitGbps: undefined,
    surge: demand.surge[i],
    burstVcpu: undefined,
    cloudShare: undefined,
    migratedBytes: undefined,
  };
}

/** Month-by-month totals of one side on both bases. */
function sideTotals(series: readonly ItemSeries[], side: "rent" | "own", horizon: number) {
  const of = (basis: "cash" | "pnl") =>
    Array.from({ length: horizon }, (_, i) =>
      sum(series.filter((s) => s.side === side).map((s) => s[basis][i] ?? ZERO)),
    );
  return { cash: of("cash"), pnl: of("pnl") };
}

/** Scenario (and the catalogs it was priced from) → the full result. Pure and synchronous. */
/** Cash and P&L totals of the two sides. */
export interface SideSums {
  rent: { cash: Decimal; pnl: Decimal };
  own: { cash: Decimal; pnl: Decimal };
}

export const noSums = (): SideSums => ({ rent: { cash: ZERO, pnl: ZERO }, own: { cash: ZERO, pnl: ZERO } });

/** Adds each item's cash and P&L to its side's totals in `sums`, in item order; returns `sums`. */
export function addBySide(sums: SideSums, items: readonly ItemAmount[]): SideSums {
  for (const i of items) {
    const side = sums[i.side];
    side.cash = side.cash.plus(i.cash);
    side.pnl = side.pnl.plus(i.pnl);
  }
  return sums;
}

export function calculate(scenario: Scenario, catalogs: readonly CatalogInfo[]): Result {
  const horizon = scenario.horizonMonths;
  const demand = demandSeries(scenario.workload, horizon);
  const drivers = Array.from({ length: horizon }, (_, i) => emptyDrivers(demand, i));

  const series: ItemSeries[] = [];
  for (const item of scenario.rent.items) series.push(itemSeries("rent", item, horizon));
  if (scenario.rent.derived)
    for (const x of rentDerivedSeries(demand, scenario.rent.derived, horizon)) series.push(x);

  const migration = scenario.migration;
  const timeline = migration
    ? migrationTimeline(migration, demand.storedBytes?.[migration.start - 1], horizon)
    : undefined;
  const cloudShare = timeline?.cloudShare ?? noMigration(horizon).cloudShare;

  const ownPurchases: Purchase[] = [];
  for (const item of [...scenario.own.items, ...(migration?.items ?? [])])
    for (const x of itemPurchases(item, horizon)) ownPurchases.push(x);
  for (const item of scenario.own.items) series.push(itemSeries("own", item, horizon));
  let burst: Summary["burst"];
  if (scenario.own.derived) {
    const derived = ownDerivedSeries(
      demand,
      scenario.own.derived,
      horizon,
      drivers,
      cloudShare,
      migration?.start ?? 1,
      scenario.rent.derived?.priceTrend ?? ZERO,
    );
    for (const x of derived.series) series.push(x);
    for (const x of derived.purchases) ownPurchases.push(x);
    if (derived.burstVcpu && derived.burstCost) {
      burst = {
        vcpuHours: sum(derived.burstVcpu).times(HOURS_PER_MONTH),
        cost: sum(derived.burstCost),
        months: derived.burstVcpu.filter((v) => !v.isZero()).length,
        peakVcpu: derived.burstVcpu.reduce((a, b) => Decimal.max(a, b), ZERO),
      };
    }
  }
  if (scenario.own.staff) series.push(staffSeries(scenario.own.staff, horizon));
  let migrationSummary: Summary["migration"];
  if (migration && timeline) {
    const costs = migrationSeries(migration, timeline, sideTotals(series, "rent", horizon), horizon, drivers);
    for (const x of costs.series) series.push(x);
    migrationSummary = {
      start: migration.start,
      dataBytes: timeline.dataBytes,
      transferMonths: timeline.transferMonths,
      rampMonths: timeline.rampMonths,
      exitMonth: migration.start + timeline.rampMonths,
      egressCost: costs.egressCost,
      egressWaived: migration.egressWaiver,
      dualRunningCost: costs.dualRunningCost,
      commitmentCost: costs.commitmentCost,
      projectCost: costs.projectCost,
    };
  }

  const exactMonths = Array.from({ length: horizon }, (_, i) =>
    series.map((s) => ({
      side: s.side,
      name: s.name,
      category: s.category,
      cash: s.cash[i] ?? ZERO,
      pnl: s.pnl[i] ?? ZERO,
    })),
  );
  const rate = scenario.business?.discountRate ?? ZERO;
  const settled = settle(
    exactMonths,
    drivers,
    exactMonths.map((_, i) => monthLabel(scenario.start, i + 1)),
    scenario.business,
    rate,
  );
  const ownCapex = sum(ownPurchases.filter((p) => p.cashMonth <= horizon).map((p) => p.amount));
  const summary: Summary = {
    ...settled.summary,
    own: {
      ...settled.summary.own,
      capex: ownCapex,
      residualBookValue: residualBookValue(ownPurchases, horizon),
    },
    burst,
    migration: migrationSummary,
  };

  return {
    scenario: {
      name: scenario.name,
      currency: scenario.currency,
      horizonMonths: horizon,
      start: scenario.start && monthLabel(scenario.start, 1),
      discountRate: rate,
    },
    fx: scenario.fx.map((f) => ({ code: f.code, rate: f.rate })),
    reporting: undefined,
    catalogs: [...catalogs],
    business: scenario.business,
    summary,
    years: settled.years,
    months: settled.months,
    gates: checkGates(scenario.gates, summaryFigures(summary)),
  };
}

/**
 * The one rounding rule (docs/model.md, "Cents"). Each line item's monthly amounts, exact until
 * here, are rounded to the cent along its months: a month's amount is the change in the item's
 * running total rounded half-even, so the item's months add up to its exact horizon total rounded
 * to the cent. Every other money figure is a sum of those item cents: a month's side totals, its
 * cumulative savings, the years, the TCOs, and the NPVs (of the months' cents). So every total
 * equals the sum of the rows shown under it, in every output, across items and across months.
 * The break-even month and payback are read from the cumulative savings as shown.
 */
export function settle(
  /** Fresh item amounts, month by month; rounded in place (a long ledger has millions). */
  exact: ItemAmount[][],
  drivers: readonly Drivers[],
  labels: readonly string[],
  business: Business | undefined,
  discountRate: Decimal,
): { months: MonthResult[]; years: YearResult[]; summary: Omit<Summary, "burst" | "migration"> } {
  const items = exact[0]?.length ?? 0;
  const running = Array.from({ length: items }, () => ({
    cash: ZERO,
    pnl: ZERO,
    shownCash: ZERO,
    shownPnl: ZERO,
  }));
  const months: MonthResult[] = [];
  let cumulative = ZERO;
  exact.forEach((row, i) => {
    row.forEach((item, k) => {
      const r = running[k] as (typeof running)[number];
      r.cash = r.cash.plus(item.cash);
      const cash = r.cash.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
      const cashCents = cash.minus(r.shownCash);
      r.shownCash = cash;
      if (item.pnl === item.cash) {
        // Opex counts the same on both bases: its P&L cents are its cash cents.
        r.pnl = r.cash;
        r.shownPnl = cash;
        item.pnl = cashCents;
      } else {
        r.pnl = r.pnl.plus(item.pnl);
        const pnl = r.pnl.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
        item.pnl = pnl.minus(r.shownPnl);
        r.shownPnl = pnl;
      }
      item.cash = cashCents;
    });
    const totals = addBySide(noSums(), row);
    const savings = totals.rent.cash.minus(totals.own.cash);
    cumulative = cumulative.plus(savings);
    months.push({
      month: i + 1,
      label: labels[i] as string,
      rent: totals.rent.cash,
      rentPnl: totals.rent.pnl,
      ownCash: totals.own.cash,
      ownPnl: totals.own.pnl,
      savings,
      cumulativeSavings: cumulative,
      items: row,
      drivers: drivers[i] as Drivers,
    });
  });
  const rentCash = months.map((m) => m.rent);
  const ownCash = months.map((m) => m.ownCash);
  const rentTco = sum(rentCash);
  const ownTco = sum(ownCash);
  const cumulativeSeries = months.map((m) => m.cumulativeSavings);
  const breakEven = breakEvenMonth(cumulativeSeries);
  const years = yearResults(months, business);
  const rentNpv = npv(rentCash, discountRate);
  const ownNpv = npv(ownCash, discountRate);
  return {
    months,
    years,
    summary: {
      rent: { tco: rentTco, npv: rentNpv, pnl: sum(months.map((m) => m.rentPnl)) },
      own: {
        tco: ownTco,
        npv: ownNpv,
        pnl: sum(months.map((m) => m.ownPnl)),
        capex: ZERO,
        residualBookValue: ZERO,
      },
      // The NPVs are rounded to the cent before their difference, so rent − own = savings holds
      // in every output; the percentage uses the TCOs as shown.
      savings: {
        total: rentTco.minus(ownTco),
        pct: rentTco.isZero() ? undefined : rentTco.minus(ownTco).dividedBy(rentTco).times(HUNDRED),
        npv: cents(rentNpv).minus(cents(ownNpv)),
      },
      breakEvenMonth: breakEven,
      paybackMonths: paybackMonths(cumulativeSeries, breakEven),
      margin: marginSummary(years, business),
    },
  };
}
