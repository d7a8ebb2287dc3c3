import { yearTaxShields } from "../engine/calculate.js";
import type { GateResult, MonthResult, Result } from "../model/result.js";
import { type Decimal, fixed, ZERO } from "../units/decimal.js";

/** The version of the JSON result's structure (MODEL.md §5). Bump it on any breaking change. */
export const SCHEMA_VERSION: 1 = 1;

const m = (d: Decimal) => fixed(d, 2);
const opt = (d: Decimal | undefined, places = 2) => (d === undefined ? null : fixed(d, places));

/**
 * The JSON result: money and ratios as exact decimal strings rounded half-even to 2 places,
 * counts as numbers, absent figures as null. Key order is fixed, so output is byte-stable.
 * Item amounts are cents; months, years and totals are their sums (docs/model.md, "Cents").
 */
/** A whole count as a JSON number, or beyond 2^53 (where a number would lose digits) as a decimal string. */
function count(n: Decimal | undefined): number | string | null {
  if (n === undefined) return null;
  const v = n.toNumber();
  return Number.isSafeInteger(v) ? v : n.toFixed(0);
}

/** The JSON result (docs/json.md), as a type: what `calc --format json` writes, field by field. */
export type ResultJson = ReturnType<typeof toJson>;
/** One gate as every JSON output writes it. */
export type GateJson = ReturnType<typeof gateJson>;

export function toJson(r: Result) {
  return { ...head(r), months: r.months.map(monthJson), ...tail(r) };
}

/** Everything before the months. */
function head(r: Result) {
  const s = r.summary;
  const shields = yearTaxShields(r);
  return {
    schemaVersion: SCHEMA_VERSION,
    scenario: {
      name: r.scenario.name,
      currency: r.scenario.currency,
      horizonMonths: r.scenario.horizonMonths,
      start: r.scenario.start ?? null,
      // The yearly discount rate (cost of capital) of every NPV, in percent.
      discountRatePct: fixed(r.scenario.discountRate.times(100)),
    },
    fx: r.fx.map((f) => ({ code: f.code, rate: f.rate.toString() })),
    reporting: r.reporting
      ? { currency: r.reporting.currency, from: r.reporting.from, rate: r.reporting.rate.toString() }
      : null,
    catalogs: r.catalogs.map((c) => ({
      name: c.name,
      side: c.side,
      currency: c.currency,
      asOf: c.asOf,
      source: c.source,
      sha256: c.sha256,
      file: c.file,
      overridden: c.overridden,
    })),
    summary: {
      rent: { tco: m(s.rent.tco), npv: m(s.rent.npv), pnl: m(s.rent.pnl) },
      own: {
        tco: m(s.own.tco),
        npv: m(s.own.npv),
        pnl: m(s.own.pnl),
        capex: m(s.own.capex),
        residualBookValue: m(s.own.residualBookValue),
        loanBalance: m(s.own.loanBalance),
        residual: s.own.residual,
      },
      savings: { total: m(s.savings.total), pct: opt(s.savings.pct), npv: m(s.savings.npv) },
      breakEvenMonth: s.breakEvenMonth ?? null,
      paybackMonths: opt(s.paybackMonths),
      breakEvenDiscountPct: opt(s.breakEvenDiscountPct),
      afterTax: s.afterTax
        ? {
            rentNpv: m(s.afterTax.rentNpv),
            ownNpv: m(s.afterTax.ownNpv),
            savingsNpv: m(s.afterTax.savingsNpv),
          }
        : null,
      irr: opt(s.irr.pct),
      irrNote: s.irr.note ?? null,
      margin: {
        year: s.margin.year ?? null,
        grossMarginDeltaPp: opt(s.margin.grossMarginDeltaPp),
        netProfitDelta: opt(s.margin.netProfitDelta),
        netProfitDeltaPct: opt(s.margin.netProfitDeltaPct),
        ebitdaDelta: opt(s.margin.ebitdaDelta),
        ebitdaDeltaPct: opt(s.margin.ebitdaDeltaPct),
        valuationDelta: opt(s.margin.valuationDelta),
        valuation: r.business?.valuation
          ? { multiple: r.business.valuation.multiple.toString(), of: r.business.valuation.of }
          : null,
      },
      burst: s.burst
        ? {
            vcpuHours: fixed(s.burst.vcpuHours, 2),
            cost: m(s.burst.cost),
            months: s.burst.months,
            peakVcpu: fixed(s.burst.peakVcpu, 2),
          }
        : null,
      migration: s.migration
        ? {
            start: s.migration.start,
            dataBytes: fixed(s.migration.dataBytes, 0),
            transferMonths: fixed(s.migration.transferMonths, 2),
            rampMonths: s.migration.rampMonths,
            exitMonth: s.migration.exitMonth,
            egressCost: m(s.migration.egressCost),
            egressWaived: s.migration.egressWaived,
            dualRunningCost: m(s.migration.dualRunningCost),
            commitmentCost: m(s.migration.commitmentCost),
            projectCost: m(s.migration.projectCost),
          }
        : null,
    },
    years: r.years.map((y) => {
      const c = y;
      return {
        year: y.year,
        months: y.months,
        revenue: c.revenue === undefined ? null : m(c.revenue),
        rent: m(c.rent),
        rentPnl: m(c.rentPnl),
        ownCash: m(c.ownCash),
        ownPnl: m(c.ownPnl),
        savingsCash: m(c.savingsCash),
        savingsPnl: m(c.savingsPnl),
        grossMarginDeltaPp: opt(y.grossMarginDeltaPp),
        netProfitDelta: opt(y.netProfitDelta),
        netProfitDeltaPct: opt(y.netProfitDeltaPct),
        ebitdaDelta: opt(y.ebitdaDelta),
        ebitdaDeltaPct: opt(y.ebitdaDeltaPct),
        ownDepreciation: m(y.ownDepreciation),
        ownInterest: m(y.ownInterest),
        // The sums of the ledger's taxShield rows; null without a tax rate.
        rentTaxShield: shields ? m(shields[y.year - 1]?.rent ?? ZERO) : null,
        ownTaxShield: shields ? m(shields[y.year - 1]?.own ?? ZERO) : null,
      };
    }),
  };
}

/** One month of the JSON: its totals, drivers and line items. */
function monthJson(mo: MonthResult) {
  const c = mo;
  return {
    month: mo.month,
    label: mo.label,
    rent: m(c.rent),
    rentPnl: m(c.rentPnl),
    ownCash: m(c.ownCash),
    ownPnl: m(c.ownPnl),
    savings: m(c.savings),
    cumulativeSavings: m(c.cumulativeSavings),
    drivers: {
      vcpu: opt(mo.drivers.vcpu),
      storedBytes: opt(mo.drivers.storedBytes, 0),
      egressBytes: opt(mo.drivers.egressBytes, 0),
      servers: count(mo.drivers.servers),
      storageNodes: count(mo.drivers.storageNodes),
      gpus: opt(mo.drivers.gpus),
      gpuServers: count(mo.drivers.gpuServers),
      itKw: opt(mo.drivers.itKw, 3),
      transitGbps: opt(mo.drivers.transitGbps, 3),
      surge: opt(mo.drivers.surge, 4),
      burstVcpu: opt(mo.drivers.burstVcpu),
      cloudShare: opt(mo.drivers.cloudShare, 4),
      migratedBytes: opt(mo.drivers.migratedBytes, 0),
    },
    items: mo.items.map((row) => ({
      side: row.side,
      name: row.name,
      category: row.category,
      cash: m(row.cash),
      pnl: m(row.pnl),
      // Only on loan-financed items: the part of the P&L that is interest.
      ...(row.interest ? { interest: m(row.interest) } : {}),
    })),
  };
}

/** Everything after the months. */
function tail(r: Result) {
  return {
    gates: r.gates.map(gateJson),
    warnings: r.warnings,
    verdict: verdict(r.gates),
  };
}

/**
 * One gate as every JSON output writes it (calc, diff, simulate; docs/json.md, "Gates"). `ok` is
 * whether the condition holds, null when the gate was skipped on purpose (--no-simulate); a
 * warn-level gate that does not hold has ok false but never fails a run: read `verdict` for that.
 */
export function gateJson(g: GateResult) {
  const count = g.metric === "breakEvenMonths";
  const value = (d: Decimal | undefined) =>
    d === undefined ? null : count && d.isInteger() ? d.toNumber() : fixed(d, 2);
  return {
    name: g.metric,
    percentile: g.percentile ?? null,
    bound: g.bound,
    level: g.level,
    ok: g.skipped ? null : g.ok,
    skipped: g.skipped,
    actual: value(g.actual),
    limit: g.relative
      ? value(g.limit)
      : count
        ? (g.limit?.toNumber() ?? null)
        : (g.limit?.toString() ?? null),
    relative: g.relative ? { base: value(g.relative.base), pct: g.relative.pct.toString() } : null,
    from: g.from,
  };
}

/** fail when a fail-level gate was checked and does not hold; warn when only warn-level ones do not; else pass. */
export function verdict(gates: readonly GateResult[]): "pass" | "warn" | "fail" {
  const breached = gates.filter((g) => !g.skipped && !g.ok);
  return breached.some((g) => g.level === "fail") ? "fail" : breached.length > 0 ? "warn" : "pass";
}

/** The JSON text, two-space indented, with a final newline. */
export function renderJson(r: Result): string {
  return [...jsonChunks(r)].join("");
}

/**
 * The JSON text in pieces: what comes before the months, each month, what comes after. A long
 * ledger (600 months × 2,000 items) is written a month at a time and never exists whole, as text
 * or as a tree of strings. Joined, the pieces are JSON.stringify(toJson(r), null, 2) + "\n".
 */
export function* jsonChunks(r: Result): Generator<string> {
  const before = JSON.stringify(head(r), null, 2);
  yield `${before.slice(0, -2)},\n  "months": [`;
  for (const [i, mo] of r.months.entries())
    yield `${i > 0 ? "," : ""}\n    ${JSON.stringify(monthJson(mo), null, 2).replace(/\n/g, "\n    ")}`;
  yield r.months.length > 0 ? "\n  ]" : "]";
  yield `,\n${JSON.stringify(tail(r), null, 2).slice(2)}\n`;
}
