import type { Result } from "../model/result.js";
import { fixed } from "../units/decimal.js";
import { type Breakdown, breakdown } from "./breakdown.js";
import { money, rate, signed, signedMoney } from "./format.js";
import { escapeMarkdown } from "./safeText.js";
import { gateHeadline, gateSentence, gateStatus } from "./table.js";
import { financeLine, marginLine, TERMS, verdictLines } from "./words.js";

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** A compact summary for a pull-request comment or a CI job summary. */
export function renderMarkdown(r: Result, by: Breakdown | undefined = undefined, terms = false): string {
  const s = r.summary;
  const cur = r.scenario.currency;

  const out: string[] = [];
  out.push(`### ${escapeMarkdown(r.scenario.name)}`, "");
  const [first, ...rest] = verdictLines(r);
  out.push(`**${first ?? ""}** ${rest.join(" ")}`, "");
  out.push(row(["", `Rent (${cur})`, `Own (${cur})`, "Savings"]), row(["---", "--:", "--:", "--:"]));
  out.push(row(["TCO (cash)", money(s.rent.tco), money(s.own.tco), signedMoney(s.savings.total)]));
  out.push(
    row([
      `NPV at ${rate(r.scenario.discountRate)}/yr`,
      money(s.rent.npv),
      money(s.own.npv),
      signedMoney(s.savings.npv),
    ]),
  );
  out.push(row(["Capex", "", money(s.own.capex), ""]), "");
  if (by) {
    out.push(
      row([by === "category" ? "Category" : "Item", `Rent (${cur})`, `Own (${cur})`, "Savings"]),
      row(["---", "--:", "--:", "--:"]),
    );
    for (const b of breakdown(r, by))
      out.push(row([escapeMarkdown(b.name), money(b.rent), money(b.own), signedMoney(b.rent.minus(b.own))]));
    out.push(row(["**Total (TCO)**", money(s.rent.tco), money(s.own.tco), signedMoney(s.savings.total)]), "");
  }
  const margin = marginLine(r);
  if (margin) out.push(margin, "");
  const finance = financeLine(r);
  if (finance) out.push(finance, "");
  out.push(
    row(["Year", "Rent", "Own (cash)", "Own (P&L)", "Savings (P&L)", "Gross margin"]),
    row(["---", "--:", "--:", "--:", "--:", "--:"]),
  );
  const cents = r.years;
  r.years.forEach((y, i) => {
    const c = cents[i];
    if (!c) return;
    out.push(
      row([
        y.months === 12 ? String(y.year) : `${y.year} (${y.months} mo)`,
        money(c.rent),
        money(c.ownCash),
        money(c.ownPnl),
        signedMoney(c.savingsPnl),
        y.grossMarginDeltaPp ? `${signed(y.grossMarginDeltaPp)} pp` : "",
      ]),
    );
  });
  if (r.gates.length > 0) {
    out.push("", `**${gateHeadline(r.gates)}**`, "");
    const icon = { pass: "✅", FAIL: "❌", warn: "⚠️", skip: "➖" } as const;
    for (const g of r.gates) {
      const sentence = gateSentence(g, cur).replace(" <= ", " ≤ ").replace(" >= ", " ≥ ");
      out.push(`- ${icon[gateStatus(g)]} ${sentence}${g.level === "warn" ? " (warning)" : ""}`);
    }
  }
  const sources = r.catalogs.map((c) => `${c.name} (${c.side}, as of ${c.asOf})`);
  const base = r.reporting?.from ?? cur;
  const fx = r.fx.map((f) => `1 ${f.code} = ${f.rate.toString()} ${base}`);
  if (r.reporting) fx.push(`reported in ${cur} at 1 ${cur} = ${r.reporting.rate.toString()} ${base}`);
  out.push(
    "",
    `<sub>repatriate · ${r.scenario.horizonMonths} months · prices: ${sources.map(escapeMarkdown).join(", ") || "line items only"}${fx.length ? ` · fx: ${fx.join(", ")}` : ""} · payback ${s.paybackMonths ? fixed(s.paybackMonths) : "n/a"} months</sub>`,
  );
  if (terms)
    out.push(
      "",
      "<details><summary>Terms</summary>",
      "",
      ...TERMS.map(([t, d]) => `- **${t}**: ${d}.`),
      "",
      "</details>",
    );
  return `${out.join("\n")}\n`;
}
