import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { irr } from "../src/engine/summary.js";
import type { ResultJson } from "../src/report/json.js";
import { Decimal } from "../src/units/decimal.js";

/** Finance-grade figures (MODEL.md §8, issue 20), worked by hand on known-bill (docs/finance.md). */
type Json = ResultJson;
const json: Json = JSON.parse(runCalc("scenarios/known-bill.yaml", { format: "json" }).stdout);
const d = (xs: number[]) => xs.map((x) => new Decimal(x));

describe("after tax", () => {
  it("discounts cash − tax rate × P&L on both sides", () => {
    // Rent: 100k a month, all on the P&L: 100k − 25% × 100k = 75k × 36 = 2,700,000 (r = 0).
    // Own: cash 2,640,000 and P&L 2,640,000 over the horizon: 2,640,000 − 25% × 2,640,000 = 1,980,000.
    expect(json.summary.afterTax).toEqual({
      rentNpv: "2700000.00",
      ownNpv: "1980000.00",
      savingsNpv: "720000.00",
    });
  });
});

describe("IRR of owning instead of renting", () => {
  it("is the rate at which the monthly savings discount to zero", () => {
    // Month 1 saves 100k − (1.2M + 40k) = −1,140,000; months 2–36 save 60k each.
    // −1,140,000 v + 60,000 (v² + … + v³⁶) = 0 at v = 1/(1 + x), x = 3.8694% a month:
    // (1.038694)^12 − 1 = 57.71% a year.
    expect(json.summary.irr).toBe("57.71");
    expect(json.summary.irrNote).toBeNull();
  });
  it("does not exist for flat, one-signed or twice-turning streams, and says why", () => {
    expect(irr(d([0, 0, 0]))).toEqual({
      pct: undefined,
      note: "owning and renting cost the same every month",
    });
    expect(irr(d([5, 5, 5])).note).toContain("owning is cheaper every month");
    expect(irr(d([-5, -1, -2])).note).toContain("never pays back");
    expect(irr(d([-100, 80, 80, -70])).note).toContain("change sign 2 times");
    // −100 then +110 a month later: 10% a month, 1.1^12 − 1 = 213.84% a year.
    expect(irr(d([-100, 110])).pct?.toFixed(2)).toBe("213.84");
  });
});

describe("EBITDA", () => {
  it("moves by rent P&L − (own P&L − depreciation) a year", () => {
    // Rent P&L 1.2M; own P&L 880k of which 400k is the servers' depreciation: 1.2M − 480k = 720k.
    expect(json.years.map((y) => y.ebitdaDelta)).toEqual(["720000.00", "720000.00", "720000.00"]);
    expect(runCalc("scenarios/known-bill.yaml", { format: "table" }).stdout).toContain(
      "Finance: savings NPV after tax +720,000.00 USD; IRR 57.71%/yr against a cost of capital of 0.00%; EBITDA +720,000.00 USD in year 3.",
    );
  });
});

describe("financing: known-bill's servers on a loan or a lease at 6%/yr over 36 months", () => {
  const loan: Json = JSON.parse(runCalc("test/real/known-bill-loan.yaml", { format: "json" }).stdout);
  const lease: Json = JSON.parse(runCalc("test/real/known-bill-lease.yaml", { format: "json" }).stdout);
  const servers = (j: Json, m: number) => {
    const row = j.months[m - 1].items.find((i) => i.name === "Servers");
    if (!row) throw new Error(`no Servers in month ${m}`);
    return row;
  };
  it("pays the annuity instead of the price", () => {
    // i = 6% / 12 = 0.5%; payment = 1.2M × 0.005 × 1.005³⁶ / (1.005³⁶ − 1) = 36,506.32 a month, no 1.2M up front.
    expect(servers(loan, 1).cash).toBe("36506.32");
    expect(servers(lease, 1).cash).toBe("36506.32");
    // Own cash: 36 × 36,506.3249… = 1,314,227.70 + 36 × 40k of colocation = 2,754,227.70
    expect(loan.summary.own.tco).toBe("2754227.70");
    // Owning is cheaper from month 1 (100k against 76,506.32): break-even in month 1, and no IRR.
    expect(loan.summary.breakEvenMonth).toBe(1);
    expect(loan.summary.irr).toBeNull();
  });
  it("a loan keeps the depreciation and adds the interest; a lease's payment is the cost", () => {
    // Loan, month 1: 33,333.33 of depreciation + 1.2M × 0.5% = 6,000 of interest = 39,333.33.
    expect(servers(loan, 1).pnl).toBe("39333.33");
    // Year 1 interest: Σ of balance × 0.5% over months 1–12 = 61,763.23: own P&L 880,000 + 61,763.23.
    expect(loan.years[0].ownPnl).toBe("941763.23");
    // Interest is below EBITDA like depreciation: the EBITDA change stays 720,000.
    expect(loan.years[0].ebitdaDelta).toBe("720000.00");
    // Lease: the payment is operating cost, inside EBITDA: 1.2M − (12 × 36,506.3249… + 480k) = 281,924.10.
    expect(servers(lease, 1).pnl).toBe("36506.32");
    expect(lease.years[0].ebitdaDelta).toBe("281924.10");
    // Nothing leased is on the books at the end.
    expect(lease.summary.own.capex).toBe("0.00");
  });
});

describe("the HTML report", () => {
  it("shows the after-tax NPV, the IRR, the EBITDA change and the negotiation figure", async () => {
    const { runReport } = await import("../src/cli/report.js");
    const html = runReport("scenarios/known-bill.yaml", {}).stdout;
    // The same figures as the JSON above: 720,000 after tax, 57.71%/yr, 720,000 of EBITDA, 26.67%.
    expect(html).toContain('data-field="summary.afterTax.savingsNpv" data-value="720000.00"');
    expect(html).toContain('data-field="summary.irr" data-value="57.71"');
    expect(html).toContain('data-field="years.2.ebitdaDelta" data-value="720000.00"');
    expect(html).toContain('data-field="summary.breakEvenDiscountPct" data-value="26.67"');
  });
});

describe("the ledger's interest and tax-shield columns", () => {
  const csv = (file: string, table?: string) =>
    runCalc(file, { format: "csv", ...(table ? { csvTable: table } : {}) })
      .stdout.trim()
      .split("\r\n")
      .map((l) => l.split(","));
  const ledger = csv("test/real/known-bill-loan.yaml");
  const head = ledger[0] as string[];
  const col = (name: string) => head.indexOf(name);
  const rows = ledger.slice(1);
  const servers = rows.filter((r) => r[col("item")] === "Servers");
  it("splits a loan's interest out of the P&L", () => {
    // Month 1: 1.2M × 0.5% = 6,000.00 of interest inside the 39,333.33 of P&L.
    expect(servers[0]?.[col("interest")]).toBe("6000.00");
    // Month 2: the balance is 1.2M + 6,000 − 36,506.32… = 1,169,493.68; × 0.5% = 5,847.47.
    expect(servers[1]?.[col("interest")]).toBe("5847.47");
    // Nothing else pays interest.
    expect(rows.filter((r) => r[col("item")] !== "Servers").every((r) => r[col("interest")] === "0.00")).toBe(
      true,
    );
  });
  it("gives each row's tax shield, adding up per item to tax rate × its P&L to the cent", () => {
    // Month 1: 25% × 39,333.33 = 9,833.3325 → 9,833.33; colocation 25% × 40,000 = 10,000.00.
    expect(servers[0]?.[col("taxShield")]).toBe("9833.33");
    const cents = (xs: string[]) => xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0);
    const pnl = cents(servers.map((r) => r[col("pnl")] as string));
    const shield = cents(servers.map((r) => r[col("taxShield")] as string));
    // Σ P&L = 1.2M of depreciation + 114,227.70 of interest (36 payments − 1.2M) = 1,314,227.70;
    // × 25% = 328,556.925, an exact half cent → 328,556.92 (half-even, the running total rounded once).
    expect(pnl).toBe(131422770);
    expect(shield).toBe(32855692);
  });
  it("reconciles the years table: depreciation, interest and the EBITDA change", () => {
    const years = csv("test/real/known-bill-loan.yaml", "years");
    const y = (name: string) => years[1]?.[(years[0] as string[]).indexOf(name)];
    // Year 1: 12 × 33,333.33… = 400,000.00 of depreciation; 61,763.23 of interest.
    expect(y("ownDepreciation")).toBe("400000.00");
    expect(y("ownInterest")).toBe("61763.23");
    expect(y("ebitdaDelta")).toBe("720000.00");
    expect(y("ebitdaDeltaPct")).toBe("7.20");
    // Rent's shield: 25% × 1.2M = 300,000.00.
    expect(y("rentTaxShield")).toBe("300000.00");
  });
  it("leaves the tax shield empty without business figures", () => {
    const plain = csv("test/golden/capex-late.yaml");
    expect(plain[1]?.[(plain[0] as string[]).indexOf("taxShield")]).toBe("");
  });
});

describe("gates on the finance figures", () => {
  const gate = (file: string, g: string) => {
    const out = runCalc(file, { format: "json", gate: [g] });
    return { exit: out.exitCode, gate: JSON.parse(out.stdout).gates.at(-1) };
  };
  it("checks the IRR, the after-tax savings NPV and the EBITDA change in points of revenue", () => {
    // known-bill: IRR 57.71%/yr, after-tax savings NPV 720,000, EBITDA +720k / 10M = 7.20 pp.
    expect(gate("scenarios/known-bill.yaml", "irr>=50").exit).toBe(0);
    expect(gate("scenarios/known-bill.yaml", "irr>=60")).toMatchObject({
      exit: 1,
      gate: { actual: "57.71" },
    });
    expect(gate("scenarios/known-bill.yaml", "afterTaxSavingsNpv>=720000").exit).toBe(0);
    expect(gate("scenarios/known-bill.yaml", "afterTaxSavingsNpv>=720000.01").exit).toBe(1);
    expect(gate("scenarios/known-bill.yaml", "ebitdaDeltaPct>=7.2").exit).toBe(0);
    expect(gate("scenarios/known-bill.yaml", "ebitdaDeltaPct>=7.3").exit).toBe(1);
  });
  it("fails an IRR gate when there is no IRR, and refuses a business figure without business", () => {
    // On the loan owning is cheaper from month 1: the stream never turns, so there is no IRR.
    expect(gate("test/real/known-bill-loan.yaml", "irr>=10")).toMatchObject({
      exit: 1,
      gate: { actual: null },
    });
    expect(() =>
      runCalc("test/golden/capex-late.yaml", { format: "json", gate: ["afterTaxSavingsNpv>=0"] }),
    ).toThrow(/needs business figures/);
  });
});

describe("sensitivity and optimize on the finance figures", () => {
  it("swings savings NPV after tax with --measure afterTaxSavingsNpv", async () => {
    const { runSensitivity } = await import("../src/cli/uncertainty.js");
    const out = JSON.parse(
      runSensitivity("test/real/known-bill-ranges-tax.yaml", {
        format: "json",
        measure: "afterTaxSavingsNpv",
      }).stdout,
    );
    // Point: rent 100k × 36 × 0.75 = 2.7M; own 1.2M − 25% × 1.2M = 900k + 40k × 36 × 0.75 = 1.08M:
    // savings 720,000. Colocation at 30k: own 900k + 810k = 1.71M → 990,000; at 50k: 900k + 1.35M → 450,000.
    expect(out.measure).toBe("afterTaxSavingsNpv");
    expect(out.pointAfterTaxSavingsNpv).toBe("720000.00");
    expect(out.inputs[0]).toMatchObject({
      field: "own.items[1].monthly",
      afterTaxSavingsNpvAtLow: "990000.00",
      afterTaxSavingsNpvAtHigh: "450000.00",
      swing: "540000.00",
    });
    // Servers at 1.1M: 75% of 1.1M = 825k + 1.08M = 1.905M → 795,000.
    expect(out.inputs[2]).toMatchObject({
      field: "own.items[0].capex",
      afterTaxSavingsNpvAtLow: "795000.00",
    });
    expect(() =>
      runSensitivity("test/uncertainty/known-bill-ranges.yaml", {
        format: "json",
        measure: "afterTaxSavingsNpv",
      }),
    ).toThrow(/needs business figures/);
    expect(() =>
      runSensitivity("test/uncertainty/known-bill-ranges.yaml", { format: "json", measure: "irr" }),
    ).toThrow(/--measure must be one of savingsNpv, afterTaxSavingsNpv/);
  });
  it("optimize minimises own NPV after tax with --objective afterTaxNpv", async () => {
    const { runOptimize } = await import("../src/cli/optimize.js");
    const opts = { objective: "afterTaxNpv", step: "10", format: "json" };
    expect(() => runOptimize("test/golden/hybrid-optimize.yaml", opts)).toThrow(/needs business figures/);
    const out = JSON.parse(runOptimize("test/golden/hybrid-optimize-tax.yaml", opts).stdout);
    expect(out.objective).toBe("ownAfterTaxNpv");
    const best = new Decimal(out.optimum.ownAfterTaxNpv);
    // The optimum is no worse than any whole percent on the curve.
    for (const p of out.curve) expect(best.lte(p.ownAfterTaxNpv)).toBe(true);
  });
});

describe("financing on derived hardware: lead time, refresh and a hybrid baseline", () => {
  const rows = runCalc("test/real/derived-loan.yaml", { format: "csv" })
    .stdout.trim()
    .split("\r\n")
    .map((l) => l.split(","));
  const head = rows[0] as string[];
  const at = (month: number, item: string, col: string) =>
    rows.find((r) => r[0] === String(month) && r[4] === item)?.[head.indexOf(col)];
  it("pays the old loan's last payment and the refresh's first in month 12, worked by hand", () => {
    // Hybrid baseline 50% of 256 vCPU = 128 / (64 vCPU × 50%) = 4 servers × 10k = 40,000 on a loan.
    // i = 12% / 12 = 1%; payment = 40,000 × 0.01 × 1.01¹² / (1.01¹² − 1) = 3,553.9515… a month.
    expect(at(1, "Servers", "cash")).toBe("3553.95");
    // Month 1 interest: 40,000 × 1% = 400.00; depreciation 40,000 / 12 = 3,333.33 → P&L 3,733.33.
    expect(at(1, "Servers", "interest")).toBe("400.00");
    expect(at(1, "Servers", "pnl")).toBe("3733.33");
    // The refresh goes live in month 13, bought a month ahead (lead time 1): month 12 pays the
    // first loan's 12th payment and the second loan's first: 2 × 3,553.9515… = 7,107.90.
    expect(at(12, "Servers", "cash")).toBe("7107.90");
    // Interest: the old loan's last (balance 3,553.9515 / 1.01 = 3,518.76 × 1% = 35.19) + the new
    // loan's first (400.00) = 435.19; depreciation is still only the first cohort's 3,333.33.
    expect(at(12, "Servers", "interest")).toBe("435.19");
    expect(at(12, "Servers", "pnl")).toBe("3768.52");
    // Network gear is 10% of the servers, financed alike: 710.79 in month 12 (rounded along its months).
    expect(at(12, "Network gear", "cash")).toBe("710.79");
    // Tax shield at 20%: 20% × 3,768.52 = 753.704 → 753.70.
    expect(at(12, "Servers", "taxShield")).toBe("753.70");
  });
  it("explains the financing of derived hardware", async () => {
    const { runExplain } = await import("../src/cli/explain.js");
    const text = runExplain("test/real/derived-loan.yaml", "Servers", { format: "text" }).stdout;
    expect(text).toContain("bought on a loan (12%/yr over 12 months)");
    // One server at 10,000.00: 10,000 × 0.01 × 1.01¹² / (1.01¹² − 1) = 888.49 a month.
    expect(text).toContain("one unit at 10,000.00 USD is paid 888.49 USD a month for 12 months");
    expect(text).toContain("financing.loan.rate");
  });
});

describe("a loan that runs past the horizon", () => {
  const j = (file: string) => JSON.parse(runCalc(file, { format: "json" }).stdout);
  it("warns that the principal still owed is left out of the TCO", () => {
    // 1.2M at 6%/yr over 36 months, 12 months of horizon: owed = 1.2M × (1.005³⁶ − 1.005¹²) / (1.005³⁶ − 1)
    // = 1.2M × (1.1966805 − 1.0616778) / 0.1966805 = 823,687.33.
    const loan = j("test/real/loan-past-horizon.yaml");
    expect(loan.summary.own.loanBalance).toBe("823687.33");
    expect(loan.warnings).toContain(
      "823,687.33 USD of loan principal is still owed after the horizon: the own TCO leaves it out, as it leaves out the hardware's remaining book value (own.residual: book counts both)",
    );
  });
  it("with residual: book, nets the principal owed off the book value: own TCO = depreciation + interest", () => {
    // Cash 12 × 36,506.32… = 438,075.90; book value 1.2M × 24/36 = 800,000 credited, 823,687.33 owed
    // debited: 438,075.90 − 800,000 + 823,687.33 = 461,763.23 = 400,000 of depreciation + 61,763.23 of interest.
    const book = j("test/real/loan-past-horizon-book.yaml");
    expect(book.summary.own.residualBookValue).toBe("800000.00");
    expect(book.summary.own.tco).toBe("461763.23");
    expect(book.warnings).toEqual([]);
  });
});
