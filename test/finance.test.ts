import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { irr } from "../src/engine/summary.js";
import { Decimal } from "../src/units/decimal.js";

/** Finance-grade figures (MODEL.md §8, issue 20), worked by hand on known-bill (docs/finance.md). */
// biome-ignore lint/suspicious/noExplicitAny: JSON read back
type Json = any;
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
    expect(json.years.map((y: Json) => y.ebitdaDelta)).toEqual(["720000.00", "720000.00", "720000.00"]);
    expect(runCalc("scenarios/known-bill.yaml", { format: "table" }).stdout).toContain(
      "Finance: savings NPV after tax +720,000.00 USD; IRR 57.71%/yr against a cost of capital of 0.00%; EBITDA +720,000.00 USD in year 3.",
    );
  });
});

describe("financing: known-bill's servers on a loan or a lease at 6%/yr over 36 months", () => {
  const loan: Json = JSON.parse(runCalc("test/real/known-bill-loan.yaml", { format: "json" }).stdout);
  const lease: Json = JSON.parse(runCalc("test/real/known-bill-lease.yaml", { format: "json" }).stdout);
  const servers = (j: Json, m: number) => j.months[m - 1].items.find((i: Json) => i.name === "Servers");
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
