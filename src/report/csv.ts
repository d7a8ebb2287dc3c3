import { stringify } from "csv-stringify/sync";
import { taxShields, yearTaxShields } from "../engine/calculate.js";
import type { Result } from "../model/result.js";
import { type Decimal, fixed, ZERO } from "../units/decimal.js";

export const CSV_TABLES = ["ledger", "years"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/**
 * A text cell a spreadsheet could take for a formula (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe, so it is shown, never run (OWASP's advice on CSV injection).
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Units of the scenario's currency per unit of the reporting currency: "1" unless --currency converted. */
function fxRate(r: Result): string {
  return r.reporting ? r.reporting.rate.toString() : "1";
}

function csv(columns: string[], records: string[][], header = true, spaced = true): string {
  // RFC 4180: CRLF line ends; fields with commas, quotes or line breaks are quoted, quotes doubled,
  // and so are fields that start or end with a space (a spreadsheet would trim them).
  return stringify(records, {
    header,
    columns,
    record_delimiter: "windows",
    ...(spaced ? { quoted_match: /^\s|\s$/ } : {}),
  });
}

/**
 * The monthly ledger: one row per month × side × line item, plain decimals to the cent, no digit
 * grouping or currency symbols. Rows add up to the JSON totals to the cent (docs/model.md, "Cents").
 */
export function renderLedgerCsv(r: Result): string {
  return [...ledgerChunks(r)].join("");
}

/** The ledger's text a month at a time (the header with the first): a long ledger never exists whole. */
export function* ledgerChunks(r: Result): Generator<string> {
  const cur = r.scenario.currency;
  const rate = fxRate(r);
  const columns = [
    "month",
    "label",
    "side",
    "category",
    "item",
    "cash",
    "pnl",
    "interest",
    "taxShield",
    "currency",
    "fxRate",
  ];
  // The tax a row's P&L saves, rounded along the item's months (empty without business figures).
  const tax = r.business?.taxRate;
  const shields = taxShields(r.months[0]?.items.length ?? 0, tax);
  // Quoting every field that starts or ends with a space costs a pattern test per field; only
  // names, categories and labels can, so the test runs only when one of them does.
  const spaced = /^\s|\s$/;
  const quoted =
    r.months.some((m) => spaced.test(m.label)) ||
    (r.months[0]?.items ?? []).some((i) => spaced.test(i.name) || spaced.test(i.category));
  if (r.months.length === 0) yield csv(columns, [], true, quoted);
  for (const [k, m] of r.months.entries()) {
    const shield = tax ? shields(m.items) : undefined;
    const rows = m.items.map((i, n) => {
      // An operating cost's P&L is its cash (the same amount): written once, used twice.
      const cash = fixed(i.cash);
      return [
        String(m.month),
        neutralise(m.label),
        i.side,
        neutralise(i.category),
        neutralise(i.name),
        cash,
        i.pnl === i.cash ? cash : fixed(i.pnl),
        i.interest ? fixed(i.interest) : "0.00",
        shield ? fixed(shield[n] as Decimal) : "",
        cur,
        rate,
      ];
    });
    yield csv(columns, rows, k === 0, quoted);
  }
}

/** One row per model year: the yearly table of the report, reconciled to the ledger. */
export function renderYearsCsv(r: Result): string {
  const cur = r.scenario.currency;
  const columns = [
    "year",
    "months",
    "revenue",
    "rent",
    "rentPnl",
    "ownCash",
    "ownPnl",
    "savingsCash",
    "savingsPnl",
    "grossMarginDeltaPp",
    "netProfitDelta",
    "netProfitDeltaPct",
    "ebitdaDelta",
    "ebitdaDeltaPct",
    "ownDepreciation",
    "ownInterest",
    "rentTaxShield",
    "ownTaxShield",
    "currency",
    "fxRate",
  ];
  const cents = r.years;
  const shields = yearTaxShields(r);
  const rows = r.years.map((y, i) => {
    const c = cents[i];
    const opt = (d: typeof y.revenue) => (d === undefined ? "" : fixed(d));
    return [
      String(y.year),
      String(y.months),
      c?.revenue === undefined ? "" : fixed(c.revenue),
      fixed(c?.rent ?? y.rent),
      fixed(c?.rentPnl ?? y.rentPnl),
      fixed(c?.ownCash ?? y.ownCash),
      fixed(c?.ownPnl ?? y.ownPnl),
      fixed(c?.savingsCash ?? y.savingsCash),
      fixed(c?.savingsPnl ?? y.savingsPnl),
      opt(y.grossMarginDeltaPp),
      opt(y.netProfitDelta),
      opt(y.netProfitDeltaPct),
      opt(y.ebitdaDelta),
      opt(y.ebitdaDeltaPct),
      fixed(y.ownDepreciation),
      fixed(y.ownInterest),
      shields ? fixed(shields[i]?.rent ?? ZERO) : "",
      shields ? fixed(shields[i]?.own ?? ZERO) : "",
      cur,
      fxRate(r),
    ];
  });
  return csv(columns, rows);
}

export function renderCsv(r: Result, table: CsvTable): string {
  return table === "years" ? renderYearsCsv(r) : renderLedgerCsv(r);
}

/** The same in pieces (see ledgerChunks). */
export function csvChunks(r: Result, table: CsvTable): Iterable<string> {
  return table === "years" ? [renderYearsCsv(r)] : ledgerChunks(r);
}
