import Table from "cli-table3";
import type { GateResult, Result } from "../model/result.js";
import type { GateMetric } from "../model/scenario.js";
import { cents, type Decimal, fixed } from "../units/decimal.js";
import { money, rate, signed, signedMoney } from "./format.js";
import { financeLine, marginLine, verdictLines } from "./words.js";

/** How each gate's figure is named and measured in the table. */
const GATE_WORDS: Record<GateMetric, { label: string; unit: string }> = {
  breakEvenMonths: { label: "break-even month", unit: "" },
  paybackMonths: { label: "payback", unit: " months" },
  savingsPct: { label: "savings", unit: "%" },
  savingsTotal: { label: "savings", unit: "" },
  savingsNpv: { label: "savings NPV", unit: "" },
  ownTco: { label: "own TCO", unit: "" },
  rentTco: { label: "rent TCO", unit: "" },
  grossMarginDeltaPp: { label: "gross-margin change", unit: " pp" },
  netProfitDelta: { label: "net-profit change", unit: "" },
  afterTaxSavingsNpv: { label: "after-tax savings NPV", unit: "" },
  irr: { label: "IRR", unit: "% a year" },
  ebitdaDeltaPct: { label: "EBITDA change", unit: " pp of revenue" },
};

// No colours and fixed borders: the table is byte-identical on every terminal and in CI logs.
const STYLE = { head: [], border: [], compact: true };

function table(head: string[], aligns: ("left" | "right")[]) {
  return new Table({ head, style: STYLE, colAligns: aligns });
}

/** A gate in words: "breakEvenMonths <= 24: break-even month is 20". */
export function gateSentence(g: GateResult, currency: string): string {
  const words = GATE_WORDS[g.metric];
  const isMoney = words.unit === "" && g.metric !== "breakEvenMonths";
  const show = (d: Decimal) =>
    isMoney
      ? `${money(d)} ${currency}`
      : g.metric === "breakEvenMonths"
        ? fixed(d, d.isInteger() ? 0 : 2)
        : `${fixed(d)}${words.unit}`;
  const op = g.bound === "max" ? "<=" : ">=";
  const actual = g.actual === undefined ? (g.metric === "breakEvenMonths" ? "never" : "n/a") : show(g.actual);
  if (g.relative) {
    const pct = g.relative.pct;
    const rule = `${g.metric} ${op} base ${pct.isNegative() ? "-" : "+"}${pct.abs().toString()}%`;
    if (g.skipped) return `${rule}: not checked, there is no baseline (use repatriate diff or --baseline)`;
    const base = g.relative.base === undefined ? "n/a" : show(g.relative.base);
    return `${rule} (base ${base}, limit ${g.limit === undefined ? "n/a" : show(g.limit)}): ${words.label} is ${actual}`;
  }
  const limit =
    g.limit === undefined
      ? "n/a"
      : isMoney
        ? `${money(g.limit)} ${currency}`
        : `${g.limit.toString()}${g.metric === "breakEvenMonths" ? "" : words.unit}`;
  const p = g.percentile === undefined ? "" : `P${g.percentile} `;
  if (g.percentile !== undefined && g.skipped)
    return `${p}${g.metric} ${op} ${limit}: skipped on purpose (--no-simulate)`;
  return `${p}${g.metric} ${op} ${limit}: ${p ? `${p}of the ` : ""}${words.label} is ${actual}`;
}

/** pass, FAIL, warn (a warn-level gate that did not hold) or skip. */
export function gateStatus(g: GateResult): "pass" | "FAIL" | "warn" | "skip" {
  if (g.skipped) return "skip";
  if (g.ok) return "pass";
  return g.level === "fail" ? "FAIL" : "warn";
}

function gateLine(g: GateResult, currency: string): string {
  return `  ${gateStatus(g).padEnd(4)}  ${gateSentence(g, currency)}${g.level === "warn" ? " (warning level)" : ""}`;
}

/** The gates' headline: how many failed, warned, passed. */
export function gateHeadline(gates: readonly GateResult[]): string {
  const count = (st: string) => gates.filter((g) => gateStatus(g) === st).length;
  const failed = count("FAIL");
  const warned = count("warn");
  const skipped = count("skip");
  const parts = [
    failed ? `${failed} FAIL` : "",
    warned ? `${warned} warn` : "",
    skipped ? `${skipped} not checked` : "",
  ].filter(Boolean);
  return parts.length === 0
    ? `Gates: all ${gates.length} pass.`
    : `Gates: ${parts.join(", ")} (of ${gates.length}).`;
}

/** The human report: a verdict, the summary, one row per year, the gates. Digits grouped; amounts rounded to cents. */
export function renderTable(r: Result): string {
  const s = r.summary;
  const cur = r.scenario.currency;
  const out: string[] = [];
  const span = r.scenario.start
    ? `${r.scenario.horizonMonths} months from ${r.scenario.start}`
    : `${r.scenario.horizonMonths} months`;
  out.push(`${r.scenario.name}`);
  out.push(`${span}, amounts in ${cur}`);
  for (const c of r.catalogs)
    out.push(
      `${c.side} prices: ${c.name} (as of ${c.asOf}; ${c.source})${c.overridden.length ? `, overridden: ${c.overridden.join(", ")}` : ""}`,
    );
  const base = r.reporting?.from ?? cur;
  for (const f of r.fx) out.push(`fx: 1 ${f.code} = ${f.rate.toString()} ${base}`);
  if (r.reporting)
    out.push(
      `reported in ${cur}, converted from ${base} at 1 ${cur} = ${r.reporting.rate.toString()} ${base}`,
    );
  out.push("");

  for (const x of verdictLines(r)) out.push(x);
  out.push("");

  const summary = table(
    ["", "Rent (cloud)", "Own", "Savings (rent - own)"],
    ["left", "right", "right", "right"],
  );
  summary.push(["TCO (cash)", money(s.rent.tco), money(s.own.tco), signedMoney(s.savings.total)]);
  summary.push([
    `NPV at ${rate(r.scenario.discountRate)}/yr`,
    money(s.rent.npv),
    money(s.own.npv),
    signedMoney(s.savings.npv),
  ]);
  summary.push([
    "Cost on P&L basis",
    money(s.rent.pnl),
    money(s.own.pnl),
    signedMoney(cents(s.rent.pnl).minus(cents(s.own.pnl))),
  ]);
  summary.push(["Capex paid", "", money(s.own.capex), ""]);
  summary.push(["Book value left at end", "", money(s.own.residualBookValue), ""]);
  out.push(summary.toString());

  const margin = marginLine(r);
  if (margin) out.push(margin);
  const finance = financeLine(r);
  if (finance) out.push(finance);
  out.push("");

  const hasRevenue = r.years.some((y) => y.revenue !== undefined);
  const yearsHead = ["Year", "Rent", "Own (cash)", "Own (P&L)", "Savings (P&L)"];
  if (hasRevenue) yearsHead.splice(1, 0, "Revenue");
  if (hasRevenue) yearsHead.push("Gross margin", "Net profit");
  const years = table(yearsHead, ["left", ...yearsHead.slice(1).map(() => "right" as const)]);
  r.years.forEach((y) => {
    const c = y;
    const row = [
      y.months === 12 ? String(y.year) : `${y.year} (${y.months} mo)`,
      money(c.rent),
      money(c.ownCash),
      money(c.ownPnl),
      signedMoney(c.savingsPnl),
    ];
    if (hasRevenue) {
      row.splice(1, 0, c.revenue ? money(c.revenue) : "");
      row.push(
        y.grossMarginDeltaPp ? `${signed(y.grossMarginDeltaPp)} pp` : "",
        y.netProfitDelta ? signedMoney(y.netProfitDelta) : "",
      );
    }
    years.push(row);
  });
  out.push(years.toString());

  if (r.gates.length > 0) {
    out.push("");
    out.push(gateHeadline(r.gates));
    for (const g of r.gates) out.push(gateLine(g, cur));
  }
  return `${out.join("\n")}\n`;
}
