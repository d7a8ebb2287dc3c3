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
import { Decimal, fixed, groupDigits, HUNDRED, sum, ZERO } from "../units/decimal.js";
import { HOURS_PER_MONTH, STALE_YEARS, yearsBetween } from "../units/time.js";
import { type Arith, exact, total } from "./arith.js";
import { checkGates, summaryFigures } from "./gates.js";
import { addInto, loanBalance, residualBookValue, runModel, type Series } from "./model.js";
import { breakEvenMonth, irr, marginSummary, npv, paybackMonths, yearResults } from "./summary.js";

/** The label of model month m: the calendar month when the scenario has a `start`, else `M<m>`. */
export function monthLabel(start: YearMonth | undefined, month: number): string {
  if (!start) return `M${month}`;
  const index = start.year * 12 + (start.month - 1) + (month - 1);
  const year = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return `${year}-${String(mm).padStart(2, "0")}`;
}

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

/** Scenario (and the catalogs it was priced from) → the full result, in exact decimals. Pure and synchronous. */
export function calculate(scenario: Scenario, catalogs: readonly CatalogInfo[]): Result {
  const horizon = scenario.horizonMonths;
  const run = runModel(exact, scenario);
  const d = run.drivers;
  const drivers = Array.from(
    { length: horizon },
    (_, i): Drivers => ({
      vcpu: d.vcpu?.[i],
      storedBytes: d.storedBytes?.[i],
      egressBytes: d.egressBytes?.[i],
      servers: d.servers?.[i],
      storageNodes: d.storageNodes?.[i],
      gpus: d.gpus?.[i],
      gpuServers: d.gpuServers?.[i],
      itKw: d.itKw?.[i],
      transitGbps: d.transitGbps?.[i],
      surge: d.surge[i],
      burstVcpu: d.burstVcpu?.[i],
      cloudShare: d.cloudShare?.[i],
      migratedBytes: d.migratedBytes?.[i],
    }),
  );
  const burst = run.burst && {
    vcpuHours: sum(run.burst.vcpu).times(HOURS_PER_MONTH),
    cost: sum(run.burst.cost),
    months: run.burst.vcpu.filter((v) => !v.isZero()).length,
    peakVcpu: run.burst.vcpu.reduce((a, b) => Decimal.max(a, b), ZERO),
  };
  const migration = scenario.migration;
  const migrationSummary: Summary["migration"] = migration &&
    run.migration && {
      start: migration.start,
      dataBytes: run.migration.dataBytes,
      transferMonths: run.migration.transferMonths,
      rampMonths: run.migration.rampMonths,
      exitMonth: migration.start + run.migration.rampMonths,
      egressCost: run.migration.egressCost,
      egressWaived: migration.egressWaiver,
      dualRunningCost: run.migration.dualRunningCost,
      commitmentCost: run.migration.commitmentCost,
      projectCost: run.migration.projectCost,
    };

  const rate = scenario.business?.discountRate ?? ZERO;
  const settled = settle(
    run.series,
    drivers,
    drivers.map((_, i) => monthLabel(scenario.start, i + 1)),
    scenario.business,
    rate,
  );
  // The hardware acquired (bought or on a loan); a leased asset is the lessor's.
  const ownCapex = sum(
    run.ownPurchases
      .filter((p) => p.cashMonth <= horizon && p.financing?.kind !== "lease")
      .map((p) => p.amount),
  );
  const owed = loanBalance(exact, run.ownPurchases, horizon);
  const summary: Summary = {
    ...settled.summary,
    own: {
      ...settled.summary.own,
      capex: ownCapex,
      residualBookValue: residualBookValue(exact, run.ownPurchases, horizon),
      loanBalance: owed,
      residual: scenario.own.residual,
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
    warnings: [
      ...warnings(scenario, settled.months),
      ...(owed.isZero() || scenario.own.residual === "book"
        ? []
        : [
            `${groupDigits(fixed(owed))} ${scenario.currency} of loan principal is still owed after the horizon: the own TCO leaves it out, as it leaves out the hardware's remaining book value (own.residual: book counts both)`,
          ]),
    ],
  };
}

/** Months as ranges: [1, 2, 3, 7] → "1–3, 7". */
function monthRanges(months: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < months.length; ) {
    let j = i;
    while (j + 1 < months.length && (months[j + 1] as number) === (months[j] as number) + 1) j++;
    out.push(i === j ? `${months[i]}` : `${months[i]}–${months[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/**
 * Signs of a scenario that compares unlike things: a workload priced on one side only (the other
 * side then looks cheaper by all of it), or a side that costs nothing in some months.
 */

function warnings(scenario: Scenario, months: readonly MonthResult[]): string[] {
  const out: string[] = [];
  const w = scenario.workload;
  const hasWorkload = Boolean(w.vcpu || w.storedBytes || w.egressBytesPerMonth || w.gpu);
  const rent = scenario.rent.derived !== undefined;
  const own = scenario.own.derived !== undefined;
  // Items of the other side written in the workload's categories (an imported bill's compute,
  // storage and network) may well cover it: then it is not one-sided. An inferred category does not
  // count: a capex "Server" against a thousand vCPUs is exactly the mistake to warn about.
  const covered = (items: readonly { category: string; inferred?: boolean }[]) =>
    items.some((i) => !i.inferred && ["compute", "storage", "network", "egress", "gpu"].includes(i.category));
  if (hasWorkload && rent !== own && !covered(rent ? scenario.own.items : scenario.rent.items))
    out.push(
      rent
        ? "the workload is priced on the rent side only (rent.catalog): nothing on the own side serves it, so owning looks cheaper by its whole cloud bill; give own.catalog, or check that the own items cover it"
        : "the workload is priced on the own side only (own.catalog): nothing on the rent side pays for it, so renting looks cheaper by all of it; give rent.catalog, or check that the rent items cover it",
    );
  // A price much older than the others the scenario uses (a catalog's dated entry): say so, with
  // its age against the newest, a date in the files, never the clock.
  const dated = [...(scenario.rent.derived?.dated ?? []), ...(scenario.own.derived?.dated ?? [])];
  const newest = dated.reduce((a, d) => (d.asOf > a ? d.asOf : a), "");
  const stale = dated.filter((d) => yearsBetween(d.asOf, newest) > STALE_YEARS);
  for (const catalog of [...new Set(stale.map((d) => d.catalog))]) {
    const old = stale.filter((d) => d.catalog === catalog);
    out.push(
      `${catalog} prices more than ${STALE_YEARS} years older than the newest price this scenario uses (${newest}): ${old.map((d) => `${d.entry} (as of ${d.asOf}, ${yearsBetween(d.asOf, newest).toFixed(1)} years)`).join(", ")}; check them against current quotes, or override them in the scenario's prices`,
    );
  }
  // Nothing on either basis: a capex-only side pays nothing between purchases, but depreciates.
  for (const [side, costs] of [
    ["rent", (m: MonthResult) => [m.rent, m.rentPnl]],
    ["own", (m: MonthResult) => [m.ownCash, m.ownPnl]],
  ] as const) {
    const idle = months.filter((m) => costs(m).every((x) => x.isZero())).map((m) => m.month);
    if (idle.length === months.length) out.push(`the ${side} side costs nothing over the whole horizon`);
    else if (idle.length > 0)
      out.push(`the ${side} side costs nothing in month${idle.length > 1 ? "s" : ""} ${monthRanges(idle)}`);
  }
  return out;
}

/**
 * The tax shield of each line item, month by month: the tax its P&L amount saves (tax rate × P&L),
 * rounded to the cent along the item's months by the one rounding rule, so an item's shields add up
 * to tax rate × its P&L total, to the cent. Call the returned function once per month, in order,
 * with that month's items (always the same items in the same order); it gives their shields. All
 * zero without a tax rate. The CSV ledger's taxShield column and the years' tax shields use it; the
 * after-tax NPVs discount tax rate × each month's P&L exactly (MODEL.md §8).
 */
export function taxShields(
  count: number,
  taxRate: Decimal | undefined,
): (items: readonly ItemAmount[]) => Decimal[] {
  const running: Decimal[] = new Array<Decimal>(count).fill(ZERO);
  const shown: Decimal[] = running.slice();
  if (!taxRate) return (items) => items.map(() => ZERO);
  return (items) =>
    items.map((item, k) => {
      if (item.pnl.isZero()) return ZERO;
      running[k] = (running[k] as Decimal).plus(item.pnl);
      // A tax rate times a sum of cents is exact in a few digits: one half-even rounding is the rule.
      const c = taxRate.times(running[k] as Decimal).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
      const shield = c.minus(shown[k] as Decimal);
      shown[k] = c;
      return shield;
    });
}

/** Each model year's tax shields on each side: the sums of the ledger's taxShield rows (undefined without a tax rate). */
export function yearTaxShields(r: Result): { rent: Decimal; own: Decimal }[] | undefined {
  const tax = r.business?.taxRate;
  if (!tax) return undefined;
  const shields = taxShields(r.months[0]?.items.length ?? 0, tax);
  const years: { rent: Decimal; own: Decimal }[] = [];
  for (const m of r.months) {
    const y = Math.ceil(m.month / 12) - 1;
    const sums = years[y] ?? { rent: ZERO, own: ZERO };
    shields(m.items).forEach((s, k) => {
      if ((m.items[k] as ItemAmount).side === "rent") sums.rent = sums.rent.plus(s);
      else sums.own = sums.own.plus(s);
    });
    years[y] = sums;
  }
  return years;
}

/** The one rounding rule, for one line item: its amounts rounded to the cent along its months, in place. */
export function roundAlong<V>(A: Arith<V>, amounts: V[]): void {
  let running = A.zero;
  let shown = A.zero;
  for (let i = 0; i < amounts.length; i++) {
    // Nothing this month: the running total and its cents stay, and so does the zero.
    if (A.isZero(amounts[i] as V)) continue;
    running = A.add(running, amounts[i] as V);
    const c = A.cents(running);
    amounts[i] = A.sub(c, shown);
    shown = c;
  }
}

/**
 * Every item's cash rounded by the one rule (in place), then the cash figures: each side's months
 * and TCO, cumulative savings, NPVs, break-even and payback. Calc and every simulated run alike.
 */
export function cashFigures<V>(A: Arith<V>, series: readonly Series<V>[], horizon: number, discountRate: V) {
  const rent: V[] = new Array<V>(horizon).fill(A.zero);
  const own = rent.slice();
  for (const s of series) {
    roundAlong(A, s.cash);
    addInto(A, s.side === "rent" ? rent : own, s.cash);
  }
  let running = A.zero;
  const cumulative: V[] = [];
  for (let i = 0; i < horizon; i++) {
    // A sum of cents is cents: in floats, rounding it keeps 0.1 + 0.2 from reading as 0.30000000000000004.
    running = A.cents(A.add(running, A.sub(rent[i] as V, own[i] as V)));
    cumulative.push(running);
  }
  const rentTco = total(A, rent);
  const ownTco = total(A, own);
  const rentNpv = npv(A, rent, discountRate);
  const ownNpv = npv(A, own, discountRate);
  const breakEven = breakEvenMonth(A, cumulative);
  return {
    rent,
    own,
    cumulative,
    rentTco,
    ownTco,
    rentNpv,
    ownNpv,
    savings: A.sub(rentTco, ownTco),
    // The NPVs are rounded to the cent before their difference, so rent − own = savings holds in
    // every output.
    savingsNpv: A.sub(A.cents(rentNpv), A.cents(ownNpv)),
    breakEvenMonth: breakEven,
    paybackMonths: paybackMonths(A, cumulative, breakEven),
  };
}

/** Each side's months as shown: cash and P&L totals in cents. */
export interface SideMonths {
  rent: Decimal;
  rentPnl: Decimal;
  ownCash: Decimal;
  ownPnl: Decimal;
}

/**
 * The after-tax NPVs: cash − tax rate × P&L, month by month, discounted like the cash (MODEL.md
 * §8); the savings NPV is the difference of the two rounded to the cent, as for the cash NPVs.
 */
export function afterTaxNpvs(taxRate: Decimal, months: readonly SideMonths[], discountRate: Decimal) {
  const rentNpv = npv(
    exact,
    months.map((m) => m.rent.minus(taxRate.times(m.rentPnl))),
    discountRate,
  );
  const ownNpv = npv(
    exact,
    months.map((m) => m.ownCash.minus(taxRate.times(m.ownPnl))),
    discountRate,
  );
  return { rentNpv, ownNpv, savingsNpv: exact.cents(rentNpv).minus(exact.cents(ownNpv)) };
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
  /** Each item's exact monthly amounts; rounded in place (a long ledger has millions). */
  series: readonly Series<Decimal>[],
  drivers: readonly Drivers[],
  labels: readonly string[],
  business: Business | undefined,
  discountRate: Decimal,
): { months: MonthResult[]; years: YearResult[]; summary: Omit<Summary, "burst" | "migration"> } {
  const horizon = labels.length;
  // Opex counts the same on both bases (one array): its P&L cents are its cash cents.
  for (const s of series) if (s.pnl !== s.cash) roundAlong(exact, s.pnl);
  const cash = cashFigures(exact, series, horizon, discountRate);
  for (const s of series) if (s.interest) roundAlong(exact, s.interest);
  const months: MonthResult[] = labels.map((label, i) => {
    let ownDepreciation = ZERO;
    let ownInterest = ZERO;
    const items = series.map((s): ItemAmount => {
      const cash = s.cash[i] as Decimal;
      const pnl = s.pnl[i] as Decimal;
      if (!s.capital) return { side: s.side, name: s.name, category: s.category, cash, pnl };
      const interest = s.interest?.[i] as Decimal | undefined;
      if (s.side === "own") {
        ownDepreciation = ownDepreciation.plus(interest ? pnl.minus(interest) : pnl);
        if (interest) ownInterest = ownInterest.plus(interest);
      }
      const item: ItemAmount = { side: s.side, name: s.name, category: s.category, cash, pnl, capital: true };
      if (interest) item.interest = interest;
      return item;
    });
    const totals = addBySide(noSums(), items);
    return {
      month: i + 1,
      label,
      rent: totals.rent.cash,
      rentPnl: totals.rent.pnl,
      ownCash: totals.own.cash,
      ownPnl: totals.own.pnl,
      ownDepreciation,
      ownInterest,
      savings: totals.rent.cash.minus(totals.own.cash),
      cumulativeSavings: cash.cumulative[i] as Decimal,
      items,
      drivers: drivers[i] as Drivers,
    };
  });
  const years = yearResults(months, business);
  const afterTax = business && afterTaxNpvs(business.taxRate, months, discountRate);
  return {
    months,
    years,
    summary: {
      rent: { tco: cash.rentTco, npv: cash.rentNpv, pnl: sum(months.map((m) => m.rentPnl)) },
      own: {
        tco: cash.ownTco,
        npv: cash.ownNpv,
        pnl: sum(months.map((m) => m.ownPnl)),
        capex: ZERO,
        residualBookValue: ZERO,
        loanBalance: ZERO,
        residual: "none",
      },
      savings: {
        total: cash.savings,
        // The percentage uses the TCOs as shown.
        pct: cash.rentTco.isZero() ? undefined : cash.savings.dividedBy(cash.rentTco).times(HUNDRED),
        npv: cash.savingsNpv,
      },
      breakEvenMonth: cash.breakEvenMonth,
      paybackMonths: cash.paybackMonths,
      // The uniform cut in every cloud price at which owning stops winning on NPV: savings NPV /
      // rent NPV (both as shown).
      afterTax,
      irr: irr(months.map((m) => m.savings)),
      breakEvenDiscountPct: exact.isZero(exact.cents(cash.rentNpv))
        ? undefined
        : cash.savingsNpv.dividedBy(exact.cents(cash.rentNpv)).times(HUNDRED),
      margin: marginSummary(years, business),
    },
  };
}
