import Table from "cli-table3";
import type { GateResult, Result } from "../model/result.js";
import type { GateMetric } from "../model/scenario.js";
import { cents, type Decimal, fixed } from "../units/decimal.js";
import { type Breakdown, breakdown } from "./breakdown.js";
import { firstThatFits, type Layout, wrap } from "./fit.js";
import { money, rate, signed } from "./format.js";
import {
  type AmountFormat,
  FULL,
  financeLine,
  GLANCE,
  marginLine,
  termLines,
  verdictLines,
} from "./words.js";

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

/** A breakdown row's name, cut to leave the amounts room in a narrow terminal. */
function visibleName(name: string, width: number | undefined): string {
  const room = width === undefined ? Number.POSITIVE_INFINITY : Math.max(12, width - 50);
  return [...name].length > room ? `${[...name].slice(0, room - 1).join("")}…` : name;
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

/**
 * The human report: a verdict, the summary, one row per year, the gates. Digits grouped; amounts
 * rounded to cents. With a width (a terminal), amounts are written at a glance and the text fits
 * it: prose wraps, and the yearly table leaves out its least needed columns, saying which.
 */
export function renderTable(
  r: Result,
  layout: Layout = { width: undefined },
  by: Breakdown | undefined = undefined,
  terms = false,
): string {
  const s = r.summary;
  const cur = r.scenario.currency;
  const width = layout.width;
  const f = width === undefined ? FULL : GLANCE;
  const out: string[] = [];
  const say = (line: string) => out.push(wrap(line, width));
  const span = r.scenario.start
    ? `${r.scenario.horizonMonths} months from ${r.scenario.start}`
    : `${r.scenario.horizonMonths} months`;
  say(`${r.scenario.name}`);
  say(
    `${span}, amounts in ${cur}${width === undefined ? "" : " (at a glance: K thousand, M million, B billion; --precision full for cents)"}`,
  );
  for (const c of r.catalogs)
    say(
      `${c.side} prices: ${c.name} (as of ${c.asOf}; ${c.source})${c.overridden.length ? `, overridden: ${c.overridden.join(", ")}` : ""}`,
    );
  const base = r.reporting?.from ?? cur;
  for (const fx of r.fx) say(`fx: 1 ${fx.code} = ${fx.rate.toString()} ${base}`);
  if (r.reporting)
    say(`reported in ${cur}, converted from ${base} at 1 ${cur} = ${r.reporting.rate.toString()} ${base}`);
  out.push("");

  for (const x of verdictLines(r, f)) say(x);
  out.push("");

  const summaryTable = (g: AmountFormat) => {
    const summary = table(
      ["", "Rent (cloud)", "Own", "Savings (rent - own)"],
      ["left", "right", "right", "right"],
    );
    summary.push(["TCO (cash)", g.money(s.rent.tco), g.money(s.own.tco), g.signedMoney(s.savings.total)]);
    summary.push([
      `NPV at ${rate(r.scenario.discountRate)}/yr`,
      g.money(s.rent.npv),
      g.money(s.own.npv),
      g.signedMoney(s.savings.npv),
    ]);
    summary.push([
      "Cost on P&L basis",
      g.money(s.rent.pnl),
      g.money(s.own.pnl),
      g.signedMoney(cents(s.rent.pnl).minus(cents(s.own.pnl))),
    ]);
    summary.push(["Capex paid", "", g.money(s.own.capex), ""]);
    summary.push(["Book value left at end", "", g.money(s.own.residualBookValue), ""]);
    return summary.toString();
  };
  out.push(summaryTable(f));
  if (by) {
    const t = table(
      [by === "category" ? "Category" : "Item", "Rent (cloud)", "Own", "Savings (rent - own)"],
      ["left", "right", "right", "right"],
    );
    for (const b of breakdown(r, by))
      t.push([
        visibleName(b.name, width),
        f.money(b.rent),
        f.money(b.own),
        f.signedMoney(b.rent.minus(b.own)),
      ]);
    t.push(["Total (TCO)", f.money(s.rent.tco), f.money(s.own.tco), f.signedMoney(s.savings.total)]);
    out.push(t.toString());
  }

  const margin = marginLine(r, f);
  if (margin) say(margin);
  const finance = financeLine(r, f);
  if (finance) say(finance);
  out.push("");

  // The yearly table: in a narrow terminal, the columns least needed go first.
  const hasRevenue = r.years.some((y) => y.revenue !== undefined);
  const columns: { head: string; cell: (y: (typeof r.years)[number]) => string }[] = [
    { head: "Year", cell: (y) => (y.months === 12 ? String(y.year) : `${y.year} (${y.months} mo)`) },
    ...(hasRevenue
      ? [{ head: "Revenue", cell: (y: (typeof r.years)[number]) => (y.revenue ? f.money(y.revenue) : "") }]
      : []),
    { head: "Rent", cell: (y) => f.money(y.rent) },
    { head: "Own (cash)", cell: (y) => f.money(y.ownCash) },
    { head: "Own (P&L)", cell: (y) => f.money(y.ownPnl) },
    { head: "Savings (P&L)", cell: (y) => f.signedMoney(y.savingsPnl) },
    ...(hasRevenue
      ? [
          {
            head: "Gross margin",
            cell: (y: (typeof r.years)[number]) =>
              y.grossMarginDeltaPp ? `${signed(y.grossMarginDeltaPp)} pp` : "",
          },
          {
            head: "Net profit",
            cell: (y: (typeof r.years)[number]) => (y.netProfitDelta ? f.signedMoney(y.netProfitDelta) : ""),
          },
        ]
      : []),
  ];
  const yearsTable = (left: readonly string[]) => {
    const shown = columns.filter((c) => !left.includes(c.head));
    const years = table(
      shown.map((c) => c.head),
      ["left", ...shown.slice(1).map(() => "right" as const)],
    );
    for (const y of r.years) years.push(shown.map((c) => c.cell(y)));
    const note = left.length > 0 ? `\n(left out to fit ${width} columns: ${left.join(", ")})` : "";
    return `${years.toString()}${note}`;
  };
  const drop = ["Revenue", "Net profit", "Own (P&L)", "Gross margin"];
  out.push(
    firstThatFits(
      width,
      Array.from(
        { length: drop.length + 1 },
        (_, k) => () => yearsTable(drop.slice(0, k).filter((h) => columns.some((c) => c.head === h))),
      ),
    ),
  );

  if (r.gates.length > 0) {
    out.push("");
    say(gateHeadline(r.gates));
    for (const g of r.gates) say(gateLine(g, cur));
  }
  if (terms) {
    out.push("");
    for (const t of termLines()) say(t);
  }
  return `${out.join("\n")}\n`;
}
