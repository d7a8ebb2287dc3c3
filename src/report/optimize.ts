import Table from "cli-table3";
import type { Objective, Optimum, SharePoint } from "../engine/optimize.js";
import { type Decimal, fixed } from "../units/decimal.js";
import { compact, firstThatFits, fitProse, type Layout, signedCompact } from "./fit.js";
import { money, signedMoney } from "./format.js";
import { SCHEMA_VERSION } from "./json.js";

/** Each objective's JSON name and words. */
const OBJECTIVE: Record<Objective, { key: string; words: string }> = {
  tco: { key: "ownTco", words: "own TCO" },
  npv: { key: "ownNpv", words: "own NPV" },
  afterTaxNpv: { key: "ownAfterTaxNpv", words: "own NPV after tax" },
};

const pct = (share: Decimal) => `${share.times(100).toDecimalPlaces(1).toString()}%`;

function point(p: SharePoint) {
  const s = p.result.summary;
  return {
    share: fixed(p.share.times(100), 1),
    ownTco: fixed(s.own.tco),
    ownNpv: fixed(s.own.npv),
    ownAfterTaxNpv: s.afterTax ? fixed(s.afterTax.ownNpv) : null,
    savingsTotal: fixed(s.savings.total),
    savingsPct: s.savings.pct === undefined ? null : fixed(s.savings.pct),
    breakEvenMonth: s.breakEvenMonth ?? null,
    burstCost: s.burst ? fixed(s.burst.cost) : null,
  };
}

/** The optimum and the whole curve (every whole percent) as JSON. */
export function renderOptimizeJson(o: Optimum): string {
  const r = o.best.result;
  return `${JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      scenario: {
        name: r.scenario.name,
        currency: r.scenario.currency,
        horizonMonths: r.scenario.horizonMonths,
      },
      objective: OBJECTIVE[o.objective].key,
      optimum: point(o.best),
      flat: {
        withinPct: fixed(o.flat.tolerance.times(100)),
        fromShare: fixed(o.flat.from.times(100), 1),
        toShare: fixed(o.flat.to.times(100), 1),
      },
      curve: o.curve.map(point),
    },
    null,
    2,
  )}\n`;
}

/** The optimum in words, then the curve every `step` percent (and at the optimum). */
export function renderOptimizeTable(
  o: Optimum,
  stepPct: number,
  layout: Layout = { width: undefined },
): string {
  // Every digit when it fits (or goes to a file); amounts at a glance (240K) in a narrow terminal.
  // Prose wraps first, so only the table decides whether every digit fits.
  return firstThatFits(layout.width, [
    () => fitProse(optimizeText(o, stepPct, money, signedMoney), layout.width),
    () => fitProse(optimizeText(o, stepPct, compact, signedCompact), layout.width),
  ]);
}

function optimizeText(
  o: Optimum,
  stepPct: number,
  money: (d: Decimal) => string,
  signedMoney: (d: Decimal) => string,
): string {
  const r = o.best.result;
  const cur = r.scenario.currency;
  const what = OBJECTIVE[o.objective].words;
  const best = o.best.result.summary;
  const lines = [
    `${r.scenario.name}: the owned share of baseline compute that minimises ${what}`,
    "(100% owns all steady demand and bursts only the surges; above 100% owns part of the surges too)",
    "",
    `Optimum: own ${pct(o.best.share)} of baseline compute; ${what} ${money(o.best.objective)} ${cur}, ` +
      `savings ${signedMoney(best.savings.total)} ${cur}` +
      (best.breakEvenMonth === undefined ? ", no break-even." : `, break-even month ${best.breakEvenMonth}.`),
    o.flat.from.equals(o.flat.to)
      ? `Flatness: no other whole-percent share is within ${fixed(o.flat.tolerance.times(100), 0)}% of the optimum: it is sharp.`
      : `Flatness: every share from ${pct(o.flat.from)} to ${pct(o.flat.to)} is within ${fixed(o.flat.tolerance.times(100), 0)}% of the optimum.`,
    "",
  ];
  const afterTax = o.objective === "afterTaxNpv";
  const table = new Table({
    head: [
      "Owned share",
      "Own TCO",
      "Own NPV",
      ...(afterTax ? ["Own NPV after tax"] : []),
      "Savings",
      "Break-even",
      "Burst cost",
    ],
    style: { head: [], border: [], compact: true },
    colAligns: [
      "right",
      "right",
      "right",
      ...(afterTax ? ["right" as const] : []),
      "right",
      "right",
      "right",
    ],
  });
  const rows = o.curve.filter((p) => p.share.times(100).toNumber() % stepPct === 0);
  if (!rows.some((p) => p.share.equals(o.best.share))) rows.push(o.best);
  rows.sort((a, b) => a.share.comparedTo(b.share));
  for (const p of rows) {
    const s = p.result.summary;
    table.push([
      `${pct(p.share)}${p === o.best ? " *" : ""}`,
      money(s.own.tco),
      money(s.own.npv),
      ...(afterTax && s.afterTax ? [money(s.afterTax.ownNpv)] : []),
      signedMoney(s.savings.total),
      s.breakEvenMonth === undefined ? "never" : `month ${s.breakEvenMonth}`,
      s.burst ? money(s.burst.cost) : "",
    ]);
  }
  lines.push(table.toString(), "* the optimum");
  return `${lines.join("\n")}\n`;
}
