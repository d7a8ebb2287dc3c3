import type { Result } from "../model/result.js";
import { Decimal, fixed } from "../units/decimal.js";
import { compact, signedCompact } from "./fit.js";
import { bytes, groupDigits, money, signed, signedMoney } from "./format.js";

/** How amounts are written in prose: to the cent (tables of record), or at a glance (a terminal). */
export interface AmountFormat {
  money: (d: Decimal) => string;
  signedMoney: (d: Decimal) => string;
}
export const FULL: AmountFormat = { money, signedMoney };
export const GLANCE: AmountFormat = { money: compact, signedMoney: signedCompact };

/** The month of the horizon in words: "month 20 (2028-08)", or "month 20" without a calendar. */
export function monthWords(r: Result, month: number): string {
  const label = r.months[month - 1]?.label ?? "";
  return label.startsWith("M") ? `month ${month}` : `month ${month} (${label})`;
}

/** The verdict a reader needs first: who is cheaper, by how much, and when owning pays back. */
export function verdictLines(r: Result, { money }: AmountFormat = FULL): string[] {
  const s = r.summary;
  const cur = r.scenario.currency;
  const h = r.scenario.horizonMonths;
  const pct = s.savings.pct === undefined ? "" : ` (${fixed(s.savings.pct.abs())}% of the rent TCO)`;
  const lines = [
    s.savings.total.isZero()
      ? `Owning and renting cost the same over ${h} months.`
      : s.savings.total.isPositive()
        ? `Owning saves ${money(s.savings.total)} ${cur} over ${h} months${pct}.`
        : `Owning costs ${money(s.savings.total.abs())} ${cur} MORE than renting over ${h} months${pct}.`,
  ];
  const cut = s.breakEvenDiscountPct;
  if (cut !== undefined && !cut.isZero())
    lines.push(
      cut.isPositive()
        ? `The cloud would have to cut its prices by ${fixed(cut)}% to match (on NPV).`
        : `Renting stays cheaper on NPV even if the cloud raised its prices by ${fixed(cut.abs())}%.`,
    );
  if (s.own.residual === "book")
    lines.push(
      `The own TCO credits the hardware's book value at the end, ${money(s.own.residualBookValue)} ${cur}${s.own.loanBalance.isZero() ? "" : ` less ${money(s.own.loanBalance)} ${cur} of loan principal still owed`}, as cash in month ${h} (own.residual: book).`,
    );
  if (s.breakEvenMonth !== undefined) {
    lines.push(
      `Break-even: ${monthWords(r, s.breakEvenMonth)}; payback ${s.paybackMonths ? fixed(s.paybackMonths) : "?"} months.`,
    );
  } else {
    const last = r.months[r.months.length - 1]?.cumulativeSavings;
    lines.push(
      `Break-even: never within the ${h}-month horizon (cumulative savings end at ${money(last ?? new Decimal(0))} ${cur}).`,
    );
  }
  const mig = s.migration;
  if (mig) {
    const egress = !mig.egressWaived
      ? `egress ${money(mig.egressCost)}`
      : mig.egressCost.isZero()
        ? "egress waived by the provider"
        : `egress ${money(mig.egressCost)} after the provider's waiver window`;
    lines.push(
      `Migration: ${mig.dataBytes.isZero() ? "" : `${bytes(mig.dataBytes)} takes ${fixed(mig.transferMonths)} months over the link; `}services move over ` +
        `${mig.rampMonths} months from month ${mig.start}, out of the cloud from month ${mig.exitMonth}. ` +
        `Dual running ${money(mig.dualRunningCost)}, ${egress}, commitments ${money(mig.commitmentCost)}, project ${money(mig.projectCost)} ${cur}.`,
    );
  }
  for (const w of r.warnings) lines.push(`Warning: ${w}.`);
  if (s.burst) {
    lines.push(
      `Cloud burst (hybrid): ${groupDigits(fixed(s.burst.vcpuHours, 0))} vCPU-hours in ${s.burst.months} of ${h} months, ` +
        `peak ${groupDigits(fixed(s.burst.peakVcpu, 0))} vCPU, costing ${money(s.burst.cost)} ${cur}.`,
    );
  }
  return lines;
}

/** After tax, IRR and EBITDA in one sentence (MODEL.md §8), or undefined without business figures. */
export function financeLine(r: Result, { signedMoney }: AmountFormat = FULL): string | undefined {
  const s = r.summary;
  const cur = r.scenario.currency;
  if (!s.afterTax) return undefined;
  const year = s.margin.year === undefined ? undefined : r.years[s.margin.year - 1];
  const irr =
    s.irr.pct !== undefined
      ? `IRR ${fixed(s.irr.pct)}%/yr against a cost of capital of ${fixed(r.scenario.discountRate.times(100))}%`
      : `no IRR: ${s.irr.note ?? "?"}`;
  const ebitda =
    year?.ebitdaDelta !== undefined
      ? `; EBITDA ${signedMoney(year.ebitdaDelta)} ${cur} in year ${year.year}`
      : "";
  return `Finance: savings NPV after tax ${signedMoney(s.afterTax.savingsNpv)} ${cur}; ${irr}${ebitda}.`;
}

/** The business effect of the last full year in one sentence, or why there is none. */
export function marginLine(r: Result, { signedMoney }: AmountFormat = FULL): string | undefined {
  const mg = r.summary.margin;
  const cur = r.scenario.currency;
  if (mg.grossMarginDeltaPp === undefined && mg.netProfitDelta === undefined) {
    return mg.year === undefined
      ? "Margin figures need a full model year: the horizon is shorter than 12 months."
      : undefined;
  }
  const parts = [];
  if (mg.grossMarginDeltaPp !== undefined) parts.push(`gross margin ${signed(mg.grossMarginDeltaPp)} pp`);
  if (mg.netProfitDelta !== undefined)
    parts.push(
      `net profit ${signedMoney(mg.netProfitDelta)} ${cur}${mg.netProfitDeltaPct !== undefined ? ` (${signed(mg.netProfitDeltaPct)}%)` : ""}`,
    );
  if (mg.valuationDelta !== undefined)
    parts.push(
      `valuation ${signedMoney(mg.valuationDelta)} ${cur} at ${r.business?.valuation?.multiple.toString() ?? "?"}× ${{ grossProfit: "gross profit", netProfit: "net profit", ebitda: "EBITDA" }[r.business?.valuation?.of ?? "netProfit"]}`,
    );
  return `Year ${mg.year} (the last full year), owning instead of renting: ${parts.join("; ")}.`;
}

/** The terms a reader meets in the outputs, each in a sentence (HTML cards, --explain-terms). */
export const TERMS: readonly [string, string][] = [
  ["TCO", "total cost of ownership: all the cash a side pays over the horizon"],
  [
    "NPV",
    "net present value: each month's cash discounted at the discount rate, the cost of capital; money later is worth less",
  ],
  [
    "P&L basis",
    "as the income statement sees it: hardware spread over its life as depreciation instead of paid at once",
  ],
  ["Capex", "capital expenditure: hardware bought up front, depreciated over its lifetime"],
  [
    "Book value",
    "what the hardware is still worth on the books at the end: its price less the depreciation so far",
  ],
  ["Break-even month", "the first month from which owning has cost less in total than renting"],
  ["Payback", "the months until the cumulative savings reach zero, with the fraction of the last month"],
  ["Gross margin change", "the year's P&L savings as a share of revenue, in percentage points (pp)"],
  ["Net profit change", "the year's P&L savings after tax"],
  ["Valuation change", "the year's profit change times the multiple the business is valued at"],
  [
    "After tax",
    "cash less the tax that P&L costs save (tax rate × P&L): depreciation and interest are deductible",
  ],
  [
    "IRR",
    "internal rate of return: the yearly rate at which the savings' NPV is zero, to set against the cost of capital",
  ],
  [
    "EBITDA",
    "earnings before interest, tax, depreciation and amortisation: owning moves cost out of it into depreciation",
  ],
];

/** The terms as a footer (calc --explain-terms), one line each. */
export function termLines(): string[] {
  return ["Terms:", ...TERMS.map(([t, d]) => `  ${t}: ${d}.`)];
}
