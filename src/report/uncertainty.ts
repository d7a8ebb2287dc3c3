import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import type { Sample } from "../engine/simulate.js";
import type { Measure, SimulationSummary, Swing } from "../engine/uncertainty.js";
import { writeValue } from "../load/uncertainty.js";
import type { GateResult } from "../model/result.js";
import { Decimal, fixed } from "../units/decimal.js";
import { compact, firstThatFits, fitProse, type Layout, signedCompact, wrap } from "./fit.js";
import { groupDigits, money, signedMoney } from "./format.js";
import { gateJson, SCHEMA_VERSION, verdict } from "./json.js";
import { gateHeadline, gateSentence, gateStatus } from "./table.js";

const STYLE = { head: [], border: [], compact: true };

/**
 * The currency of the amounts: the scenario's, or with --currency the one converted to, with the
 * rate (as in the calc JSON's `reporting`).
 */
export interface Amounts {
  currency: string;
  reporting: { currency: string; from: string; rate: Decimal } | null;
}

/** "amounts in EUR, converted from USD at 1 EUR = 1.25 USD" when --currency converted them. */
const convertedLine = (a: Amounts, note = ""): string[] =>
  a.reporting
    ? [
        `amounts in ${a.currency}, converted from ${a.reporting.from} at 1 ${a.currency} = ${a.reporting.rate.toString()} ${a.reporting.from}${note}`,
      ]
    : [];

const amountsJson = (a: Amounts) => ({
  currency: a.currency,
  reporting: a.reporting && { ...a.reporting, rate: a.reporting.rate.toString() },
});
const cash = (x: number) => money(new Decimal(x));
const months = (x: number) => (Number.isFinite(x) ? `month ${fixed(new Decimal(x), 0)}` : "never");
const signedCash = (x: number) => signedMoney(new Decimal(x));

/** A bar of `width` characters for a share of the widest value, in eighths for a smooth end. */
function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (eighths % 8 ? "▏▎▍▌▋▊▉"[(eighths % 8) - 1] : "");
}

/**
 * The tornado: each input swung alone, widest first, with a bar chart of its NPV range. With a
 * width (a terminal), amounts at a glance, prose wrapped, and the table and bars fitted to it.
 */
export function renderSensitivityTable(
  swings: readonly Swing[],
  pointNpv: Decimal,
  amounts: Amounts,
  name: string,
  measure: Measure = "savingsNpv",
  layout: Layout = { width: undefined },
): string {
  const currency = amounts.currency;
  const width = layout.width;
  const amount = width === undefined ? money : compact;
  const what = measure === "savingsNpv" ? "Savings NPV" : "Savings NPV after tax";
  const out = [
    wrap(
      `${name}: each uncertain input swung alone from low to high (the others at their point values)`,
      width,
    ),
    ...convertedLine(amounts, " (input values as written)").map((l) => wrap(l, width)),
    "",
  ];
  if (swings.length === 0)
    return `${out[0]}\n\n${wrap("The scenario has no ranges; write one as { low: 1.2, mode: 1.4, high: 1.7 }.", width)}\n`;
  const value = (s: Swing, v: number) => writeValue(Number(v.toPrecision(6)), s.input.dist.suffix);
  const tableOf = (withBreakEven: boolean, shortHead = false) => {
    const t = new Table({
      head: [
        "Input",
        "Low → high",
        shortHead ? `at low (${currency})` : `${what} at low (${currency})`,
        "at high",
        ...(withBreakEven ? ["Break-even low → high"] : []),
      ],
      style: STYLE,
      colAligns: ["left", "left", "right", "right", "left"],
    });
    for (const s of swings)
      t.push([
        s.input.field,
        `${value(s, s.low)} → ${value(s, s.high)}`,
        amount(s.npvAtLow),
        amount(s.npvAtHigh),
        ...(withBreakEven ? [`${s.breakEvenAtLow ?? "never"} → ${s.breakEvenAtHigh ?? "never"}`] : []),
      ]);
    return t.toString() + (withBreakEven ? "" : "\n(break-even left out to fit; --format json has it)");
  };
  out.push(
    firstThatFits(width, [() => tableOf(true), () => tableOf(false), () => tableOf(false, true)]),
    "",
    wrap(`${what} at the point values: ${amount(pointNpv)} ${currency}. Each bar spans low to high:`, width),
    "",
  );
  const ends = swings.flatMap((s) => [s.npvAtLow.toNumber(), s.npvAtHigh.toNumber()]);
  const lo = ends.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const hi = ends.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const label = swings.reduce((a, s) => Math.max(a, s.input.field.length), 0);
  // The bars take what the terminal leaves beside the labels (40 at most, 10 at least).
  const barWidth = width === undefined ? 40 : Math.max(10, Math.min(40, width - label - 5));
  for (const s of swings) {
    const a = Math.min(s.npvAtLow.toNumber(), s.npvAtHigh.toNumber());
    const b = Math.max(s.npvAtLow.toNumber(), s.npvAtHigh.toNumber());
    const start = hi > lo ? Math.round(((a - lo) / (hi - lo)) * barWidth) : 0;
    const len = hi > lo ? Math.max(1, Math.round(((b - a) / (hi - lo)) * barWidth)) : barWidth;
    out.push(
      `  ${s.input.field.padEnd(label)}  |${" ".repeat(start)}${"█".repeat(len)}${" ".repeat(Math.max(0, barWidth - start - len))}|`,
    );
  }
  const ends2 = (x: number) => (width === undefined ? cash(x) : compact(new Decimal(x)));
  out.push(`  ${"".padEnd(label)}   ${ends2(lo)} … ${ends2(hi)}`);
  return `${out.join("\n")}\n`;
}

/**
 * The tornado as JSON. Its keys name the measure: `pointSavingsNpv`, `savingsNpvAtLow`, … or with
 * `--measure afterTaxSavingsNpv`, `pointAfterTaxSavingsNpv`, `afterTaxSavingsNpvAtLow`, …
 */
export function renderSensitivityJson(
  swings: readonly Swing[],
  pointNpv: Decimal,
  amounts: Amounts,
  measure: Measure = "savingsNpv",
): string {
  const Measure = measure.charAt(0).toUpperCase() + measure.slice(1);
  return `${JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      ...amountsJson(amounts),
      measure,
      [`point${Measure}`]: fixed(pointNpv),
      inputs: swings.map((s) => ({
        field: s.input.field,
        line: s.input.line ?? null,
        distribution: s.input.dist,
        low: s.low,
        high: s.high,
        [`${measure}AtLow`]: fixed(s.npvAtLow),
        [`${measure}AtHigh`]: fixed(s.npvAtHigh),
        breakEvenAtLow: s.breakEvenAtLow ?? null,
        breakEvenAtHigh: s.breakEvenAtHigh ?? null,
        swing: fixed(s.width),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Percentiles, the probability owning is cheaper, and a histogram of savings. */
export function renderSimulationTable(
  s: SimulationSummary,
  gates: readonly GateResult[],
  amounts: Amounts,
  name: string,
  inputs: number,
  layout: Layout = { width: undefined },
): string {
  // In a terminal too narrow for the full amounts, the table and the histogram show them at a
  // glance (12.4B); prose wraps. A file or a pipe gets every digit.
  // Prose wraps first, so only the table and the histogram decide whether every digit fits.
  return firstThatFits(layout.width, [
    () =>
      fitProse(simulationText(s, gates, amounts, name, inputs, signedCash, cash, layout.width), layout.width),
    () =>
      fitProse(
        simulationText(s, gates, amounts, name, inputs, glanceSigned, glance, layout.width),
        layout.width,
      ),
  ]);
}

const glance = (x: number) => compact(new Decimal(x));
const glanceSigned = (x: number) => signedCompact(new Decimal(x));

function simulationText(
  s: SimulationSummary,
  gates: readonly GateResult[],
  amounts: Amounts,
  name: string,
  inputs: number,
  signed: (x: number) => string,
  plain: (x: number) => string,
  width: number | undefined,
): string {
  const currency = amounts.currency;
  const out = [
    `${name}: ${groupDigits(String(s.runs))} Monte Carlo runs over ${inputs} uncertain input${inputs === 1 ? "" : "s"} (seed ${s.seed})`,
    ...convertedLine(amounts),
    "",
  ];
  if (inputs === 0)
    out.push(
      "The scenario has no ranges, so every run is the point estimate; write one as { low: 1.2, mode: 1.4, high: 1.7 }.",
      "",
    );
  out.push(
    `Probability that owning is cheaper over the horizon: ${(s.probabilityOwningCheaper * 100).toFixed(1)}%`,
    "",
  );
  const table = new Table({
    head: ["", "P10", "P50", "P90"],
    style: STYLE,
    colAligns: ["left", "right", "right", "right"],
  });
  table.push([`Savings (${currency})`, signed(s.savings.p10), signed(s.savings.p50), signed(s.savings.p90)]);
  table.push([
    `Savings NPV (${currency})`,
    signed(s.savingsNpv.p10),
    signed(s.savingsNpv.p50),
    signed(s.savingsNpv.p90),
  ]);
  table.push([`Own TCO (${currency})`, plain(s.ownTco.p10), plain(s.ownTco.p50), plain(s.ownTco.p90)]);
  table.push([
    "Break-even",
    months(s.breakEvenMonth.p10),
    months(s.breakEvenMonth.p50),
    months(s.breakEvenMonth.p90),
  ]);
  const bins = s.histogram.length;
  out.push(
    table.toString(),
    "",
    `Savings over the horizon (${currency}), ${bins} bin${bins === 1 ? "" : "s"}:`,
  );
  const most = s.histogram.reduce((a, b) => Math.max(a, b.count), 0);
  const labels = s.histogram.map((b) => signed(b.from));
  const label = Math.max(width === undefined ? 20 : 0, ...labels.map((l) => l.length));
  const count = String(most).length;
  // The bars take what the terminal leaves: 40 characters at most, 10 at least.
  const barWidth = width === undefined ? 40 : Math.max(10, Math.min(40, width - label - count - 5));
  s.histogram.forEach((b, k) => {
    out.push(
      `  ${(labels[k] as string).padStart(label)}  ${bar(b.count / Math.max(1, most), barWidth).padEnd(barWidth)} ${b.count}`,
    );
  });
  if (gates.length > 0) {
    out.push("", gateHeadline(gates));
    for (const g of gates) out.push(`  ${gateStatus(g).padEnd(4)}  ${gateSentence(g, currency)}`);
  }

  out.push(
    "",
    "Sampled in binary floating point (see docs/uncertainty.md); calc gives the exact decimal figures at the point values.",
  );
  return `${out.join("\n")}\n`;
}

export function renderSimulationJson(
  s: SimulationSummary,
  gates: readonly GateResult[],
  amounts: Amounts,
): string {
  const inf = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);
  const m = (x: number) => x.toFixed(2);
  return `${JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      ...amountsJson(amounts),
      runs: s.runs,
      seed: s.seed,
      probabilityOwningCheaper: s.probabilityOwningCheaper.toFixed(4),
      savings: {
        p10: m(s.savings.p10),
        p50: m(s.savings.p50),
        p90: m(s.savings.p90),
        mean: m(s.savings.mean),
      },
      savingsNpv: {
        p10: m(s.savingsNpv.p10),
        p50: m(s.savingsNpv.p50),
        p90: m(s.savingsNpv.p90),
        mean: m(s.savingsNpv.mean),
      },
      ownTco: { p10: m(s.ownTco.p10), p50: m(s.ownTco.p50), p90: m(s.ownTco.p90) },
      breakEvenMonth: {
        p10: inf(s.breakEvenMonth.p10),
        p50: inf(s.breakEvenMonth.p50),
        p90: inf(s.breakEvenMonth.p90),
      },
      paybackMonths: {
        p10: inf(s.paybackMonths.p10),
        p50: inf(s.paybackMonths.p50),
        p90: inf(s.paybackMonths.p90),
      },
      histogram: s.histogram.map((b) => ({ from: m(b.from), to: m(b.to), count: b.count })),
      histogramNpv: s.histogramNpv.map((b) => ({ from: m(b.from), to: m(b.to), count: b.count })),
      gates: gates.map(gateJson),
      verdict: verdict(gates),
    },
    null,
    2,
  )}\n`;
}

/** One row per run, for a spreadsheet (RFC 4180 via csv-stringify, like the ledger). */
export function renderSimulationCsv(samples: readonly Sample[], currency: string): string {
  const columns = [
    "run",
    "savings",
    "savingsNpv",
    "ownTco",
    "rentTco",
    "breakEvenMonth",
    "paybackMonths",
    "currency",
  ];
  const records = samples.map((s, i) => [
    String(i + 1),
    s.savings.toFixed(2),
    s.savingsNpv.toFixed(2),
    s.ownTco.toFixed(2),
    s.rentTco.toFixed(2),
    s.breakEvenMonth === undefined ? "" : String(s.breakEvenMonth),
    s.paybackMonths === undefined ? "" : s.paybackMonths.toFixed(2),
    currency,
  ]);
  return stringify(records, { header: true, columns, record_delimiter: "windows" });
}
