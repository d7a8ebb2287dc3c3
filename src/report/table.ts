import Table from "cli-table3";
import type { GateResult, Result } from "../model/result.js";
import type { GateMetric } from "../model/scenario.js";
import { type Decimal, fixed } from "../units/decimal.js";
import { bytes, groupDigits, money, rate, signed, signedMoney } from "./format.js";

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
};

// No colours and fixed borders: the table is byte-identical on every terminal and in CI logs.
const STYLE = { head: [], border: [], compact: true };

function table(head: string[], aligns: ("left" | "right")[]) {
  return new Table({ head, style: STYLE, colAligns: aligns });
}

function gateLine(g: GateResult, currency: string): string {
  const words = GATE_WORDS[g.metric];
  const isMoney = words.unit === "" && g.metric !== "breakEvenMonths";
  const show = (d: Decimal) =>
    isMoney
      ? `${money(d)} ${currency}`
      : g.metric === "breakEvenMonths"
        ? d.toString()
        : `${fixed(d)}${words.unit}`;
  const limit = isMoney
    ? `${money(g.limit)} ${currency}`
    : `${g.limit.toString()}${g.metric === "breakEvenMonths" ? "" : words.unit}`;
  const actual = g.actual === undefined ? (g.metric === "breakEvenMonths" ? "never" : "n/a") : show(g.actual);
  return `  ${g.ok ? "pass" : "FAIL"}  ${g.metric} ${g.bound === "max" ? "<=" : ">="} ${limit}: ${words.label} is ${actual}`;
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
  for (const f of r.fx) out.push(`fx: 1 ${f.code} = ${f.rate.toString()} ${cur}`);
  out.push("");

  const owningSaves = s.savings.total.isPositive() && !s.savings.total.isZero();
  const pct = s.savings.pct === undefined ? "" : ` (${fixed(s.savings.pct.abs())}% of the rent TCO)`;
  out.push(
    owningSaves
      ? `Owning saves ${money(s.savings.total)} ${cur} over ${r.scenario.horizonMonths} months${pct}.`
      : s.savings.total.isZero()
        ? `Owning and renting cost the same over ${r.scenario.horizonMonths} months.`
        : `Owning costs ${money(s.savings.total.abs())} ${cur} MORE than renting over ${r.scenario.horizonMonths} months${pct}.`,
  );
  if (s.breakEvenMonth !== undefined) {
    const label = r.months[s.breakEvenMonth - 1]?.label ?? "";
    const at = label.startsWith("M") ? `month ${s.breakEvenMonth}` : `month ${s.breakEvenMonth} (${label})`;
    out.push(`Break-even: ${at}; payback ${s.paybackMonths ? fixed(s.paybackMonths) : "?"} months.`);
  } else {
    const last = r.months[r.months.length - 1]?.cumulativeSavings;
    out.push(
      `Break-even: never within the ${r.scenario.horizonMonths}-month horizon (cumulative savings end at ${last ? money(last) : "0.00"} ${cur}).`,
    );
  }
  const mig = s.migration;
  if (mig) {
    const egress = mig.egressWaived ? "egress waived by the provider" : `egress ${money(mig.egressCost)}`;
    out.push(
      `Migration: ${bytes(mig.dataBytes)} takes ${fixed(mig.transferMonths)} months over the link; services move over ` +
        `${mig.rampMonths} months from month ${mig.start}, out of the cloud from month ${mig.exitMonth}. ` +
        `Dual running ${money(mig.dualRunningCost)}, ${egress}, commitments ${money(mig.commitmentCost)}, project ${money(mig.projectCost)} ${cur}.`,
    );
  }
  if (s.burst) {
    out.push(
      `Cloud burst (hybrid): ${groupDigits(fixed(s.burst.vcpuHours, 0))} vCPU-hours in ${s.burst.months} of ${r.scenario.horizonMonths} months, ` +
        `peak ${groupDigits(fixed(s.burst.peakVcpu, 0))} vCPU, costing ${money(s.burst.cost)} ${cur}.`,
    );
  }
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
    signedMoney(s.rent.pnl.minus(s.own.pnl)),
  ]);
  summary.push(["Capex paid", "", money(s.own.capex), ""]);
  summary.push(["Book value left at end", "", money(s.own.residualBookValue), ""]);
  out.push(summary.toString());

  const mg = s.margin;
  if (mg.grossMarginDeltaPp !== undefined || mg.netProfitDelta !== undefined) {
    const parts = [];
    if (mg.grossMarginDeltaPp !== undefined) parts.push(`gross margin ${signed(mg.grossMarginDeltaPp)} pp`);
    if (mg.netProfitDelta !== undefined)
      parts.push(
        `net profit ${signedMoney(mg.netProfitDelta)} ${cur}${mg.netProfitDeltaPct !== undefined ? ` (${signed(mg.netProfitDeltaPct)}%)` : ""}`,
      );
    if (mg.valuationDelta !== undefined)
      parts.push(`valuation ${signedMoney(mg.valuationDelta)} ${cur} at the P/E multiple`);
    out.push(`Year ${mg.year} (the last full year), owning instead of renting: ${parts.join("; ")}.`);
  } else if (mg.year === undefined) {
    out.push("Margin figures need a full model year: the horizon is shorter than 12 months.");
  }
  out.push("");

  const hasRevenue = r.years.some((y) => y.revenue !== undefined);
  const yearsHead = ["Year", "Rent", "Own (cash)", "Own (P&L)", "Savings (P&L)"];
  if (hasRevenue) yearsHead.splice(1, 0, "Revenue");
  if (hasRevenue) yearsHead.push("Gross margin", "Net profit");
  const years = table(yearsHead, ["left", ...yearsHead.slice(1).map(() => "right" as const)]);
  for (const y of r.years) {
    const row = [
      y.months === 12 ? String(y.year) : `${y.year} (${y.months} mo)`,
      money(y.rent),
      money(y.ownCash),
      money(y.ownPnl),
      signedMoney(y.savingsPnl),
    ];
    if (hasRevenue) {
      row.splice(1, 0, y.revenue ? money(y.revenue) : "");
      row.push(
        y.grossMarginDeltaPp ? `${signed(y.grossMarginDeltaPp)} pp` : "",
        y.netProfitDelta ? signedMoney(y.netProfitDelta) : "",
      );
    }
    years.push(row);
  }
  out.push(years.toString());

  if (r.gates.length > 0) {
    out.push("");
    const failed = r.gates.filter((g) => !g.ok).length;
    out.push(
      failed === 0 ? `Gates: all ${r.gates.length} pass.` : `Gates: ${failed} of ${r.gates.length} FAIL.`,
    );
    for (const g of r.gates) out.push(gateLine(g, cur));
  }
  return `${out.join("\n")}\n`;
}
