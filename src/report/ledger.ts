import { addBySide, noSums } from "../engine/calculate.js";
import type { Result, Side } from "../model/result.js";
import { Decimal, sum, ZERO } from "../units/decimal.js";

/**
 * Rounds a sequence of exact amounts to cents so that every running total is the exact running
 * total rounded half-even: each amount is the change in the rounded running total. Parts always
 * add up to the whole, and no part is more than a cent from its own exact value.
 */
export function centsCumulative(values: readonly Decimal[]): Decimal[] {
  let exact = ZERO;
  let shown = ZERO;
  return values.map((v) => {
    exact = exact.plus(v);
    const rounded = exact.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    const part = rounded.minus(shown);
    shown = rounded;
    return part;
  });
}

export interface LedgerRow {
  month: number;
  label: string;
  side: Side;
  category: string;
  item: string;
  cash: Decimal;
  pnl: Decimal;
}

export interface LedgerMonth {
  month: number;
  label: string;
  rent: Decimal;
  rentPnl: Decimal;
  ownCash: Decimal;
  ownPnl: Decimal;
  savings: Decimal;
  cumulativeSavings: Decimal;
}

export interface LedgerYear {
  year: number;
  months: number;
  revenue: Decimal | undefined;
  rent: Decimal;
  rentPnl: Decimal;
  ownCash: Decimal;
  ownPnl: Decimal;
  savingsCash: Decimal;
  savingsPnl: Decimal;
}

/** Every money figure of a result in cents, reconciled: rows → months → years → totals. */
export interface Ledger {
  rows: LedgerRow[];
  months: LedgerMonth[];
  years: LedgerYear[];
  totals: { rent: Decimal; rentPnl: Decimal; ownCash: Decimal; ownPnl: Decimal };
}

/** The ledger rows of each month (index 0 is month 1), in ledger order. */
export function rowsByMonth(rows: readonly LedgerRow[], horizon: number): LedgerRow[][] {
  const out: LedgerRow[][] = Array.from({ length: horizon }, () => []);
  for (const row of rows) out[row.month - 1]?.push(row);
  return out;
}

/** The result's ledger rows in cents: rounded cumulatively per side and basis, in ledger order. */
function ledgerRows(r: Result): LedgerRow[] {
  const rows: LedgerRow[] = r.months.flatMap((m) =>
    m.items.map((i) => ({
      month: m.month,
      label: m.label,
      side: i.side,
      category: i.category,
      item: i.name,
      cash: i.cash,
      pnl: i.pnl,
    })),
  );
  for (const side of ["rent", "own"] as const) {
    const mine = rows.filter((row) => row.side === side);
    for (const basis of ["cash", "pnl"] as const) {
      const rounded = centsCumulative(mine.map((row) => row[basis]));
      mine.forEach((row, i) => {
        row[basis] = rounded[i] ?? ZERO;
      });
    }
  }
  return rows;
}

/**
 * The result's ledger in cents. Rows are rounded cumulatively per side and basis in ledger order
 * (month by month, item by item), so the rows of a month add up to that month's total, months to
 * years, and years to the summary's TCO, each to the cent.
 *
 * A month's total is worked out without its rows: the rows' cents are the steps of the rounded
 * running total, so their sum over a month is the rounded running total at the month's end minus
 * the same at the previous month's end (the steps telescope). The running totals are the same
 * sums, in the same order, as the rows'. The rows themselves are only made when read (CSV, JSON).
 */
export function ledger(r: Result): Ledger {
  const running = noSums();
  const shown = noSums();
  const step = (side: Side, basis: "cash" | "pnl"): Decimal => {
    const rounded = running[side][basis].toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    const part = rounded.minus(shown[side][basis]);
    shown[side][basis] = rounded;
    return part;
  };
  let cumulative = ZERO;
  const months: LedgerMonth[] = r.months.map((m) => {
    addBySide(running, m.items);
    const rent = step("rent", "cash");
    const ownCash = step("own", "cash");
    cumulative = cumulative.plus(rent).minus(ownCash);
    return {
      month: m.month,
      label: m.label,
      rent,
      rentPnl: step("rent", "pnl"),
      ownCash,
      ownPnl: step("own", "pnl"),
      savings: rent.minus(ownCash),
      cumulativeSavings: cumulative,
    };
  });
  const revenue = centsCumulative(r.years.map((y) => y.revenue ?? ZERO));
  const years: LedgerYear[] = r.years.map((y, i) => {
    const slice = months.filter((m) => Math.ceil(m.month / 12) === y.year);
    const total = (key: "rent" | "rentPnl" | "ownCash" | "ownPnl") => sum(slice.map((m) => m[key]));
    return {
      year: y.year,
      months: y.months,
      revenue: y.revenue === undefined ? undefined : revenue[i],
      rent: total("rent"),
      rentPnl: total("rentPnl"),
      ownCash: total("ownCash"),
      ownPnl: total("ownPnl"),
      savingsCash: total("rent").minus(total("ownCash")),
      savingsPnl: total("rentPnl").minus(total("ownPnl")),
    };
  });
  const total = (key: "rent" | "rentPnl" | "ownCash" | "ownPnl") => sum(months.map((m) => m[key]));
  let rows: LedgerRow[] | undefined;
  return {
    get rows() {
      rows ??= ledgerRows(r);
      return rows;
    },
    months,
    years,
    totals: {
      rent: total("rent"),
      rentPnl: total("rentPnl"),
      ownCash: total("ownCash"),
      ownPnl: total("ownPnl"),
    },
  };
}
